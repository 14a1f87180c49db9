"""futflow's own pages (Swedish, server-rendered): one module per page, one router."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from api.web import (
    case_page,
    inbox,
    login,
    new_case,
    payment_imports_page,
    queue,
    statistics_page,
    task_form,
)

STATIC = Path(__file__).parent / "static"

router = APIRouter(include_in_schema=False)
for _module in (
    login,
    inbox,
    new_case,
    case_page,
    task_form,
    queue,
    statistics_page,
    payment_imports_page,
):
    router.include_router(_module.router)
