"""Process start-up: the code `make run`, `make run-scaled`, the end-to-end tests and the benchmarks share.

- `stack.train`: trains the Rasa model when its inputs changed (`python -m stack.train`);
- `stack.single`: the single-machine profile (`Stack`, `fresh_stack`), SQLite;
- `stack.run`: `make run`.
"""
from .single import PY, RASA_PY, Stack, fresh_stack
from .train import ROOT, model_path, rasa_env

__all__ = ["PY", "RASA_PY", "ROOT", "Stack", "fresh_stack", "model_path", "rasa_env"]
