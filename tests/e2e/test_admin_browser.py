"""The workspace in a real browser (Debian chromium via Playwright): log in, edit, preview and publish.

Needs the `stack` fixture (tests/e2e/conftest.py), the playwright package and /usr/bin/chromium.
"""
from __future__ import annotations

import re
import uuid

import pytest

from .test_admin_e2e import PASSWORD, create_user

from playwright import sync_api as playwright_sync
expect = playwright_sync.expect

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
EN_Q = "Can I rent a public bike in Hanoi with a foreign bank card?"
EN_A = "Hanoi's public bike-share is paid in the operator's app, which takes international cards; check the app before you ride."
# a subject no published entry covers, so the draft is clearly the best match (a draft on pets competed with the
# published entry-pets and was answered or offered as a suggestion depending on the build)
FR_Q = "Peut-on louer un vélo en libre-service à Hanoï avec une carte bancaire étrangère ?"
# no bare "Oui," opening: such answers are served only for very clear matches (knowledge_base.decision)
FR_A = "Les vélos en libre-service de Hanoï se paient dans l'application de l'opérateur, qui accepte les cartes internationales ; vérifiez avant de partir."




def _login(browser, stack, name):
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-GB")
    page = ctx.new_page()
    page.goto(f"{stack.base_url}/admin/entries")
    expect(page).to_have_url(re.compile(r"/admin/login"))
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Entries")).to_be_visible()
    return ctx, page


def test_login_edit_preview_publish(stack, browser):
    create_user(stack, "br-editor", "editor")
    create_user(stack, "br-publisher", "publisher")
    eid = f"travel-bike-share-{uuid.uuid4().hex[:6]}"

    ctx, page = _login(browser, stack, "br-editor")
    page.get_by_role("link", name="New entry").first.click()
    page.locator("input[name=id]").fill(eid)
    page.locator("select[name=topic]").select_option("travel")
    page.locator("input[name=source_publisher]").fill("Hanoi Department of Construction")
    page.locator("input[name=source_title]").fill("Public bicycle service")
    page.locator("input[name=source_url]").fill("https://soxaydung.hanoi.gov.vn/")
    page.locator("textarea[name=q_en]").fill(EN_Q)
    page.locator("textarea[name=a_en]").fill(EN_A)
    page.locator("textarea[name=q_fr]").fill(FR_Q)
    page.locator("textarea[name=a_fr]").fill(FR_A)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status")).to_contain_text("Draft saved")
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)  # editors cannot publish

    page.get_by_label("Ask a question in any language").fill(FR_Q)
    # the first preview loads the encoder and the live index into the gateway and refits the entry classifier with
    # the draft (a few seconds on idle cores); this test checks what it shows, not how fast
    page.get_by_role("button", name="Preview").click(timeout=120_000)
    draft_panel = page.locator("section.preview").nth(1)
    expect(draft_panel).to_contain_text("With this draft")
    expect(draft_panel).to_contain_text(FR_A)
    expect(draft_panel).to_contain_text("fr")
    ctx.close()

    ctx, page = _login(browser, stack, "br-publisher")
    page.get_by_label("Search").fill(eid)
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name=eid).click()
    # publishing rebuilds the index before the page comes back (a full refit of the entry classifier, about 20 s on
    # two idle cores): the click waits for that navigation, so it gets the same patience as the status check
    page.get_by_role("button", name="Publish").click(timeout=600_000)
    expect(page.get_by_role("status")).to_contain_text("Published version", timeout=600_000)
    page.get_by_label("Ask a question in any language").fill(FR_Q)
    page.get_by_role("button", name="Preview").click(timeout=120_000)
    live_panel = page.locator("section.preview").first
    expect(live_panel).to_contain_text(FR_A)

    # its source is a home page, so it is on the "Needs attention" list; the publisher confirms it
    page.get_by_role("link", name="Needs attention").click()
    row = page.locator(f"#attn-{eid}")
    expect(row).to_contain_text("Source is a home page")
    row.get_by_label("Evidence URL (optional)").fill("https://soxaydung.hanoi.gov.vn/xe-dap-cong-cong")
    row.get_by_role("button", name="Mark reviewed").click(timeout=600_000)
    expect(page.get_by_role("status")).to_contain_text(f"Marked {eid} as reviewed today", timeout=600_000)
    reviewed = page.locator("table.list").last
    expect(reviewed).to_contain_text(eid)
    expect(reviewed).to_contain_text("br-publisher")
    expect(reviewed).to_contain_text("https://soxaydung.hanoi.gov.vn/xe-dap-cong-cong")
    ctx.close()
