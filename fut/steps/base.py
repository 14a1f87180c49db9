"""What a step of a FUT case is made of. Each step is one module in this package that
defines `STEP`: a `HumanStep` (a work item a person completes) or an `AutomaticStage`
(carried out by the case's flow run). The moves between stages are the lifecycle table
(`fut.lifecycle.MOVES`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from fut.auth import Actor
from fut.lifecycle import Role, Stage
from fut.models import Case, Timer, WorkItem


class StepPayload(BaseModel):
    """What a person submits to complete a step (the API's contract for that step)."""

    model_config = ConfigDict(extra="ignore")


@dataclass(frozen=True)
class Next:
    """Where a completed step sends the case, and the reason written in its history."""

    stage: Stage
    reason: str


@dataclass(frozen=True)
class Done:
    """A completed work item: who, on which case, with which item."""

    session: Session
    actor: Actor
    case: Case
    item: WorkItem

    @property
    def case_id(self) -> int:
        assert self.case.id is not None
        return self.case.id


Guard = Callable[[Session, WorkItem, Actor], None]
"""Raises a domain error when `actor` may not claim or complete the item."""


@dataclass(frozen=True)
class HumanStep:
    """A work item a person completes. A step named after a stage moves the case on
    (`complete` returns `Next`); any other step is a reminder beside the lifecycle
    (`complete` returns None) and may be opened by a timer (`on_timer`)."""

    name: str
    title: str
    roles: tuple[Role, ...]
    payload: type[StepPayload]
    complete: Callable[[Done, Any], Next | None]
    guards: tuple[Guard, ...] = ()
    deadline_payload: Mapping[str, Any] | None = None
    """When the item's due date passes, the system completes it with this payload."""
    details: Callable[[Session, Case], dict[str, Any]] | None = None
    """What the task shows beside its payload schema (e.g. the triage proposal)."""
    on_timer: Callable[[Session, Timer], None] | None = None
    """What a timer of this step's name does when it fires (opens the item, or not)."""
    examples: tuple[Mapping[str, Any], ...] = field(default=())


@dataclass(frozen=True)
class AutomaticStage:
    """A stage the case's flow run carries out by itself. `carry_out` produces the stage's
    documents under the idempotency key it is given and moves the case on; it must be safe
    to run twice."""

    stage: Stage
    title: str
    carry_out: Callable[[Session, Case, str], None]
