"""Custom actions for the Rasa server; each one is thin and calls knowledge_base or language."""
from .answer import ActionAnswerQuestion
from .contact import ActionEmbassyContact
from .feedback import ActionRecordFeedback
from .language_actions import ActionChangeLanguage
from .social import ActionSmallTalk
from .visa import ActionAskNationality, ActionStartOver, ActionVisaAnswer, ValidateVisaForm

__all__ = ["ActionAnswerQuestion", "ActionEmbassyContact", "ActionRecordFeedback", "ActionChangeLanguage",
           "ActionSmallTalk", "ActionVisaAnswer", "ActionAskNationality", "ValidateVisaForm",
           "ActionStartOver"]
