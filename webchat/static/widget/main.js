// The widget's set-up: configuration from the <script> tag, the saved conversation, events, language changes,
// the public API (window.VNAssistant) and the start once the page's body exists.
//
// The modules share one object, `app`, made here: the window and document, the saved natives, config, state,
// ui (the elements, filled by render.js), and the functions each module adds to it (createRender, createQueue,
// createPanel). A module keeps what boot() put on `app` before creating it (config, state, t, emit, save,
// request...) and calls other modules' functions through `app` when it needs them, so no import cycle is needed.
import { captureNatives } from "./natives.js";
import { translate } from "./strings.js";
import { SUPPORTED, chineseScript, normLang } from "./languages.js";
import { createTransport, newSessionId } from "./transport.js";
import { createRender } from "./render.js";
import { createQueue, MAX_HISTORY } from "./queue.js";
import { createPanel } from "./panel.js";

export function boot(W) {
  var n = captureNatives(W); // first, before the widget does anything else
  var D = W.document;
  var jsonParse = n.jsonParse, jsonStringify = n.jsonStringify;

  /* ------------------------------------------------------------------ config */
  function findScript() {
    var s = D.currentScript;
    if (s && s.getAttribute && s.getAttribute("data-site-key") !== null) return s;
    var all = D.querySelectorAll('script[src*="widget.js"][data-site-key]');
    return all.length ? all[all.length - 1] : s;
  }
  var scriptEl = findScript();
  function attr(name) {
    var v = scriptEl && scriptEl.getAttribute("data-" + name);
    return v === null || v === undefined ? "" : String(v).trim();
  }
  var API_ORIGIN = (function () {
    try { return new URL(scriptEl.src, D.baseURI).origin; } catch (e) { return W.location.origin; }
  })();
  var config = {
    siteKey: attr("site-key") || "default",
    pageLang: normLang(attr("lang")) || normLang(D.documentElement.getAttribute("lang")) ||
      normLang((W.navigator && W.navigator.language) || "") || "en",
    // Traditional Chinese declared by the embed tag, the page or the visitor's browser (zh-TW, zh-HK, zh-Hant)
    chineseScript: chineseScript(attr("lang")) || chineseScript(D.documentElement.getAttribute("lang")) ||
      chineseScript((W.navigator && W.navigator.language) || ""),
    title: attr("title"),
    color: attr("color"),
    position: attr("position") === "left" ? "left" : "right",
    launcherText: attr("launcher-text"),
    openOnLoad: attr("open") === "true"
  };

  /* ------------------------------------------------------------------ storage (per site key) */
  var STORE_KEY = "vnaw:" + config.siteKey;
  var storage = (function () {
    try { var s = W.localStorage; var k = "vnaw:probe"; s.setItem(k, "1"); s.removeItem(k); return s; } catch (e) { return null; }
  })();
  function load() {
    if (!storage) return null;
    try { var v = jsonParse(storage.getItem(STORE_KEY) || "null"); return v && v.v === 1 ? v : null; } catch (e) { return null; }
  }
  function save() {
    if (!storage) return;
    var history = state.history.slice(-MAX_HISTORY);
    try {
      storage.setItem(STORE_KEY, jsonStringify({ v: 1, sessionId: state.sessionId, lang: state.lang, history: history, queue: state.queue }));
    } catch (e) { /* quota or privacy mode: the conversation still works in memory */ }
  }

  var saved = load();
  var state = {
    sessionId: (saved && /^[A-Za-z0-9._:-]{1,128}$/.test(saved.sessionId || "")) ? saved.sessionId : newSessionId(n.crypto),
    lang: (saved && normLang(saved.lang)) || config.pageLang,
    history: (saved && Array.isArray(saved.history)) ? saved.history : [], // {id, role:"user"|"bot"|"note", ...}
    queue: (saved && Array.isArray(saved.queue)) ? saved.queue : [],      // {id, message, lang, lang_source}
    open: false, inflight: false, refused: false, retryTimer: null, attempt: 0, corsSuspect: 0
  };

  /* ------------------------------------------------------------------ events */
  var listeners = { open: [], close: [], message: [], error: [], language: [] };
  function emit(name, detail) {
    (listeners[name] || []).slice().forEach(function (fn) { try { fn(detail); } catch (e) { /* a host handler must not break us */ } });
  }

  var app = {
    W: W, D: D, natives: n, config: config, state: state, ui: {}, storeKey: STORE_KEY,
    load: load, save: save, emit: emit,
    t: function (key) { return translate(state.lang, key); },
    request: createTransport({
      origin: API_ORIGIN, self: W, fetch: n.fetch, XHR: n.XHR, AbortController: n.AbortController,
      setTimeout: n.setTimeout, clearTimeout: n.clearTimeout, jsonParse: jsonParse, jsonStringify: jsonStringify
    })
  };
  createRender(app);
  createQueue(app);
  createPanel(app);

  /* ------------------------------------------------------------------ language */
  // source: "user" (menu or API: the UI switches and the server is told), "server" (a reply's language field).
  function setLanguage(code, source) {
    var lang = normLang(code);
    if (!lang) return false;
    var changed = lang !== state.lang;
    state.lang = lang;
    app.applyStrings();
    save();
    if (source === "user") {
      app.sendMessage('/change_language{"language": "' + lang + '"}', { silent: true, lang: lang, langSource: "user" });
    }
    if (changed || source === "user") emit("language", { language: lang, source: source });
    return true;
  }
  app.setLanguage = setLanguage;

  /* ------------------------------------------------------------------ public API */
  var api = {
    __vnaw: true,
    version: "1.0.0",
    open: function () { app.open(); },
    close: function () { app.close(); },
    toggle: function () { if (state.open) app.close(); else app.open(); },
    setLanguage: function (code) { return setLanguage(code, "user"); },
    send: function (text) { return app.sendMessage(text); },
    newConversation: function () { app.newConversation(); },
    on: function (name, fn) {
      if (!listeners[name] || typeof fn !== "function") return function () {};
      listeners[name].push(fn);
      return function off() { var i = listeners[name].indexOf(fn); if (i >= 0) listeners[name].splice(i, 1); };
    },
    get language() { return state.lang; },
    get sessionId() { return state.sessionId; },
    get isOpen() { return state.open; }
  };
  try {
    Object.defineProperty(W, "VNAssistant", { value: api, writable: false, configurable: true, enumerable: false });
  } catch (e) { W.VNAssistant = api; }

  function start() {
    app.build();
    // messages left pending by a previous page (offline, server down) are retried here
    state.history.forEach(function (it) { if (it.role === "user" && it.status === "pending" && !state.queue.some(function (q) { return q.id === it.id; })) it.status = "failed"; });
    app.applyStrings();
    app.renderAll();
    if (state.queue.length) { app.setStatus("queued", false, null, true); app.pump(); }
    if (config.openOnLoad) app.open();
    loadSiteSettings();
  }

  // The embassy's own title and greeting (edited in the workspace) override the built-in ones;
  // attributes on the script tag still win over both.
  function loadSiteSettings() {
    app.request("GET", "/api/v1/sites/" + encodeURIComponent(config.siteKey)).then(function (r) {
      // a refusal is reported when the visitor opens the panel (checkAccess), not here
      if (r.status !== 200 || !r.data || typeof r.data !== "object") return;
      if (typeof r.data.title === "string" && r.data.title) config.siteTitle = r.data.title;
      var g = r.data.greeting, clean = {};
      if (g && typeof g === "object") {
        SUPPORTED.forEach(function (code) { if (typeof g[code] === "string" && g[code]) clean[code] = g[code]; });
      }
      config.greeting = clean;
      app.applyStrings();
    });
  }
  if (D.body) start(); else D.addEventListener("DOMContentLoaded", start);
}
