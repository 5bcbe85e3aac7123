// node --test tests/widget/: the widget's message queue (webchat/static/widget/queue.js) with a stand-in for the
// rest of the widget (rendering, storage, the transport) and fake timers. What it guarantees: one message on its
// way at a time, in order; a message is only dropped when the gateway answers or refuses it for good; a busy
// gateway's Retry-After is the wait before the message goes again; 429 waits at least 5 s; a network failure is
// told apart from a refused origin.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

// queue.js reads the language list that the build injects (languages.js)
globalThis.__VNAW_LANGUAGES__ = JSON.parse(
  readFileSync(new URL("../../language/languages.json", import.meta.url), "utf8")).languages;
const { createQueue, MAX_MESSAGE } = await import("../../webchat/static/widget/queue.js");

const settle = () => new Promise((resolve) => setImmediate(resolve));

// The widget around the queue. Each request waits until the test answers it: w.answer(reply).
function widget({ online = true, config = {} } = {}) {
  const timers = [];
  const calls = [];
  const w = {
    calls, timers, events: [], statuses: [], saves: 0,
    // answer the oldest unanswered request
    answer(reply) { const c = calls.find((x) => !x.done); c.done = true; c.resolve(reply); return settle(); },
    chats: () => calls.filter((c) => c.path === "/api/v1/chat"),
    pendingTimers: () => timers.filter((t) => !t.cleared && !t.fired),
    fire() { const t = w.pendingTimers()[0]; t.fired = true; t.fn(); return settle(); },
  };
  const state = { sessionId: "s-1", lang: "en", history: [], queue: [], open: false, inflight: false, refused: false,
    retryTimer: null, attempt: 0, corsSuspect: 0 };
  const ui = {
    input: { disabled: false, focus() {} }, sendBtn: { disabled: false },
    panel: { setAttribute(k, v) { ui.panel[k] = v; } }, log: { querySelectorAll: () => [] },
  };
  const app = w.app = {
    W: { navigator: { onLine: online } },
    natives: {
      setTimeout(fn, ms) { timers.push({ fn, ms }); return timers.length; },
      clearTimeout(id) { if (timers[id - 1]) timers[id - 1].cleared = true; },
      crypto: globalThis.crypto,
    },
    config: { siteKey: "demo", ...config }, state, ui,
    emit: (name, detail) => w.events.push([name, detail]),
    save: () => { w.saves++; },
    request: (method, path, payload) => new Promise((resolve) => calls.push({ method, path, payload, resolve })),
    addItem: (item) => state.history.push(item),
    refreshItem() {}, renderAll() {},
    setTyping: (on) => { w.typing = on; },
    setStatus: (...args) => w.statuses.push(args),
    setLanguage: (code, source) => { state.lang = code; w.languageFrom = source; },
  };
  createQueue(app);
  w.state = state;
  return w;
}

const answered = (text = "Answer", extra = {}) =>
  ({ status: 200, data: { session_id: "s-1", language: "en", messages: [{ text, ...extra }] }, retryAfter: 0 });
const bots = (w) => w.state.history.filter((i) => i.role === "bot").map((i) => i.text);
const user = (w, text) => w.state.history.find((i) => i.role === "user" && i.text === text);

test("messages go one at a time, in order, with the session, language and site key", async () => {
  const w = widget();
  assert.equal(w.app.sendMessage("  first  "), true);
  assert.equal(w.app.sendMessage("second"), true);
  assert.equal(w.app.sendMessage("   "), false); // nothing to send
  await settle();
  assert.equal(w.chats().length, 1); // the second waits for the first
  assert.deepEqual(w.chats()[0].payload, { session_id: "s-1", message: "first", lang: "en", lang_source: "page", site_key: "demo" });
  assert.equal(user(w, "first").status, "pending");
  assert.equal(w.typing, true);
  await w.answer(answered("A1"));
  assert.equal(user(w, "first").status, "sent");
  assert.equal(w.chats().length, 2);
  assert.equal(w.chats()[1].payload.message, "second");
  await w.answer(answered("A2"));
  assert.deepEqual(bots(w), ["A1", "A2"]);
  assert.equal(w.state.queue.length, 0);
  assert.equal(w.typing, false);
  // a message is cut at the gateway's limit
  w.app.sendMessage("x".repeat(MAX_MESSAGE + 50));
  await settle();
  assert.equal(w.chats()[2].payload.message.length, MAX_MESSAGE);
});

