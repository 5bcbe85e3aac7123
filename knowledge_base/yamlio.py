"""YAML reading through libyaml's parser when PyYAML has it (its wheels do), else PyYAML's pure-Python one.

The content folder (300 entries in nine languages) took 7.6 s to parse in pure Python and takes 0.5 s with libyaml;
it is read by every index build, `knowledge_base check`, stack start and many tests. Only the scanner and parser are
in C: the constructor is PyYAML's safe one either way, so the values are the same (tests/knowledge_base/test_yamlio.py
checks this on the whole content folder).
"""
from __future__ import annotations

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(stream):
    """yaml.safe_load, with libyaml's parser where it is available."""
    return yaml.load(stream, Loader=SafeLoader)
