// Building and updating the widget's DOM: the Shadow DOM host and its stylesheet, the panel, and every message.
// Server strings only ever become text nodes or attribute values; bot text goes through markdown.js.
// createRender(app) adds build, applyStrings, renderAll, addItem, refreshItem, scrollDown, setStatus and setTyping
// to the shared `app` (see main.js); other modules' functions are called through `app` when needed.
import css from "./styles.css";
import { elementMaker } from "./dom.js";
import { renderMarkdown, linkTo, safeUrl } from "./markdown.js";
import { NATIVE_NAMES, SUPPORTED, normLang } from "./languages.js";
import { errorMessage } from "./transport.js";
import { MAX_MESSAGE, MAX_HISTORY } from "./queue.js";

/* ------------------------------------------------------------------ theme */
function parseColor(c) {
  var m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(c || "");
  if (!m) return null;
  var h = m[1].length === 3 ? m[1].replace(/(.)/g, "$1$1") : m[1];
  return [0, 2, 4].map(function (i) { return parseInt(h.substr(i, 2), 16); });
}
function luminance(rgb) {
  var c = rgb.map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}
function contrast(a, b) {
  var la = luminance(a), lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

// styles.css with its placeholders filled: data-color when white or near-black text reads on it at 4.5:1
// (else the default red), and the side the launcher and panel sit on. Only numbers and "left"/"right" go in.
function styleSheet(config) {
  var primary = parseColor(config.color) || [176, 23, 31]; // #b0171f: white text 6.4:1
  var onPrimary = contrast(primary, [255, 255, 255]) >= 4.5 ? "#ffffff" : "#111111";
  if (contrast(primary, [255, 255, 255]) < 4.5 && contrast(primary, [17, 17, 17]) < 4.5) { primary = [176, 23, 31]; onPrimary = "#ffffff"; }
  var values = { PRIMARY: "rgb(" + primary.join(",") + ")", ON_PRIMARY: onPrimary, SIDE: config.position };
  return css.replace(/__(PRIMARY|ON_PRIMARY|SIDE)__/g, function (all, name) { return values[name]; });
}

var ICONS = {
  chat: ["M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z"],
  close: ["M6 6l12 12", "M18 6L6 18"],
  refresh: ["M4 4v6h6", "M20 20v-6h-6", "M5.5 15a7.5 7.5 0 0 0 12.9 2.5", "M18.5 9A7.5 7.5 0 0 0 5.6 6.5"],
  globe: ["M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z", "M3 12h18", "M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9S9.5 5.7 12 3z"],
  send: ["M4 12l16-8-6 16-2.5-6.5z", "M11.5 13.5L20 4"]
};

export function createRender(app) {
  var D = app.D, config = app.config, state = app.state, ui = app.ui;
  var t = app.t, emit = app.emit, save = app.save, request = app.request;
  var el = elementMaker(D);

  function icon(name) {
    var NS = "http://www.w3.org/2000/svg";
    var svg = D.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    ICONS[name].forEach(function (d) { var p = D.createElementNS(NS, "path"); p.setAttribute("d", d); svg.appendChild(p); });
    return svg;
  }
  function formatDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    if (!m) return String(iso || "");
    try {
      return new Intl.DateTimeFormat(state.lang, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" })
        .format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
    } catch (e) { return m[0]; }
  }

  /* ------------------------------------------------------------------ DOM */
  // One <vnaw-widget> host with an open Shadow DOM; ui holds the elements the other modules use
  // (ui.root is the shadow root: its activeElement is the focus inside the widget).
  function build() {
    var host = ui.host = D.createElement("vnaw-widget");
    host.id = "vnaw-host";
    var root = ui.root = host.attachShadow({ mode: "open" });
    var CSS = styleSheet(config);
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS); // constructed sheets are not blocked by a host page's style-src CSP
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      root.appendChild(el("style", null, CSS));
    }
    var wrap = ui.wrap = el("div", { "class": "vnaw-root" });

    ui.launcher = el("button", { type: "button", "class": "vnaw-launcher", id: "vnaw-launcher", "aria-haspopup": "dialog", "aria-expanded": "false" });
    ui.launcher.appendChild(icon("chat"));
    ui.launcherText = el("span");
    ui.launcher.appendChild(ui.launcherText);

    var panel = ui.panel = el("div", { "class": "vnaw-panel", id: "vnaw-panel", role: "dialog", "aria-modal": "true", "aria-labelledby": "vnaw-title", tabindex: "-1", hidden: "" });
    var header = el("div", { "class": "vnaw-header" });
    ui.title = el("h2", { "class": "vnaw-title", id: "vnaw-title" });
    // language menu button: visible native name, accessible name "Language: <name>"
    var menuWrap = el("div", { "class": "vnaw-menuwrap" });
    ui.langBtn = el("button", { type: "button", "class": "vnaw-icon vnaw-langbtn", id: "vnaw-langbtn", "aria-haspopup": "menu", "aria-expanded": "false", "aria-controls": "vnaw-menu" });
    ui.langBtn.appendChild(icon("globe"));
    ui.langBtnSr = el("span", { "class": "vnaw-sr" });
    ui.langBtnName = el("span");
    ui.langBtn.appendChild(ui.langBtnSr);
    ui.langBtn.appendChild(ui.langBtnName);
    ui.menu = el("ul", { "class": "vnaw-menu", id: "vnaw-menu", role: "menu", hidden: "" });
    ui.menuItems = SUPPORTED.map(function (code) {
      var li = el("li", { role: "menuitemradio", tabindex: "-1", lang: code, "data-lang": code, "aria-checked": "false" }, NATIVE_NAMES[code]);
      ui.menu.appendChild(li);
      return li;
    });
    menuWrap.appendChild(ui.langBtn);
    menuWrap.appendChild(ui.menu);
    ui.newBtn = el("button", { type: "button", "class": "vnaw-icon", id: "vnaw-new" });
    ui.newBtn.appendChild(icon("refresh"));
    ui.closeBtn = el("button", { type: "button", "class": "vnaw-icon", id: "vnaw-close" });
    ui.closeBtn.appendChild(icon("close"));
    [ui.title, menuWrap, ui.newBtn, ui.closeBtn].forEach(function (n) { header.appendChild(n); });

    ui.log = el("div", { "class": "vnaw-log", id: "vnaw-log", role: "log", "aria-live": "polite", "aria-relevant": "additions", tabindex: "0" });
    ui.typing = el("div", { "class": "vnaw-typing", role: "status", hidden: "" });
    var dots = el("span", { "class": "vnaw-dots", "aria-hidden": "true" });
    dots.appendChild(el("i")); dots.appendChild(el("i")); dots.appendChild(el("i"));
    ui.typingText = el("span");
    ui.typing.appendChild(dots);
    ui.typing.appendChild(ui.typingText);
    ui.status = el("div", { "class": "vnaw-status", id: "vnaw-status", role: "status", hidden: "" });
    ui.statusText = el("span");
    ui.retryBtn = el("button", { type: "button", hidden: "" });
    ui.status.appendChild(ui.statusText);
    ui.status.appendChild(ui.retryBtn);

    // shown when the text box is full: the visitor learns why nothing more goes in (a long paste is cut to MAX_MESSAGE)
    ui.limit = el("div", { "class": "vnaw-limit", id: "vnaw-limit", role: "status", hidden: "" });
    ui.form = el("form", { "class": "vnaw-form", novalidate: "" });
    ui.inputLabel = el("label", { "for": "vnaw-input", "class": "vnaw-sr" });
    ui.input = el("textarea", { id: "vnaw-input", "class": "vnaw-input", rows: "1", maxlength: String(MAX_MESSAGE), autocomplete: "off", dir: "auto" });
    ui.sendBtn = el("button", { type: "submit", "class": "vnaw-send", id: "vnaw-send" });
    ui.sendBtn.appendChild(icon("send"));
    [ui.inputLabel, ui.input, ui.sendBtn].forEach(function (n) { ui.form.appendChild(n); });

    [header, ui.log, ui.typing, ui.status, ui.limit, ui.form].forEach(function (n) { panel.appendChild(n); });
    wrap.appendChild(ui.launcher);
    wrap.appendChild(panel);
    root.appendChild(wrap);
    (D.body || D.documentElement).appendChild(host);
    app.wireEvents();
  }

  /* ------------------------------------------------------------------ rendering */
  function applyStrings() {
    ui.wrap.setAttribute("lang", state.lang);
    ui.title.textContent = config.title || config.siteTitle || t("title");
    ui.launcherText.textContent = config.launcherText || t("launcher");
    ui.langBtnSr.textContent = t("language") + ": ";
    ui.langBtnName.textContent = NATIVE_NAMES[state.lang];
    ui.menu.setAttribute("aria-label", t("language"));
    ui.menuItems.forEach(function (li) { li.setAttribute("aria-checked", li.getAttribute("data-lang") === state.lang ? "true" : "false"); });
    ui.newBtn.setAttribute("aria-label", t("newConv"));
    ui.newBtn.setAttribute("title", t("newConv"));
    ui.closeBtn.setAttribute("aria-label", t("close"));
    ui.closeBtn.setAttribute("title", t("close"));
    ui.log.setAttribute("aria-label", t("log"));
    ui.typingText.textContent = t("typing");
    ui.inputLabel.textContent = t("inputLabel");
    ui.input.setAttribute("placeholder", t("placeholder"));
    ui.limit.textContent = t("tooLong").replace("{max}", String(MAX_MESSAGE));
    ui.sendBtn.setAttribute("aria-label", t("send"));
    ui.sendBtn.setAttribute("title", t("send"));
    ui.retryBtn.textContent = t("retryNow");
    if (statusKey) setStatus(statusKey, statusBad, statusText === null ? null : statusText, statusRetry);
    renderWelcome();
    // only the "waiting to send" / "not sent" labels change; answers stay in the language they were given in
    state.history.forEach(function (it) { if (it.role === "user" && it.status && it.status !== "sent") refreshItem(it); });
  }

  function markdown(text) { return renderMarkdown(D, text, t("newTab")); }

  function renderWelcome() {
    var old = ui.log.querySelector(".vnaw-welcome");
    var box = el("div", { "class": "vnaw-msg vnaw-bot vnaw-welcome", dir: "auto", lang: state.lang });
    box.appendChild(el("span", { "class": "vnaw-sr" }, t("bot") + ": "));
    box.appendChild(markdown((config.greeting && config.greeting[state.lang]) || t("welcome")));
    var chips = el("div", { "class": "vnaw-chips", role: "group", "aria-label": t("related") });
    t("topics").forEach(function (topic) {
      var b = el("button", { type: "button", "class": "vnaw-chip", dir: "auto" }, topic[0]);
      b.addEventListener("click", function () { app.sendMessage(topic[1]); });
      chips.appendChild(b);
    });
    box.appendChild(chips);
    if (old) ui.log.replaceChild(box, old); else ui.log.insertBefore(box, ui.log.firstChild);
  }

  function renderAll() {
    while (ui.log.firstChild) ui.log.removeChild(ui.log.firstChild);
    renderWelcome();
    state.history.forEach(function (item) { ui.log.appendChild(renderItem(item)); });
    scrollDown();
  }

  function renderItem(item) {
    if (item.role === "user") return renderUser(item);
    if (item.role === "note") {
      return el("div", { "class": "vnaw-note", dir: "auto", "data-id": item.id }, item.text);
    }
    return renderBot(item);
  }

  function renderUser(item) {
    var box = el("div", { "class": "vnaw-msg vnaw-user" + (item.status === "pending" ? " vnaw-pending" : ""), dir: "auto", "data-id": item.id });
    box.appendChild(el("span", { "class": "vnaw-sr" }, t("you") + ": "));
    box.appendChild(D.createTextNode(item.text));
    if (item.status === "pending" || item.status === "failed") {
      box.appendChild(el("span", { "class": "vnaw-meta", dir: "auto" }, item.status === "pending" ? t("pending") : t("notSent")));
    }
    return box;
  }

  function renderBot(item) {
    var box = el("div", { "class": "vnaw-msg vnaw-bot vnaw-kind-" + String(item.kind || "response").replace(/[^a-z_]/gi, ""), dir: "auto", "data-id": item.id, lang: normLang(item.language) || undefined });
    box.appendChild(el("span", { "class": "vnaw-sr" }, t("bot") + ": "));
    var body = el("div", { "class": "vnaw-text", dir: "auto" });
    body.appendChild(markdown(item.text));
    box.appendChild(body);

    var sources = (item.sources || []).filter(function (s) { return s && (s.title || s.url); });
    if (sources.length || item.last_reviewed) {
      var src = el("div", { "class": "vnaw-src", dir: "auto" });
      sources.forEach(function (s) {
        var line = el("div", { dir: "auto" });
        line.appendChild(D.createTextNode(t("source") + ": "));
        var label = [s.publisher, s.title].filter(Boolean).join(" — ") || s.url;
        var href = safeUrl(s.url);
        line.appendChild(href ? linkTo(D, href, label, t("newTab")) : D.createTextNode(label));
        src.appendChild(line);
      });
      if (item.last_reviewed) src.appendChild(el("div", { dir: "auto" }, t("reviewed") + ": " + formatDate(item.last_reviewed)));
      box.appendChild(src);
    }

    var buttons = (item.buttons || []).filter(function (b) { return b && b.payload; });
    if (buttons.length) {
      var chips = el("div", { "class": "vnaw-chips", role: "group", "aria-label": t("related") });
      buttons.forEach(function (bt) {
        var b = el("button", { type: "button", "class": "vnaw-chip", dir: "auto" }, bt.title || bt.payload);
        b.addEventListener("click", function () { app.sendMessage(bt.payload, { display: bt.title || bt.payload }); });
        chips.appendChild(b);
      });
      box.appendChild(chips);
    }

    if (item.entry_id) box.appendChild(renderFeedback(item));
    return box;
  }

  function renderFeedback(item) {
    var fb = el("div", { "class": "vnaw-fb", role: "group", "aria-label": t("helpful") + " / " + t("notHelpful") });
    var thanks = el("span", { "aria-live": "polite" }, item.feedback ? t("thanks") : "");
    [[1, "👍", "helpful"], [-1, "👎", "notHelpful"]].forEach(function (spec) {
      var b = el("button", { type: "button", "aria-label": t(spec[2]), title: t(spec[2]), "aria-pressed": item.feedback === spec[0] ? "true" : "false", "data-value": String(spec[0]) }, spec[1]);
      b.addEventListener("click", function () {
        if (item.feedback === spec[0]) return;
        item.feedback = spec[0];
        fb.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", x === b ? "true" : "false"); });
        thanks.textContent = t("thanks");
        save();
        var body = { session_id: state.sessionId, entry_id: item.entry_id, value: spec[0] };
        if (item.question) body.question = String(item.question).slice(0, MAX_MESSAGE);
        request("POST", "/api/v1/feedback", body).then(function (r) {
          if (r.status !== 200) emit("error", { code: "feedback_failed", status: r.status, message: errorMessage(r) });
        });
        emit("message", { role: "feedback", entry_id: item.entry_id, value: spec[0] });
      });
      fb.appendChild(b);
    });
    fb.appendChild(thanks);
    return fb;
  }

  function addItem(item) {
    state.history.push(item);
    if (state.history.length > MAX_HISTORY) state.history.splice(0, state.history.length - MAX_HISTORY);
    ui.log.appendChild(renderItem(item));
    scrollDown();
  }
  function refreshItem(item) {
    var old = ui.log.querySelector('[data-id="' + item.id + '"]');
    if (old) ui.log.replaceChild(renderItem(item), old);
  }
  function scrollDown() { ui.log.scrollTop = ui.log.scrollHeight; }

  // the status line (offline, unavailable, slow down, refused...); kept so a language change re-renders it
  var statusKey = null, statusBad = false, statusText = null, statusRetry = false;
  function setStatus(key, bad, text, retry) {
    statusKey = key; statusBad = !!bad; statusText = text || null; statusRetry = !!retry;
    if (!key) { ui.status.hidden = true; ui.statusText.textContent = ""; return; }
    var msg = text ? text : t(key);
    if (retry && key !== "queued") msg += " " + t("queued");
    ui.statusText.textContent = msg;
    ui.status.className = "vnaw-status" + (bad ? " vnaw-bad" : "");
    ui.retryBtn.hidden = !retry;
    ui.status.hidden = false;
  }
  function setTyping(on) { ui.typing.hidden = !on; }

  app.build = build;
  app.applyStrings = applyStrings;
  app.renderAll = renderAll;
  app.addItem = addItem;
  app.refreshItem = refreshItem;
  app.scrollDown = scrollDown;
  app.setStatus = setStatus;
  app.setTyping = setTyping;
}
