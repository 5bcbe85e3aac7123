// node --test tests/widget/: the widget's safe markdown (webchat/static/widget/markdown.js), run as it is with a
// stand-in document. What it guarantees: **bold**, [text](url), bare URLs, "- " lists, line breaks and paragraphs
// become elements; any HTML stays text; only absolute http(s) URLs become links.
import { test } from "node:test";
import assert from "node:assert/strict";
import { renderMarkdown, safeUrl, linkTo } from "../../webchat/static/widget/markdown.js";
import { createDocument, serialize, elements } from "./fakedom.mjs";

const NEW_TAB = "(opens in a new tab)";
const doc = createDocument();
const md = (text) => renderMarkdown(doc, text, NEW_TAB);
const html = (text) => serialize(md(text));
const a = (href, text) =>
  `<a href="${href}" target="_blank" rel="noopener noreferrer">${text}<span class="vnaw-sr"> ${NEW_TAB}</span></a>`;

test("plain text is one paragraph; no text means nothing", () => {
  assert.equal(html("Hello"), "<p>Hello</p>");
  assert.equal(html(""), "");
  assert.equal(html(null), "");
  assert.equal(html(undefined), "");
  assert.equal(html("  \n \n"), "");
});

test("**bold** becomes <strong>; single stars and underscores (italic) stay as they are", () => {
  assert.equal(html("a **b** c"), "<p>a <strong>b</strong> c</p>");
  assert.equal(html("**one** and **two**"), "<p><strong>one</strong> and <strong>two</strong></p>");
  assert.equal(html("*not italic* and _not either_"), "<p>*not italic* and _not either_</p>");
  assert.equal(html("**not closed"), "<p>**not closed</p>");
  assert.equal(html("**across\nlines**"), "<p>**across<br>lines**</p>");
});

test("lines break inside a paragraph; a blank line starts a new one; \\r\\n and \\r count as newlines", () => {
  assert.equal(html("a\nb"), "<p>a<br>b</p>");
  assert.equal(html("a\n\nb"), "<p>a</p><p>b</p>");
  assert.equal(html("a\r\nb\rc"), "<p>a<br>b<br>c</p>");
  assert.equal(html("a\n \t\nb"), "<p>a</p><p>b</p>");
});

test('"- ", "* " and "• " lines make one list; a blank line or text ends it', () => {
  assert.equal(html("- one\n* two\n  • three"), "<ul><li>one</li><li>two</li><li>three</li></ul>");
  assert.equal(html("Intro:\n- a\n- b\nAfter"), "<p>Intro:</p><ul><li>a</li><li>b</li></ul><p>After</p>");
  assert.equal(html("- a\n\n- b"), "<ul><li>a</li></ul><ul><li>b</li></ul>");
  assert.equal(html("-no space\n- **bold** item"), "<p>-no space</p><ul><li><strong>bold</strong> item</li></ul>");
});

test("[text](https://url) and bare URLs become links that open in a new tab and say so", () => {
  assert.equal(html("See [MOFA](https://mofa.gov.vn/) now"), `<p>See ${a("https://mofa.gov.vn/", "MOFA")} now</p>`);
  assert.equal(html("Go to https://example.org/a?b=1."), `<p>Go to ${a("https://example.org/a?b=1", "https://example.org/a?b=1")}.</p>`);
  assert.equal(html("(http://example.org/x), then"), `<p>(${a("http://example.org/x", "http://example.org/x")}), then</p>`);
  assert.equal(html("**see [this](https://e.org/p)**"), `<p><strong>see ${a("https://e.org/p", "this")}</strong></p>`);
  assert.equal(html("- [a](https://e.org/)"), `<ul><li>${a("https://e.org/", "a")}</li></ul>`);
  // the URL is the parsed one (normalised), not the string as written
  assert.equal(html("[x](HTTPS://E.ORG)"), `<p>${a("https://e.org/", "x")}</p>`);
});

test("linkTo makes the same link for a source line", () => {
  assert.equal(serialize(linkTo(doc, "https://e.org/", "E — T", "(new tab)")),
    '<a href="https://e.org/" target="_blank" rel="noopener noreferrer">E — T<span class="vnaw-sr"> (new tab)</span></a>');
});

