"""Shared test settings: tests never touch the developer's var/ folder unless they start the real stack."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