test("503 busy: the apology shows, the message stays queued and goes again after Retry-After", async () => {
  const w = widget();
  w.app.sendMessage("Combien coûte le visa ?");
  await settle();
  await w.answer({ status: 503, retryAfter: 3000,
    data: { error: { code: "busy", message: "De nombreux visiteurs posent des questions." }, language: "fr" } });
  assert.equal(w.state.queue.length, 1);
  assert.equal(user(w, "Combien coûte le visa ?").status, "pending");
  assert.deepEqual(w.statuses.at(-1), ["unavailable", false, "De nombreux visiteurs posent des questions.", true]);
  assert.equal(w.state.lang, "fr"); // the apology's language
  assert.deepEqual(w.pendingTimers().map((t) => t.ms), [3000]); // not the widget's own 2 s
  assert.equal(w.state.attempt, 0);
  assert.equal(w.chats().length, 1);
  await w.fire(); // 3 s later
  assert.equal(w.chats().length, 2);
  assert.equal(w.chats()[1].payload.message, "Combien coûte le visa ?");
  await w.answer(answered("Le visa coûte 25 USD."));
  assert.deepEqual(bots(w), ["Le visa coûte 25 USD."]);
  assert.equal(w.state.queue.length, 0);
  assert.deepEqual(w.statuses.at(-1), [null]);
});

test("5xx without Retry-After backs off 2 s, then 4 s; an answer starts the back-off again", async () => {
  const w = widget();
  w.app.sendMessage("hello");
  await settle();
  await w.answer({ status: 503, data: { error: { code: "rasa_unavailable", message: "Indisponible" } }, retryAfter: 0 });
  assert.equal(w.statuses.at(-1)[1], true); // a real outage is shown as an error, unlike "busy"
  assert.deepEqual(w.pendingTimers().map((t) => t.ms), [2000]);
  await w.fire();
  await w.answer({ status: 500, data: null, retryAfter: 0 });
  assert.deepEqual(w.pendingTimers().map((t) => t.ms), [4000]);
  await w.fire();
  await w.answer(answered());
  assert.equal(w.state.attempt, 0);
  assert.equal(w.state.queue.length, 0);
});

test("429: \"slow down\", and the message goes again after at least 5 s", async () => {
  const w = widget();
  w.app.sendMessage("hello");
  await settle();
  await w.answer({ status: 429, data: { error: { code: "rate_limited", message: "Too many" } }, retryAfter: 0 });
  assert.deepEqual(w.statuses.at(-1), ["slowDown", false, null, true]);
  assert.deepEqual(w.pendingTimers().map((t) => t.ms), [5000]);
  assert.ok(w.events.some(([n, d]) => n === "error" && d.code === "rate_limited" && d.status === 429));
  await w.fire();
  await w.answer(answered());
  assert.equal(w.state.queue.length, 0);
});

test("another 4xx drops that message (marked not sent) and sends the next one", async () => {
  const w = widget();
  w.app.sendMessage("bad");
  w.app.sendMessage("good");
  await settle();
  await w.answer({ status: 400, data: { error: { code: "invalid_message", message: "No" } }, retryAfter: 0 });
  assert.equal(user(w, "bad").status, "failed");
  assert.deepEqual(w.statuses.at(-1), ["error", true]);
  assert.equal(w.chats().length, 2);
  assert.equal(w.chats()[1].payload.message, "good");
});

test("offline: the message waits and goes again after the back-off, without probing the server", async () => {
  const w = widget({ online: false });
  w.app.sendMessage("hello");
  await settle();
  await w.answer({ status: 0, data: null });
  assert.deepEqual(w.statuses.at(-1), ["offline", true, null, true]);
  assert.deepEqual(w.pendingTimers().map((t) => t.ms), [2000]);
  assert.equal(w.calls.length, 1);
});

test("a network failure while the server answers /widget.js twice means this origin is refused", async () => {
  const w = widget();
  w.app.sendMessage("hello");
  await settle();
  await w.answer({ status: 0, data: null }); // the chat call fails at the network level
  assert.deepEqual(w.calls.at(-1).method + " " + w.calls.at(-1).path, "HEAD /widget.js");
  await w.answer({ status: 200, data: null }); // ... but the server is there: try once more at once
  assert.equal(w.chats().length, 2);
  await w.answer({ status: 0, data: null });
  await w.answer({ status: 200, data: null });
  assert.equal(w.state.refused, true);
  assert.equal(w.state.queue.length, 0);
  assert.equal(user(w, "hello").status, "failed");
  assert.equal(w.app.ui.input.disabled, true);
  assert.equal(w.app.sendMessage("again"), false);
});

