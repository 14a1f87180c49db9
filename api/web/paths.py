"""Ids in the pages' paths: anything that is no row id is a page that does not exist (404),
never a validation error."""

from __future__ import annotations

from fastapi import HTTPException

MAX_ID = 2_147_483_647


def row_id(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) <= MAX_ID:
        raise HTTPException(404)
    return int(text)
