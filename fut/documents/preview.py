"""Render every template with its example context into a folder (``make documents``).

python -m fut.documents.preview [out_dir]      (default: var/documents)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from fut.documents.examples import example_context
from fut.documents.render import list_templates, render_document


def render_catalogue(out_dir: Path, templates_dir: Path | None = None) -> list[Path]:
    """Write one .docx per template; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for info in list_templates(templates_dir):
        document = render_document(
            info.kind, example_context(info.kind), templates_dir=templates_dir
        )
        path = out_dir / f"{info.kind}.docx"
        path.write_bytes(document.content)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else Path("var/documents")
    start = time.perf_counter()
    written = render_catalogue(out_dir)
    elapsed = time.perf_counter() - start
    print(f"{len(written)} dokument i {out_dir} ({elapsed:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
