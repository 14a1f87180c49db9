"""Passwords for the pages: argon2 hashes, and a lock after five wrong tries (audited).

The API keeps its bearer tokens (`fut.auth`); a password only opens a browser session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from fut import audit
from fut.auth import Actor, actor_of
from fut.db import utcnow
from fut.errors import Invalid, NotFound
from fut.models import User

MAX_FAILURES = 5
LOCK_TIME = timedelta(minutes=15)
MIN_LENGTH = 10
_hasher = PasswordHasher()
_DUMMY = _hasher.hash("a password nobody has")


def set_password(session: Session, username: str, password: str) -> None:
    """Give `username` a new password (and lift a lock): at least ten characters."""
    if len(password) < MIN_LENGTH:
        raise Invalid(f"the password is too short: at least {MIN_LENGTH} characters")
    if len(password) > 1000:
        raise Invalid("the password is too long: at most 1000 characters")
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound(f"no user {username!r}")
    user.password_hash = _hasher.hash(password)
    user.failed_logins = 0
    user.locked_until = None
    session.add(user)
    audit.record(
        session,
        Actor(username, user.id, frozenset()),
        "password_set",
        case_id=None,
        entity="user",
        entity_id=user.id,
    )


@dataclass(frozen=True)
class Refused:
    """Why a login was refused, in Swedish for the login page."""

    message: str
    locked_until: datetime | None = None


WRONG = "Fel användarnamn eller lösenord."


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY, password) and bool(stored)
    except (VerificationError, InvalidHashError):
        return False


def log_in(session: Session, username: str, password: str) -> Actor | Refused:
    """The user's actor if the password is right; else why not. Every try is audited; the
    fifth wrong password in a row locks the account for fifteen minutes."""
    now = utcnow()
    user = session.exec(select(User).where(User.username == username[:64])).first()
    if user is None or not user.active:
        _verify("", password)  # the same time as for a known user
        audit.record(
            session,
            Actor(username[:64], None, frozenset()),
            "login_failed",
            case_id=None,
            entity="user",
            reason="unknown user",
        )
        return Refused(WRONG)
    who = Actor(user.username, user.id, frozenset())
    if user.locked_until is not None and user.locked_until > now:
        audit.record(
            session, who, "login_refused_locked", case_id=None, entity="user", entity_id=user.id
        )
        return Refused(
            "Kontot är låst efter för många felaktiga lösenord. Försök igen senare.",
            user.locked_until,
        )
    if not _verify(user.password_hash, password):
        user.failed_logins += 1
        audit.record(
            session,
            who,
            "login_failed",
            case_id=None,
            entity="user",
            entity_id=user.id,
            failures=user.failed_logins,
        )
        if user.failed_logins >= MAX_FAILURES:
            user.failed_logins = 0
            user.locked_until = now + LOCK_TIME
            audit.record(
                session,
                who,
                "account_locked",
                case_id=None,
                entity="user",
                entity_id=user.id,
                until=user.locked_until.isoformat(),
            )
            session.add(user)
            return Refused(
                "Kontot är låst i 15 minuter efter fem felaktiga lösenord.", user.locked_until
            )
        session.add(user)
        return Refused(WRONG)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.failed_logins = 0
    user.locked_until = None
    session.add(user)
    audit.record(session, who, "login", case_id=None, entity="user", entity_id=user.id)
    return actor_of(session, user)
