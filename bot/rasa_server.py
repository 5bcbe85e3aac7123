"""Start the Rasa server (`python -m rasa_server run ...`, the same arguments as `rasa run`), with one fix.

Rasa 3.6 checks every reply of the action server with `jsonschema.validate()`. That call first checks the
schema itself against the JSON Schema 2020-12 meta-schema, every time. py-spy on the running stack put
that meta-schema check at about a third of the Rasa server's CPU per message. Here the reply is checked
against the same schema with a validator compiled once; a malformed reply still fails with Rasa's own
error message.
"""
from __future__ import annotations

import functools
from typing import Any, Dict, Text

from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import DOCS_BASE_URL, RemoteAction


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


def install() -> None:
    """Apply the fix to Rasa's RemoteAction."""
    RemoteAction._validate_action_result = validate_action_result


if __name__ == "__main__":
    install()
    from rasa.__main__ import main

    main()
