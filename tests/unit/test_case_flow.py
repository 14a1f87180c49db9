"""The `fut-case` flow's loop, with the case read from a script instead of the database."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from flows import case_lifecycle
from fut.services.automation import CaseState


def _state(stage: str, wait_key: str | None = None) -> CaseState:
    return CaseState("FUT-TEST-0003", stage, "sodermalm", "normal", 2, wait_key)


class World:
    """What the loop did, and the case as each read finds it."""

    def __init__(self, reads: list[CaseState]) -> None:
        self._reads: Iterator[CaseState] = iter(reads)
        self.reads = 0
        self.carried_out: list[str] = []
        self.waited: list[str] = []
        self.pauses = 0

    def read(self, case_id: int) -> CaseState:
        self.reads += 1
        return next(self._reads)


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch):
    def make(reads: list[CaseState]) -> World:
        w = World(reads)
        monkeypatch.setattr(case_lifecycle, "_sync_tags", lambda state: None)
        monkeypatch.setattr(
            case_lifecycle, "carry_out_stage", lambda case_id, stage: w.carried_out.append(stage)
        )
        monkeypatch.setattr(case_lifecycle, "settle_repayment", lambda case_id: False)
        monkeypatch.setattr(case_lifecycle, "_wait", lambda case_id, key: w.waited.append(key))
        return w

    return make


def _walk(w: World) -> str:
    def pause(seconds: float) -> None:
        w.pauses += 1

    return case_lifecycle.walk(3, None, logging.getLogger("test"), read=w.read, pause=pause)


def test_step_completed_during_flow_read_does_not_fail_the_run(world):
    # the read found the case still at decision_approval while the approval's work item
    # was being completed (so no open item, nothing to wait for); the next read finds it
    # at the automatic decision stage, then at the installment plan's work item
    w = world(
        [
            _state("decision_approval", None),
            _state("decision"),
            _state("repayment_plan", "work-item-9"),
            _state("closed"),
        ]
    )
    assert _walk(w) == "closed"
    assert w.carried_out == ["decision"]
    assert w.waited == ["work-item-9"]
    assert w.pauses == 1
    assert w.reads == 4  # once per step


def test_a_stage_that_never_gets_its_work_item_fails_after_a_bounded_number_of_reads(world):
    w = world([_state("intent", None)] * (case_lifecycle.MAX_EMPTY_READS + 1))
    with pytest.raises(RuntimeError, match="nothing to wait for"):
        _walk(w)
    assert w.pauses == case_lifecycle.MAX_EMPTY_READS


def test_the_loop_reads_the_case_once_per_step(world):
    w = world([_state("communication"), _state("client_reply", "work-item-4"), _state("closed")])
    assert _walk(w) == "closed"
    assert (w.reads, w.carried_out, w.waited) == (3, ["communication"], ["work-item-4"])
