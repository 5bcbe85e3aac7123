"""Browser tests for the embeddable widget (webchat/static/widget/, bundled by `make widget`) against the real stack.

They need the session-scoped `stack` fixture (tests/e2e/conftest.py: action server + Rasa + Flask gateway, with
`.base_url`, `.stop_rasa()`, `.start_rasa()`), the Python `playwright` package and Debian's chromium at
/usr/bin/chromium, and `npm install` at the repo root (axe-core). Run: pytest -m browser tests/e2e
"""
from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from playwright import sync_api as playwright_sync
expect = playwright_sync.expect

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# the README's screenshots are rewritten only on request (VA_UPDATE_SCREENSHOTS=1); a normal run writes them
# under var/ so that testing does not change tracked files
SCREENSHOTS = ROOT / ("docs" if os.environ.get("VA_UPDATE_SCREENSHOTS") == "1" else "var") / "screenshots"
ANSWER_TIMEOUT = 90_000  # ms: the first answers warm up Rasa and the knowledge base
# answered with a source, with a wide margin above the answer band (p 0.996 at the bands of 2026-12-03): these tests
# exercise the widget, not the decision; the e-visa fee question used before sits close to the band (0.938 against
# 0.923) and became a "Did you mean…?" when a refit moved it
FR_QUESTION = "Peut-on boire l'eau du robinet au Vietnam ?"

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


# ---------------------------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session", autouse=True)
def fresh_widget_build():
    """GET /widget.js serves build/widget.min.js: never test a build older than its modules or the language list."""
    src = ROOT / "webchat" / "static" / "widget"
    built = ROOT / "webchat" / "static" / "build" / "widget.min.js"
    sources = [p for p in src.rglob("*") if p.is_file()]
    newest = max(p.stat().st_mtime for p in [*sources, ROOT / "language" / "languages.json"])
    if not built.exists() or built.stat().st_mtime < newest:
        if not shutil.which("node") or not (ROOT / "node_modules" / "esbuild").exists():
            pytest.fail(f"{built} is missing or older than {src}: run `make widget`")
        subprocess.run(["node", str(ROOT / "scripts" / "build_widget.mjs")], check=True, cwd=ROOT)




@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.page_errors = errors  # type: ignore[attr-defined]
    yield pg


