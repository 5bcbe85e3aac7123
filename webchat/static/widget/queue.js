// The conversation and its message queue. Messages are sent one at a time, in order: the first one in
// state.queue stays there until the gateway answers it (or refuses it for good), so a message typed while
// offline, rate limited or while the gateway is busy or down waits and goes out later. The queue is saved with
// the history (main.js), so a message still waiting when the visitor leaves is sent on their next page.
// What a reply means (outcome) and how long to wait (retryDelay) are in transport.js; acting on it is here.
// createQueue(app) adds sendMessage, pump, retryNow, checkAccess, refuse and newConversation to `app`.
import { outcome, retryDelay, backoffDelay, errorCode, errorMessage, newSessionId } from "./transport.js";
import { normLang } from "./languages.js";

export var MAX_MESSAGE = 2000; // characters in one message, as the gateway accepts
export var MAX_HISTORY = 80; // messages kept on screen and in storage

function uid() { return Date.now().toString(36) + Math.random().toString(36).slice(2, 8); }

export function createQueue(app) {
  var W = app.W, n = app.natives, config = app.config, state = app.state, ui = app.ui;
  var emit = app.emit, save = app.save, request = app.request;
  var setT = n.setTimeout, clearT = n.clearTimeout; // called as plain functions (see natives.js)

  // opts: silent (nothing shown: the language menu's command), display (shown instead of a button's payload),
  // lang and langSource (the language the message is sent with). false when nothing was queued.
  function sendMessage(text, opts) {
    opts = opts || {};
    text = String(text === undefined || text === null ? "" : text).trim().slice(0, MAX_MESSAGE);
    if (!text || state.refused) return false;
    var id = uid();
    if (!opts.silent) {
      var item = { id: id, role: "user", text: opts.display || text, status: "pending", ts: Date.now() };
      app.addItem(item);
      emit("message", { role: "user", text: item.text });
    }
    state.queue.push({ id: id, message: text, lang: opts.lang || state.lang, lang_source: opts.langSource || "page" });
    save();
    pump();
    return true;
  }

  function findItem(id) {
    for (var i = state.history.length - 1; i >= 0; i--) if (state.history[i].id === id) return state.history[i];
    return null;
  }

  // Send the first message in the queue, unless one is already on its way.
  function pump() {
    if (state.inflight || state.refused || !state.queue.length) return;
    if (state.retryTimer) { clearT(state.retryTimer); state.retryTimer = null; }
    var job = state.queue[0];
    state.inflight = true;
    app.setTyping(true);
    // Chinese goes as "zh-Hant" where the page or the browser declares Traditional characters: the replies come in them
    var lang = job.lang === "zh" && config.chineseScript === "Hant" ? "zh-Hant" : job.lang;
    request("POST", "/api/v1/chat", {
      session_id: state.sessionId, message: job.message, lang: lang, lang_source: job.lang_source, site_key: config.siteKey
    }).then(function (r) { return handleResponse(job, r); }).then(null, function (e) {
      // a bug in our own handling must not wedge the queue
      state.inflight = false; app.setTyping(false);
      emit("error", { code: "widget_error", message: String(e && e.message || e) });
    });
  }

  function handleResponse(job, r) {
    if (job.id !== (state.queue[0] && state.queue[0].id)) { state.inflight = false; app.setTyping(false); pump(); return; } // conversation was reset meanwhile
    var code = errorCode(r);
    var what = outcome(r);
    if (what === "answered") {
      state.queue.shift();
      state.inflight = false; state.attempt = 0; state.corsSuspect = 0;
      app.setTyping(false);
      app.setStatus(null);
      var sent = findItem(job.id);
      if (sent) { sent.status = "sent"; app.refreshItem(sent); }
      var question = sent ? sent.text : job.message;
      var replyLang = normLang(r.data.language);
      if (replyLang && replyLang !== state.lang) app.setLanguage(replyLang, "server");
      r.data.messages.forEach(function (m) {
        if (!m || typeof m !== "object") return;
        var item = {
          id: uid(), role: "bot", text: String(m.text || ""), kind: m.kind ? String(m.kind) : "response",
          buttons: Array.isArray(m.buttons) ? m.buttons.map(function (b) { return { title: String(b && b.title || ""), payload: String(b && b.payload || "") }; }) : [],
          sources: Array.isArray(m.sources) ? m.sources.map(function (s) { return { title: String(s && s.title || ""), url: String(s && s.url || ""), publisher: String(s && s.publisher || "") }; }) : [],
          entry_id: m.entry_id ? String(m.entry_id) : undefined, language: normLang(m.language) || replyLang || undefined,
          last_reviewed: m.last_reviewed ? String(m.last_reviewed) : undefined, question: m.entry_id ? question : undefined, ts: Date.now()
        };
        app.addItem(item);
        emit("message", { role: "bot", text: item.text, kind: item.kind, language: item.language, entry_id: item.entry_id, sources: item.sources, buttons: item.buttons });
      });
      save();
      pump();
      return;
    }
    state.inflight = false;
    app.setTyping(false);
    if (what === "refused") return refuse(code, errorMessage(r));
    if (what === "rate_limited") {
      app.setStatus("slowDown", false, null, true);
      emit("error", { code: code || "rate_limited", status: 429, message: errorMessage(r) });
      return scheduleRetry(retryDelay(r, backoff));
    }
    if (what === "network") return networkFailure(job);
    if (what === "unavailable") {
      // 503 carries the gateway's apology or "busy", already in the visitor's language
      var apologyLang = r.data && normLang(r.data.language);
      if (apologyLang && apologyLang !== state.lang) app.setLanguage(apologyLang, "server");
      app.setStatus("unavailable", code !== "busy", r.status === 503 && errorMessage(r) ? errorMessage(r) : null, true);
      emit("error", { code: code || "server_error", status: r.status, message: errorMessage(r) });
      // a busy gateway says when to come back (Retry-After); the message waits in the queue until then
      return scheduleRetry(retryDelay(r, backoff));
    }
    // "rejected" (other 4xx): this message cannot be sent as it is; drop it and say so
    state.queue.shift();
    var failed = findItem(job.id);
    if (failed) { failed.status = "failed"; app.refreshItem(failed); }
    app.setStatus("error", true);
    emit("error", { code: code || "http_" + r.status, status: r.status, message: errorMessage(r) });
    save();
    pump();
  }

  function networkFailure(job) {
    if (W.navigator && W.navigator.onLine === false) {
      app.setStatus("offline", true, null, true);
      emit("error", { code: "offline", status: 0 });
      return scheduleRetry(backoff());
    }
    // Is the server reachable? /widget.js is readable from any origin. If it is, and the chat call still fails
    // at the network level twice in a row, the gateway refused this page's origin (no CORS headers).
    return request("HEAD", "/widget.js").then(function (probe) {
      if (probe.status >= 200 && probe.status < 400) {
        state.corsSuspect++;
        if (state.corsSuspect >= 2) return refuse("origin_not_allowed", "");
        return pump(); // retry once at once
      }
      state.corsSuspect = 0;
      app.setStatus("unreachable", true, null, true);
      emit("error", { code: "network", status: 0 });
      scheduleRetry(backoff());
    });
  }

  // On first open, find out whether this page's origin may use the assistant before the visitor types.
  // An empty POST fails validation (400, nothing logged, no rate limit) when CORS lets us read it; a refused
  // origin gets no CORS headers (network error while /widget.js is reachable) or a 403.
  var accessChecked = false;
  function checkAccess() {
    if (accessChecked || state.refused) return;
    accessChecked = true;
    request("POST", "/api/v1/chat", { site_key: config.siteKey }).then(function (r) {
      if (r.status === 403) return refuse(errorCode(r) || "origin_not_allowed", errorMessage(r));
      if (r.status !== 0) return;
      return request("HEAD", "/widget.js").then(function (probe) {
        if (probe.status >= 200 && probe.status < 400) refuse("origin_not_allowed", "");
      });
    });
  }

  // the next step of the widget's own back-off; a success, "retry now" or a new conversation start it again
  function backoff() { return backoffDelay(state.attempt++); }
  function scheduleRetry(ms) {
    if (state.retryTimer) clearT(state.retryTimer);
    state.retryTimer = setT(function () { state.retryTimer = null; pump(); }, ms);
  }
  function retryNow() { state.attempt = 0; if (!state.inflight) pump(); }

  // This page may not use the assistant: say so once, drop what waits, and disable the composer for good.
  function refuse(code, message) {
    state.refused = true;
    state.queue = [];
    state.history.forEach(function (it) { if (it.role === "user" && it.status === "pending") { it.status = "failed"; app.refreshItem(it); } });
    app.setStatus("refused", true);
    ui.input.disabled = true;
    ui.sendBtn.disabled = true;
    ui.panel.setAttribute("data-state", "refused");
    ui.log.querySelectorAll(".vnaw-chip").forEach(function (b) { b.disabled = true; });
    emit("error", { code: code, status: 403, message: message });
    save();
  }

  function newConversation() {
    state.sessionId = newSessionId(n.crypto);
    state.history = [];
    state.queue = [];
    state.attempt = 0;
    if (state.retryTimer) { clearT(state.retryTimer); state.retryTimer = null; }
    app.setTyping(false);
    app.renderAll();
    if (!state.refused) app.setStatus(null);
    save();
    ui.input.focus();
  }

  app.sendMessage = sendMessage;
  app.pump = pump;
  app.retryNow = retryNow;
  app.checkAccess = checkAccess;
  app.refuse = refuse;
  app.newConversation = newConversation;
}
