#!/usr/bin/env node
// Bundle the widget's ES modules (webchat/static/widget/, entry index.js) into one minified IIFE,
// webchat/static/build/widget.min.js (gitignored), with esbuild; print the raw and gzipped sizes, and fail when the
// gzipped file exceeds the 30 kB budget.
import { build } from "esbuild";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SRC_DIR = join(ROOT, "webchat", "static", "widget");
const ENTRY = join(SRC_DIR, "index.js");
const OUT = join(ROOT, "webchat", "static", "build", "widget.min.js");
const BUDGET = 30_000; // bytes, gzipped

// the language list has one definition, shared with Python: language/languages.json
const LANGUAGES = JSON.parse(readFileSync(join(ROOT, "language", "languages.json"), "utf8")).languages;
// styles.css keeps its comments for readers; the bundle does not need them (the CSS is text, nothing minifies it)
const stripCssComments = {
  name: "strip-css-comments",
  setup(b) {
    b.onLoad({ filter: /\.css$/ }, (args) => ({
      contents: readFileSync(args.path, "utf8").replace(/\/\*[\s\S]*?\*\/\n?/g, "").trim(),
      loader: "text",
    }));
  },
};
const { warnings } = await build({
  entryPoints: [ENTRY],
  outfile: OUT, // esbuild creates webchat/static/build/ when it is missing
  bundle: true,
  format: "iife", // one classic script, no globals of its own: the page may define `define`, `module`, `exports`
  define: { __VNAW_LANGUAGES__: JSON.stringify(LANGUAGES) },
  loader: { ".css": "text" }, // styles.css arrives as a string, adopted as a constructed sheet in the Shadow DOM
  minify: true,
  target: ["es2017", "chrome80", "firefox78", "safari13"],
  legalComments: "none",
  charset: "utf8", // keep the nine languages as UTF-8 text: smaller than \u escapes
  banner: { js: "/*! Vietnam Assistant widget | source: webchat/static/widget/ */" },
  plugins: [stripCssComments],
  logLevel: "silent", // errors throw (and fail the build); warnings are printed below
});
for (const w of warnings) console.warn(`warning: ${w.text}`);

// the sources' total size (the modules and the stylesheet), for comparison with the bundle
const sources = readdirSync(SRC_DIR).filter((f) => /\.(js|css)$/.test(f));
const srcBytes = sources.reduce((sum, f) => sum + statSync(join(SRC_DIR, f)).size, 0);
const out = readFileSync(OUT);
const gz = gzipSync(out, { level: 9 }).length;
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
console.log(`source   ${SRC_DIR.slice(ROOT.length + 1)}/ (${sources.length} files): ${kb(srcBytes)}`);
console.log(`minified ${OUT.slice(ROOT.length + 1)}: ${kb(out.length)} raw, ${kb(gz)} gzipped (budget ${kb(BUDGET)})`);
if (gz > BUDGET) {
  console.error(`FAIL: gzipped widget is ${gz} bytes, over the ${BUDGET}-byte budget`);
  process.exit(1);
}
