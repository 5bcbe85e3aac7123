"""Rasa's entity extractor for the visitor's nationality: "I'm German" -> nationality = DE.

The names, demonyms and passport phrases of every country in the nine languages come from CLDR
(visa.nationality, built with Babel); this component only puts the one it finds into Rasa's
entities, so slot mappings (from_entity) and test stories work as with any other extractor.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

ENTITY = "nationality"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class NationalityExtractor(GraphComponent, EntityExtractorMixin):
    """Finds the country whose passport a message speaks of, as an ISO 3166 code."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """No options."""
        return {}

    @staticmethod
    def required_packages() -> List[Text]:
        """CLDR data comes from Babel."""
        return ["babel"]

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "NationalityExtractor":
        """Build the gazetteer once, when the model loads."""
        from visa.nationality import gazetteer

        gazetteer()
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to learn."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Add at most one nationality entity per message (the first country named: a correction names it first)."""
        from visa.nationality import find

        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):
                continue
            found = find(text)
            if not found:
                continue
            first = found[0]
            entity = {"entity": ENTITY, "value": first.code, "start": first.start, "end": first.end,
                      "confidence": 1.0, "text": first.text}
            entities = message.get(ENTITIES, []) + self.add_extractor_name([entity])
            message.set(ENTITIES, entities, add_to_output=True)
        return messages

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "NationalityExtractor":
        """Nothing is stored with the model."""
        return cls.create(config, model_storage, resource, execution_context)


