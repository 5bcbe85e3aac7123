"""Start the Rasa server (`python -m rasa_server run ...`, the same arguments as `rasa run`), with three fixes.

1. Rasa 3.6 checks every reply of the action server with `jsonschema.validate()`. That call first checks the
   schema itself against the JSON Schema 2020-12 meta-schema, every time. py-spy on the running stack put
   that meta-schema check at about a third of the Rasa server's CPU per message. Here the reply is checked
   against the same schema with a validator compiled once; a malformed reply still fails with Rasa's own
   error message.
2. The SQL tracker store reads a conversation's current session with `timestamp >= (latest session start) OR
   (no session start)`; the OR keeps the database from using an index, so every turn scanned every event the
   conversation ever had (twice: to read, and to count before saving). Here the session start is read first
   (from an index on sender, type and time) and the events after it by an index on sender and time. With the
   gateway starting a new session every few turns (webchat/chat.py), a turn's cost no longer grows with the
   conversation; every event is still kept.
3. A new session carries the slots over by repeating every SlotSet of the old session, so each session began
   with all the slot events of all the sessions before it (720 of 820 events, 20 turns into a long
   conversation). Here it carries each slot's last value once.
"""
from __future__ import annotations

import functools
from typing import Any, Dict, Text

from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import DOCS_BASE_URL, ActionSessionStart, RemoteAction
from rasa.core.tracker_store import SQLTrackerStore


@functools.lru_cache(maxsize=1)
def _reply_validator():
    spec = RemoteAction.action_response_format_spec()
    cls = validator_for(spec)
    cls.check_schema(spec)  # once, at the first reply
    return cls(spec)


def validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    """RemoteAction._validate_action_result with a compiled validator: True, or Rasa's ValidationError."""
    error = best_match(_reply_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (f". Failed to validate Action server response from API, make sure your response from "
                      f"the Action endpoint is valid. For more information about the format visit "
                      f"{DOCS_BASE_URL}/custom-actions")
    raise error


def event_query(self: SQLTrackerStore, session, sender_id: Text, fetch_events_from_all_sessions: bool):
    """SQLTrackerStore._event_query as two indexed queries: the latest session start, then the events after it."""
    import sqlalchemy as sa
    from rasa.shared.core.events import SessionStarted

    event = self.SQLEvent
    query = session.query(event).filter(event.sender_id == sender_id)
    if not fetch_events_from_all_sessions:
        start = (session.query(sa.func.max(event.timestamp))
                 .filter(event.sender_id == sender_id, event.type_name == SessionStarted.type_name).scalar())
        if start is not None:
            query = query.filter(event.timestamp >= start)
    return query.order_by(event.id)


def create_indexes(store: SQLTrackerStore) -> None:
    """The two indexes event_query relies on (created once; kept by the database)."""
    import sqlalchemy as sa

    table = store.SQLEvent.__table__
    for index in (sa.Index("va_events_sender_time", table.c.sender_id, table.c.timestamp),
                  sa.Index("va_events_sender_type_time", table.c.sender_id, table.c.type_name, table.c.timestamp)):
        try:
            index.create(store.engine, checkfirst=True)
        except (sa.exc.IntegrityError, sa.exc.ProgrammingError):
            # two replicas starting together both see no index and both create it; the loser finds the winner's
            if index.name not in {i["name"] for i in sa.inspect(store.engine).get_indexes(table.name)}:
                raise


def carried_slots(tracker) -> list:
    """ActionSessionStart._slot_set_events_from_tracker with one SlotSet per slot: its last value."""
    from rasa.shared.core.events import SlotSet

    last: dict = {}
    for event in tracker.applied_events():
        if isinstance(event, SlotSet):
            last.pop(event.key, None)  # keep the order in which the slots last changed
            last[event.key] = event
    return [SlotSet(key=e.key, value=e.value, metadata=e.metadata) for e in last.values()]


def install() -> None:
    """Apply the three fixes to Rasa's classes."""
    RemoteAction._validate_action_result = validate_action_result
    ActionSessionStart._slot_set_events_from_tracker = staticmethod(carried_slots)
    SQLTrackerStore._event_query = event_query
    original_init = SQLTrackerStore.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        create_indexes(self)

    SQLTrackerStore.__init__ = init


if __name__ == "__main__":
    install()
    from rasa.__main__ import main

    main()
