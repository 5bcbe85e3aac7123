"""JSON errors for the API: every failure is {"error": {"code", "message"}} with a 4xx/5xx status."""
from __future__ import annotations

from flask import jsonify
from werkzeug.exceptions import HTTPException


class ApiError(Exception):
    """An error the API reports to the client as JSON."""

    def __init__(self, status: int, code: str, message: str, retry_after: int | None = None, **extra):
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra
        self.retry_after = retry_after


def error_response(status: int, code: str, message: str, **extra):
    """A JSON error body with the given HTTP status."""
    body = {"error": {"code": code, "message": message}}
    body.update(extra)
    return jsonify(body), status


def register(app) -> None:
    """Install handlers so API paths never answer with an HTML error page."""

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        body, status = error_response(exc.status, exc.code, exc.message, **exc.extra)
        if exc.retry_after:
            body.headers["Retry-After"] = str(exc.retry_after)
        return body, status

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        codes = {413: "payload_too_large", 404: "not_found", 405: "method_not_allowed", 400: "bad_request"}
        return error_response(exc.code or 500, codes.get(exc.code, "http_error"), exc.description or exc.name)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unhandled error")
        return error_response(500, "internal_error", "Something went wrong on our side. Please try again.")
