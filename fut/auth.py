"""Users, roles and API tokens. Only a SHA-256 of each random token is stored."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlmodel import Session, select

from fut.errors import Conflict, Invalid
from fut.lifecycle import Role
from fut.models import User, UserRole


@dataclass(frozen=True)
class Actor:
    """Who does something: a user, or the system itself (timers, the flow)."""

    username: str
    user_id: int | None
    roles: frozenset[Role]
    units: frozenset[str] = frozenset()

    @property
    def is_system(self) -> bool:
        return self.user_id is None

    def require_user_id(self) -> int:
        """The user's id, for what only a person (not the system) does."""
        if self.user_id is None:
            raise ValueError("the system acts for no user here")
        return self.user_id

    def sees_unit(self, unit: str) -> bool:
        return not self.units or unit in self.units


SYSTEM = Actor("system", None, frozenset())


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def roles_of(session: Session, user_id: int) -> frozenset[Role]:
    rows = session.exec(select(UserRole.role).where(UserRole.user_id == user_id))
    return frozenset(Role(r) for r in rows)


def actor_of(session: Session, user: User) -> Actor:
    assert user.id is not None
    units = frozenset(u for u in user.units.split(",") if u)
    return Actor(user.username, user.id, roles_of(session, user.id), units)


def create_user(
    session: Session,
    *,
    username: str,
    roles: list[str],
    display_name: str | None = None,
    title: str = "",
    phone: str = "",
    email: str = "",
    units: list[str] | None = None,
) -> tuple[User, str]:
    """Create a user and return it with its new API token (shown once, never stored)."""
    known = {r.value for r in Role}
    unknown = [r for r in roles if r not in known]
    if not roles or unknown:
        raise Invalid(f"unknown role {unknown or roles}; roles are {', '.join(sorted(known))}")
    if session.exec(select(User).where(User.username == username)).first():
        raise Conflict(f"user {username!r} exists already")
    token = secrets.token_urlsafe(32)
    user = User(
        username=username,
        display_name=display_name or username,
        title=title,
        phone=phone,
        email=email,
        units=",".join(units or []),
        token_hash=hash_token(token),
    )
    session.add(user)
    session.flush()
    assert user.id is not None
    session.add_all(UserRole(user_id=user.id, role=Role(r)) for r in dict.fromkeys(roles))
    session.flush()
    return user, token


def authenticate(session: Session, token: str) -> Actor | None:
    """The active user holding `token`, as an actor with their roles; else None."""
    if not token:
        return None
    user = session.exec(select(User).where(User.token_hash == hash_token(token))).first()
    return actor_of(session, user) if user and user.active else None
