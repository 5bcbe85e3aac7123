// The panel's behaviour: open and close, the focus trap and Escape, the language menu's keyboard use, the
// full-screen layout on phones, the growing input, and every event listener (wireEvents, called by build).
// createPanel(app) adds open, close and wireEvents to `app`.
import { normLang } from "./languages.js";
import { MAX_MESSAGE } from "./queue.js";

export function createPanel(app) {
  var W = app.W, state = app.state, ui = app.ui, emit = app.emit;

  /* ------------------------------------------------------------------ language menu */
  function openMenu() {
    ui.menu.hidden = false;
    ui.langBtn.setAttribute("aria-expanded", "true");
    var current = ui.menuItems.filter(function (li) { return li.getAttribute("data-lang") === state.lang; })[0] || ui.menuItems[0];
    current.focus();
  }
  function closeMenu(focusButton) {
    if (ui.menu.hidden) return;
    ui.menu.hidden = true;
    ui.langBtn.setAttribute("aria-expanded", "false");
    if (focusButton) ui.langBtn.focus();
  }
  function chooseFromMenu(li) {
    closeMenu(true);
    app.setLanguage(li.getAttribute("data-lang"), "user");
  }

  /* ------------------------------------------------------------------ accessibility, open/close, layout */
  function focusables() {
    return Array.prototype.filter.call(
      ui.panel.querySelectorAll('button,textarea,a[href],[tabindex="0"],li[role=menuitemradio]'),
      function (n) { return !n.disabled && n.getClientRects().length > 0 && (n.getAttribute("tabindex") !== "-1" || n === ui.root.activeElement); }
    );
  }
  function open() {
    if (state.open) return;
    state.open = true;
    ui.panel.hidden = false;
    ui.launcher.hidden = true;
    ui.launcher.setAttribute("aria-expanded", "true");
    fitViewport();
    app.scrollDown();
    app.checkAccess();
    var coarse = W.matchMedia && W.matchMedia("(pointer: coarse)").matches;
    if (!ui.input.disabled && !coarse) ui.input.focus(); else ui.panel.focus();
    emit("open", {});
  }
  function close() {
    if (!state.open) return;
    closeMenu(false);
    state.open = false;
    ui.panel.hidden = true;
    ui.launcher.hidden = false;
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.launcher.focus();
    emit("close", {});
  }

  function onPanelKeydown(e) {
    if (e.key === "Escape" || e.key === "Esc") {
      e.preventDefault(); e.stopPropagation();
      if (!ui.menu.hidden) closeMenu(true); else close();
      return;
    }
    if (e.key !== "Tab") return;
    if (!ui.menu.hidden) closeMenu(false);
    var list = focusables();
    if (!list.length) { e.preventDefault(); return; }
    var first = list[0], last = list[list.length - 1], active = ui.root.activeElement;
    if (e.shiftKey && (active === first || active === ui.panel || list.indexOf(active) < 0)) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && (active === last || list.indexOf(active) < 0)) { e.preventDefault(); first.focus(); }
  }
  function onMenuKeydown(e) {
    var idx = ui.menuItems.indexOf(ui.root.activeElement);
    var n = ui.menuItems.length, next = null;
    if (e.key === "ArrowDown") next = (idx + 1) % n;
    else if (e.key === "ArrowUp") next = (idx - 1 + n) % n;
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = n - 1;
    else if ((e.key === "Enter" || e.key === " ") && idx >= 0) { e.preventDefault(); chooseFromMenu(ui.menuItems[idx]); return; }
    else if (e.key.length === 1) { // type-ahead on the first letter of the native name
      for (var i = 1; i <= n; i++) {
        var j = (idx + i) % n;
        if (ui.menuItems[j].textContent.charAt(0).toLowerCase() === e.key.toLowerCase()) { next = j; break; }
      }
    }
    if (next !== null) { e.preventDefault(); ui.menuItems[next].focus(); }
  }

  // Under 640px the panel is full screen; the visual viewport shrinks when the on-screen keyboard opens,
  // so size the panel to it and the input stays visible above the keyboard.
  function fitViewport() {
    var vv = W.visualViewport;
    var small = W.matchMedia ? W.matchMedia("(max-width: 639.98px)").matches : W.innerWidth < 640;
    if (!state.open || !small || !vv) { ui.panel.style.height = ""; ui.panel.style.top = ""; return; }
    ui.panel.style.height = Math.round(vv.height) + "px";
    ui.panel.style.top = Math.round(vv.offsetTop) + "px";
    app.scrollDown();
  }

  function autoGrow() {
    // the text box holds at most MAX_MESSAGE characters (maxlength, and here for a value set or pasted past it);
    // at the limit a notice says so rather than cutting the text without a word
    if (ui.input.value.length > MAX_MESSAGE) ui.input.value = ui.input.value.slice(0, MAX_MESSAGE);
    ui.limit.hidden = ui.input.value.length < MAX_MESSAGE;
    ui.input.style.height = "auto";
    ui.input.style.height = Math.min(ui.input.scrollHeight + 2, 120) + "px";
  }

  function wireEvents() {
    ui.launcher.addEventListener("click", open);
    ui.closeBtn.addEventListener("click", close);
    ui.newBtn.addEventListener("click", app.newConversation);
    ui.retryBtn.addEventListener("click", app.retryNow);
    ui.panel.addEventListener("keydown", onPanelKeydown);
    ui.langBtn.addEventListener("click", function () { if (ui.menu.hidden) openMenu(); else closeMenu(true); });
    ui.langBtn.addEventListener("keydown", function (e) { if (e.key === "ArrowDown" || e.key === "ArrowUp") { e.preventDefault(); openMenu(); } });
    ui.menu.addEventListener("keydown", onMenuKeydown);
    ui.menuItems.forEach(function (li) { li.addEventListener("click", function () { chooseFromMenu(li); }); });
    ui.panel.addEventListener("mousedown", function (e) {
      var path = e.composedPath ? e.composedPath() : [];
      if (!ui.menu.hidden && path.indexOf(ui.menu) < 0 && path.indexOf(ui.langBtn) < 0) closeMenu(false);
    });
    ui.form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (app.sendMessage(ui.input.value)) { ui.input.value = ""; autoGrow(); }
    });
    ui.input.addEventListener("keydown", function (e) {
      // Enter sends, Shift+Enter is a new line; never interrupt an IME composition (ja, zh, ko, vi)
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        if (app.sendMessage(ui.input.value)) { ui.input.value = ""; autoGrow(); }
      }
    });
    ui.input.addEventListener("input", autoGrow);
    W.addEventListener("online", app.retryNow);
    W.addEventListener("resize", fitViewport);
    if (W.visualViewport) {
      W.visualViewport.addEventListener("resize", fitViewport);
      W.visualViewport.addEventListener("scroll", fitViewport);
    }
    // another tab of the same site changed the conversation: follow it when idle
    W.addEventListener("storage", function (e) {
      if (e.key !== app.storeKey || state.inflight || state.queue.length) return;
      var s = app.load();
      if (!s) return;
      state.sessionId = s.sessionId || state.sessionId;
      state.history = Array.isArray(s.history) ? s.history : [];
      if (normLang(s.lang)) state.lang = normLang(s.lang);
      app.applyStrings();
      app.renderAll();
    });
  }

  app.open = open;
  app.close = close;
  app.wireEvents = wireEvents;
}
