// Native browser functions, saved the moment the widget's script runs. The widget runs on pages we do not
// control: the page (or another of its scripts) may already have replaced fetch, or replace timers and JSON
// later. The transport and the queue only use the references saved here.
var fnToString = Function.prototype.toString;

// true for a built-in function; a page's replacement (a wrapper, a polyfill, a function that throws) is not
export function isNative(fn) {
  try { return typeof fn === "function" && /\[native code\]/.test(fnToString.call(fn)); } catch (e) { return false; }
}

// W: the window. fetch and AbortController are kept only when native (a replaced fetch may throw or lie: the
// transport then uses XMLHttpRequest); the others are kept as they are. Call the timers through a local
// variable (var setT = n.setTimeout; setT(...)), never as n.setTimeout(...): window's own functions throw
// "Illegal invocation" when called on another object.
export function captureNatives(W) {
  return {
    fetch: isNative(W.fetch) ? W.fetch : null,
    XHR: W.XMLHttpRequest,
    AbortController: isNative(W.AbortController) ? W.AbortController : null,
    setTimeout: W.setTimeout,
    clearTimeout: W.clearTimeout,
    jsonParse: JSON.parse,
    jsonStringify: JSON.stringify,
    crypto: W.crypto
  };
}
