"""Browser sessions: a random token in an HttpOnly cookie, its SHA-256 in `web_session`,
and a CSRF token per session that every form changing something must carry."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, delete, select

from fut.auth import Actor, actor_of, hash_token
from fut.db import utcnow
from fut.models import User, WebSession

LIFETIME = timedelta(hours=10)
"""A working day: after that the browser logs in again."""


@dataclass(frozen=True)
class Login:
    actor: Actor
    csrf_token: str
    display_name: str


def start(session: Session, actor: Actor) -> str:
    """A new session for `actor`; returns the cookie's token (never stored)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.exec(delete(WebSession).where(col(WebSession.expires_at) < now))
    session.add(
        WebSession(
            token_hash=hash_token(token),
            user_id=actor.require_user_id(),
            csrf_token=secrets.token_urlsafe(32),
            expires_at=now + LIFETIME,
        )
    )
    return token


def resume(session: Session, token: str) -> Login | None:
    """The login a cookie's token stands for, if it is live and its user active."""
    if not token:
        return None
    row = session.exec(
        select(WebSession, User)
        .join(User, col(User.id) == WebSession.user_id)
        .where(WebSession.token_hash == hash_token(token))
    ).first()
    if row is None:
        return None
    web, user = row
    if web.expires_at <= utcnow() or not user.active:
        return None
    return Login(actor_of(session, user), web.csrf_token, user.display_name)


def end(session: Session, token: str) -> None:
    session.exec(delete(WebSession).where(col(WebSession.token_hash) == hash_token(token)))


def csrf_matches(login: Login, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(login.csrf_token, given)
