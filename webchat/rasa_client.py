"""Talks to Rasa's REST channel and the action server; turns Rasa's output into API messages."""
from __future__ import annotations

import requests


class Unavailable(Exception):
    """Rasa or the action server cannot serve the conversation right now."""


def send(rasa_url: str, session_id: str, text: str, metadata: dict, timeout: float) -> list[dict]:
    """Post one user message to Rasa's REST webhook and return its raw replies."""
    try:
        resp = requests.post(f"{rasa_url}/webhooks/rest/webhook",
                             json={"sender": session_id, "message": text, "metadata": metadata}, timeout=timeout)
    except requests.RequestException as exc:
        raise Unavailable(f"rasa: {exc.__class__.__name__}") from exc
    if resp.status_code != 200:
        raise Unavailable(f"rasa: HTTP {resp.status_code}")
    try:
        data = resp.json()
    except ValueError as exc:
        raise Unavailable("rasa: invalid JSON") from exc
    return data if isinstance(data, list) else []


def probe(url: str, timeout: float) -> bool:
    """True when a service answers its health URL with 200."""
    try:
        return requests.get(url, timeout=timeout).status_code == 200
    except requests.RequestException:
        return False


def normalise(raw: list[dict]) -> list[dict]:
    """API messages from Rasa replies: custom payloads from actions, text/buttons from responses."""
    out = []
    for item in raw:
        custom = item.get("custom")
        if isinstance(custom, dict) and "text" in custom:
            msg = dict(custom)
        elif item.get("text") or item.get("buttons"):
            msg = {"text": item.get("text") or "", "kind": "response"}
            msg["buttons"] = item.get("buttons") or []
        else:
            continue
        msg["text"] = str(msg.get("text") or "")
        msg["buttons"] = [{"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                          for b in msg.get("buttons") or [] if isinstance(b, dict)]
        msg["sources"] = [{"title": str(s.get("title", "")), "url": str(s.get("url", "")),
                           "publisher": str(s.get("publisher", ""))}
                          for s in msg.get("sources") or [] if isinstance(s, dict)]
        out.append(msg)
    return out