@pytest.fixture
def other_origin_site(stack):
    """A page on a different origin (another port) embedding the real widget with the demo site key."""
    tmp = Path(tempfile.mkdtemp(prefix="vnaw-other-"))
    (tmp / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not an allowed site</title></head>'
        '<body><h1>Some other website</h1>'
        f'<script src="{stack.base_url}/widget.js" data-site-key="demo" data-lang="en" async></script>'
        "</body></html>", encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SimpleHTTPRequestHandler, directory=str(tmp)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()
    shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------- helpers
def w(page, selector: str):
    """A locator inside the widget's shadow root (Playwright CSS pierces open shadow roots)."""
    return page.locator("vnaw-widget#vnaw-host").locator(selector)


def bot_messages(page):
    return w(page, ".vnaw-bot:not(.vnaw-welcome)")


def load(page, url: str):
    page.goto(url)
    expect(w(page, "#vnaw-launcher")).to_be_visible()


def open_widget(page):
    w(page, "#vnaw-launcher").click()
    expect(w(page, "#vnaw-panel")).to_be_visible()


def ask(page, text: str):
    w(page, "#vnaw-input").fill(text)
    w(page, "#vnaw-input").press("Enter")


def wait_answers(page, count: int, timeout: int = ANSWER_TIMEOUT):
    expect(bot_messages(page)).to_have_count(count, timeout=timeout)
    return bot_messages(page).nth(count - 1)


def focused(page) -> str | None:
    """id (or class) of the element focused inside the widget, None when focus is outside it."""
    return page.evaluate("""() => {
        const h = document.querySelector('vnaw-widget#vnaw-host');
        if (!h || document.activeElement !== h) return null;
        const a = h.shadowRoot.activeElement;
        return a ? (a.id || a.className || a.tagName) : null;
    }""")


def focus_in_panel(page) -> bool:
    return page.evaluate("""() => {
        const h = document.querySelector('vnaw-widget#vnaw-host');
        const a = h && document.activeElement === h && h.shadowRoot.activeElement;
        return !!a && h.shadowRoot.getElementById('vnaw-panel').contains(a);
    }""")


def widget_language(page) -> str:
    return page.evaluate("() => window.VNAssistant.language")


# ---------------------------------------------------------------------------------------------------- tests
def test_demo_french_answer_with_source_and_feedback(stack, page):
    """Embed on /demo, one script tag; ask in French, get a French answer with a source link, rate it 👍."""
    load(page, f"{stack.base_url}/demo")
    assert page.locator("script[src$='/widget.js'][data-site-key]").count() == 1
    assert page.evaluate("() => window.VNAssistant && window.VNAssistant.__vnaw === true")
    open_widget(page)
    panel = w(page, "#vnaw-panel")
    expect(panel).to_have_attribute("role", "dialog")
    expect(panel).to_have_attribute("aria-modal", "true")
    expect(w(page, "#vnaw-log")).to_have_attribute("role", "log")
    expect(w(page, "#vnaw-log")).to_have_attribute("aria-live", "polite")
    expect(w(page, ".vnaw-welcome .vnaw-chip")).to_have_count(5)

    ask(page, FR_QUESTION)
    expect(w(page, ".vnaw-user").last).to_contain_text(FR_QUESTION)
    answer = wait_answers(page, 1)
    expect(answer).to_have_attribute("dir", "auto")
    assert widget_language(page) == "fr"
    expect(answer).to_have_attribute("lang", "fr")
    source = answer.locator(".vnaw-src a").first
    expect(source).to_be_visible()
    assert re.match(r"^https?://", source.get_attribute("href") or "")
    assert source.get_attribute("rel") == "noopener noreferrer"
    assert source.get_attribute("target") == "_blank"
    expect(answer.locator(".vnaw-src")).to_contain_text("Source")
    # the UI follows the reply language
    expect(w(page, "#vnaw-input")).to_have_attribute("placeholder", "Posez votre question…")

    thumbs = answer.locator(".vnaw-fb button")
    if thumbs.count():  # answers carrying an entry_id get 👍/👎
        expect(thumbs).to_have_count(2)
        expect(thumbs.first).to_have_attribute("aria-pressed", "false")
        with page.expect_request(lambda r: r.url.endswith("/api/v1/feedback")) as req:
            thumbs.first.click()
        body = json.loads(req.value.post_data or "{}")
        assert body["value"] == 1 and body["entry_id"] and body["session_id"] == page.evaluate(
            "() => window.VNAssistant.sessionId")
        expect(thumbs.first).to_have_attribute("aria-pressed", "true")
        expect(thumbs.nth(1)).to_have_attribute("aria-pressed", "false")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "widget-desktop.png"))
    assert not page.page_errors


def test_did_you_mean_chips_answer_the_chosen_question(stack, page):
    """A bare keyword gets "Did you mean…?" chips; clicking one shows its question and answers it with a source."""
    load(page, f"{stack.base_url}/demo")
    open_widget(page)
    ask(page, "visa")
    suggestion = wait_answers(page, 1)
    chips = suggestion.locator(".vnaw-chip")
    assert 3 <= chips.count() <= 4  # two or three candidate questions, then "None of these"
    expect(chips.last).to_have_text("None of these")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "widget-did-you-mean.png"))
    title = chips.nth(1).inner_text()
    assert title.endswith("?") and not title.startswith("/")
    chips.nth(1).click()
    # the visitor sees the question they chose, never the machine payload
    expect(w(page, ".vnaw-user").last).to_contain_text(title)
    answer = wait_answers(page, 2)
    expect(answer.locator(".vnaw-src a").first).to_be_visible()
    assert "choose_entry" not in w(page, "#vnaw-log").inner_text()
    assert not page.page_errors


