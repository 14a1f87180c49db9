"""The FastAPI app: JSON API for investigators, plus the dispatcher and timers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api import errors, web
from api.routes import cases, documents, finance, payment_imports, statistics, tasks
from api.scheduler import Background
from api.timing import ServerTiming

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
for _noisy in ("apscheduler", "httpx"):
    logging.getLogger(_noisy).setLevel(logging.ERROR)


def create_app(*, background: bool = True) -> FastAPI:
    runner = Background() if background else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if runner is not None:
            runner.start()
        yield
        if runner is not None:
            runner.stop()

    app = FastAPI(
        title="futflow",
        description="Utredning av felaktiga utbetalningar (FUT) av ekonomiskt bistånd",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.kick = runner.kick if runner is not None else (lambda: None)
    errors.install(app)
    app.include_router(cases.router)
    app.include_router(tasks.router)
    app.include_router(documents.router)
    app.include_router(statistics.router)
    app.include_router(finance.router)
    app.include_router(payment_imports.router)
    app.include_router(web.router)
    app.mount("/static", StaticFiles(directory=web.STATIC), name="static")
    app.add_middleware(ServerTiming)

    @app.get("/health", tags=["health"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


app = create_app()
