"""Where the test data lives: ``tests/data/`` in the repository.

The files come from public sources; ``tests/data/SOURCES.md`` says where each one comes
from. Tests read them through ``DATA`` only.
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
