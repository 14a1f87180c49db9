"""Every error is a JSON answer with a reason; no traceback ever reaches a client."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from fut.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from fut.lifecycle import IllegalMove

log = logging.getLogger("futflow.api")

_STATUS = {NotFound: 404, Forbidden: 403, Conflict: 409, Invalid: 422}


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        code = next((c for t, c in _STATUS.items() if isinstance(exc, t)), 400)
        if isinstance(exc, Invalid):
            body = {"detail": [{"loc": list(exc.loc), "msg": exc.message, "type": "value_error"}]}
            return JSONResponse(body, status_code=code)
        return JSONResponse({"detail": exc.message}, status_code=code)

    @app.exception_handler(IllegalMove)
    async def _illegal(_: Request, exc: IllegalMove) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=409)

    @app.exception_handler(IntegrityError)
    async def _integrity(_: Request, exc: IntegrityError) -> JSONResponse:
        log.warning("integrity_error error=%s", type(exc.orig).__name__)
        return JSONResponse(
            {"detail": "the change conflicts with data stored meanwhile; reload and try again"},
            status_code=409,
        )

    @app.exception_handler(DataError)
    async def _data(_: Request, exc: DataError) -> JSONResponse:
        log.warning("data_error error=%s", type(exc.orig).__name__)
        return JSONResponse(
            {"detail": "a value is out of the range the case file can store"}, status_code=422
        )

    @app.exception_handler(OperationalError)
    async def _busy(_: Request, exc: OperationalError) -> JSONResponse:
        log.error("database_unavailable error=%s", type(exc.orig).__name__)
        return JSONResponse(
            {"detail": "the database is busy or unavailable; try again"}, status_code=503
        )

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected_error")
        return JSONResponse({"detail": "internal error; it has been logged"}, status_code=500)
