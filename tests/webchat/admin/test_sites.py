"""Site settings in the workspace (webchat.admin.sites): publishers edit them and the gateway applies them."""
from __future__ import annotations

from tests.webchat.admin.workspace import post


def test_sites_edit_applies_to_gateway(app, editor, publisher):
    assert "demo" in editor.get("/admin/sites").get_data(as_text=True)
    form = {"name": "Demo", "title": "VA", "default_language": "fr",
            "allowed_origins": "https://embassy.example\nhttp://127.0.0.1:8000", "timezone": "Europe/Paris",
            "hours_text": "9-17", "greeting_fr": "Bonjour <b>!</b>"}
    assert post(editor, "/admin/sites/demo", form).status_code == 403
    assert post(publisher, "/admin/sites/demo", dict(form, timezone="Mars/Base")).status_code == 400
    assert post(publisher, "/admin/sites/demo", form).status_code == 302
    sites, default = app.extensions["va_sites"].get()
    assert sites["demo"].allows("https://embassy.example") and sites["demo"].default_language == "fr"
    assert "Bonjour &lt;b&gt;!&lt;/b&gt;" in publisher.get("/admin/sites/demo").get_data(as_text=True)
    assert "embassy.example" in publisher.get("/admin/sites.yaml").get_data(as_text=True)


def test_a_site_knows_the_country_its_embassy_is_in(app, publisher):
    # "our two countries" on the site of the embassy in Canada means Viet Nam and Canada (knowledge_base.service)
    form = {"name": "Embassy in Canada", "default_language": "fr", "allowed_origins": "https://vnembassy.example",
            "timezone": "America/Toronto", "hours_text": "9-17"}
    assert post(publisher, "/admin/sites/demo", dict(form, country="Canada")).status_code == 400
    assert post(publisher, "/admin/sites/demo", dict(form, country="vn")).status_code == 400  # Viet Nam itself
    assert app.extensions["va_sites"].get()[0]["demo"].country == ""
    assert post(publisher, "/admin/sites/demo", dict(form, country="ca")).status_code == 302
    assert app.extensions["va_sites"].get()[0]["demo"].country == "CA"
    assert 'value="CA"' in publisher.get("/admin/sites/demo").get_data(as_text=True)
    assert post(publisher, "/admin/sites/demo", dict(form, country="")).status_code == 302
    assert app.extensions["va_sites"].get()[0]["demo"].country == ""
