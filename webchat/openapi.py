"""The public API's OpenAPI 3.1 description, served at /api/v1/openapi.json and used by the tests."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from language.names import SUPPORTED

bp = Blueprint("openapi", __name__)

_ERROR = {
    "type": "object", "required": ["error"],
    "properties": {
        "error": {"type": "object", "required": ["code", "message"],
                  "properties": {"code": {"type": "string"}, "message": {"type": "string"}}},
        "language": {"type": "string", "description": "language of the message, when it is for the visitor"},
    },
}
_BUTTON = {"type": "object", "required": ["title", "payload"],
           "properties": {"title": {"type": "string"}, "payload": {"type": "string"}}}
_SOURCE = {"type": "object", "required": ["title", "url", "publisher"],
           "properties": {"title": {"type": "string"}, "url": {"type": "string"}, "publisher": {"type": "string"}}}
_MESSAGE = {
    "type": "object", "required": ["text", "buttons", "sources"],
    "properties": {
        "text": {"type": "string", "description": "plain text with a small markdown subset (bold, links, lists)"},
        "buttons": {"type": "array", "items": _BUTTON},
        "sources": {"type": "array", "items": _SOURCE},
        "kind": {"type": "string", "description": "answer, suggest, ask_nationality, unknown, declined, ..."},
        "language": {"type": "string"},
        "entry_id": {"type": "string"},
        "last_reviewed": {"type": "string", "format": "date"},
        # null when the fact has no such date (found by fuzzing the real stack: tests/scaled/test_scaled_fuzz.py)
        "effective_date": {"type": ["string", "null"], "format": "date"},
        "valid_until": {"type": ["string", "null"], "format": "date"},
    },
}


def _errors(*codes: int) -> dict:
    described = {400: "invalid input", 403: "site or origin not allowed", 413: "body or message too long",
                 415: "not JSON", 429: "rate limited", 503: "busy (with Retry-After) or unavailable"}
    out = {}
    for code in codes:
        out[str(code)] = {"description": described[code],
                          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        if code == 503:
            out[str(code)]["headers"] = {"Retry-After": {"schema": {"type": "string"},
                                                         "description": "seconds to wait when busy"}}
    return out


def spec(max_message: int, max_session: int) -> dict:
    """The description, with the limits this gateway enforces."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Vietnam Assistant API", "version": "1",
                 "description": "Chat with the assistant in nine languages; rate-limited per session and client."},
        "paths": {
            "/api/v1/chat": {"post": {
                "summary": "One visitor message in, the assistant's replies out",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["session_id", "message"],
                    "properties": {
                        "session_id": {"type": "string", "minLength": 1, "maxLength": max_session,
                                       "pattern": "^[A-Za-z0-9._:-]+$"},
                        "message": {"type": "string", "minLength": 1, "maxLength": max_message},
                        "lang": {"type": "string", "description": f"page language hint; one of {', '.join(SUPPORTED)} "
                                                                  "is used (its first two letters), anything else "
                                                                  "ignored; zh-Hant, zh-TW, zh-HK and zh-MO also ask for "
                                                                  "Chinese replies in Traditional characters"},
                        "lang_source": {"type": "string", "enum": ["user", "page"]},
                        "site_key": {"type": "string"},
                    }}}}},
                "responses": {"200": {"description": "the replies", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["session_id", "language", "messages"],
                    "properties": {"session_id": {"type": "string"}, "language": {"type": "string"},
                                   "messages": {"type": "array", "items": _MESSAGE}}}}}},
                              **_errors(400, 403, 413, 415, 429, 503)}}},
            "/api/v1/feedback": {"post": {
                "summary": "A thumbs up (1) or down (-1) on one answer",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["session_id", "entry_id", "value"],
                    "properties": {"session_id": {"type": "string", "minLength": 1, "maxLength": max_session},
                                   "entry_id": {"type": "string", "minLength": 1, "maxLength": 120,
                                                "pattern": "^[A-Za-z0-9._:-]+$"},
                                   "value": {"type": "integer", "enum": [1, -1]},
                                   "question": {"type": "string"}, "site_key": {"type": "string"}}}}}},
                "responses": {"200": {"description": "recorded", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["ok"], "properties": {"ok": {"type": "boolean"}}}}}},
                              **_errors(400, 403, 413, 415, 429)}}},
            "/api/v1/sites/{key}": {"get": {
                "summary": "What the widget shows for a site",
                "parameters": [{"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "public settings", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["key", "default_language", "greeting"],
                    "properties": {"key": {"type": "string"}, "title": {"type": ["string", "null"]},
                                   "default_language": {"type": "string"},
                                   "greeting": {"type": "object", "additionalProperties": {"type": "string"}}}}}}},
                              **_errors(403)}}},
            "/healthz": {"get": {
                "summary": "Health of the gateway and what it depends on",
                "responses": {code: {"description": text, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["status", "components"],
                    "properties": {"status": {"type": "string"},
                                   "components": {"type": "object", "additionalProperties": {"type": "string"}}}}}}}
                              for code, text in (("200", "all components answer"), ("503", "a component fails"))}}},
        },
        "components": {"schemas": {"Error": _ERROR}},
    }


@bp.get("/api/v1/openapi.json")
def openapi_json():
    """The OpenAPI description of this gateway's public API."""
    cfg = current_app.config
    return jsonify(spec(cfg["MAX_MESSAGE_CHARS"], cfg["MAX_SESSION_ID_CHARS"]))
