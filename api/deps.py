"""Typed dependencies: the authenticated actor."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Path, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from fut.auth import Actor, authenticate
from fut.db import session_scope

_bearer = HTTPBearer(auto_error=False, description="the API token `fut user add` printed")


def current_actor(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing bearer token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    with session_scope() as session:
        actor = authenticate(session, credentials.credentials)
        if actor is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "unknown or inactive token",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


Id = Annotated[int, Path(ge=1, le=2_147_483_647, description="a row id")]
"""A path id: anything outside the database's integer range is refused with 422."""
