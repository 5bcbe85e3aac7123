/*!
 * Vietnam Assistant — embeddable chat widget.
 *
 * Embed with ONE tag:
 *   <script src="https://HOST/widget.js" data-site-key="KEY" data-lang="fr" async></script>
 * Optional: data-title, data-color, data-position ("right"|"left"), data-launcher-text, data-open="true".
 *
 * Design rules (this file runs on pages we do not control):
 *  - one IIFE, no framework, no third-party requests; every global carries the `vnaw` prefix
 *    (window.VNAssistant, localStorage "vnaw:*", element <vnaw-widget>, ids "vnaw-*");
 *  - all UI lives in an open Shadow DOM on one host element, styled with :host !important rules;
 *  - server strings are only ever inserted with textContent (no innerHTML anywhere);
 *  - the real fetch / XMLHttpRequest are captured at load; a hostile fetch falls back to XHR.
 *
 * Sections: 1 natives & config · 2 strings · 3 utilities · 4 storage · 5 transport · 6 safe markdown ·
 *           7 styles · 8 DOM · 9 rendering · 10 conversation & queue · 11 language · 12 a11y & layout · 13 API
 */
(function () {
  "use strict";

  /* ------------------------------------------------------------------ 1. natives & config */
  var W = window;
  var D = document;
  if (W.VNAssistant && W.VNAssistant.__vnaw) return; // loaded twice: keep the first instance

  var fnToString = Function.prototype.toString;
  function isNative(fn) {
    try { return typeof fn === "function" && /\[native code\]/.test(fnToString.call(fn)); } catch (e) { return false; }
  }
  var realFetch = isNative(W.fetch) ? W.fetch : null;
  var RealXHR = W.XMLHttpRequest;
  var jsonParse = JSON.parse;
  var jsonStringify = JSON.stringify;
  var setT = W.setTimeout;
  var clearT = W.clearTimeout;
  var AbortCtl = isNative(W.AbortController) ? W.AbortController : null;
  var cryptoObj = W.crypto;

  // the nine languages and their own names: injected by scripts/build_widget.mjs from language/languages.json
  var NATIVE_NAMES = __VNAW_LANGUAGES__;
  var SUPPORTED = Object.keys(NATIVE_NAMES);
  var MAX_MESSAGE = 1000;
  var MAX_HISTORY = 80;
  var REQUEST_TIMEOUT = 45000;
  var BACKOFF = [2000, 4000, 8000, 15000];

  function findScript() {
    var s = D.currentScript;
    if (s && s.getAttribute && s.getAttribute("data-site-key") !== null) return s;
    var all = D.querySelectorAll('script[src*="widget.js"][data-site-key]');
    return all.length ? all[all.length - 1] : s;
  }
  var scriptEl = findScript();
  function attr(name) {
    var v = scriptEl && scriptEl.getAttribute("data-" + name);
    return v === null || v === undefined ? "" : String(v).trim();
  }
  var API_ORIGIN = (function () {
    try { return new URL(scriptEl.src, D.baseURI).origin; } catch (e) { return W.location.origin; }
  })();
  var config = {
    siteKey: attr("site-key") || "default",
    pageLang: normLang(attr("lang")) || normLang(D.documentElement.getAttribute("lang")) ||
      normLang((W.navigator && W.navigator.language) || "") || "en",
    title: attr("title"),
    color: attr("color"),
    position: attr("position") === "left" ? "left" : "right",
    launcherText: attr("launcher-text"),
    openOnLoad: attr("open") === "true"
  };

  function normLang(code) {
    var c = String(code || "").toLowerCase().slice(0, 2);
    return SUPPORTED.indexOf(c) >= 0 ? c : "";
  }

  /* ------------------------------------------------------------------ 2. strings (nine languages) */
  // topics: [label, question] for the welcome quick replies, in a fixed order.
  var STRINGS = {
    en: {
      title: "Viet Nam Assistant", launcher: "Ask about Viet Nam", close: "Close", newConv: "New conversation",
      newConvDone: "A new conversation has started.", language: "Language", log: "Conversation",
      inputLabel: "Your message", placeholder: "Type your question…", send: "Send",
      welcome: "Hello! I answer questions about Viet Nam: visas and entry, travel, culture, investment and foreign policy. How can I help you?",
      topics: [["Visa & entry", "Do I need a visa to visit Viet Nam?"], ["Foreign policy", "What is Viet Nam's foreign policy?"],
        ["Culture", "Tell me about Vietnamese culture and traditions."], ["Investment", "How can I invest in Viet Nam?"],
        ["Travel", "What should I know before travelling to Viet Nam?"]],
      you: "You", bot: "Assistant", typing: "The assistant is typing…", source: "Source", reviewed: "Last reviewed",
      related: "Related questions", helpful: "Helpful", notHelpful: "Not helpful", thanks: "Thank you for your feedback.",
      offline: "You are offline. Your message will be sent when the connection returns.",
      unreachable: "Cannot reach the assistant. Your message will be sent automatically.",
      unavailable: "The assistant is temporarily unavailable.", queued: "Your message will be sent automatically.",
      retryNow: "Retry now", slowDown: "You are sending messages too quickly. Please wait a moment.",
      refused: "This assistant is not available on this site.", error: "Sorry, something went wrong. Please try again.",
      notSent: "Not sent", pending: "Waiting to send", newTab: "(opens in a new tab)"
    },
    fr: {
      title: "Assistant Viet Nam", launcher: "Questions sur le Viet Nam", close: "Fermer", newConv: "Nouvelle conversation",
      newConvDone: "Une nouvelle conversation a commencé.", language: "Langue", log: "Conversation",
      inputLabel: "Votre message", placeholder: "Posez votre question…", send: "Envoyer",
      welcome: "Bonjour ! Je réponds à vos questions sur le Viet Nam : visas et entrée, voyages, culture, investissement et politique étrangère. Comment puis-je vous aider ?",
      topics: [["Visa et entrée", "Ai-je besoin d'un visa pour le Vietnam ?"], ["Politique étrangère", "Quelle est la politique étrangère du Vietnam ?"],
        ["Culture", "Parlez-moi de la culture et des traditions vietnamiennes."], ["Investissement", "Comment investir au Vietnam ?"],
        ["Voyage", "Que dois-je savoir avant de voyager au Vietnam ?"]],
      you: "Vous", bot: "Assistant", typing: "L'assistant écrit…", source: "Source", reviewed: "Dernière vérification",
      related: "Questions liées", helpful: "Utile", notHelpful: "Pas utile", thanks: "Merci pour votre avis.",
      offline: "Vous êtes hors ligne. Votre message sera envoyé dès le retour de la connexion.",
      unreachable: "Impossible de joindre l'assistant. Votre message sera envoyé automatiquement.",
      unavailable: "L'assistant est momentanément indisponible.", queued: "Votre message sera envoyé automatiquement.",
      retryNow: "Réessayer", slowDown: "Vous envoyez des messages trop rapidement. Veuillez patienter un instant.",
      refused: "Cet assistant n'est pas disponible sur ce site.", error: "Désolé, une erreur s'est produite. Veuillez réessayer.",
      notSent: "Non envoyé", pending: "En attente d'envoi", newTab: "(s'ouvre dans un nouvel onglet)"
    },
    es: {
      title: "Asistente de Vietnam", launcher: "Pregunte sobre Vietnam", close: "Cerrar", newConv: "Nueva conversación",
      newConvDone: "Ha comenzado una nueva conversación.", language: "Idioma", log: "Conversación",
      inputLabel: "Su mensaje", placeholder: "Escriba su pregunta…", send: "Enviar",
      welcome: "¡Hola! Respondo preguntas sobre Vietnam: visados y entrada, viajes, cultura, inversión y política exterior. ¿En qué puedo ayudarle?",
      topics: [["Visado y entrada", "¿Necesito un visado para viajar a Vietnam?"], ["Política exterior", "¿Cuál es la política exterior de Vietnam?"],
        ["Cultura", "Háblame de la cultura y las tradiciones de Vietnam."], ["Inversión", "¿Cómo puedo invertir en Vietnam?"],
        ["Viajes", "¿Qué debo saber antes de viajar a Vietnam?"]],
      you: "Usted", bot: "Asistente", typing: "El asistente está escribiendo…", source: "Fuente", reviewed: "Última revisión",
      related: "Preguntas relacionadas", helpful: "Útil", notHelpful: "No es útil", thanks: "Gracias por su opinión.",
      offline: "No tiene conexión. Su mensaje se enviará cuando vuelva la conexión.",
      unreachable: "No se puede contactar con el asistente. Su mensaje se enviará automáticamente.",
      unavailable: "El asistente no está disponible en este momento.", queued: "Su mensaje se enviará automáticamente.",
      retryNow: "Reintentar", slowDown: "Está enviando mensajes demasiado rápido. Espere un momento, por favor.",
      refused: "Este asistente no está disponible en este sitio.", error: "Lo sentimos, algo salió mal. Inténtelo de nuevo.",
      notSent: "No enviado", pending: "Pendiente de envío", newTab: "(se abre en una pestaña nueva)"
    },
    de: {
      title: "Vietnam-Assistent", launcher: "Fragen zu Vietnam", close: "Schließen", newConv: "Neues Gespräch",
      newConvDone: "Ein neues Gespräch wurde begonnen.", language: "Sprache", log: "Gespräch",
      inputLabel: "Ihre Nachricht", placeholder: "Stellen Sie Ihre Frage…", send: "Senden",
      welcome: "Hallo! Ich beantworte Fragen zu Vietnam: Visum und Einreise, Reisen, Kultur, Investitionen und Außenpolitik. Wie kann ich helfen?",
      topics: [["Visum & Einreise", "Brauche ich ein Visum für Vietnam?"], ["Außenpolitik", "Wie sieht die Außenpolitik Vietnams aus?"],
        ["Kultur", "Erzählen Sie mir von der vietnamesischen Kultur und ihren Traditionen."], ["Investitionen", "Wie kann ich in Vietnam investieren?"],
        ["Reisen", "Was sollte ich vor einer Reise nach Vietnam wissen?"]],
      you: "Sie", bot: "Assistent", typing: "Der Assistent schreibt…", source: "Quelle", reviewed: "Zuletzt geprüft",
      related: "Verwandte Fragen", helpful: "Hilfreich", notHelpful: "Nicht hilfreich", thanks: "Vielen Dank für Ihr Feedback.",
      offline: "Sie sind offline. Ihre Nachricht wird gesendet, sobald die Verbindung zurück ist.",
      unreachable: "Der Assistent ist nicht erreichbar. Ihre Nachricht wird automatisch gesendet.",
      unavailable: "Der Assistent ist vorübergehend nicht verfügbar.", queued: "Ihre Nachricht wird automatisch gesendet.",
      retryNow: "Jetzt erneut versuchen", slowDown: "Sie senden Nachrichten zu schnell. Bitte warten Sie einen Moment.",
      refused: "Dieser Assistent ist auf dieser Website nicht verfügbar.", error: "Entschuldigung, etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.",
      notSent: "Nicht gesendet", pending: "Wartet auf Versand", newTab: "(öffnet in einem neuen Tab)"
    },
    ru: {
      title: "Помощник по Вьетнаму", launcher: "Вопросы о Вьетнаме", close: "Закрыть", newConv: "Новый разговор",
      newConvDone: "Начат новый разговор.", language: "Язык", log: "Разговор",
      inputLabel: "Ваше сообщение", placeholder: "Введите вопрос…", send: "Отправить",
      welcome: "Здравствуйте! Я отвечаю на вопросы о Вьетнаме: визы и въезд, путешествия, культура, инвестиции и внешняя политика. Чем могу помочь?",
      topics: [["Визы и въезд", "Нужна ли мне виза во Вьетнам?"], ["Внешняя политика", "Какова внешняя политика Вьетнама?"],
        ["Культура", "Расскажите о культуре и традициях Вьетнама."], ["Инвестиции", "Как инвестировать во Вьетнам?"],
        ["Путешествия", "Что нужно знать перед поездкой во Вьетнам?"]],
      you: "Вы", bot: "Помощник", typing: "Помощник печатает…", source: "Источник", reviewed: "Последняя проверка",
      related: "Похожие вопросы", helpful: "Полезно", notHelpful: "Бесполезно", thanks: "Спасибо за отзыв.",
      offline: "Нет подключения к сети. Сообщение будет отправлено, когда связь восстановится.",
      unreachable: "Не удаётся связаться с помощником. Сообщение будет отправлено автоматически.",
      unavailable: "Помощник временно недоступен.", queued: "Сообщение будет отправлено автоматически.",
      retryNow: "Повторить", slowDown: "Вы отправляете сообщения слишком часто. Пожалуйста, подождите немного.",
      refused: "Этот помощник недоступен на этом сайте.", error: "Извините, что-то пошло не так. Попробуйте ещё раз.",
      notSent: "Не отправлено", pending: "Ожидает отправки", newTab: "(откроется в новой вкладке)"
    },
    zh: {
      title: "越南助手", launcher: "咨询越南相关问题", close: "关闭", newConv: "新对话",
      newConvDone: "已开始新的对话。", language: "语言", log: "对话",
      inputLabel: "您的消息", placeholder: "请输入您的问题…", send: "发送",
      welcome: "您好！我可以回答有关越南的问题：签证与入境、旅游、文化、投资和外交政策。有什么可以帮您？",
      topics: [["签证与入境", "去越南需要签证吗？"], ["外交政策", "越南的外交政策是什么？"],
        ["文化", "请介绍一下越南的文化和传统。"], ["投资", "如何在越南投资？"],
        ["旅游", "去越南旅行前需要了解什么？"]],
      you: "您", bot: "助手", typing: "助手正在输入…", source: "来源", reviewed: "最近审核",
      related: "相关问题", helpful: "有帮助", notHelpful: "没有帮助", thanks: "感谢您的反馈。",
      offline: "您已离线。网络恢复后将发送您的消息。",
      unreachable: "无法连接到助手。您的消息将自动发送。",
      unavailable: "助手暂时无法使用。", queued: "您的消息将自动发送。",
      retryNow: "立即重试", slowDown: "您发送消息的速度过快，请稍候。",
      refused: "此网站无法使用该助手。", error: "抱歉，出现了问题。请重试。",
      notSent: "未发送", pending: "等待发送", newTab: "（在新标签页中打开）"
    },
    ja: {
      title: "ベトナム・アシスタント", launcher: "ベトナムについて質問", close: "閉じる", newConv: "新しい会話",
      newConvDone: "新しい会話を開始しました。", language: "言語", log: "会話",
      inputLabel: "メッセージ", placeholder: "質問を入力してください…", send: "送信",
      welcome: "こんにちは！ベトナムに関するご質問（ビザ・入国、旅行、文化、投資、外交政策）にお答えします。どのようなご用件でしょうか？",
      topics: [["ビザ・入国", "ベトナムに行くにはビザが必要ですか？"], ["外交政策", "ベトナムの外交政策について教えてください。"],
        ["文化", "ベトナムの文化と伝統について教えてください。"], ["投資", "ベトナムに投資するにはどうすればよいですか？"],
        ["旅行", "ベトナム旅行の前に知っておくべきことは何ですか？"]],
      you: "あなた", bot: "アシスタント", typing: "アシスタントが入力中…", source: "出典", reviewed: "最終確認日",
      related: "関連する質問", helpful: "役に立った", notHelpful: "役に立たなかった", thanks: "フィードバックをありがとうございます。",
      offline: "オフラインです。接続が回復するとメッセージが送信されます。",
      unreachable: "アシスタントに接続できません。メッセージは自動的に送信されます。",
      unavailable: "アシスタントは一時的に利用できません。", queued: "メッセージは自動的に送信されます。",
      retryNow: "今すぐ再試行", slowDown: "メッセージの送信が速すぎます。しばらくお待ちください。",
      refused: "このサイトではこのアシスタントを利用できません。", error: "申し訳ありません。問題が発生しました。もう一度お試しください。",
      notSent: "未送信", pending: "送信待ち", newTab: "（新しいタブで開きます）"
    },
    ko: {
      title: "베트남 도우미", launcher: "베트남에 대해 질문하기", close: "닫기", newConv: "새 대화",
      newConvDone: "새 대화가 시작되었습니다.", language: "언어", log: "대화",
      inputLabel: "메시지", placeholder: "질문을 입력하세요…", send: "보내기",
      welcome: "안녕하세요! 베트남에 관한 질문(비자 및 입국, 여행, 문화, 투자, 외교 정책)에 답해 드립니다. 무엇을 도와드릴까요?",
      topics: [["비자 및 입국", "베트남에 가려면 비자가 필요한가요?"], ["외교 정책", "베트남의 외교 정책은 무엇인가요?"],
        ["문화", "베트남의 문화와 전통에 대해 알려 주세요."], ["투자", "베트남에 어떻게 투자할 수 있나요?"],
        ["여행", "베트남 여행 전에 무엇을 알아야 하나요?"]],
      you: "나", bot: "도우미", typing: "도우미가 입력 중입니다…", source: "출처", reviewed: "최종 검토일",
      related: "관련 질문", helpful: "도움이 됨", notHelpful: "도움이 되지 않음", thanks: "의견을 보내 주셔서 감사합니다.",
      offline: "오프라인 상태입니다. 연결이 복구되면 메시지가 전송됩니다.",
      unreachable: "도우미에 연결할 수 없습니다. 메시지는 자동으로 전송됩니다.",
      unavailable: "도우미를 일시적으로 사용할 수 없습니다.", queued: "메시지는 자동으로 전송됩니다.",
      retryNow: "지금 다시 시도", slowDown: "메시지를 너무 빨리 보내고 있습니다. 잠시 기다려 주세요.",
      refused: "이 사이트에서는 이 도우미를 사용할 수 없습니다.", error: "죄송합니다. 문제가 발생했습니다. 다시 시도해 주세요.",
      notSent: "전송되지 않음", pending: "전송 대기 중", newTab: "(새 탭에서 열림)"
    },
    vi: {
      title: "Trợ lý Việt Nam", launcher: "Hỏi về Việt Nam", close: "Đóng", newConv: "Cuộc trò chuyện mới",
      newConvDone: "Đã bắt đầu cuộc trò chuyện mới.", language: "Ngôn ngữ", log: "Cuộc trò chuyện",
      inputLabel: "Tin nhắn của bạn", placeholder: "Nhập câu hỏi của bạn…", send: "Gửi",
      welcome: "Xin chào! Tôi trả lời các câu hỏi về Việt Nam: thị thực và nhập cảnh, du lịch, văn hóa, đầu tư và chính sách đối ngoại. Tôi có thể giúp gì cho bạn?",
      topics: [["Thị thực & nhập cảnh", "Tôi có cần thị thực để đến Việt Nam không?"], ["Chính sách đối ngoại", "Chính sách đối ngoại của Việt Nam là gì?"],
        ["Văn hóa", "Hãy giới thiệu về văn hóa và truyền thống Việt Nam."], ["Đầu tư", "Làm thế nào để đầu tư vào Việt Nam?"],
        ["Du lịch", "Tôi cần biết gì trước khi đi du lịch Việt Nam?"]],
      you: "Bạn", bot: "Trợ lý", typing: "Trợ lý đang soạn tin…", source: "Nguồn", reviewed: "Cập nhật lần cuối",
      related: "Câu hỏi liên quan", helpful: "Hữu ích", notHelpful: "Không hữu ích", thanks: "Cảm ơn bạn đã góp ý.",
      offline: "Bạn đang ngoại tuyến. Tin nhắn sẽ được gửi khi có kết nối trở lại.",
      unreachable: "Không kết nối được với trợ lý. Tin nhắn sẽ được gửi tự động.",
      unavailable: "Trợ lý tạm thời không hoạt động.", queued: "Tin nhắn của bạn sẽ được gửi tự động.",
      retryNow: "Thử lại ngay", slowDown: "Bạn gửi tin nhắn quá nhanh. Vui lòng đợi một chút.",
      refused: "Trợ lý này không khả dụng trên trang web này.", error: "Xin lỗi, đã xảy ra lỗi. Vui lòng thử lại.",
      notSent: "Chưa gửi", pending: "Đang chờ gửi", newTab: "(mở trong thẻ mới)"
    }
  };

  /* ------------------------------------------------------------------ 3. utilities */
  function t(key) {
    var table = STRINGS[state.lang] || STRINGS.en;
    return table[key] !== undefined ? table[key] : STRINGS.en[key];
  }
  function newSessionId() {
    try { if (cryptoObj && typeof cryptoObj.randomUUID === "function") return cryptoObj.randomUUID(); } catch (e) { /* fall through */ }
    var bytes = [];
    try {
      var arr = new Uint8Array(16);
      cryptoObj.getRandomValues(arr);
      for (var i = 0; i < 16; i++) bytes.push(arr[i]);
    } catch (e) {
      for (var j = 0; j < 16; j++) bytes.push(Math.floor(Math.random() * 256));
    }
    return "vnaw-" + bytes.map(function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }
  function uid() { return Date.now().toString(36) + Math.random().toString(36).slice(2, 8); }
  function safeUrl(raw) {
    // Only absolute http(s) URLs become links; everything else (javascript:, data:, relative) stays text.
    try {
      var u = new URL(String(raw));
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) { return null; }
  }
  function parseColor(c) {
    var m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(c || "");
    if (!m) return null;
    var h = m[1].length === 3 ? m[1].replace(/(.)/g, "$1$1") : m[1];
    return [0, 2, 4].map(function (i) { return parseInt(h.substr(i, 2), 16); });
  }
  function luminance(rgb) {
    var c = rgb.map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }
  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }
  function formatDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    if (!m) return String(iso || "");
    try {
      return new Intl.DateTimeFormat(state.lang, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" })
        .format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
    } catch (e) { return m[0]; }
  }

  /* ------------------------------------------------------------------ 4. storage (per site key) */
  var STORE_KEY = "vnaw:" + config.siteKey;
  var storage = (function () {
    try { var s = W.localStorage; var k = "vnaw:probe"; s.setItem(k, "1"); s.removeItem(k); return s; } catch (e) { return null; }
  })();
  function load() {
    if (!storage) return null;
    try { var v = jsonParse(storage.getItem(STORE_KEY) || "null"); return v && v.v === 1 ? v : null; } catch (e) { return null; }
  }
  function save() {
    if (!storage) return;
    var history = state.history.slice(-MAX_HISTORY);
    try {
      storage.setItem(STORE_KEY, jsonStringify({ v: 1, sessionId: state.sessionId, lang: state.lang, history: history, queue: state.queue }));
    } catch (e) { /* quota or privacy mode: the conversation still works in memory */ }
  }

  var saved = load();
  var state = {
    sessionId: (saved && /^[A-Za-z0-9._:-]{1,128}$/.test(saved.sessionId || "")) ? saved.sessionId : newSessionId(),
    lang: (saved && normLang(saved.lang)) || config.pageLang,
    history: (saved && Array.isArray(saved.history)) ? saved.history : [], // {id, role:"user"|"bot"|"note", ...}
    queue: (saved && Array.isArray(saved.queue)) ? saved.queue : [],      // {id, message, lang, lang_source}
    open: false, inflight: false, refused: false, retryTimer: null, attempt: 0, corsSuspect: 0
  };

  /* ------------------------------------------------------------------ 5. transport (fetch, XHR fallback) */
  // Resolves {status, data}; status 0 means the network failed (offline, server down, or CORS refusal).
  function xhrJSON(method, url, body) {
    return new Promise(function (resolve) {
      var x;
      try {
        x = new RealXHR();
        x.open(method, url, true);
        x.timeout = REQUEST_TIMEOUT;
        if (body !== undefined) x.setRequestHeader("Content-Type", "application/json");
        x.onload = function () {
          var data = null;
          try { data = jsonParse(x.responseText); } catch (e) { /* not JSON */ }
          resolve({ status: x.status, data: data, retryAfter: retryAfterMs(x.getResponseHeader("Retry-After")) });
        };
        x.onerror = x.ontimeout = x.onabort = function () { resolve({ status: 0, data: null }); };
        x.send(body === undefined ? null : body);
      } catch (e) { resolve({ status: 0, data: null }); }
    });
  }
  // Retry-After in seconds (the gateway's "busy"), capped at a minute; 0 when absent
  function retryAfterMs(value) {
    var n = parseInt(value || "", 10);
    return n > 0 ? Math.min(n, 60) * 1000 : 0;
  }
  function request(method, path, payload) {
    var url = API_ORIGIN + path;
    var body = payload === undefined ? undefined : jsonStringify(payload);
    if (!realFetch) return xhrJSON(method, url, body);
    var ctl = AbortCtl ? new AbortCtl() : null;
    var timer = ctl ? setT(function () { ctl.abort(); }, REQUEST_TIMEOUT) : null;
    var p;
    try {
      p = realFetch.call(W, url, {
        method: method, mode: "cors", credentials: "omit", cache: "no-store",
        headers: body === undefined ? undefined : { "Content-Type": "application/json" },
        body: body, signal: ctl ? ctl.signal : undefined
      });
    } catch (e) {
      realFetch = null; // fetch is broken on this page: use XHR from now on
      return xhrJSON(method, url, body);
    }
    return p.then(function (res) {
      return res.text().then(function (txt) {
        var data = null;
        try { data = jsonParse(txt); } catch (e) { /* not JSON */ }
        return { status: res.status, data: data, retryAfter: retryAfterMs(res.headers.get("Retry-After")) };
      });
    }, function (err) {
      if (err && (err.name === "TypeError" || err.name === "AbortError")) return { status: 0, data: null };
      realFetch = null; // something other than the network failed: fall back to XHR
      return xhrJSON(method, url, body);
    }).then(function (r) { if (timer) clearT(timer); return r; });
  }

  /* ------------------------------------------------------------------ 6. safe markdown subset */
  // **bold**, [text](https://url), bare https:// URLs, "- " bullet lists, line breaks. Text nodes only.
  var INLINE = /\*\*([^*\n]+?)\*\*|\[([^\]\n]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>()"]+[^\s<>()".,;:!?'])/g;
  function appendInline(parent, text, allowBold) {
    var last = 0, m;
    INLINE.lastIndex = 0;
    var re = new RegExp(INLINE.source, "g");
    while ((m = re.exec(text))) {
      if (m.index > last) parent.appendChild(D.createTextNode(text.slice(last, m.index)));
      if (m[1] !== undefined) {
        if (allowBold) { var b = el("strong"); appendInline(b, m[1], false); parent.appendChild(b); }
        else parent.appendChild(D.createTextNode(m[0]));
      } else if (m[2] !== undefined) {
        var href = safeUrl(m[3]);
        parent.appendChild(href ? link(href, m[2]) : D.createTextNode(m[2]));
      } else {
        var h = safeUrl(m[4]);
        parent.appendChild(h ? link(h, m[4]) : D.createTextNode(m[4]));
      }
      last = re.lastIndex;
    }
    if (last < text.length) parent.appendChild(D.createTextNode(text.slice(last)));
  }
  function link(href, text) {
    var a = el("a", { href: href, target: "_blank", rel: "noopener noreferrer" });
    a.appendChild(D.createTextNode(text));
    a.appendChild(el("span", { "class": "vnaw-sr" }, " " + t("newTab")));
    return a;
  }
  function renderMarkdown(text) {
    var frag = D.createDocumentFragment();
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
        para = null; list = null;
      } else {
        list = null;
        if (para) para.appendChild(el("br"));
        else { para = el("p"); frag.appendChild(para); }
        appendInline(para, line, true);
      }
    });
    return frag;
  }

  /* ------------------------------------------------------------------ 7. styles */
  var primary = parseColor(config.color) || [176, 23, 31]; // #b0171f: white text 6.4:1
  var onPrimary = contrast(primary, [255, 255, 255]) >= 4.5 ? "#ffffff" : "#111111";
  if (contrast(primary, [255, 255, 255]) < 4.5 && contrast(primary, [17, 17, 17]) < 4.5) { primary = [176, 23, 31]; onPrimary = "#ffffff"; }
  var PRIMARY = "rgb(" + primary.join(",") + ")";
  var SIDE = config.position;

  var CSS = [
    ":host{all:initial!important;display:block!important;position:fixed!important;top:0!important;left:0!important;",
    "width:0!important;height:0!important;overflow:visible!important;z-index:2147483000!important;visibility:visible!important;opacity:1!important;",
    "transform:none!important;filter:none!important;pointer-events:auto!important;contain:none!important}",
    ".vnaw-root{all:initial;font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Helvetica Neue',Arial,sans-serif,'Apple Color Emoji','Segoe UI Emoji','Noto Color Emoji';",
    "font-size:15px;line-height:1.45;color:#1b1b1b;--p:" + PRIMARY + ";--on-p:" + onPrimary + "}",
    ".vnaw-root *,.vnaw-root *::before,.vnaw-root *::after{box-sizing:border-box;font:inherit;color:inherit;letter-spacing:normal;text-transform:none;text-align:start}",
    ".vnaw-root [hidden]{display:none!important}",
    ".vnaw-sr{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}",
    "button{cursor:pointer;border:0;background:none;margin:0;padding:0;-webkit-appearance:none;appearance:none}",
    "button:disabled{cursor:not-allowed;opacity:.6}",
    ":focus{outline:none}",
    ":focus-visible{outline:3px solid #0b57d0;outline-offset:2px}",
    ".vnaw-header :focus-visible,.vnaw-launcher:focus-visible{outline-color:var(--on-p);box-shadow:0 0 0 5px #0b57d0}",
    "svg{width:20px;height:20px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round;flex:none}",
    // launcher
    ".vnaw-launcher{position:fixed;bottom:20px;" + SIDE + ":20px;display:flex;align-items:center;gap:8px;min-height:52px;padding:0 20px;",
    "border-radius:26px;background:var(--p);color:var(--on-p);font-weight:600;box-shadow:0 4px 16px rgba(0,0,0,.25)}",
    ".vnaw-launcher:hover{filter:brightness(1.08)}",
    // panel
    ".vnaw-panel{position:fixed;bottom:20px;" + SIDE + ":20px;width:400px;max-width:calc(100vw - 40px);height:min(640px,calc(100vh - 40px));display:flex;flex-direction:column;",
    "background:#fff;border-radius:14px;box-shadow:0 8px 36px rgba(0,0,0,.3);overflow:hidden;border:1px solid #d0d0d0}",
    ".vnaw-header{display:flex;align-items:center;gap:4px;padding:8px 8px 8px 16px;background:var(--p);color:var(--on-p);flex:none}",
    ".vnaw-title{flex:1;min-width:0;margin:0;font-size:16px;line-height:1.2;font-weight:700;overflow-wrap:anywhere}",
    ".vnaw-icon{display:inline-flex;align-items:center;justify-content:center;min-width:40px;height:40px;border-radius:8px;gap:4px;padding:0 6px}",
    ".vnaw-icon:hover{background:rgba(255,255,255,.16)}",
    ".vnaw-langbtn{font-size:13px;font-weight:600}",
    ".vnaw-menuwrap{position:relative}",
    ".vnaw-menu{position:absolute;top:44px;right:0;z-index:3;min-width:170px;list-style:none;margin:0;padding:4px;background:#fff;color:#1b1b1b;",
    "border:1px solid #bbb;border-radius:10px;box-shadow:0 6px 24px rgba(0,0,0,.25)}",
    ".vnaw-menu li{padding:8px 12px;border-radius:6px;cursor:pointer;display:flex;justify-content:space-between;gap:12px}",
    ".vnaw-menu li:hover,.vnaw-menu li:focus{background:#eef3fd}",
    ".vnaw-menu li:focus-visible{outline:3px solid #0b57d0;outline-offset:-3px}",
    ".vnaw-menu li[aria-checked=true]::after{content:'✓';font-weight:700}",
    // log and messages
    ".vnaw-log{flex:1;overflow-y:auto;padding:16px 12px;display:flex;flex-direction:column;gap:10px;background:#f6f6f7;overscroll-behavior:contain}",
    ".vnaw-msg{max-width:88%;padding:9px 13px;border-radius:14px;word-wrap:break-word;overflow-wrap:anywhere;white-space:normal}",
    ".vnaw-msg p{margin:0 0 6px}.vnaw-msg p:last-child{margin-bottom:0}",
    ".vnaw-msg ul{margin:4px 0 6px;padding-inline-start:20px}",
    ".vnaw-msg strong{font-weight:700}",
    ".vnaw-msg a,.vnaw-src a{color:#0b4fb3;text-decoration:underline}",
    ".vnaw-bot{align-self:flex-start;background:#fff;border:1px solid #dadada;border-bottom-left-radius:4px}",
    ".vnaw-user{align-self:flex-end;background:#243b6b;color:#fff;border-bottom-right-radius:4px;white-space:pre-wrap}",
    ".vnaw-user.vnaw-pending{opacity:.85}",
    ".vnaw-note{align-self:center;font-size:13px;color:#444;text-align:center}",
    ".vnaw-meta{display:block;font-size:12px;margin-top:4px;color:#d9e1f2}",
    ".vnaw-src{margin-top:8px;padding-top:6px;border-top:1px solid #e3e3e3;font-size:13px;color:#444}",
    ".vnaw-src div+div{margin-top:2px}",
    ".vnaw-chips{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px}",
    ".vnaw-chip{border:1px solid #8a1218;color:#8a1218;background:#fff;border-radius:16px;padding:6px 12px;font-size:13px;text-align:start}",
    ".vnaw-chip:hover{background:#fbeeee}",
    ".vnaw-fb{display:flex;gap:6px;margin-top:8px;align-items:center;font-size:13px;color:#444}",
    ".vnaw-fb button{border:1px solid #bbb;border-radius:8px;min-width:36px;height:32px;background:#fff;font-size:16px}",
    ".vnaw-fb button[aria-pressed=true]{background:#e3ecfb;border-color:#0b57d0;box-shadow:inset 0 0 0 1px #0b57d0}",
    // typing, status, composer
    ".vnaw-typing{padding:0 14px 6px;background:#f6f6f7;font-size:13px;color:#444;display:flex;align-items:center;gap:8px;flex:none}",
    ".vnaw-dots{display:inline-flex;gap:3px}.vnaw-dots i{width:6px;height:6px;border-radius:50%;background:#666;animation:vnaw-b 1s infinite}",
    ".vnaw-dots i:nth-child(2){animation-delay:.15s}.vnaw-dots i:nth-child(3){animation-delay:.3s}",
    "@keyframes vnaw-b{0%,80%,100%{opacity:.3}40%{opacity:1}}",
    "@media (prefers-reduced-motion:reduce){.vnaw-dots i{animation:none}}",
    ".vnaw-status{flex:none;padding:8px 12px;font-size:13px;background:#fff4ce;color:#3d2e00;border-top:1px solid #e5d38a;display:flex;gap:8px;align-items:center;justify-content:space-between}",
    ".vnaw-status.vnaw-bad{background:#fde7e9;color:#6b0b12;border-color:#f0b4b9}",
    ".vnaw-status button{text-decoration:underline;font-weight:600;white-space:nowrap;padding:4px}",
    ".vnaw-form{display:flex;gap:8px;align-items:flex-end;padding:10px;border-top:1px solid #ddd;background:#fff;flex:none}",
    ".vnaw-input{flex:1;resize:none;min-height:42px;max-height:120px;padding:10px 12px;border:1px solid #767676;border-radius:10px;background:#fff;color:#1b1b1b;line-height:1.35;display:block;white-space:pre-wrap}",
    ".vnaw-input::placeholder{color:#6b6b6b}",
    ".vnaw-input:disabled{background:#eee}",
    ".vnaw-send{height:42px;min-width:42px;border-radius:10px;background:var(--p);color:var(--on-p);display:inline-flex;align-items:center;justify-content:center}",
    // small screens: full screen panel (height follows the visual viewport in JS)
    "@media (max-width:639.98px){.vnaw-panel{top:0;left:0;right:0;bottom:auto;width:100%;max-width:none;height:100%;max-height:none;border-radius:0;border:0}",
    ".vnaw-launcher{bottom:16px;" + SIDE + ":16px}.vnaw-input{font-size:16px}}"
  ].join("\n");

  /* ------------------------------------------------------------------ 8. DOM */
  function el(tag, attrs, text) {
    var n = D.createElement(tag);
    if (attrs) for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k) && attrs[k] !== undefined && attrs[k] !== null) n.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }
  var ICONS = {
    chat: ["M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z"],
    close: ["M6 6l12 12", "M18 6L6 18"],
    refresh: ["M4 4v6h6", "M20 20v-6h-6", "M5.5 15a7.5 7.5 0 0 0 12.9 2.5", "M18.5 9A7.5 7.5 0 0 0 5.6 6.5"],
    globe: ["M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z", "M3 12h18", "M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9S9.5 5.7 12 3z"],
    send: ["M4 12l16-8-6 16-2.5-6.5z", "M11.5 13.5L20 4"]
  };
  function icon(name) {
    var NS = "http://www.w3.org/2000/svg";
    var svg = D.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    ICONS[name].forEach(function (d) { var p = D.createElementNS(NS, "path"); p.setAttribute("d", d); svg.appendChild(p); });
    return svg;
  }

  var host, root, ui = {};
  function build() {
    host = D.createElement("vnaw-widget");
    host.id = "vnaw-host";
    root = host.attachShadow({ mode: "open" });
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS); // constructed sheets are not blocked by a host page's style-src CSP
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      root.appendChild(el("style", null, CSS));
    }
    var wrap = ui.wrap = el("div", { "class": "vnaw-root" });

    ui.launcher = el("button", { type: "button", "class": "vnaw-launcher", id: "vnaw-launcher", "aria-haspopup": "dialog", "aria-expanded": "false" });
    ui.launcher.appendChild(icon("chat"));
    ui.launcherText = el("span");
    ui.launcher.appendChild(ui.launcherText);

    var panel = ui.panel = el("div", { "class": "vnaw-panel", id: "vnaw-panel", role: "dialog", "aria-modal": "true", "aria-labelledby": "vnaw-title", tabindex: "-1", hidden: "" });
    var header = el("div", { "class": "vnaw-header" });
    ui.title = el("h2", { "class": "vnaw-title", id: "vnaw-title" });
    // language menu button: visible native name, accessible name "Language: <name>"
    var menuWrap = el("div", { "class": "vnaw-menuwrap" });
    ui.langBtn = el("button", { type: "button", "class": "vnaw-icon vnaw-langbtn", id: "vnaw-langbtn", "aria-haspopup": "menu", "aria-expanded": "false", "aria-controls": "vnaw-menu" });
    ui.langBtn.appendChild(icon("globe"));
    ui.langBtnSr = el("span", { "class": "vnaw-sr" });
    ui.langBtnName = el("span");
    ui.langBtn.appendChild(ui.langBtnSr);
    ui.langBtn.appendChild(ui.langBtnName);
    ui.menu = el("ul", { "class": "vnaw-menu", id: "vnaw-menu", role: "menu", hidden: "" });
    ui.menuItems = SUPPORTED.map(function (code) {
      var li = el("li", { role: "menuitemradio", tabindex: "-1", lang: code, "data-lang": code, "aria-checked": "false" }, NATIVE_NAMES[code]);
      ui.menu.appendChild(li);
      return li;
    });
    menuWrap.appendChild(ui.langBtn);
    menuWrap.appendChild(ui.menu);
    ui.newBtn = el("button", { type: "button", "class": "vnaw-icon", id: "vnaw-new" });
    ui.newBtn.appendChild(icon("refresh"));
    ui.closeBtn = el("button", { type: "button", "class": "vnaw-icon", id: "vnaw-close" });
    ui.closeBtn.appendChild(icon("close"));
    [ui.title, menuWrap, ui.newBtn, ui.closeBtn].forEach(function (n) { header.appendChild(n); });

    ui.log = el("div", { "class": "vnaw-log", id: "vnaw-log", role: "log", "aria-live": "polite", "aria-relevant": "additions", tabindex: "0" });
    ui.typing = el("div", { "class": "vnaw-typing", role: "status", hidden: "" });
    var dots = el("span", { "class": "vnaw-dots", "aria-hidden": "true" });
    dots.appendChild(el("i")); dots.appendChild(el("i")); dots.appendChild(el("i"));
    ui.typingText = el("span");
    ui.typing.appendChild(dots);
    ui.typing.appendChild(ui.typingText);
    ui.status = el("div", { "class": "vnaw-status", id: "vnaw-status", role: "status", hidden: "" });
    ui.statusText = el("span");
    ui.retryBtn = el("button", { type: "button", hidden: "" });
    ui.status.appendChild(ui.statusText);
    ui.status.appendChild(ui.retryBtn);

    ui.form = el("form", { "class": "vnaw-form", novalidate: "" });
    ui.inputLabel = el("label", { "for": "vnaw-input", "class": "vnaw-sr" });
    ui.input = el("textarea", { id: "vnaw-input", "class": "vnaw-input", rows: "1", maxlength: String(MAX_MESSAGE), autocomplete: "off", dir: "auto" });
    ui.sendBtn = el("button", { type: "submit", "class": "vnaw-send", id: "vnaw-send" });
    ui.sendBtn.appendChild(icon("send"));
    [ui.inputLabel, ui.input, ui.sendBtn].forEach(function (n) { ui.form.appendChild(n); });

    [header, ui.log, ui.typing, ui.status, ui.form].forEach(function (n) { panel.appendChild(n); });
    wrap.appendChild(ui.launcher);
    wrap.appendChild(panel);
    root.appendChild(wrap);
    (D.body || D.documentElement).appendChild(host);
    wireEvents();
  }

  /* ------------------------------------------------------------------ 9. rendering */
  function applyStrings() {
    ui.wrap.setAttribute("lang", state.lang);
    ui.title.textContent = config.title || config.siteTitle || t("title");
    ui.launcherText.textContent = config.launcherText || t("launcher");
    ui.langBtnSr.textContent = t("language") + ": ";
    ui.langBtnName.textContent = NATIVE_NAMES[state.lang];
    ui.menu.setAttribute("aria-label", t("language"));
    ui.menuItems.forEach(function (li) { li.setAttribute("aria-checked", li.getAttribute("data-lang") === state.lang ? "true" : "false"); });
    ui.newBtn.setAttribute("aria-label", t("newConv"));
    ui.newBtn.setAttribute("title", t("newConv"));
    ui.closeBtn.setAttribute("aria-label", t("close"));
    ui.closeBtn.setAttribute("title", t("close"));
    ui.log.setAttribute("aria-label", t("log"));
    ui.typingText.textContent = t("typing");
    ui.inputLabel.textContent = t("inputLabel");
    ui.input.setAttribute("placeholder", t("placeholder"));
    ui.sendBtn.setAttribute("aria-label", t("send"));
    ui.sendBtn.setAttribute("title", t("send"));
    ui.retryBtn.textContent = t("retryNow");
    if (statusKey) setStatus(statusKey, statusBad, statusText === null ? null : statusText, statusRetry);
    renderWelcome();
    // only the "waiting to send" / "not sent" labels change; answers stay in the language they were given in
    state.history.forEach(function (it) { if (it.role === "user" && it.status && it.status !== "sent") refreshItem(it); });
  }

  function renderWelcome() {
    var old = ui.log.querySelector(".vnaw-welcome");
    var box = el("div", { "class": "vnaw-msg vnaw-bot vnaw-welcome", dir: "auto", lang: state.lang });
    box.appendChild(el("span", { "class": "vnaw-sr" }, t("bot") + ": "));
    box.appendChild(renderMarkdown((config.greeting && config.greeting[state.lang]) || t("welcome")));
    var chips = el("div", { "class": "vnaw-chips", role: "group", "aria-label": t("related") });
    t("topics").forEach(function (topic) {
      var b = el("button", { type: "button", "class": "vnaw-chip", dir: "auto" }, topic[0]);
      b.addEventListener("click", function () { sendMessage(topic[1]); });
      chips.appendChild(b);
    });
    box.appendChild(chips);
    if (old) ui.log.replaceChild(box, old); else ui.log.insertBefore(box, ui.log.firstChild);
  }

  function renderAll() {
    while (ui.log.firstChild) ui.log.removeChild(ui.log.firstChild);
    renderWelcome();
    state.history.forEach(function (item) { ui.log.appendChild(renderItem(item)); });
    scrollDown();
  }

  function renderItem(item) {
    if (item.role === "user") return renderUser(item);
    if (item.role === "note") {
      return el("div", { "class": "vnaw-note", dir: "auto", "data-id": item.id }, item.text);
    }
    return renderBot(item);
  }

  function renderUser(item) {
    var box = el("div", { "class": "vnaw-msg vnaw-user" + (item.status === "pending" ? " vnaw-pending" : ""), dir: "auto", "data-id": item.id });
    box.appendChild(el("span", { "class": "vnaw-sr" }, t("you") + ": "));
    box.appendChild(D.createTextNode(item.text));
    if (item.status === "pending" || item.status === "failed") {
      box.appendChild(el("span", { "class": "vnaw-meta", dir: "auto" }, item.status === "pending" ? t("pending") : t("notSent")));
    }
    return box;
  }

  function renderBot(item) {
    var box = el("div", { "class": "vnaw-msg vnaw-bot vnaw-kind-" + String(item.kind || "response").replace(/[^a-z_]/gi, ""), dir: "auto", "data-id": item.id, lang: normLang(item.language) || undefined });
    box.appendChild(el("span", { "class": "vnaw-sr" }, t("bot") + ": "));
    var body = el("div", { "class": "vnaw-text", dir: "auto" });
    body.appendChild(renderMarkdown(item.text));
    box.appendChild(body);

    var sources = (item.sources || []).filter(function (s) { return s && (s.title || s.url); });
    if (sources.length || item.last_reviewed) {
      var src = el("div", { "class": "vnaw-src", dir: "auto" });
      sources.forEach(function (s) {
        var line = el("div", { dir: "auto" });
        line.appendChild(D.createTextNode(t("source") + ": "));
        var label = [s.publisher, s.title].filter(Boolean).join(" — ") || s.url;
        var href = safeUrl(s.url);
        line.appendChild(href ? link(href, label) : D.createTextNode(label));
        src.appendChild(line);
      });
      if (item.last_reviewed) src.appendChild(el("div", { dir: "auto" }, t("reviewed") + ": " + formatDate(item.last_reviewed)));
      box.appendChild(src);
    }

    var buttons = (item.buttons || []).filter(function (b) { return b && b.payload; });
    if (buttons.length) {
      var chips = el("div", { "class": "vnaw-chips", role: "group", "aria-label": t("related") });
      buttons.forEach(function (bt) {
        var b = el("button", { type: "button", "class": "vnaw-chip", dir: "auto" }, bt.title || bt.payload);
        b.addEventListener("click", function () { sendMessage(bt.payload, { display: bt.title || bt.payload }); });
        chips.appendChild(b);
      });
      box.appendChild(chips);
    }

    if (item.entry_id) box.appendChild(renderFeedback(item));
    return box;
  }

  function renderFeedback(item) {
    var fb = el("div", { "class": "vnaw-fb", role: "group", "aria-label": t("helpful") + " / " + t("notHelpful") });
    var thanks = el("span", { "aria-live": "polite" }, item.feedback ? t("thanks") : "");
    [[1, "👍", "helpful"], [-1, "👎", "notHelpful"]].forEach(function (spec) {
      var b = el("button", { type: "button", "aria-label": t(spec[2]), title: t(spec[2]), "aria-pressed": item.feedback === spec[0] ? "true" : "false", "data-value": String(spec[0]) }, spec[1]);
      b.addEventListener("click", function () {
        if (item.feedback === spec[0]) return;
        item.feedback = spec[0];
        fb.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", x === b ? "true" : "false"); });
        thanks.textContent = t("thanks");
        save();
        var body = { session_id: state.sessionId, entry_id: item.entry_id, value: spec[0] };
        if (item.question) body.question = String(item.question).slice(0, MAX_MESSAGE);
        request("POST", "/api/v1/feedback", body).then(function (r) {
          if (r.status !== 200) emit("error", { code: "feedback_failed", status: r.status, message: errorMessage(r) });
        });
        emit("message", { role: "feedback", entry_id: item.entry_id, value: spec[0] });
      });
      fb.appendChild(b);
    });
    fb.appendChild(thanks);
    return fb;
  }

  function addItem(item) {
    state.history.push(item);
    if (state.history.length > MAX_HISTORY) state.history.splice(0, state.history.length - MAX_HISTORY);
    ui.log.appendChild(renderItem(item));
    scrollDown();
  }
  function refreshItem(item) {
    var old = ui.log.querySelector('[data-id="' + item.id + '"]');
    if (old) ui.log.replaceChild(renderItem(item), old);
  }
  function scrollDown() { ui.log.scrollTop = ui.log.scrollHeight; }

  var statusKey = null, statusBad = false, statusText = null, statusRetry = false;
  function setStatus(key, bad, text, retry) {
    statusKey = key; statusBad = !!bad; statusText = text || null; statusRetry = !!retry;
    if (!key) { ui.status.hidden = true; ui.statusText.textContent = ""; return; }
    var msg = text ? text : t(key);
    if (retry && key !== "queued") msg += " " + t("queued");
    ui.statusText.textContent = msg;
    ui.status.className = "vnaw-status" + (bad ? " vnaw-bad" : "");
    ui.retryBtn.hidden = !retry;
    ui.status.hidden = false;
  }
  function setTyping(on) { ui.typing.hidden = !on; }

  /* ------------------------------------------------------------------ 10. conversation & queue */
  function sendMessage(text, opts) {
    opts = opts || {};
    text = String(text === undefined || text === null ? "" : text).trim().slice(0, MAX_MESSAGE);
    if (!text || state.refused) return false;
    var id = uid();
    if (!opts.silent) {
      var item = { id: id, role: "user", text: opts.display || text, status: "pending", ts: Date.now() };
      addItem(item);
      emit("message", { role: "user", text: item.text });
    }
    state.queue.push({ id: id, message: text, lang: opts.lang || state.lang, lang_source: opts.langSource || "page" });
    save();
    pump();
    return true;
  }

  function findItem(id) {
    for (var i = state.history.length - 1; i >= 0; i--) if (state.history[i].id === id) return state.history[i];
    return null;
  }

  function pump() {
    if (state.inflight || state.refused || !state.queue.length) return;
    if (state.retryTimer) { clearT(state.retryTimer); state.retryTimer = null; }
    var job = state.queue[0];
    state.inflight = true;
    setTyping(true);
    request("POST", "/api/v1/chat", {
      session_id: state.sessionId, message: job.message, lang: job.lang, lang_source: job.lang_source, site_key: config.siteKey
    }).then(function (r) { return handleResponse(job, r); }).then(null, function (e) {
      // a bug in our own handling must not wedge the queue
      state.inflight = false; setTyping(false);
      emit("error", { code: "widget_error", message: String(e && e.message || e) });
    });
  }

  function errorCode(r) { return r.data && r.data.error && r.data.error.code ? String(r.data.error.code) : ""; }
  function errorMessage(r) { return r.data && r.data.error && r.data.error.message ? String(r.data.error.message) : ""; }

  function handleResponse(job, r) {
    if (job.id !== (state.queue[0] && state.queue[0].id)) { state.inflight = false; setTyping(false); pump(); return; } // conversation was reset meanwhile
    var code = errorCode(r);
    if (r.status === 200 && r.data && Array.isArray(r.data.messages)) {
      state.queue.shift();
      state.inflight = false; state.attempt = 0; state.corsSuspect = 0;
      setTyping(false);
      setStatus(null);
      var sent = findItem(job.id);
      if (sent) { sent.status = "sent"; refreshItem(sent); }
      var question = sent ? sent.text : job.message;
      var replyLang = normLang(r.data.language);
      if (replyLang && replyLang !== state.lang) setLanguage(replyLang, "server");
      r.data.messages.forEach(function (m) {
        if (!m || typeof m !== "object") return;
        var item = {
          id: uid(), role: "bot", text: String(m.text || ""), kind: m.kind ? String(m.kind) : "response",
          buttons: Array.isArray(m.buttons) ? m.buttons.map(function (b) { return { title: String(b && b.title || ""), payload: String(b && b.payload || "") }; }) : [],
          sources: Array.isArray(m.sources) ? m.sources.map(function (s) { return { title: String(s && s.title || ""), url: String(s && s.url || ""), publisher: String(s && s.publisher || "") }; }) : [],
          entry_id: m.entry_id ? String(m.entry_id) : undefined, language: normLang(m.language) || replyLang || undefined,
          last_reviewed: m.last_reviewed ? String(m.last_reviewed) : undefined, question: m.entry_id ? question : undefined, ts: Date.now()
        };
        addItem(item);
        emit("message", { role: "bot", text: item.text, kind: item.kind, language: item.language, entry_id: item.entry_id, sources: item.sources, buttons: item.buttons });
      });
      save();
      pump();
      return;
    }
    state.inflight = false;
    setTyping(false);
    if (r.status === 403 && (code === "origin_not_allowed" || code === "unknown_site")) return refuse(code, errorMessage(r));
    if (r.status === 429) {
      setStatus("slowDown", false, null, true);
      emit("error", { code: code || "rate_limited", status: 429, message: errorMessage(r) });
      return scheduleRetry(Math.max(5000, r.retryAfter || 0, backoff()));
    }
    if (r.status === 0) return networkFailure(job);
    if (r.status >= 500) {
      // 503 carries the gateway's apology or "busy", already in the visitor's language
      var apologyLang = r.data && normLang(r.data.language);
      if (apologyLang && apologyLang !== state.lang) setLanguage(apologyLang, "server");
      setStatus("unavailable", code !== "busy", r.status === 503 && errorMessage(r) ? errorMessage(r) : null, true);
      emit("error", { code: code || "server_error", status: r.status, message: errorMessage(r) });
      // a busy gateway says when to come back (Retry-After); the message waits in the queue until then
      return scheduleRetry(r.retryAfter || backoff());
    }
    // other 4xx: this message cannot be sent as it is; drop it and say so
    state.queue.shift();
    var failed = findItem(job.id);
    if (failed) { failed.status = "failed"; refreshItem(failed); }
    setStatus("error", true);
    emit("error", { code: code || "http_" + r.status, status: r.status, message: errorMessage(r) });
    save();
    pump();
  }

  function networkFailure(job) {
    if (W.navigator && W.navigator.onLine === false) {
      setStatus("offline", true, null, true);
      emit("error", { code: "offline", status: 0 });
      return scheduleRetry(backoff());
    }
    // Is the server reachable? /widget.js is readable from any origin. If it is, and the chat call still fails
    // at the network level twice in a row, the gateway refused this page's origin (no CORS headers).
    return request("HEAD", "/widget.js").then(function (probe) {
      if (probe.status >= 200 && probe.status < 400) {
        state.corsSuspect++;
        if (state.corsSuspect >= 2) return refuse("origin_not_allowed", "");
        return pump(); // retry once at once
      }
      state.corsSuspect = 0;
      setStatus("unreachable", true, null, true);
      emit("error", { code: "network", status: 0 });
      scheduleRetry(backoff());
    });
  }

  // On first open, find out whether this page's origin may use the assistant before the visitor types.
  // An empty POST fails validation (400, nothing logged, no rate limit) when CORS lets us read it; a refused
  // origin gets no CORS headers (network error while /widget.js is reachable) or a 403.
  var accessChecked = false;
  function checkAccess() {
    if (accessChecked || state.refused) return;
    accessChecked = true;
    request("POST", "/api/v1/chat", { site_key: config.siteKey }).then(function (r) {
      if (r.status === 403) return refuse(errorCode(r) || "origin_not_allowed", errorMessage(r));
      if (r.status !== 0) return;
      return request("HEAD", "/widget.js").then(function (probe) {
        if (probe.status >= 200 && probe.status < 400) refuse("origin_not_allowed", "");
      });
    });
  }

  function backoff() { var d = BACKOFF[Math.min(state.attempt, BACKOFF.length - 1)]; state.attempt++; return d; }
  function scheduleRetry(ms) {
    if (state.retryTimer) clearT(state.retryTimer);
    state.retryTimer = setT(function () { state.retryTimer = null; pump(); }, ms);
  }
  function retryNow() { state.attempt = 0; if (!state.inflight) pump(); }

  function refuse(code, message) {
    state.refused = true;
    state.queue = [];
    state.history.forEach(function (it) { if (it.role === "user" && it.status === "pending") { it.status = "failed"; refreshItem(it); } });
    setStatus("refused", true);
    ui.input.disabled = true;
    ui.sendBtn.disabled = true;
    ui.panel.setAttribute("data-state", "refused");
    ui.log.querySelectorAll(".vnaw-chip").forEach(function (b) { b.disabled = true; });
    emit("error", { code: code, status: 403, message: message });
    save();
  }

  function newConversation() {
    state.sessionId = newSessionId();
    state.history = [];
    state.queue = [];
    state.attempt = 0;
    if (state.retryTimer) { clearT(state.retryTimer); state.retryTimer = null; }
    setTyping(false);
    renderAll();
    if (!state.refused) setStatus(null);
    save();
    ui.input.focus();
  }

  /* ------------------------------------------------------------------ 11. language */
  // source: "user" (menu or API: the UI switches and the server is told), "server" (a reply's language field).
  function setLanguage(code, source) {
    var lang = normLang(code);
    if (!lang) return false;
    var changed = lang !== state.lang;
    state.lang = lang;
    applyStrings();
    save();
    if (source === "user") {
      sendMessage('/change_language{"language": "' + lang + '"}', { silent: true, lang: lang, langSource: "user" });
    }
    if (changed || source === "user") emit("language", { language: lang, source: source });
    return true;
  }

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
    setLanguage(li.getAttribute("data-lang"), "user");
  }

  /* ------------------------------------------------------------------ 12. accessibility, open/close, layout */
  function focusables() {
    return Array.prototype.filter.call(
      ui.panel.querySelectorAll('button,textarea,a[href],[tabindex="0"],li[role=menuitemradio]'),
      function (n) { return !n.disabled && n.getClientRects().length > 0 && (n.getAttribute("tabindex") !== "-1" || n === root.activeElement); }
    );
  }
  function open() {
    if (state.open) return;
    state.open = true;
    ui.panel.hidden = false;
    ui.launcher.hidden = true;
    ui.launcher.setAttribute("aria-expanded", "true");
    fitViewport();
    scrollDown();
    checkAccess();
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
    var first = list[0], last = list[list.length - 1], active = root.activeElement;
    if (e.shiftKey && (active === first || active === ui.panel || list.indexOf(active) < 0)) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && (active === last || list.indexOf(active) < 0)) { e.preventDefault(); first.focus(); }
  }
  function onMenuKeydown(e) {
    var idx = ui.menuItems.indexOf(root.activeElement);
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
    scrollDown();
  }

  function autoGrow() {
    ui.input.style.height = "auto";
    ui.input.style.height = Math.min(ui.input.scrollHeight + 2, 120) + "px";
  }

  function wireEvents() {
    ui.launcher.addEventListener("click", open);
    ui.closeBtn.addEventListener("click", close);
    ui.newBtn.addEventListener("click", newConversation);
    ui.retryBtn.addEventListener("click", retryNow);
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
      if (sendMessage(ui.input.value)) { ui.input.value = ""; autoGrow(); }
    });
    ui.input.addEventListener("keydown", function (e) {
      // Enter sends, Shift+Enter is a new line; never interrupt an IME composition (ja, zh, ko, vi)
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        if (sendMessage(ui.input.value)) { ui.input.value = ""; autoGrow(); }
      }
    });
    ui.input.addEventListener("input", autoGrow);
    W.addEventListener("online", retryNow);
    W.addEventListener("resize", fitViewport);
    if (W.visualViewport) {
      W.visualViewport.addEventListener("resize", fitViewport);
      W.visualViewport.addEventListener("scroll", fitViewport);
    }
    // another tab of the same site changed the conversation: follow it when idle
    W.addEventListener("storage", function (e) {
      if (e.key !== STORE_KEY || state.inflight || state.queue.length) return;
      var s = load();
      if (!s) return;
      state.sessionId = s.sessionId || state.sessionId;
      state.history = Array.isArray(s.history) ? s.history : [];
      if (normLang(s.lang)) state.lang = normLang(s.lang);
      applyStrings();
      renderAll();
    });
  }

  /* ------------------------------------------------------------------ 13. events & public API */
  var listeners = { open: [], close: [], message: [], error: [], language: [] };
  function emit(name, detail) {
    (listeners[name] || []).slice().forEach(function (fn) { try { fn(detail); } catch (e) { /* a host handler must not break us */ } });
  }

  var api = {
    __vnaw: true,
    version: "1.0.0",
    open: function () { open(); },
    close: function () { close(); },
    toggle: function () { if (state.open) close(); else open(); },
    setLanguage: function (code) { return setLanguage(code, "user"); },
    send: function (text) { return sendMessage(text); },
    newConversation: function () { newConversation(); },
    on: function (name, fn) {
      if (!listeners[name] || typeof fn !== "function") return function () {};
      listeners[name].push(fn);
      return function off() { var i = listeners[name].indexOf(fn); if (i >= 0) listeners[name].splice(i, 1); };
    },
    get language() { return state.lang; },
    get sessionId() { return state.sessionId; },
    get isOpen() { return state.open; }
  };
  try {
    Object.defineProperty(W, "VNAssistant", { value: api, writable: false, configurable: true, enumerable: false });
  } catch (e) { W.VNAssistant = api; }

  function start() {
    build();
    // messages left pending by a previous page (offline, server down) are retried here
    state.history.forEach(function (it) { if (it.role === "user" && it.status === "pending" && !state.queue.some(function (q) { return q.id === it.id; })) it.status = "failed"; });
    applyStrings();
    renderAll();
    if (state.queue.length) { setStatus("queued", false, null, true); pump(); }
    if (config.openOnLoad) open();
    loadSiteSettings();
  }

  // The embassy's own title and greeting (edited in the workspace) override the built-in ones;
  // attributes on the script tag still win over both.
  function loadSiteSettings() {
    request("GET", "/api/v1/sites/" + encodeURIComponent(config.siteKey)).then(function (r) {
      // a refusal is reported when the visitor opens the panel (checkAccess), not here
      if (r.status !== 200 || !r.data || typeof r.data !== "object") return;
      if (typeof r.data.title === "string" && r.data.title) config.siteTitle = r.data.title;
      var g = r.data.greeting, clean = {};
      if (g && typeof g === "object") {
        SUPPORTED.forEach(function (code) { if (typeof g[code] === "string" && g[code]) clean[code] = g[code]; });
      }
      config.greeting = clean;
      applyStrings();
    });
  }
  if (D.body) start(); else D.addEventListener("DOMContentLoaded", start);
})();