test("HTML and <script> in bot text stay text", () => {
  assert.equal(html("<script>alert(1)</script>"), "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
  assert.equal(html('Hi <img src=x onerror="alert(1)"> there'), "<p>Hi &lt;img src=x onerror=\"alert(1)\"&gt; there</p>");
  assert.equal(html("- item <b>one</b>"), "<ul><li>item &lt;b&gt;one&lt;/b&gt;</li></ul>");
  assert.equal(html("**<i>x</i>**"), "<p><strong>&lt;i&gt;x&lt;/i&gt;</strong></p>");
  // entities are not decoded either
  assert.equal(md("&lt;b&gt; &amp;").textContent, "&lt;b&gt; &amp;");
});

test("javascript:, data:, relative and other non-http(s) links stay text (mailto: and tel: too)", () => {
  for (const url of ["javascript:alert`1`", "JavaScript:void0", "javascript://e.org/%0aalert`1`", "data:text/html,x",
    "vbscript:msgbox", "/relative", "//e.org/x", "mailto:visa@example.org", "tel:+84241234567", "ftp://e.org/f", "file:///etc/passwd"]) {
    const frag = md(`[click me](${url})`);
    assert.equal(elements(frag).length, 1, url); // the paragraph, no link
    assert.equal(frag.textContent, "click me", url); // the link text only, as text
  }
  assert.equal(html("[click](javascript:alert(1))"), "<p>click)</p>");
  assert.equal(html("javascript:alert(1) and data:text/html,x"), "<p>javascript:alert(1) and data:text/html,x</p>");
});

test("a URL cannot break out of its attribute, and a link carries only href, target and rel", () => {
  const frag = md('[x](https://e.org/"onmouseover="alert(1)) and https://e.org/a"onclick="b');
  const links = elements(frag).filter((e) => e.tagName === "a");
  assert.equal(links.length, 2);
  for (const link of links) {
    assert.deepEqual([...link.attributes.keys()], ["href", "target", "rel"]);
    assert.match(link.getAttribute("href"), /^https:\/\/e\.org\/[^"\s]*$/);
  }
});

test("only the subset's elements and attributes come out, whatever the input", () => {
  const nasty = [
    '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=1</script> <svg onload=alert(1)>',
    '<a href="javascript:alert(1)">x</a> <iframe src="https://evil.example"></iframe> <style>*{}</style>',
    "[a](https://e.org/)**b**[c](javascript:x)**[d](https://e.org/)**\n- <li>\n* **x\n• https://e.org/<script>",
    '"><svg/onload=alert(1)> \u0000 \u202e https://e.org/"><img src=x> [x](https://e.org/?q=<b>)',
  ];
  // and a few thousand random strings from the characters that matter (fixed seed: the same every run)
  let seed = 42;
  const rand = (n) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
  const pieces = ["**", "*", "[", "](", ")", "https://e.org/", "javascript:", "<", ">", '"', "'", "\n", "- ", " ", "x", "&", "=", "onerror"];
  for (let i = 0; i < 3000; i++) nasty.push(Array.from({ length: 1 + rand(25) }, () => pieces[rand(pieces.length)]).join(""));

  const allowed = { p: [], br: [], ul: [], li: [], strong: [], a: ["href", "target", "rel"], span: ["class"] };
  for (const text of nasty) {
    const frag = md(text);
    for (const e of elements(frag)) {
      assert.ok(e.tagName in allowed, `<${e.tagName}> from ${JSON.stringify(text)}`);
      for (const name of e.attributes.keys()) assert.ok(allowed[e.tagName].includes(name), `${name} on <${e.tagName}>`);
      if (e.tagName === "a") assert.match(e.getAttribute("href"), /^https?:\/\//);
    }
    // nothing is lost or added apart from the link notes, the markers and the newlines
    const shown = frag.textContent.split(` ${NEW_TAB}`).join("");
    assert.ok(shown.length <= text.length, JSON.stringify(text));
  }
});

test("safeUrl keeps absolute http(s) URLs only", () => {
  assert.equal(safeUrl("https://mofa.gov.vn/en"), "https://mofa.gov.vn/en");
  assert.equal(safeUrl("http://e.org"), "http://e.org/");
  assert.equal(safeUrl(" https://e.org/a b"), "https://e.org/a%20b");
  for (const bad of ["javascript:alert(1)", "data:,x", "mailto:a@b.org", "tel:123", "/x", "e.org", "", null, undefined, {}, "https://"]) {
    assert.equal(safeUrl(bad), null, String(bad));
  }
});

test("a polluted Object.prototype adds no attribute (a hostile page may do that)", () => {
  Object.prototype.onclick = "window.__pwned=1"; // eslint-disable-line no-extend-native
  try {
    for (const e of elements(md("**b** [a](https://e.org/)\n- i"))) assert.ok(!e.attributes.has("onclick"), e.tagName);
  } finally {
    delete Object.prototype.onclick;
  }
});
