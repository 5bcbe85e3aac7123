"""knowledge_base.yamlio: libyaml's parser gives the same values as PyYAML's pure-Python one."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge_base import yamlio

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted([*(ROOT / "knowledge_base").rglob("*.yaml"), *(ROOT / "bot").rglob("*.yml")])


def test_libyaml_is_used_where_pyyaml_has_it():
    # PyYAML's wheels bundle libyaml; without it the content folder takes about 15 times as long to read
    assert yaml.__with_libyaml__
    assert yamlio.SafeLoader is yaml.CSafeLoader


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_of_the_project_reads_the_same_with_either_parser(path):
    text = path.read_text(encoding="utf-8")
    assert yamlio.safe_load(text) == yaml.safe_load(text)


def test_safe_means_safe_and_errors_still_say_where():
    # the safe constructor refuses Python objects whichever parser read the text
    with pytest.raises(yaml.constructor.ConstructorError):
        yamlio.safe_load("!!python/object/apply:os.system ['true']")
    with pytest.raises(yaml.YAMLError) as err:
        yamlio.safe_load("entries:\n  - id: a\n   bad: [\n")
    assert err.value.problem_mark is not None and err.value.problem_mark.line >= 1
    # dates, numbers and empty documents come back as with yaml.safe_load
    assert yamlio.safe_load("d: 2026-12-07\nn: 1.5\ns: '08'") == yaml.safe_load("d: 2026-12-07\nn: 1.5\ns: '08'")
    assert yamlio.safe_load("") is None
