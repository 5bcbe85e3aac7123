"""Gateway strings, for when Rasa cannot produce a reply itself (it is down, or the language is unsupported)."""
from __future__ import annotations

APOLOGY = {
    "en": "Sorry, the assistant is temporarily unavailable. Please try again in a minute.",
    "fr": "Désolé, l'assistant est momentanément indisponible. Veuillez réessayer dans une minute.",
    "es": "Lo sentimos, el asistente no está disponible en este momento. Inténtelo de nuevo en un minuto.",
    "de": "Entschuldigung, der Assistent ist vorübergehend nicht erreichbar. Bitte versuchen Sie es in einer Minute erneut.",
    "ru": "Извините, помощник временно недоступен. Пожалуйста, повторите попытку через минуту.",
    "zh": "抱歉，助手暂时无法使用。请一分钟后再试。",
    "ja": "申し訳ありません。アシスタントは一時的に利用できません。1分後にもう一度お試しください。",
    "ko": "죄송합니다. 도우미를 일시적으로 사용할 수 없습니다. 1분 후에 다시 시도해 주세요.",
    "vi": "Xin lỗi, trợ lý tạm thời không hoạt động. Vui lòng thử lại sau một phút.",
}

BUSY = {
    "en": "Many visitors are asking questions right now. Your message will be sent again in a few seconds.",
    "fr": "De nombreux visiteurs posent des questions en ce moment. Votre message sera renvoyé dans quelques secondes.",
    "es": "En este momento muchos visitantes están haciendo preguntas. Su mensaje se enviará de nuevo en unos segundos.",
    "de": "Gerade stellen sehr viele Besucher Fragen. Ihre Nachricht wird in wenigen Sekunden erneut gesendet.",
    "ru": "Сейчас вопросы задают очень многие посетители. Ваше сообщение будет отправлено повторно через несколько секунд.",
    "zh": "目前提问的访客很多。您的消息将在几秒钟后重新发送。",
    "ja": "ただいま多くの方からご質問をいただいています。数秒後にメッセージを再送信します。",
    "ko": "지금 많은 방문자가 질문하고 있습니다. 몇 초 후에 메시지를 다시 보내 드리겠습니다.",
    "vi": "Hiện có rất nhiều khách đang đặt câu hỏi. Tin nhắn của bạn sẽ được gửi lại sau vài giây.",
}

NO_REPLY = {
    "en": "Sorry, I could not process that message. Could you rephrase it?",
    "fr": "Désolé, je n'ai pas pu traiter ce message. Pourriez-vous le reformuler ?",
    "es": "Lo siento, no pude procesar ese mensaje. ¿Podría reformularlo?",
    "de": "Entschuldigung, ich konnte diese Nachricht nicht verarbeiten. Könnten Sie sie umformulieren?",
    "ru": "Извините, я не смог обработать это сообщение. Не могли бы вы переформулировать его?",
    "zh": "抱歉，我无法处理这条消息。能换个说法吗？",
    "ja": "申し訳ありません。このメッセージを処理できませんでした。言い換えていただけますか？",
    "ko": "죄송합니다. 이 메시지를 처리하지 못했습니다. 다르게 표현해 주시겠어요?",
    "vi": "Xin lỗi, tôi không xử lý được tin nhắn này. Bạn có thể diễn đạt lại không?",
}


def unsupported_language_text(candidate: str | None) -> str:
    """English reply for a message in a language the assistant does not speak."""
    from language import NATIVE_NAMES

    names = ", ".join(NATIVE_NAMES.values())
    return (f"Sorry, I can't reply in that language yet, so I answer in English. I can answer in: {names}.")


def pick(table: dict, lang: str | None) -> str:
    """The string for lang, English when lang is unknown."""
    return table.get(lang or "en", table["en"])
