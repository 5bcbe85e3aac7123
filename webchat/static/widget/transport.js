// Talking to the gateway: JSON over fetch with an XMLHttpRequest fallback, a timeout, Retry-After, the session id,
// and what a reply means for the message queue (queue.js acts on it). Every browser function comes in through
// createTransport's options (natives.js saves them at load), so node's tests run this module with stand-ins
// (tests/widget/transport.test.mjs).

export var REQUEST_TIMEOUT = 45000; // ms: the first answers may warm up Rasa and the knowledge base
export var BACKOFF = [2000, 4000, 8000, 15000]; // ms between retries of a held message; the last one repeats

// Retry-After in seconds (the gateway's "busy"), capped at a minute; 0 when absent
export function retryAfterMs(value) {
  var n = parseInt(value || "", 10);
  return n > 0 ? Math.min(n, 60) * 1000 : 0;
}

// request(method, path, payload) resolves {status, data, retryAfter}, and never rejects: status 0 means the network
// failed (offline, server down, timeout, or a CORS refusal). data is the parsed JSON body, or null.
// opts: origin (the API's, e.g. "https://host"), fetch (null: use XHR), self (fetch's `this`: the window), XHR,
// AbortController (null: no fetch timeout), setTimeout, clearTimeout, jsonParse, jsonStringify.
export function createTransport(opts) {
  var realFetch = opts.fetch, RealXHR = opts.XHR, AbortCtl = opts.AbortController;
  var setT = opts.setTimeout, clearT = opts.clearTimeout, jsonParse = opts.jsonParse, jsonStringify = opts.jsonStringify;

  function xhrJSON(method, url, body) {
    return new Promise(function (resolve) {
      var x;
      try {
        x = new RealXHR();
        x.open(method, url, true);
        x.timeout = REQUEST_TIMEOUT;
        if (body !== undefined) x.setRequestHeader("Content-Type", "application/json");
        x.onload = function () {
          var data = null;
          try { data = jsonParse(x.responseText); } catch (e) { /* not JSON */ }
          resolve({ status: x.status, data: data, retryAfter: retryAfterMs(x.getResponseHeader("Retry-After")) });
        };
        x.onerror = x.ontimeout = x.onabort = function () { resolve({ status: 0, data: null }); };
        x.send(body === undefined ? null : body);
      } catch (e) { resolve({ status: 0, data: null }); }
    });
  }

  return function request(method, path, payload) {
    var url = opts.origin + path;
    var body = payload === undefined ? undefined : jsonStringify(payload);
    if (!realFetch) return xhrJSON(method, url, body);
    var ctl = AbortCtl ? new AbortCtl() : null;
    var timer = ctl ? setT(function () { ctl.abort(); }, REQUEST_TIMEOUT) : null;
    var p;
    try {
      p = realFetch.call(opts.self, url, {
        method: method, mode: "cors", credentials: "omit", cache: "no-store",
        headers: body === undefined ? undefined : { "Content-Type": "application/json" },
        body: body, signal: ctl ? ctl.signal : undefined
      });
    } catch (e) {
      realFetch = null; // fetch is broken on this page: use XHR from now on
      return xhrJSON(method, url, body);
    }
    return p.then(function (res) {
      return res.text().then(function (txt) {
        var data = null;
        try { data = jsonParse(txt); } catch (e) { /* not JSON */ }
        return { status: res.status, data: data, retryAfter: retryAfterMs(res.headers.get("Retry-After")) };
      });
    }, function (err) {
      if (err && (err.name === "TypeError" || err.name === "AbortError")) return { status: 0, data: null };
      realFetch = null; // something other than the network failed: fall back to XHR
      return xhrJSON(method, url, body);
    }).then(function (r) { if (timer) clearT(timer); return r; });
  };
}

// A session id the gateway accepts (^[A-Za-z0-9._:-]{1,128}$): a UUID, or "vnaw-" and 32 hex digits.
// cryptoObj: window.crypto, which may be missing or broken (then Math.random, the id only has to be unique).
export function newSessionId(cryptoObj) {
  try { if (cryptoObj && typeof cryptoObj.randomUUID === "function") return cryptoObj.randomUUID(); } catch (e) { /* fall through */ }
  var bytes = [];
  try {
    var arr = new Uint8Array(16);
    cryptoObj.getRandomValues(arr);
    for (var i = 0; i < 16; i++) bytes.push(arr[i]);
  } catch (e) {
    for (var j = 0; j < 16; j++) bytes.push(Math.floor(Math.random() * 256));
  }
  return "vnaw-" + bytes.map(function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
}

// The gateway's {"error": {"code", "message"}}, "" when absent
export function errorCode(r) { return r.data && r.data.error && r.data.error.code ? String(r.data.error.code) : ""; }
export function errorMessage(r) { return r.data && r.data.error && r.data.error.message ? String(r.data.error.message) : ""; }

// What a reply to a chat message means for the message waiting in the queue (checked in this order):
// "answered" (200 with messages), "refused" (403: this page's origin or site key may not use the assistant),
// "rate_limited" (429), "network" (status 0), "unavailable" (5xx, including 503 "busy": the message is kept),
// "rejected" (any other 4xx: this message cannot be sent as it is).
export function outcome(r) {
  var code = errorCode(r);
  if (r.status === 200 && r.data && Array.isArray(r.data.messages)) return "answered";
  if (r.status === 403 && (code === "origin_not_allowed" || code === "unknown_site")) return "refused";
  if (r.status === 429) return "rate_limited";
  if (r.status === 0) return "network";
  if (r.status >= 500) return "unavailable";
  return "rejected";
}

// The widget's own back-off: the wait before retry number `attempt` (0, 1, ...)
export function backoffDelay(attempt) { return BACKOFF[Math.min(attempt, BACKOFF.length - 1)]; }

// How long a rate-limited or unavailable message waits before it is sent again. nextBackoff() returns the next
// step of the back-off and counts it, so it is only called when the wait is the widget's own choice.
export function retryDelay(r, nextBackoff) {
  // 429: at least 5 s, longer if the gateway or the back-off says so
  if (r.status === 429) return Math.max(5000, r.retryAfter || 0, nextBackoff());
  // 5xx: a busy gateway says when to come back (Retry-After); the message waits in the queue until then
  return r.retryAfter || nextBackoff();
}
