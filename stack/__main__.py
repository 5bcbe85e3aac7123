"""`python -m stack train | run | run-scaled`: what `make train`, `make run` and `make run-scaled` call."""
from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    """Dispatch one command."""
    command = argv[0] if argv else ""
    if command == "train":
        from .train import main as train
        return train()
    if command == "run":
        from .run import main as run
        return run()
    if command == "run-scaled":
        from .scaled import main as run_scaled
        return run_scaled(argv[1:])
    print("usage: python -m stack train | run | run-scaled", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
