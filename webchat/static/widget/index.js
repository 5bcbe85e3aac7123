/*!
 * Vietnam Assistant — embeddable chat widget (the bundle's entry point; scripts/build_widget.mjs).
 *
 * Embed with ONE tag:
 *   <script src="https://HOST/widget.js" data-site-key="KEY" data-lang="fr" async></script>
 * Optional: data-title, data-color, data-position ("right"|"left"), data-launcher-text, data-open="true".
 *
 * Design rules (this code runs on pages we do not control):
 *  - ES modules bundled into one IIFE, no framework, no third-party requests; nothing leaks into the page but
 *    window.VNAssistant, localStorage "vnaw:*", the element <vnaw-widget> and ids "vnaw-*";
 *  - all UI lives in an open Shadow DOM on one host element, styled with :host !important rules;
 *  - server strings are only ever inserted as text (no innerHTML anywhere);
 *  - the real fetch / XMLHttpRequest are captured at load; a hostile fetch falls back to XHR.
 *
 * Modules: natives (saved browser functions) · languages · strings (UI text) · styles.css · transport (HTTP,
 * retries, session id) · dom · markdown (safe subset) · render (DOM) · queue (conversation, sending in order) ·
 * panel (open/close, keyboard, layout) · main (config, storage, events, API, start).
 */
// esbuild keeps this directive at the top of the bundle: the whole widget runs in strict mode, as ES modules do
"use strict";
import { boot } from "./main.js";

// loaded twice (two tags on one page): keep the first instance
if (!(window.VNAssistant && window.VNAssistant.__vnaw)) boot(window);
