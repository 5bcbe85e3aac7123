// The nine languages and their own names, in menu order: injected by scripts/build_widget.mjs (esbuild's
// `define`) from language/languages.json, the one definition shared with Python. Outside the bundle (node)
// the name must be set on globalThis before this module is imported.
export var NATIVE_NAMES = __VNAW_LANGUAGES__;
export var SUPPORTED = Object.keys(NATIVE_NAMES);

// "fr-CA", "FR" -> "fr"; "" for a language the assistant does not speak
export function normLang(code) {
  var c = String(code || "").toLowerCase().slice(0, 2);
  return SUPPORTED.indexOf(c) >= 0 ? c : "";
}

// "Hant" for a tag that names Traditional Chinese (zh-Hant, zh-TW, zh-HK, zh-MO), else "": the gateway answers in
// Traditional characters when a message is sent with "zh-Hant" (language/script.py)
export function chineseScript(tag) {
  return /^zh[-_](hant|tw|hk|mo)\b/i.test(String(tag || "").trim()) ? "Hant" : "";
}
