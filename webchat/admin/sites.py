"""Site keys: allowed origins, greetings and contact, kept in the admin_sites table.

The table is seeded from webchat/sites.yaml on first use. Once it holds sites, every gateway process uses
them (webchat.sites.SiteDirectory: re-read after a save, announced through Redis in the scaled profile).
"""
from __future__ import annotations

import json
import re

import sqlalchemy as sa
import yaml
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for

from knowledge_base.store import utc_now
from knowledge_base import yamlio
from language import SUPPORTED

from . import audit, bp, engine
from .db import site_configs, site_meta
from ..sites import DEFAULT_FILE, country_code, load_table

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
ORIGIN_RE = re.compile(r"^(\*|https?://[A-Za-z0-9.-]+(:\d+)?)$")
CONTACT_FIELDS = ("name", "address", "phone", "email", "website")


def seed_from_yaml(eng, path: str = "") -> None:
    """Copy the YAML sites into the table when it is empty."""
    with eng.begin() as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(site_configs)).scalar():
            return
        data = yamlio.safe_load(open(path or DEFAULT_FILE, encoding="utf-8")) or {}
        for key, cfg in (data.get("sites") or {}).items():
            conn.execute(site_configs.insert().values(key=key, data=json.dumps(cfg, ensure_ascii=False),
                                                      updated_at=utc_now(), updated_by="seed"))
        conn.execute(site_meta.delete().where(site_meta.c.name == "default_site"))
        conn.execute(site_meta.insert().values(name="default_site", value=data.get("default_site", "")))


def _ensure():
    seed_from_yaml(engine(), current_app.config.get("SITES_FILE") or "")


@bp.get("/sites")
def sites_list():
    _ensure()
    sites, default = load_table(engine())
    return render_template("admin/sites.html", sites=sites, default=default)


@bp.get("/sites.yaml")
def sites_yaml():
    """The sites as a sites.yaml file."""
    _ensure()
    sites, default = load_table(engine())
    body = yaml.safe_dump({"sites": sites, "default_site": default}, allow_unicode=True, sort_keys=False)
    return Response(body, mimetype="application/x-yaml; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=sites.yaml"})


@bp.route("/sites/<key>", methods=["GET", "POST"])
def site_edit(key):
    """Edit one site (publishers save; editors can look)."""
    _ensure()
    sites, default = load_table(engine())
    is_new = key == "_new"
    cfg = {} if is_new else sites.get(key)
    if cfg is None:
        abort(404)
    errors: list[str] = []
    if request.method == "POST":
        from flask import g

        if g.user["role"] != "publisher":
            abort(403, description="Only publishers can change sites.")
        form = request.form
        new_key = (form.get("key") or "").strip() if is_new else key
        if not KEY_RE.match(new_key or ""):
            errors.append("site key: lowercase letters, digits, - and _")
        elif is_new and new_key in sites:
            errors.append("this site key exists already")
        origins = [o.strip().rstrip("/") for o in (form.get("allowed_origins") or "").splitlines() if o.strip()]
        errors += [f"origin {o!r} must look like https://example.org" for o in origins if not ORIGIN_RE.match(o)]
        lang = form.get("default_language") or "en"
        if lang not in SUPPORTED:
            errors.append("default language must be one of the nine")
        country = (form.get("country") or "").strip().upper()
        if country and not country_code(country):
            errors.append(f"country {country!r} must be an ISO 3166 two-letter code other than VN, such as CA or JP")
        tz = (form.get("timezone") or "").strip()
        if tz:
            try:
                from zoneinfo import ZoneInfo

                ZoneInfo(tz)
            except Exception:
                errors.append(f"unknown time zone {tz!r}")
        cfg = dict(cfg)
        cfg.update(name=(form.get("name") or new_key).strip(), allowed_origins=origins, default_language=lang,
                   title=(form.get("title") or "").strip(), country=country)
        cfg["greeting"] = {code: form[f"greeting_{code}"].strip() for code in SUPPORTED
                           if (form.get(f"greeting_{code}") or "").strip()}
        contact = dict(cfg.get("contact") or {})
        for f in CONTACT_FIELDS:
            contact[f] = (form.get(f"contact_{f}") or "").strip()
        hours = dict(contact.get("hours") or {})
        hours.update(timezone=tz or "UTC", text=(form.get("hours_text") or "").strip())
        contact["hours"] = hours
        cfg["contact"] = contact
        if not errors:
            with engine().begin() as conn:
                body = json.dumps(cfg, ensure_ascii=False)
                if is_new:
                    conn.execute(site_configs.insert().values(key=new_key, data=body, updated_at=utc_now(),
                                                              updated_by=g.user["name"]))
                else:
                    conn.execute(site_configs.update().where(site_configs.c.key == key)
                                 .values(data=body, updated_at=utc_now(), updated_by=g.user["name"]))
                audit("site.save", None, {"site": new_key, "origins": origins}, conn=conn)
            current_app.extensions["va_sites"].changed()
            flash(f"Site {new_key} saved; every gateway process uses it within seconds.")
            return redirect(url_for("admin.site_edit", key=new_key))
    return render_template("admin/site_edit.html", key=key, cfg=cfg, is_new=is_new, errors=errors,
                           default=default, langs=SUPPORTED), 400 if errors else 200

