"""`fut payments import FILE`: the bank's file read from the command line, as the upload page
reads it. A progress line on a terminal (standard error), the summary on standard output;
a refused file names the line on standard error (in Swedish, as the page) and exits 2."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from sqlmodel import select

from fut.auth import Actor, actor_of
from fut.clock import local_zone
from fut.db import session_scope
from fut.enums import FileFormat
from fut.errors import DomainError
from fut.import_schemas import ImportSummaryOut
from fut.lifecycle import Role
from fut.models import User


def _actor(username: str | None) -> Actor:
    """The named user (who must have the role ekonomi), else the machine's user as ekonomi."""
    if username is None:
        return Actor(f"cli:{getpass.getuser()}"[:64], None, frozenset({Role.EKONOMI}))
    with session_scope() as session:
        user = session.exec(select(User).where(User.username == username)).first()
        if user is None or not user.active:
            raise DomainError(f"no active user {username}")
        return actor_of(session, user)


def _progress(step: int, steps: int, what: str) -> None:
    width = 20
    done = width * step // steps
    sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {step}/{steps} {what:<30}")
    if step == steps:
        sys.stderr.write("\n")
    sys.stderr.flush()


def import_payments(path: Path, *, file_format: str | None, username: str | None) -> int:
    from fut.migrate import upgrade
    from fut.services import payment_imports

    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"fut payments import: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    upgrade()
    try:
        actor = _actor(username)
        with session_scope() as session:
            summary = payment_imports.import_file(
                session,
                actor,
                data,
                filename=path.name,
                file_format=FileFormat(file_format) if file_format else None,
                progress=_progress if sys.stderr.isatty() else None,
            )
    except DomainError as exc:
        if sys.stderr.isatty():
            sys.stderr.write("\n")
        print(f"fut payments import: {exc.message}", file=sys.stderr)
        return 2
    print(_summary_line(path, summary))
    return 0


def _summary_line(path: Path, summary: ImportSummaryOut) -> str:
    """The summary in the CLI's language (the pages and the API say it in Swedish)."""
    if summary.already_imported:
        day = summary.imported_at.astimezone(local_zone())
        return (
            f"{path.name}: already imported on {day:%Y-%m-%d} ({summary.payments} payments); "
            "nothing added"
        )
    return (
        f"{path.name}: {summary.payments} payments, {summary.registered} registered on debts, "
        f"{summary.unmatched} to the unmatched queue, {summary.skipped} already read before"
    )