def test_none_of_these_chip_gets_the_embassy_contact(stack, page):
    """The last chip under "Did you mean…?" says none fits: the visitor sees their choice, then a reply that offers
    the embassy's contact, never the machine payload."""
    load(page, f"{stack.base_url}/demo")
    open_widget(page)
    ask(page, "visa")
    chips = wait_answers(page, 1).locator(".vnaw-chip")
    expect(chips.last).to_have_text("None of these")
    chips.last.click()
    expect(w(page, ".vnaw-user").last).to_contain_text("None of these")
    reply = wait_answers(page, 2)
    expect(reply).to_have_class(re.compile(r"vnaw-kind-unknown"))
    expect(reply.locator(".vnaw-chip")).to_have_text(["Contact the embassy"])
    assert "none_of_these" not in w(page, "#vnaw-log").inner_text()
    assert not page.page_errors


def test_a_long_paste_is_kept_to_the_limit_with_a_notice_and_sent_whole(stack, page):
    """A reader's letter pasted past the 2,000-character limit: the box keeps the first 2,000 and says so in the
    visitor's language; the message sent is those 2,000 characters, and the notice goes once the box is emptied."""
    load(page, f"{stack.base_url}/demo")
    open_widget(page)
    notice = w(page, "#vnaw-limit")
    expect(notice).to_be_hidden()
    letter = ("Tôi có một người bạn là người nước ngoài, định tạm trú ở nhà tôi khoảng 6 tháng. " * 30)
    assert len(letter) > 2000
    w(page, "#vnaw-input").fill(letter)
    assert len(w(page, "#vnaw-input").input_value()) == 2000
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("2000")
    with page.expect_request(lambda r: r.url.endswith("/api/v1/chat") and r.method == "POST") as req:
        w(page, "#vnaw-input").press("Enter")
    assert json.loads(req.value.post_data)["message"] == letter[:2000].strip()
    expect(notice).to_be_hidden()
    wait_answers(page, 1)
    # the notice speaks the widget's language: French after the menu switch
    w(page, "#vnaw-langbtn").click()
    w(page, "#vnaw-menu [data-lang=fr]").click()
    w(page, "#vnaw-input").fill("x" * 2001)
    expect(notice).to_have_text("Votre message a atteint la limite de 2000 caractères.")


def test_language_menu_switches_both_ways(stack, page):
    """Menu → Japanese: UI strings switch and the menu message is posted; a French question switches back."""
    load(page, f"{stack.base_url}/demo")
    open_widget(page)
    menu_button = w(page, "#vnaw-langbtn")
    menu_button.click()
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    items = w(page, "#vnaw-menu [role=menuitemradio]")
    expect(items).to_have_count(9)
    assert items.all_inner_texts() == ["English", "Français", "Español", "Deutsch", "Русский", "中文", "日本語",
                                      "한국어", "Tiếng Việt"]
    with page.expect_request(lambda r: r.url.endswith("/api/v1/chat") and "change_language" in (r.post_data or "")) as req:
        w(page, "#vnaw-menu [data-lang=ja]").click()
    body = json.loads(req.value.post_data)
    assert body["message"] == '/change_language{"language": "ja"}'
    assert body["lang"] == "ja" and body["lang_source"] == "user"
    expect(w(page, "#vnaw-title")).to_have_text("ベトナム・アシスタント")
    expect(w(page, "#vnaw-input")).to_have_attribute("placeholder", "質問を入力してください…")
    expect(w(page, ".vnaw-welcome .vnaw-chip").first).to_have_text("ビザ・入国")
    confirmation = wait_answers(page, 1)
    expect(confirmation).to_have_attribute("lang", "ja")
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", confirmation.inner_text())

    ask(page, "ベトナムに行くにはビザが必要ですか？")
    answer = wait_answers(page, 2)
    expect(answer).to_have_attribute("lang", "ja")
    assert re.search(r"[\u3040-\u30ff]", answer.locator(".vnaw-text").inner_text())
    assert widget_language(page) == "ja"

    # the other way: the server's reply language drives the UI
    ask(page, FR_QUESTION)
    wait_answers(page, 3)
    expect(w(page, "#vnaw-input")).to_have_attribute("placeholder", "Posez votre question…")
    expect(w(page, "#vnaw-menu [data-lang=fr]")).to_have_attribute("aria-checked", "true")
    assert widget_language(page) == "fr"


