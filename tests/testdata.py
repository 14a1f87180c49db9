"""Where the shared test data lives: ``<repo root>/../shared/testdata``.

The data comes from public sources (see its SOURCES.md) and is not part of the
repository; CI places a copy of ``shared/`` beside the clone.
"""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_testdata() -> Path:
    """The shared test data directory; fails loudly if it is missing."""
    path = (REPO_ROOT.parent / "shared" / "testdata").resolve()
    if not path.is_dir():
        raise FileNotFoundError(f"shared test data not found at {path} (expected beside the repo)")
    return path
