// The widget's one way of making elements: attributes and text are set as such, never parsed as HTML
// (no innerHTML anywhere, so a server string can never become markup, and Trusted Types pages are fine).
// doc is passed in so node's tests can build with a stand-in document.
export function elementMaker(doc) {
  return function el(tag, attrs, text) {
    var n = doc.createElement(tag);
    // own keys only: a host page may have polluted Object.prototype
    if (attrs) for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k) && attrs[k] !== undefined && attrs[k] !== null) n.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  };
}