def test_history_survives_reload_and_new_conversation_clears_it(stack, page):
    load(page, f"{stack.base_url}/demo")
    open_widget(page)
    ask(page, FR_QUESTION)
    answer_text = wait_answers(page, 1).locator(".vnaw-text").inner_text()
    session = page.evaluate("() => window.VNAssistant.sessionId")
    keys = page.evaluate("() => Object.keys(localStorage)")
    assert keys and all(k.startswith("vnaw:") for k in keys)

    page.reload()
    expect(w(page, "#vnaw-launcher")).to_be_visible()
    assert page.evaluate("() => window.VNAssistant.sessionId") == session
    open_widget(page)
    expect(w(page, ".vnaw-user")).to_have_count(1)
    expect(w(page, ".vnaw-user").first).to_contain_text(FR_QUESTION)
    expect(bot_messages(page)).to_have_count(1)
    assert bot_messages(page).first.locator(".vnaw-text").inner_text() == answer_text
    expect(w(page, "#vnaw-input")).to_have_attribute("placeholder", "Posez votre question…")  # language kept too

    w(page, "#vnaw-new").click()
    expect(w(page, ".vnaw-user")).to_have_count(0)
    expect(bot_messages(page)).to_have_count(0)
    assert page.evaluate("() => window.VNAssistant.sessionId") != session


def test_keyboard_only_conversation(stack, page):
    """Tab to the launcher, Enter, type, Enter, focus stays trapped in the dialog, Escape returns to the launcher."""
    load(page, f"{stack.base_url}/demo")
    page.locator("body").click(position={"x": 5, "y": 5})
    for _ in range(40):
        page.keyboard.press("Tab")
        if focused(page) == "vnaw-launcher":
            break
    assert focused(page) == "vnaw-launcher", "the launcher is not reachable with Tab"
    outline = page.evaluate("""() => getComputedStyle(document.querySelector('vnaw-widget')
        .shadowRoot.activeElement).outlineStyle""")
    assert outline != "none", "no visible focus indicator on the launcher"
    page.keyboard.press("Enter")
    expect(w(page, "#vnaw-panel")).to_be_visible()
    assert focused(page) == "vnaw-input"
    page.keyboard.type(FR_QUESTION)
    page.keyboard.press("Enter")
    wait_answers(page, 1)
    assert focused(page) == "vnaw-input"
    for _ in range(15):  # Tab cycles inside the dialog and never leaves it
        page.keyboard.press("Tab")
        assert focus_in_panel(page)
    for _ in range(5):
        page.keyboard.press("Shift+Tab")
        assert focus_in_panel(page)
    # the language menu works from the keyboard and Escape closes only the menu first
    w(page, "#vnaw-langbtn").focus()
    page.keyboard.press("Enter")
    expect(w(page, "#vnaw-menu")).to_be_visible()
    page.keyboard.press("Escape")
    expect(w(page, "#vnaw-menu")).to_be_hidden()
    assert focused(page) == "vnaw-langbtn"
    page.keyboard.press("Escape")
    expect(w(page, "#vnaw-panel")).to_be_hidden()
    assert focused(page) == "vnaw-launcher"
    expect(w(page, "#vnaw-launcher")).to_have_attribute("aria-expanded", "false")


