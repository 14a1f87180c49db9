"""A document's file follows the transaction that stores its row.

The file is written beside its final name as `<name>.pending` before the commit and moved
into place after it; a rolled-back transaction (or savepoint) removes it. If the process
dies between the commit and the move, the first read of the document finishes the move
(`published`), after checking the file against the stored SHA-256.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

_KEY = "futflow_pending_files"


@dataclass(frozen=True)
class _Pending:
    row: Any
    pending: Path
    target: Path


def pending_path(target: Path) -> Path:
    return target.with_name(target.name + ".pending")


def write_after_commit(session: Session, row: Any, target: Path, content: bytes) -> None:
    """Write `content` for `row` (already added to `session`); it appears at `target` once
    the transaction commits, and never if it rolls back."""
    target.parent.mkdir(parents=True, exist_ok=True)
    pending = pending_path(target)
    pending.unlink(missing_ok=True)
    pending.write_bytes(content)
    pending.chmod(0o444)  # a produced document is never changed; a correction is a new one
    session.info.setdefault(_KEY, []).append(_Pending(row, pending, target))


def published(target: Path, sha256: str) -> bool:
    """True when the file is in place; finishes a move that a crash interrupted."""
    if target.is_file():
        return True
    pending = pending_path(target)
    if pending.is_file() and hashlib.sha256(pending.read_bytes()).hexdigest() == sha256:
        os.replace(pending, target)
        return True
    return False


@event.listens_for(Session, "after_commit")
def _publish(session: Session) -> None:
    for item in session.info.pop(_KEY, []):
        state = inspect(item.row)
        if state.persistent and not state.deleted:
            os.replace(item.pending, item.target)
        else:  # its savepoint was rolled back: the row is gone, so is the file
            item.pending.unlink(missing_ok=True)


@event.listens_for(Session, "after_rollback")
def _discard(session: Session) -> None:
    for item in session.info.pop(_KEY, []):
        item.pending.unlink(missing_ok=True)
