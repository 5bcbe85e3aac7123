"""`make run`: start the action server, Rasa and the gateway; print the URL; Ctrl-C stops all three."""
from __future__ import annotations

import signal
import sys
import time

from .single import Stack


def _interrupt(*_args) -> None:
    raise KeyboardInterrupt


def main() -> int:
    """Run until interrupted."""
    stack = Stack()
    # a shell that starts us in the background ignores SIGINT; Ctrl-C and SIGTERM must always stop all three
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        print("==> Starting the action server, the Rasa server (35-70 s) and the gateway ...", flush=True)
        timings = stack.start()
        print("==> Ready: " + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items()), flush=True)
        print(f"{stack.base_url}", flush=True)
        print(f"Demo page: {stack.base_url}/demo   Logs: {stack.logs}   Ctrl-C stops everything.", flush=True)
        while True:
            for name, proc in list(stack.procs.items()):
                if proc.poll() is not None:
                    print(f"{name} exited ({proc.returncode}); see {stack.logs / name}.log", file=sys.stderr)
                    return 1
            time.sleep(1)
    except KeyboardInterrupt:
        print("\n==> Stopping ...", flush=True)
        return 0
    except (RuntimeError, TimeoutError, FileNotFoundError) as exc:
        print(f"Start-up failed: {exc}", file=sys.stderr)
        return 1
    finally:
        stack.stop_all()

