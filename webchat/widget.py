"""The embeddable widget script and the embassy-style demo page."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, render_template

bp = Blueprint("widget", __name__)
STATIC = Path(__file__).with_name("static")


def widget_source() -> str:
    """The built widget (`make widget`): the build injects the language list, so the source is not served."""
    built = STATIC / "build" / "widget.min.js"
    if not built.exists():
        raise FileNotFoundError("webchat/static/build/widget.min.js is missing: run `make widget`")
    return built.read_text(encoding="utf-8")


@bp.get("/widget.js")
def widget_js():
    """Serve the widget with a short cache so a fix reaches embassy sites quickly."""
    resp = Response(widget_source(), mimetype="application/javascript")
    resp.headers["Cache-Control"] = "public, max-age=300"
    resp.headers["Access-Control-Allow-Origin"] = "*"
    return resp


@bp.get("/demo")
def demo():
    """An embassy-style page that embeds the widget with its one script tag."""
    sites, default = current_app.extensions["va_sites"].get()
    return render_template("demo.html", site_key=default)


@bp.get("/")
def index():
    """The root points people to the demo."""
    return render_template("demo.html", site_key=current_app.extensions["va_sites"].get()[1])
