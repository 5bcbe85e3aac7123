"""Custom actions for the Rasa server; each one is thin and calls knowledge_base or language."""
from .answer import ActionAnswerQuestion
from .contact import ActionEmbassyContact
from .feedback import ActionRecordFeedback
from .language_actions import ActionChangeLanguage, ValidateSlotMappings
from .social import ActionSmallTalk

__all__ = ["ActionAnswerQuestion", "ActionEmbassyContact", "ActionRecordFeedback", "ActionChangeLanguage",
           "ActionSmallTalk", "ValidateSlotMappings"]
