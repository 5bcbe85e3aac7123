// The safe markdown subset of bot messages: **bold**, [text](https://url), bare https:// URLs, "- " bullet
// lists (also "* " and "• "), line breaks and paragraphs. Everything else, HTML included, stays text: the
// result is built from text nodes and elements made here, never from an HTML string, and only absolute
// http(s) URLs become links. No browser global is touched (URL aside): the document comes from the caller,
// so node's tests run this code as it is (tests/widget/markdown.test.mjs).
import { elementMaker } from "./dom.js";

// Only absolute http(s) URLs become links; everything else (javascript:, data:, mailto:, relative) stays text.
export function safeUrl(raw) {
  try {
    var u = new URL(String(raw));
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch (e) { return null; }
}

// 1: bold text; 2, 3: link text and URL; 4: a bare URL (without trailing punctuation)
var INLINE = /\*\*([^*\n]+?)\*\*|\[([^\]\n]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>()"]+[^\s<>()".,;:!?'])/g;

// A link that opens in a new tab, and says so to screen readers (newTab: "(opens in a new tab)" in the UI language).
// href must come from safeUrl.
export function linkTo(doc, href, text, newTab) {
  var el = elementMaker(doc);
  var a = el("a", { href: href, target: "_blank", rel: "noopener noreferrer" });
  a.appendChild(doc.createTextNode(text));
  a.appendChild(el("span", { "class": "vnaw-sr" }, " " + newTab));
  return a;
}

// A DocumentFragment of <p>, <ul><li>, <strong>, <a>, <br> and text nodes for `text`.
export function renderMarkdown(doc, text, newTab) {
  var el = elementMaker(doc);

  // bold may hold links but not bold again (allowBold false inside <strong>)
  function appendInline(parent, text, allowBold) {
    var last = 0, m;
    var re = new RegExp(INLINE.source, "g"); // a fresh one: this function recurses
    while ((m = re.exec(text))) {
      if (m.index > last) parent.appendChild(doc.createTextNode(text.slice(last, m.index)));
      if (m[1] !== undefined) {
        if (allowBold) { var b = el("strong"); appendInline(b, m[1], false); parent.appendChild(b); }
        else parent.appendChild(doc.createTextNode(m[0]));
      } else if (m[2] !== undefined) {
        var href = safeUrl(m[3]);
        parent.appendChild(href ? linkTo(doc, href, m[2], newTab) : doc.createTextNode(m[2]));
      } else {
        var h = safeUrl(m[4]);
        parent.appendChild(h ? linkTo(doc, h, m[4], newTab) : doc.createTextNode(m[4]));
      }
      last = re.lastIndex;
    }
    if (last < text.length) parent.appendChild(doc.createTextNode(text.slice(last)));
  }

  var frag = doc.createDocumentFragment();
  var lines = String(text || "").replace(/\r\n?/g, "\n").split("\n");
  var para = null, list = null;
  lines.forEach(function (line) {
    var item = /^\s*(?:[-*•])\s+(.*)$/.exec(line);
    if (item) {
      para = null;
      if (!list) { list = el("ul"); frag.appendChild(list); }
      var li = el("li");
      appendInline(li, item[1], true);
      list.appendChild(li);
    } else if (!line.trim()) {
      para = null; list = null; // a blank line ends the paragraph or the list
    } else {
      list = null;
      if (para) para.appendChild(el("br"));
      else { para = el("p"); frag.appendChild(para); }
      appendInline(para, line, true);
    }
  });
  return frag;
}
