#!/usr/bin/env node
// Minify webchat/static/widget.js into webchat/static/build/widget.min.js (gitignored) with esbuild,
// print the raw and gzipped sizes, and fail when the gzipped file exceeds the 30 kB budget.
import { transform } from "esbuild";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SRC = join(ROOT, "webchat", "static", "widget.js");
const OUT = join(ROOT, "webchat", "static", "build", "widget.min.js");
const BUDGET = 30_000; // bytes, gzipped

mkdirSync(dirname(OUT), { recursive: true });
// the language list has one definition, shared with Python: language/languages.json
const LANGUAGES = JSON.parse(readFileSync(join(ROOT, "language", "languages.json"), "utf8")).languages;
// transform (not build): the source is already one self-contained IIFE, so nothing is wrapped or bundled
const { code, warnings } = await transform(readFileSync(SRC, "utf8"), {
  define: { __VNAW_LANGUAGES__: JSON.stringify(LANGUAGES) },
  loader: "js",
  minify: true,
  target: ["es2017", "chrome80", "firefox78", "safari13"],
  legalComments: "none",
  charset: "utf8", // keep the nine languages as UTF-8 text: smaller than \u escapes
  banner: "/*! Vietnam Assistant widget | source: widget.js */",
});
for (const w of warnings) console.warn(`warning: ${w.text}`);
writeFileSync(OUT, code);

const src = readFileSync(SRC);
const out = readFileSync(OUT);
const gz = gzipSync(out, { level: 9 }).length;
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
console.log(`source   ${SRC.slice(ROOT.length + 1)}: ${kb(src.length)}`);
console.log(`minified ${OUT.slice(ROOT.length + 1)}: ${kb(out.length)} raw, ${kb(gz)} gzipped (budget ${kb(BUDGET)})`);
if (gz > BUDGET) {
  console.error(`FAIL: gzipped widget is ${gz} bytes, over the ${BUDGET}-byte budget`);
  process.exit(1);
}
