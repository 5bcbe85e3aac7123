// node --test tests/widget/: the widget's transport (webchat/static/widget/transport.js) with stand-ins for fetch,
// XMLHttpRequest and the timers. What it guarantees: a request never rejects (status 0 is a network failure),
// JSON in and out, a 45 s timeout, Retry-After read and capped, XMLHttpRequest when fetch is missing or broken,
// and the queue's decisions: what a reply means and how long a held message waits.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  createTransport, retryAfterMs, outcome, retryDelay, backoffDelay, errorCode, errorMessage, newSessionId,
  REQUEST_TIMEOUT, BACKOFF,
} from "../../webchat/static/widget/transport.js";

const ORIGIN = "https://assistant.example";
const WINDOW = { name: "the window" }; // what fetch must be called on

// fake timers: nothing runs until the test fires it
function timers() {
  const list = [];
  return {
    list,
    setTimeout(fn, ms) { list.push({ fn, ms, cleared: false }); return list.length; },
    clearTimeout(id) { if (list[id - 1]) list[id - 1].cleared = true; },
  };
}

// a recording fetch; respond(url, init) returns a Response, a promise, or throws
function fakeFetch(respond) {
  const calls = [];
  const fetch = function (url, init) { calls.push({ self: this, url, init }); return respond(url, init); };
  return { fetch, calls };
}

// a scripted XMLHttpRequest; behave(xhr) decides what happens on send
function fakeXHR(behave) {
  const made = [];
  class XHR {
    constructor() { this.headers = {}; made.push(this); }
    open(method, url, async) { this.method = method; this.url = url; this.async = async; }
    setRequestHeader(k, v) { this.headers[k] = v; }
    getResponseHeader(k) { return (this.responseHeaders || {})[k.toLowerCase()] ?? null; }
    send(body) { this.body = body; behave(this); }
  }
  return { XHR, made };
}
const xhrReply = (status, text, headers = {}) => (x) => {
  x.status = status; x.responseText = text; x.responseHeaders = headers; queueMicrotask(() => x.onload());
};

function transport({ fetch = null, XHR = undefined, AbortController = globalThis.AbortController, t = timers() } = {}) {
  const request = createTransport({
    origin: ORIGIN, self: WINDOW, fetch, XHR, AbortController, setTimeout: t.setTimeout, clearTimeout: t.clearTimeout,
    jsonParse: JSON.parse, jsonStringify: JSON.stringify,
  });
  return { request, t };
}

const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

test("a POST sends the payload as JSON with CORS, no credentials and no cache, and resolves status and data", async () => {
  const { fetch, calls } = fakeFetch(() => Promise.resolve(json(200, { session_id: "s1", messages: [{ text: "Hi" }] })));
  const { request, t } = transport({ fetch });
  const payload = { session_id: "s1", message: "Xin chào", lang: "vi", lang_source: "page", site_key: "demo" };
  const r = await request("POST", "/api/v1/chat", payload);
  assert.deepEqual(r, { status: 200, data: { session_id: "s1", messages: [{ text: "Hi" }] }, retryAfter: 0 });
  assert.equal(calls.length, 1);
  const { self, url, init } = calls[0];
  assert.equal(self, WINDOW);
  assert.equal(url, "https://assistant.example/api/v1/chat");
  assert.equal(init.method, "POST");
  assert.equal(init.mode, "cors");
  assert.equal(init.credentials, "omit");
  assert.equal(init.cache, "no-store");
  assert.deepEqual(init.headers, { "Content-Type": "application/json" });
  assert.equal(typeof init.body, "string");
  assert.deepEqual(JSON.parse(init.body), payload); // exactly these fields, in the body
  assert.ok(init.signal instanceof AbortSignal);
  // the timeout was armed for 45 s and disarmed by the answer
  assert.equal(t.list.length, 1);
  assert.equal(t.list[0].ms, REQUEST_TIMEOUT);
  assert.equal(REQUEST_TIMEOUT, 45000);
  assert.equal(t.list[0].cleared, true);
});

test("a GET or HEAD has no body and no Content-Type", async () => {
  const { fetch, calls } = fakeFetch(() => Promise.resolve(json(200, { title: "T" })));
  const { request } = transport({ fetch });
  assert.deepEqual(await request("GET", "/api/v1/sites/demo"), { status: 200, data: { title: "T" }, retryAfter: 0 });
  assert.equal(calls[0].init.body, undefined);
  assert.equal(calls[0].init.headers, undefined);
});

test("an error status resolves like a success, with data null when the body is not JSON", async () => {
  const { fetch } = fakeFetch(() => Promise.resolve(new Response("<h1>Bad gateway</h1>", { status: 502 })));
  const { request } = transport({ fetch });
  assert.deepEqual(await request("POST", "/api/v1/chat", {}), { status: 502, data: null, retryAfter: 0 });
});