def test_bot_text_renders_inert(stack, page):
    """Server strings with HTML, script and javascript: links are shown as text; only safe markdown renders."""
    evil = ('Hi <img src=x onerror="window.__vnaw_pwned=1"> and <script>window.__vnaw_pwned=1</script> '
            'and [click me](javascript:window.__vnaw_pwned=1) and **bold** and [ok](https://example.org/a)\n'
            '- item <b>one</b>\n- item two')

    def fulfil(route):
        body = json.loads(route.request.post_data or "{}")
        if "session_id" not in body:  # the widget's access check
            return route.continue_()
        route.fulfill(status=200, content_type="application/json", body=json.dumps({
            "session_id": body["session_id"], "language": "en",
            "messages": [{"text": evil, "kind": "answer", "entry_id": "x<y>", "last_reviewed": "2026-01-02",
                          "buttons": [{"title": '<img src=x onerror="window.__vnaw_pwned=1">', "payload": "hi"}],
                          "sources": [{"title": "<img src=x onerror=window.__vnaw_pwned=1>",
                                       "url": "javascript:window.__vnaw_pwned=1", "publisher": "<b>P</b>"},
                                      {"title": "Safe", "url": "https://mofa.gov.vn/", "publisher": "MOFA"}]}]}))

    page.route("**/api/v1/chat", fulfil)
    load(page, f"{stack.base_url}/demo")
    open_widget(page)
    ask(page, "hello")
    msg = wait_answers(page, 1, timeout=20_000)
    page.wait_for_timeout(500)
    assert page.evaluate("() => typeof window.__vnaw_pwned") == "undefined"
    counts = page.evaluate("""() => {
        const r = document.querySelector('vnaw-widget').shadowRoot;
        return {img: r.querySelectorAll('img').length, script: r.querySelectorAll('script').length,
                b: r.querySelectorAll('.vnaw-log b').length,
                js: [...r.querySelectorAll('a')].filter(a => !/^https?:/.test(a.getAttribute('href') || '')).length};
    }""")
    assert counts == {"img": 0, "script": 0, "b": 0, "js": 0}
    text = msg.locator(".vnaw-text").inner_text()
    assert '<img src=x onerror="window.__vnaw_pwned=1">' in text
    assert "<script>window.__vnaw_pwned=1</script>" in text
    assert "click me" in text
    expect(msg.locator("strong")).to_have_text("bold")
    expect(msg.locator("li")).to_have_count(2)
    safe = msg.locator(".vnaw-text a")
    expect(safe).to_have_count(1)
    assert safe.get_attribute("href") == "https://example.org/a"
    assert safe.get_attribute("rel") == "noopener noreferrer" and safe.get_attribute("target") == "_blank"
    expect(msg.locator(".vnaw-chip")).to_contain_text("<img src=x")
    expect(msg.locator(".vnaw-src")).to_contain_text("<b>P</b> — <img src=x")
    expect(msg.locator(".vnaw-src a")).to_have_count(1)
    for el in w(page, ".vnaw-msg").all():
        assert el.get_attribute("dir") == "auto"


def test_hostile_page(stack, page):
    """A hostile host page (tests/e2e/pages/hostile.html, served only by this test): all:unset !important,
    strict CSP + Trusted Types, fetch throws, clashing globals."""
    csp_reports: list[str] = []
    page.on("console", lambda m: csp_reports.append(m.text) if "Content Security Policy" in m.text else None)
    html = (Path(__file__).with_name("pages") / "hostile.html").read_text(encoding="utf-8")
    html = html.replace("__ORIGIN__", stack.base_url).replace("__SITE_KEY__", "demo")
    # the page is served on the gateway's own origin (so the site's origin rules hold) by the browser itself
    page.route(f"{stack.base_url}/test-pages/hostile", lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", body=html))
    load(page, f"{stack.base_url}/test-pages/hostile")
    launcher = w(page, "#vnaw-launcher")
    box = launcher.bounding_box()
    assert box and box["width"] > 60 and box["height"] >= 44
    assert box["x"] + box["width"] <= 1280 and box["y"] + box["height"] <= 800
    styles = launcher.evaluate("e => { const s = getComputedStyle(e); return [s.fontSize, s.position]; }")
    assert styles == ["15px", "fixed"], styles
    open_widget(page)
    ask(page, FR_QUESTION)
    answer = wait_answers(page, 1)
    expect(answer.locator(".vnaw-src a").first).to_be_visible()
    assert page.evaluate("() => window.__vnaw_html_sinks") == 0, "the widget used an HTML string sink"
    assert page.evaluate("() => typeof window.widget === 'string' && window.state === 'host-state'")
    assert not [r for r in csp_reports if "widget" in r.lower() or "vnaw" in r.lower()], csp_reports
    w(page, "#vnaw-close").click()
    expect(w(page, "#vnaw-panel")).to_be_hidden()


def test_mobile_full_screen(stack, browser):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                              device_scale_factor=2, locale="fr-FR")
    try:
        page = ctx.new_page()
        load(page, f"{stack.base_url}/demo")
        w(page, "#vnaw-launcher").tap()
        panel = w(page, "#vnaw-panel")
        expect(panel).to_be_visible()
        box = panel.bounding_box()
        assert box == {"x": 0, "y": 0, "width": 390, "height": 844}, box
        ask(page, FR_QUESTION)
        wait_answers(page, 1)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "widget-mobile.png"))
        # the on-screen keyboard shrinks the visual viewport: the panel follows and the input stays visible
        page.set_viewport_size({"width": 390, "height": 480})
        page.wait_for_function("""() => {
            const p = document.querySelector('vnaw-widget').shadowRoot.getElementById('vnaw-panel');
            return Math.abs(p.getBoundingClientRect().height - window.visualViewport.height) < 2;
        }""")
        inp = w(page, "#vnaw-input").bounding_box()
        assert inp and inp["y"] + inp["height"] <= 480
    finally:
        ctx.close()


