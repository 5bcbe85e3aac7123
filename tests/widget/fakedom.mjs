// A stand-in for the few DOM calls the widget's markdown makes (createElement, createTextNode,
// createDocumentFragment, appendChild, setAttribute, textContent), so node can run markdown.js as it is.
// HTML string sinks (innerHTML, outerHTML, insertAdjacentHTML) throw: the widget must never use them.
// serialize() writes what a browser would show, with text escaped, so a test can compare markup.

class Node {
  constructor() { this.childNodes = []; }
  appendChild(node) {
    if (node.nodeType === 11) { this.childNodes.push(...node.childNodes); node.childNodes = []; } // a fragment moves its children
    else this.childNodes.push(node);
    return node;
  }
  get textContent() { return this.childNodes.map((c) => c.textContent).join(""); }
}

class Text {
  constructor(data) { this.nodeType = 3; this.data = String(data); }
  get textContent() { return this.data; }
}

function sink(name) {
  return { get() { throw new Error(`${name} used`); }, set() { throw new Error(`${name} used`); } };
}

class Element extends Node {
  constructor(tag) { super(); this.nodeType = 1; this.tagName = String(tag).toLowerCase(); this.attributes = new Map(); }
  setAttribute(name, value) { this.attributes.set(String(name), String(value)); }
  getAttribute(name) { return this.attributes.has(name) ? this.attributes.get(name) : null; }
  get textContent() { return super.textContent; }
  set textContent(value) { this.childNodes = [new Text(value)]; }
  insertAdjacentHTML() { throw new Error("insertAdjacentHTML used"); }
}
Object.defineProperty(Element.prototype, "innerHTML", sink("innerHTML"));
Object.defineProperty(Element.prototype, "outerHTML", sink("outerHTML"));

class Fragment extends Node {
  constructor() { super(); this.nodeType = 11; }
}

export function createDocument() {
  return {
    createElement: (tag) => new Element(tag),
    createTextNode: (data) => new Text(data),
    createDocumentFragment: () => new Fragment(),
  };
}

const VOID = new Set(["br"]);
const escapeText = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escapeAttr = (s) => escapeText(s).replace(/"/g, "&quot;");

// The markup of a node (a fragment: of its children), as the browser would serialise it
export function serialize(node) {
  if (node.nodeType === 3) return escapeText(node.data);
  const inner = node.childNodes.map(serialize).join("");
  if (node.nodeType === 11) return inner;
  const attrs = [...node.attributes].map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join("");
  return VOID.has(node.tagName) ? `<${node.tagName}${attrs}>` : `<${node.tagName}${attrs}>${inner}</${node.tagName}>`;
}

// Every element under node, depth first
export function elements(node) {
  const out = [];
  (function walk(n) { for (const c of n.childNodes) if (c.nodeType === 1) { out.push(c); walk(c); } })(node);
  return out;
}
