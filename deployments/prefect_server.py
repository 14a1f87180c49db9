"""Prefect's server, started as `prefect server start` starts it, with one change: a 503
it answers because its SQLite database was busy carries `Retry-After: 0.25`.

On SQLite (the `make up` defaults) a request whose transaction meets another writer fails
with SQLITE_BUSY, and the server answers 503 so the client tries again; without a
`Retry-After` Prefect's client waits 2 s first (then 4, 8 …), so about one step in five of
a case waited two seconds more for its run (bench/README.md). The busy moment is over in
milliseconds: the client now tries again after a quarter of a second.

Run with `python -m deployments.prefect_server [prefect server start's options]`
(`fut.system.Instance.start_prefect` does)."""

from __future__ import annotations

import sys
from typing import Any

import prefect.server.api.server as server
from prefect.cli import app

RETRY_AFTER_SECONDS = "0.25"

_handler = server.custom_internal_exception_handler


async def _busy_retry_after(request: Any, exc: Exception) -> Any:
    response = await _handler(request, exc)
    if response.status_code == 503 and "retry-after" not in response.headers:
        response.headers["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def main() -> None:
    server.custom_internal_exception_handler = _busy_retry_after  # read by create_app
    sys.argv = [sys.argv[0], "server", "start", *sys.argv[1:]]
    app()


if __name__ == "__main__":
    main()