def test_refused_origin(stack, page, other_origin_site):
    """A page on an origin the site key does not list: a clear 'not available on this site' state, input disabled."""
    load(page, other_origin_site)
    page.evaluate("() => { window.__errs = []; window.VNAssistant.on('error', e => window.__errs.push(e.code)); }")
    open_widget(page)
    status = w(page, "#vnaw-status")
    expect(status).to_contain_text("This assistant is not available on this site.", timeout=20_000)
    expect(w(page, "#vnaw-panel")).to_have_attribute("data-state", "refused")
    expect(w(page, "#vnaw-input")).to_be_disabled()
    expect(w(page, "#vnaw-send")).to_be_disabled()
    assert "origin_not_allowed" in page.evaluate("() => window.__errs")
    assert page.evaluate("() => window.VNAssistant.send('hello')") is False


def test_offline_message_is_queued_and_sent_when_online(stack, page, context):
    load(page, f"{stack.base_url}/demo")
    open_widget(page)
    context.set_offline(True)
    ask(page, FR_QUESTION)
    expect(w(page, "#vnaw-status")).to_be_visible()
    expect(w(page, "#vnaw-status")).to_contain_text("You are offline")  # the demo page's language (data-lang="en")
    expect(w(page, ".vnaw-user.vnaw-pending")).to_have_count(1)
    context.set_offline(False)  # the `online` event retries at once
    wait_answers(page, 1)
    expect(w(page, "#vnaw-status")).to_be_hidden()
    expect(w(page, ".vnaw-user.vnaw-pending")).to_have_count(0)


def test_rate_limited_shows_slow_down_then_retries(stack, page):
    hits = {"n": 0}

    def limit_once(route):
        body = json.loads(route.request.post_data or "{}")
        if "session_id" in body and hits["n"] == 0:
            hits["n"] += 1
            return route.fulfill(status=429, content_type="application/json", body=json.dumps(
                {"error": {"code": "rate_limited", "message": "Too many messages. Please wait a moment."}}))
        route.continue_()

    page.route("**/api/v1/chat", limit_once)
    load(page, f"{stack.base_url}/demo")
    open_widget(page)
    ask(page, "Do I need a visa for Viet Nam?")
    expect(w(page, "#vnaw-status")).to_contain_text("too quickly")
    wait_answers(page, 1)
    expect(w(page, "#vnaw-status")).to_be_hidden()


def test_server_down_then_back(stack, page):
    """Rasa stops: the 503 apology shows, the message waits in the queue; Rasa returns: the answer arrives."""
    load(page, f"{stack.base_url}/demo")
    open_widget(page)
    stack.stop_rasa()
    try:
        ask(page, FR_QUESTION)
        status = w(page, "#vnaw-status")
        expect(status).to_be_visible(timeout=60_000)
        expect(status).to_contain_text("indisponible", timeout=60_000)  # the gateway's French apology
        expect(w(page, ".vnaw-user.vnaw-pending")).to_have_count(1)
        expect(w(page, ".vnaw-user.vnaw-pending")).to_contain_text("En attente")
        expect(bot_messages(page)).to_have_count(0)
    finally:
        stack.start_rasa()
    answer = wait_answers(page, 1, timeout=180_000)
    expect(answer).to_have_attribute("lang", "fr")
    expect(w(page, "#vnaw-status")).to_be_hidden()
    expect(w(page, ".vnaw-user.vnaw-pending")).to_have_count(0)


