"""action_embassy_contact: the embassy's contact details, and whether the office is open now."""
from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from .common import message_metadata, render, reply, session_language
from .social import SocialAction

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
def _ranges(spec: str) -> list[tuple[dt.time, dt.time]]:
    out = []
    for part in (spec or "").split(","):
        if "-" in part:
            start, end = (dt.time.fromisoformat(x.strip()) for x in part.split("-", 1))
            out.append((start, end))
    return out


def office_status(hours: dict, now: dt.datetime | None = None) -> tuple[bool, dt.datetime | None]:
    """(open now?, next opening time in the office's zone) for weekly hours like {'mon': '09:00-12:00,14:00-17:00'}."""
    tz = ZoneInfo(hours.get("timezone", "UTC"))
    now = (now or dt.datetime.now(dt.timezone.utc)).astimezone(tz)
    weekly = hours.get("weekly") or {}
    for start, end in _ranges(weekly.get(DAYS[now.weekday()], "")):
        if start <= now.time() < end:
            return True, None
    for offset in range(0, 8):
        day = now + dt.timedelta(days=offset)
        for start, _end in _ranges(weekly.get(DAYS[day.weekday()], "")):
            candidate = dt.datetime.combine(day.date(), start, tzinfo=tz)
            if candidate > now:
                return False, candidate
    return False, None


class ActionEmbassyContact(SocialAction):
    """Gives the contact details of the embassy whose site embeds the widget."""

    def name(self) -> str:
        return "action_embassy_contact"

    def respond(self, dispatcher, tracker, domain: dict[str, Any]) -> list:
        lang = session_language(tracker)
        contact = message_metadata(tracker).get("contact") or {}
        hours = contact.get("hours") or {}
        status = ""
        if hours.get("weekly"):
            is_open, next_open = office_status(hours)
            status = (render(domain, "utter_office_open", lang)["text"] if is_open else
                      render(domain, "utter_office_closed", lang,
                             next_open=next_open.strftime("%a %d %b %H:%M") + f" ({hours.get('timezone')})"
                             if next_open else "—")["text"])
        msg = render(domain, "utter_contact", lang, title=contact.get("name", ""),
                     address=contact.get("address", ""), phone=contact.get("phone", ""),
                     email=contact.get("email", ""), hours=hours.get("text", ""), open_status=status)
        sources = [{"title": contact["name"], "url": contact["website"], "publisher": contact["name"]}] \
            if contact.get("website") and contact.get("name") else []
        reply(dispatcher, text=msg["text"].strip(), language=lang, kind="contact", sources=sources)
        return []
