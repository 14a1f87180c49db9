"""Every error is a JSON answer with a reason; no traceback ever reaches a client."""

from __future__ import annotations

import logging
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.web.errors import error_page, is_page, to_login
from api.web.session import CsrfRejected, LoginRequired
from fut.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from fut.lifecycle import IllegalMove

log = logging.getLogger("futflow.api")

_STATUS = {NotFound: 404, Forbidden: 403, Conflict: 409, Invalid: 422}


def encodable(value: Any) -> Any:
    """`value` as strict JSON can carry it: an echoed NaN or Infinity (Python's json reads
    them) becomes the text "NaN"/"Infinity", a lone surrogate its escape. An error answer
    must never fail to encode (that would be a 500 for bad input)."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {encodable(k): encodable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [encodable(v) for v in value]
    return value


class ErrorResponse(JSONResponse):
    """A JSON error answer that always encodes, whatever the request echoed."""

    def render(self, content: Any) -> bytes:
        return super().render(encodable(content))


def install(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def _login(request: Request, _: LoginRequired) -> Response:
        return to_login(request)

    @app.exception_handler(CsrfRejected)
    async def _csrf(request: Request, _: CsrfRejected) -> Response:
        return error_page(
            request,
            403,
            "Formuläret saknade en giltig säkerhetskod. Ladda om sidan och försök igen.",
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if is_page(request):
            return error_page(request, exc.status_code)
        return ErrorResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        """FastAPI's 422 (`detail`: [{loc, msg, type, input, ctx}]), always encodable."""
        if is_page(request):
            where = ", ".join(".".join(str(p) for p in e["loc"]) for e in exc.errors())
            return error_page(request, 422, f"Felaktiga fält: {where}")
        return ErrorResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Response:
        code = next((c for t, c in _STATUS.items() if isinstance(exc, t)), 400)
        if is_page(request):
            return error_page(request, code, exc.message)
        if isinstance(exc, Invalid):
            body = {"detail": [{"loc": list(exc.loc), "msg": exc.message, "type": "value_error"}]}
            return ErrorResponse(body, status_code=code)
        return ErrorResponse({"detail": exc.message}, status_code=code)

    @app.exception_handler(IllegalMove)
    async def _illegal(request: Request, exc: IllegalMove) -> Response:
        if is_page(request):
            return error_page(request, 409, str(exc))
        return ErrorResponse({"detail": str(exc)}, status_code=409)

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> Response:
        log.warning("integrity_error error=%s", type(exc.orig).__name__)
        if is_page(request):
            return error_page(request, 409)
        return ErrorResponse(
            {"detail": "the change conflicts with data stored meanwhile; reload and try again"},
            status_code=409,
        )

    @app.exception_handler(DataError)
    async def _data(request: Request, exc: DataError) -> Response:
        log.warning("data_error error=%s", type(exc.orig).__name__)
        if is_page(request):
            return error_page(request, 422, "Ett värde är utanför vad ärendet kan lagra.")
        return ErrorResponse(
            {"detail": "a value is out of the range the case file can store"}, status_code=422
        )

    @app.exception_handler(OperationalError)
    async def _busy(request: Request, exc: OperationalError) -> Response:
        log.error("database_unavailable error=%s", type(exc.orig).__name__)
        if is_page(request):
            return error_page(request, 503)
        return ErrorResponse(
            {"detail": "the database is busy or unavailable; try again"}, status_code=503
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected_error")
        if is_page(request):
            return error_page(request, 500)
        return ErrorResponse({"detail": "internal error; it has been logged"}, status_code=500)