def test_js_api_and_events(stack, page):
    load(page, f"{stack.base_url}/demo")
    page.evaluate("""() => { window.__ev = [];
        for (const n of ['open', 'close', 'message', 'error', 'language'])
            window.VNAssistant.on(n, d => window.__ev.push([n, d && (d.role || d.language || '')])); }""")
    page.evaluate("() => window.VNAssistant.open()")
    expect(w(page, "#vnaw-panel")).to_be_visible()
    page.evaluate("() => window.VNAssistant.setLanguage('de')")
    expect(w(page, "#vnaw-input")).to_have_attribute("placeholder", "Stellen Sie Ihre Frage…")
    wait_answers(page, 1)
    page.evaluate("() => window.VNAssistant.send('Brauche ich ein Visum für Vietnam?')")
    wait_answers(page, 2)
    page.evaluate("() => window.VNAssistant.close()")
    expect(w(page, "#vnaw-panel")).to_be_hidden()
    events = page.evaluate("() => window.__ev")
    names = [e[0] for e in events]
    assert names[0] == "open" and names[-1] == "close"
    assert ["language", "de"] in events
    assert ["message", "user"] in events and ["message", "bot"] in events


def test_axe_no_serious_violations(stack, page):
    """axe-core (it walks open shadow roots) on the open widget after an answer, and with the menu open."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: `make test` installs npm packages (npm ci)")
    load(page, f"{stack.base_url}/demo")
    open_widget(page)
    ask(page, FR_QUESTION)
    wait_answers(page, 1)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    run = """async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.map(n => JSON.stringify(n.target)).slice(0, 5)}));
    }"""
    serious = [v for v in page.evaluate(run) if v["impact"] in ("serious", "critical")]
    assert not serious, serious
    w(page, "#vnaw-langbtn").click()
    expect(w(page, "#vnaw-menu")).to_be_visible()
    serious = [v for v in page.evaluate(run) if v["impact"] in ("serious", "critical")]
    assert not serious, serious


def test_the_nationality_question_is_shown_and_answered_in_the_widget(stack, page):
    """A visa question: the widget shows the form's question with its Skip button, then takes the answer."""
    load(page, f"{stack.base_url}/demo")
    open_widget(page)
    ask(page, "Do I need a visa for Viet Nam?")
    question = wait_answers(page, 1)
    expect(question).to_contain_text("Which country's passport do you hold?")
    expect(question.locator(".vnaw-chip")).to_have_text(["Skip"])
    ask(page, "I'm German, for two weeks")
    reply = wait_answers(page, 2)
    expect(reply).to_contain_text("45 days")
    expect(reply).to_contain_text("44/NQ-CP")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "widget-visa-dialogue.png"))
    # the next visa question uses the remembered passport: no second question
    ask(page, "and for 2 months?")
    expect(wait_answers(page, 3)).to_contain_text("e-visa")


def test_busy_gateway_is_retried_when_retry_after_says(stack, page):
    sent = []

    def busy_once(route):
        body = json.loads(route.request.post_data or "{}")
        if "session_id" in body:
            sent.append(time.monotonic())
            if len(sent) == 1:
                return route.fulfill(status=503, content_type="application/json", headers={"Retry-After": "3"},
                                     body=json.dumps({"error": {"code": "busy", "message":
                                                                "De nombreux visiteurs posent des questions."},
                                                      "language": "fr"}))
        route.continue_()

    page.route("**/api/v1/chat", busy_once)
    load(page, f"{stack.base_url}/demo")
    open_widget(page)
    ask(page, FR_QUESTION)
    expect(w(page, "#vnaw-status")).to_contain_text("De nombreux visiteurs")
    wait_answers(page, 1)
    # the widget's own first back-off is 2 s; it waited the 3 s the gateway asked for
    assert len(sent) == 2 and sent[1] - sent[0] >= 2.9, sent
    expect(w(page, "#vnaw-status")).to_be_hidden()