test("a network failure while /widget.js is unreachable too: \"cannot reach\", and back off", async () => {
  const w = widget();
  w.app.sendMessage("hello");
  await settle();
  await w.answer({ status: 0, data: null });
  await w.answer({ status: 0, data: null }); // the probe fails as well
  assert.deepEqual(w.statuses.at(-1), ["unreachable", true, null, true]);
  assert.deepEqual(w.pendingTimers().map((t) => t.ms), [2000]);
  assert.equal(w.state.refused, false);
});

test("a 403 for this origin or site key refuses for good", async () => {
  const w = widget();
  w.app.sendMessage("hello");
  await settle();
  await w.answer({ status: 403, data: { error: { code: "origin_not_allowed", message: "Not here" } }, retryAfter: 0 });
  assert.equal(w.state.refused, true);
  assert.deepEqual(w.statuses.at(-1), ["refused", true]);
  assert.ok(w.events.some(([n, d]) => n === "error" && d.code === "origin_not_allowed" && d.status === 403));
  assert.equal(w.pendingTimers().length, 0);
});

test("a reply that arrives after a new conversation started is dropped", async () => {
  const w = widget();
  w.app.sendMessage("old");
  await settle();
  w.app.newConversation();
  assert.notEqual(w.state.sessionId, "s-1");
  w.app.sendMessage("new"); // waits: the old request is still on its way
  await settle();
  await w.answer(answered("late answer to old"));
  assert.deepEqual(bots(w), []);
  assert.equal(w.chats().length, 2);
  assert.equal(w.chats()[1].payload.message, "new");
  assert.equal(w.chats()[1].payload.session_id, w.state.sessionId);
});

test("bot messages keep only their known fields, as text", async () => {
  const w = widget();
  w.app.sendMessage("q");
  await settle();
  await w.answer({ status: 200, retryAfter: 0, data: { language: "de", messages: [
    { text: 42, kind: "answer", entry_id: 7, buttons: [{ title: "<b>", payload: 1 }, null], sources: [{ url: "https://e.org" }],
      language: "xx", last_reviewed: "2026-01-02", onclick: "x" },
    null, "text",
  ] } });
  const [bot] = w.state.history.filter((i) => i.role === "bot");
  assert.equal(w.state.history.filter((i) => i.role === "bot").length, 1);
  assert.equal(w.state.lang, "de");
  assert.equal(w.languageFrom, "server");
  assert.deepEqual({ ...bot, id: "", ts: 0 }, {
    id: "", role: "bot", text: "42", kind: "answer", entry_id: "7", language: "de", last_reviewed: "2026-01-02",
    question: "q", ts: 0, buttons: [{ title: "<b>", payload: "1" }, { title: "", payload: "" }],
    sources: [{ title: "", url: "https://e.org", publisher: "" }],
  });
});

test("Chinese is sent as zh-Hant where the page or the browser declares Traditional characters", async () => {
  const w = widget({ config: { chineseScript: "Hant" } });
  w.state.lang = "zh";
  w.app.sendMessage("去越南需要簽證嗎？");
  await settle();
  assert.equal(w.chats()[0].payload.lang, "zh-Hant");
  await w.answer(answered("A1"));
  w.state.lang = "ja"; // another language goes as it is
  w.app.sendMessage("ビザは必要ですか？");
  await settle();
  assert.equal(w.chats()[1].payload.lang, "ja");
  const plain = widget();
  plain.state.lang = "zh";
  plain.app.sendMessage("去越南需要签证吗？");
  await settle();
  assert.equal(plain.chats()[0].payload.lang, "zh");
});

test("which tags declare Traditional Chinese", async () => {
  const { chineseScript } = await import("../../webchat/static/widget/languages.js");
  for (const tag of ["zh-TW", "zh_Hant", "zh-hk", "ZH-MO", " zh-Hant-TW "]) assert.equal(chineseScript(tag), "Hant", tag);
  for (const tag of ["zh", "zh-CN", "zh-Hans", "ja", "", null, "zh-Hantx"]) assert.equal(chineseScript(tag), "", String(tag));
});
