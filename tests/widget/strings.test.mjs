// node --test tests/widget/: the widget's UI strings (strings.js), its languages (languages.js) and its saved
// natives (natives.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { STRINGS, translate } from "../../webchat/static/widget/strings.js";
import { isNative, captureNatives } from "../../webchat/static/widget/natives.js";

const LANGUAGES = JSON.parse(readFileSync(new URL("../../language/languages.json", import.meta.url), "utf8")).languages;
globalThis.__VNAW_LANGUAGES__ = LANGUAGES; // what the build injects
const { SUPPORTED, NATIVE_NAMES, normLang } = await import("../../webchat/static/widget/languages.js");

test("every language of language/languages.json has every UI string, and only those", () => {
  assert.deepEqual(Object.keys(STRINGS).sort(), Object.keys(LANGUAGES).sort());
  const keys = Object.keys(STRINGS.en).sort();
  for (const [lang, table] of Object.entries(STRINGS)) {
    assert.deepEqual(Object.keys(table).sort(), keys, lang);
    for (const key of keys) if (key !== "topics") assert.ok(typeof table[key] === "string" && table[key].trim(), `${lang}.${key}`);
    assert.equal(table.topics.length, 5, lang);
    for (const [label, question] of table.topics) assert.ok(label && question, lang);
  }
});

test("translate falls back to English for an unknown language or a missing string", () => {
  assert.equal(translate("fr", "send"), "Envoyer");
  assert.equal(translate("xx", "send"), "Send");
  assert.equal(translate("vi", "no-such-key"), undefined);
  const saved = STRINGS.fr.send;
  delete STRINGS.fr.send; // a string not translated yet
  try { assert.equal(translate("fr", "send"), "Send"); } finally { STRINGS.fr.send = saved; }
});

test("languages: the injected list in menu order, and codes reduced to a supported one", () => {
  assert.deepEqual(SUPPORTED, ["en", "fr", "es", "de", "ru", "zh", "ja", "ko", "vi"]);
  assert.equal(NATIVE_NAMES.vi, "Tiếng Việt");
  assert.equal(normLang("fr-CA"), "fr");
  assert.equal(normLang("ZH_hant"), "zh");
  for (const code of ["", null, undefined, "pt-BR", "x"]) assert.equal(normLang(code), "");
});

test("natives: a page's replacement of fetch or AbortController is not kept", () => {
  assert.equal(isNative(JSON.parse), true);
  assert.equal(isNative(function fetch() {}), false);
  assert.equal(isNative(undefined), false);
  const page = { fetch() { throw new Error("hostile"); }, AbortController: class {}, XMLHttpRequest: class {},
    setTimeout, clearTimeout, crypto: globalThis.crypto };
  const n = captureNatives(page);
  assert.equal(n.fetch, null);
  assert.equal(n.AbortController, null);
  assert.equal(n.XHR, page.XMLHttpRequest);
  assert.equal(n.jsonParse, JSON.parse);
  // built-in functions stand in for the browser's own fetch and AbortController (node's are written in JS)
  const browser = { ...page, fetch: Math.max, AbortController: Map };
  assert.equal(captureNatives(browser).fetch, Math.max);
  assert.equal(captureNatives(browser).AbortController, Map);
});