test("a 503 busy carries Retry-After in ms; the message waits that long, not the widget's own back-off", async () => {
  const busy = { error: { code: "busy", message: "De nombreux visiteurs…" }, language: "fr" };
  const { fetch } = fakeFetch(() => Promise.resolve(json(503, busy, { "Retry-After": "3" })));
  const { request } = transport({ fetch });
  const r = await request("POST", "/api/v1/chat", { message: "x" });
  assert.deepEqual(r, { status: 503, data: busy, retryAfter: 3000 });
  assert.equal(outcome(r), "unavailable");
  assert.equal(errorCode(r), "busy");
  let steps = 0;
  assert.equal(retryDelay(r, () => { steps++; return 2000; }), 3000);
  assert.equal(steps, 0); // the back-off is not counted when the gateway chose the wait
  // a 5xx without Retry-After backs off
  assert.equal(retryDelay({ status: 503, data: null, retryAfter: 0 }, () => { steps++; return 4000; }), 4000);
  assert.equal(steps, 1);
});

test("Retry-After: whole seconds, capped at a minute; 0 when absent or not a positive number", () => {
  assert.equal(retryAfterMs("5"), 5000);
  assert.equal(retryAfterMs("60"), 60000);
  assert.equal(retryAfterMs("3600"), 60000);
  for (const v of [null, undefined, "", "0", "-5", "soon", "Wed, 21 Oct 2026 07:28:00 GMT"]) assert.equal(retryAfterMs(v), 0, String(v));
});

test("a 429 waits at least 5 s, longer when Retry-After or the back-off says so, and counts a back-off step", () => {
  let steps = 0;
  const next = (d) => () => { steps++; return d; };
  assert.equal(retryDelay({ status: 429, retryAfter: 0 }, next(2000)), 5000);
  assert.equal(retryDelay({ status: 429, retryAfter: 7000 }, next(2000)), 7000);
  assert.equal(retryDelay({ status: 429 }, next(15000)), 15000);
  assert.equal(steps, 3);
  assert.equal(outcome({ status: 429, data: { error: { code: "rate_limited" } } }), "rate_limited");
});

test("the widget's back-off: 2, 4, 8, then 15 s for every later retry", () => {
  assert.deepEqual([0, 1, 2, 3, 4, 10].map(backoffDelay), [2000, 4000, 8000, 15000, 15000, 15000]);
  assert.deepEqual(BACKOFF, [2000, 4000, 8000, 15000]);
});

test("a network error resolves status 0 (never rejects), disarms the timeout and is not sent again by XHR", async () => {
  const { fetch, calls } = fakeFetch(() => Promise.reject(new TypeError("Failed to fetch")));
  const { XHR, made } = fakeXHR(xhrReply(200, "{}"));
  const { request, t } = transport({ fetch, XHR });
  const r = await request("POST", "/api/v1/chat", { message: "x" });
  assert.deepEqual(r, { status: 0, data: null });
  assert.equal(outcome(r), "network");
  assert.equal(t.list[0].cleared, true);
  assert.equal(made.length, 0);
  await request("POST", "/api/v1/chat", { message: "y" }); // fetch is still used
  assert.equal(calls.length, 2);
});

test("after 45 s the request is aborted and resolves status 0", async () => {
  // a fetch that only ends when its signal aborts, as a hung server would
  const { fetch } = fakeFetch((url, init) => new Promise((resolve, reject) => {
    init.signal.addEventListener("abort", () => reject(new DOMException("The operation was aborted.", "AbortError")));
  }));
  const { XHR, made } = fakeXHR(xhrReply(200, "{}"));
  const { request, t } = transport({ fetch, XHR });
  const pending = request("POST", "/api/v1/chat", { message: "x" });
  assert.equal(t.list.length, 1);
  assert.equal(t.list[0].ms, 45000);
  t.list[0].fn(); // 45 s later
  assert.deepEqual(await pending, { status: 0, data: null });
  assert.equal(made.length, 0); // a timeout is a network failure, not a broken fetch
});

test("without a native AbortController there is no fetch timer", async () => {
  const { fetch, calls } = fakeFetch(() => Promise.resolve(json(200, { messages: [] })));
  const { request, t } = transport({ fetch, AbortController: null });
  assert.equal((await request("POST", "/api/v1/chat", {})).status, 200);
  assert.equal(t.list.length, 0);
  assert.equal(calls[0].init.signal, undefined);
});

test("without fetch (a page replaced it), XMLHttpRequest sends the same request", async () => {
  const { XHR, made } = fakeXHR(xhrReply(503, JSON.stringify({ error: { code: "busy" } }), { "retry-after": "4" }));
  const { request } = transport({ fetch: null, XHR });
  const r = await request("POST", "/api/v1/chat", { message: "hi", site_key: "demo" });
  assert.deepEqual(r, { status: 503, data: { error: { code: "busy" } }, retryAfter: 4000 });
  const x = made[0];
  assert.equal(x.method, "POST");
  assert.equal(x.url, "https://assistant.example/api/v1/chat");
  assert.equal(x.async, true);
  assert.equal(x.timeout, 45000);
  assert.deepEqual(x.headers, { "Content-Type": "application/json" });
  assert.deepEqual(JSON.parse(x.body), { message: "hi", site_key: "demo" });
  // no payload: no body, no header
  const { XHR: XHR2, made: made2 } = fakeXHR(xhrReply(200, "not json"));
  const r2 = await transport({ XHR: XHR2 }).request("HEAD", "/widget.js");
  assert.deepEqual(r2, { status: 200, data: null, retryAfter: 0 });
  assert.equal(made2[0].body, null);
  assert.deepEqual(made2[0].headers, {});
});

