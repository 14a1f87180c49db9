"""Time to render the whole document catalogue once (every template, its example
context, to .docx bytes), as a municipality's preview or a batch of letters would.

Run: `python -m bench.render_catalogue`. Writes bench/results/render_catalogue.json.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from fut.documents import list_templates, render_document
from fut.documents.examples import example_context

ROUNDS = 10
OUT = Path(__file__).resolve().parent / "results" / "render_catalogue.json"


def render_all() -> int:
    kinds = [t.kind for t in list_templates()]
    for kind in kinds:
        render_document(kind, example_context(kind))
    return len(kinds)


def main() -> int:
    render_all()  # warm: imports, template parsing caches
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        count = render_all()
        times.append(time.perf_counter() - start)
    result = {
        "what": "seconds to render every template of the catalogue once to .docx",
        "templates": count,
        "rounds": ROUNDS,
        "median_s": round(statistics.median(times), 3),
        "min_s": round(min(times), 3),
        "max_s": round(max(times), 3),
        "per_document_ms": round(statistics.median(times) / count * 1000, 1),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
