"""The test doubles and builders shared by the test folders (pytest fixtures live in the conftest.py files).

`from tests.fakes import FakeEncoder, make_entry, ...`: no model, Rasa server or built index is needed.
"""
from __future__ import annotations

import asyncio
import copy
import hashlib
import re
from types import SimpleNamespace

import numpy as np
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from knowledge_base.schema import LANGS, Entry
from knowledge_base.service import Hit, Lookup
from webchat import rasa_client

# -- the encoder and entries ------------------------------------------------------------------------


class FakeEncoder:
    """Bag of hashed character trigrams, L2-normalised: the same text (case and punctuation aside) gives the
    same vector, so it scores 1.0, and texts that share wording score close. It counts its calls and keeps
    the texts it was given, so a test can tell what was (re-)encoded."""

    def __init__(self, name: str = "fake-hash", dim: int = 256):
        self.name, self.dim = name, dim
        self.calls = 0
        self.texts: list[str] = []

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, np.float32)
        t = "  " + re.sub(r"[^\w]+", " ", text.lower()).strip() + "  "
        for i in range(len(t) - 2):
            v[int(hashlib.md5(t[i:i + 3].encode()).hexdigest()[:6], 16) % self.dim] += 1
        return v / max(np.linalg.norm(v), 1e-9)

    def encode_queries(self, texts) -> np.ndarray:
        texts = list(texts)
        self.calls += 1
        self.texts.extend(texts)
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return np.stack([self._vec(t) for t in texts]).astype(np.float32)

    encode_passages = encode_queries


def make_entry(eid: str = "visa-test", *, topic: str = "policy", en_q: str | None = None,
               answer_en: str | None = None, langs=LANGS, **extra) -> dict:
    """A valid entry dict: a question and an answer in each of langs (all nine by default; English is always
    there, with two phrasings); extra fields (related, effective_date, valid_until, ...) are added as given.
    `Entry.from_dict(make_entry(...))` for the entry object."""
    data = {
        "id": eid,
        "topic": topic,
        "questions": {lang: [f"{lang} question about {eid}?"] for lang in langs},
        "answer": {lang: f"{lang} answer for {eid}." for lang in langs},
        "source": {"publisher": "Ministry", "title": "Official page", "url": "https://example.gov.vn/page"},
        "last_reviewed": "2026-01-15",
    }
    data["questions"]["en"] = [en_q or f"What about {eid}?", f"Tell me about {eid}"]
    data["answer"]["en"] = answer_en or f"en answer for {eid}."
    data.update(extra)
    return copy.deepcopy(data)


# -- the knowledge base as the actions see it ---------------------------------------------------------


def hit(entry: Entry, score: float) -> Hit:
    """A search hit on an entry's English question, with the same fused and dense score."""
    return Hit(entry=entry, score=score, dense=score, matched_kind="q", matched_lang="en")


class FakeStore:
    """Records what the actions hand to the store: inbox rows, resolutions, feedback; serves visa rules."""

    def __init__(self):
        self.unanswered: list[dict] = []
        self.feedback: list[dict] = []
        self.visa_rules: list[dict] = []
        self.resolved: list[tuple] = []
        self.rejected: list[int] = []

    def published_visa_rules(self) -> list[dict]:
        return list(self.visa_rules)

    def log_unanswered(self, **kw):
        self.unanswered.append(kw)
        return len(self.unanswered)

    def resolve_unanswered(self, row_id, entry_id):
        self.resolved.append((row_id, entry_id))

    def reject_suggestion(self, row_id):
        self.rejected.append(row_id)
        return True

    def record_feedback(self, **kw):
        self.feedback.append(kw)


class FakeKB:
    """Returns a crafted Lookup and records the questions it was asked."""

    def __init__(self, result: Lookup | None = None, entries: dict | None = None, threshold: float = 0.86):
        self.result = result or Lookup("unknown")
        self.entries = entries or {}
        self.config = SimpleNamespace(threshold=threshold)
        self.store = FakeStore()
        self.asked: list[tuple] = []

    def lookup(self, question, lang=None, k=4, unsupported=None, host_country=None):
        self.asked.append((question, lang))
        self.unsupported = unsupported
        self.host_country = host_country
        return self.result

    def index(self):
        return SimpleNamespace(entries=self.entries, version="v-test")


# -- rasa_sdk trackers and actions ---------------------------------------------------------------------


def make_tracker(text: str = "", *, slots: dict | None = None, metadata: dict | None = None,
                 intent: str | None = None, confidence: float = 0.9, events: list | None = None,
                 sender_id: str = "session-1", entities: list | None = None) -> Tracker:
    """A rasa_sdk tracker whose latest message is text, with the intent, entities, metadata and slots given."""
    latest = {"text": text, "intent": {"name": intent, "confidence": confidence} if intent else {},
              "entities": list(entities or []), "metadata": metadata or {}}
    return Tracker(sender_id, dict(slots or {}), latest, list(events or []), False, None, {}, "action_listen")


def payloads(dispatcher: CollectingDispatcher) -> list[dict]:
    """The custom payloads an action sent, in order."""
    return [m["custom"] for m in dispatcher.messages]


def run_action(action, dispatcher, tracker, domain) -> list:
    """Run a rasa_sdk action to completion; its events."""
    return asyncio.run(action.run(dispatcher, tracker, domain))


# -- Rasa as the gateway sees it ------------------------------------------------------------------------


class FakeRasa:
    """Stands in for rasa_client.send/probe: records calls, returns scripted replies."""

    def __init__(self):
        self.replies: list[dict] = [{"custom": {"text": "Hello!", "buttons": [], "sources": [], "kind": "answer"}}]
        self.calls: list[dict] = []
        self.down = False
        self.healthy = {"rasa": True, "actions": True}
        self.probes: list[str] = []

    def send(self, rasa_url, session_id, text, metadata, timeout):
        self.calls.append({"url": rasa_url, "session_id": session_id, "text": text, "metadata": metadata})
        if self.down:
            raise rasa_client.Unavailable("rasa: ConnectionError")
        return list(self.replies)

    def probe(self, url, timeout):
        self.probes.append(url)
        return self.healthy["actions"] if url.endswith("/health") else self.healthy["rasa"]
