"""GET /healthz: 200 when Rasa, the action server and the database answer; 503 naming what fails."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify

from . import rasa_client

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Component status for load balancers and `make run`."""
    cfg = current_app.config
    components = {
        "rasa": rasa_client.probe(f"{cfg['RASA_URL']}/", cfg["HEALTH_TIMEOUT"]),
        "actions": rasa_client.probe(f"{cfg['ACTIONS_URL']}/health", cfg["HEALTH_TIMEOUT"]),
    }
    try:
        with current_app.extensions["va_conversations"].engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        components["database"] = True
    except sa.exc.SQLAlchemyError:
        components["database"] = False
    body = {name: ("ok" if ok else "down") for name, ok in components.items()}
    if all(components.values()):
        return jsonify({"status": "ok", "components": body})
    failing = [n for n, ok in components.items() if not ok]
    return jsonify({"status": "unavailable", "components": body, "failing": failing}), 503
