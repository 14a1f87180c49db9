"""What a step of a FUT case is made of. Each step is one module in this package that
defines `STEP`: a `HumanStep` (a work item a person completes) or an `AutomaticStage`
(carried out by the case's flow run). The moves between stages are the lifecycle table
(`fut.lifecycle.MOVES`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from fut.auth import Actor
from fut.lifecycle import Role, Stage
from fut.models import Case, Timer, WorkItem


class StepPayload(BaseModel):
    """What a person submits to complete a step (the API's contract for that step).

    Each field says its Swedish label as `title`; `ui(...)` adds how a form shows it (the
    Swedish names of its choices, a hint, a widget). The pages build the step's form from
    the payload's JSON schema, where these appear as `title` and `x-…` keys."""

    model_config = ConfigDict(extra="ignore")


Widget = Literal["radio", "select", "buttons", "textarea", "text", "checkbox", "table", "fieldsets"]


def _option_key(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def ui(
    *,
    options: Mapping[Any, str] | None = None,
    hint: str = "",
    widget: Widget | None = None,
    item: str = "",
    missing: str = "",
) -> dict[str, Any]:
    """How a form shows a payload field, for `Field(json_schema_extra=ui(...))`: `options`
    names each choice in Swedish (an enum, a Literal or True/False), `hint` helps the person
    filling it in, `widget` overrides the default input (a list of objects: "table" or
    "fieldsets"), `item` names one row of a list ("månad" gives the button "Lägg till
    månad"), `missing` is what to say when the field is left empty (else "Fyll i …")."""
    extra: dict[str, Any] = {}
    if options:
        extra["x-options"] = {_option_key(k): v for k, v in options.items()}
    if hint:
        extra["x-hint"] = hint
    if widget:
        extra["x-widget"] = widget
    if item:
        extra["x-item"] = item
    if missing:
        extra["x-missing"] = missing
    return extra


ValueKind = Literal["text", "long", "kr", "date", "month", "datetime"]
"""How a value of a section is shown: as it is, as paragraphs, "12 500 kr", "7 december
2026", "juni 2025", "7 december 2026 kl. 14.05"."""


@dataclass(frozen=True)
class Fact:
    """One labelled value of a section."""

    label: str
    value: Any
    kind: ValueKind = "text"


@dataclass(frozen=True)
class Column:
    label: str
    kind: ValueKind = "text"


@dataclass(frozen=True)
class Section:
    """Read-only information a task shows before its form (Swedish): facts, a table (with a
    totals row), a list, free text, a notice. Any part may be empty."""

    title: str
    facts: Sequence[Fact] = ()
    columns: Sequence[Column] = ()
    rows: Sequence[Sequence[Any]] = ()
    totals: Sequence[Any] = ()
    """The table's totals row, one value per column ("" to leave a cell empty)."""
    items: Sequence[str] = ()
    text: str = ""
    notice: str = ""
    empty: str = ""
    """What to say when the section has nothing yet."""


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
    basis: Callable[[Session, Case], list[Section]] | None = None
    """What a person reads before completing the step: Swedish sections (the task page)."""
    prefill: Callable[[Session, Case], dict[str, Any]] | None = None
    """The values the step's form starts with (e.g. what the rules propose)."""
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
