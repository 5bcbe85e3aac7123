"""Fixtures shared by several test folders; the shared fakes themselves are in tests/fakes.py."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the source packages import from the repository root, whatever the working folder
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def fake_encoder(monkeypatch):
    """A FakeEncoder, also the encoder any KnowledgeBase builds while the test runs (no model is loaded)."""
    from tests.fakes import FakeEncoder

    enc = FakeEncoder()
    monkeypatch.setattr("knowledge_base.service.get_encoder", lambda *args, **kwargs: enc)
    return enc