test("XMLHttpRequest errors, timeouts and aborts resolve status 0, and so does a constructor that throws", async () => {
  for (const event of ["onerror", "ontimeout", "onabort"]) {
    const { XHR } = fakeXHR((x) => queueMicrotask(() => x[event]()));
    assert.deepEqual(await transport({ XHR }).request("POST", "/api/v1/chat", {}), { status: 0, data: null }, event);
  }
  class Broken { constructor() { throw new Error("no XHR here"); } }
  assert.deepEqual(await transport({ XHR: Broken }).request("GET", "/x"), { status: 0, data: null });
});

test("a fetch that throws at once is dropped: this request and the next ones go by XMLHttpRequest", async () => {
  const { fetch, calls } = fakeFetch(() => { throw new Error("fetch is disabled on this hostile page"); });
  const { XHR, made } = fakeXHR(xhrReply(200, JSON.stringify({ messages: [] })));
  const { request } = transport({ fetch, XHR });
  assert.equal((await request("POST", "/api/v1/chat", { m: 1 })).status, 200);
  assert.equal((await request("POST", "/api/v1/chat", { m: 2 })).status, 200);
  assert.equal(calls.length, 1);
  assert.equal(made.length, 2);
  assert.deepEqual(JSON.parse(made[1].body), { m: 2 });
});

test("a fetch that fails other than by the network is dropped too (the reply comes by XMLHttpRequest)", async () => {
  const { fetch, calls } = fakeFetch(() => Promise.reject(new Error("a page's wrapper broke")));
  const { XHR, made } = fakeXHR(xhrReply(200, JSON.stringify({ messages: [{ text: "ok" }] })));
  const { request } = transport({ fetch, XHR });
  assert.deepEqual(await request("POST", "/api/v1/chat", {}), { status: 200, data: { messages: [{ text: "ok" }] }, retryAfter: 0 });
  await request("GET", "/x");
  assert.equal(calls.length, 1);
  assert.equal(made.length, 2);
});

test("what a reply means for the queued message", () => {
  const err = (code) => ({ error: { code, message: "m" } });
  assert.equal(outcome({ status: 200, data: { messages: [] } }), "answered");
  assert.equal(outcome({ status: 200, data: { messages: "no" } }), "rejected");
  assert.equal(outcome({ status: 200, data: null }), "rejected");
  assert.equal(outcome({ status: 403, data: err("origin_not_allowed") }), "refused");
  assert.equal(outcome({ status: 403, data: err("unknown_site") }), "refused");
  assert.equal(outcome({ status: 403, data: err("forbidden") }), "rejected");
  assert.equal(outcome({ status: 400, data: err("invalid_message") }), "rejected");
  assert.equal(outcome({ status: 429, data: null }), "rate_limited");
  assert.equal(outcome({ status: 0, data: null }), "network");
  for (const s of [500, 502, 503, 504]) assert.equal(outcome({ status: s, data: null }), "unavailable", String(s));
});

test("errorCode and errorMessage read the gateway's error, or give empty strings", () => {
  assert.equal(errorCode({ data: { error: { code: "busy", message: "Wait" } } }), "busy");
  assert.equal(errorMessage({ data: { error: { code: "busy", message: "Wait" } } }), "Wait");
  assert.equal(errorCode({ data: { error: { code: 42 } } }), "42");
  for (const data of [null, {}, { error: null }, { error: {} }, "text"]) {
    assert.equal(errorCode({ data }), "");
    assert.equal(errorMessage({ data }), "");
  }
});

test("session ids: crypto.randomUUID, else random bytes, else Math.random; always what the gateway accepts", () => {
  const accepted = /^[A-Za-z0-9._:-]{1,128}$/;
  assert.equal(newSessionId({ randomUUID: () => "0b6d3c1e-1111-4222-8333-444455556666" }), "0b6d3c1e-1111-4222-8333-444455556666");
  const bytes = { getRandomValues: (a) => { a.forEach((_, i) => { a[i] = i * 17; }); return a; } };
  assert.equal(newSessionId(bytes), "vnaw-00112233445566778899aabbccddeeff");
  const broken = { randomUUID() { throw new Error("insecure context"); }, getRandomValues: bytes.getRandomValues };
  assert.equal(newSessionId(broken), "vnaw-00112233445566778899aabbccddeeff");
  for (const c of [undefined, null, {}]) {
    const id = newSessionId(c);
    assert.match(id, /^vnaw-[0-9a-f]{32}$/);
    assert.match(id, accepted);
    assert.notEqual(newSessionId(c), id);
  }
  assert.match(newSessionId(globalThis.crypto), accepted);
});
