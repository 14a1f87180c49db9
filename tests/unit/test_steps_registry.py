"""Every stage of the lifecycle table has its one module in fut/steps, and nothing else
names a step."""

from __future__ import annotations

import re
from pathlib import Path

from fut import steps
from fut.lifecycle import AUTOMATIC_STAGES, MOVES, SIDE_STEPS, Role, Stage
from fut.settings import REPO_ROOT

WAITING = {Stage.REGISTERED, Stage.REPAYMENT, Stage.CLOSED}  # no step: the case waits


def test_every_stage_is_a_human_step_an_automatic_stage_or_a_wait():
    for stage in MOVES:
        kinds = [steps.is_human(stage), stage in AUTOMATIC_STAGES, stage in WAITING]
        assert kinds.count(True) == 1, stage
        if stage in AUTOMATIC_STAGES:
            assert steps.automatic(stage).stage == stage


def test_each_human_step_says_title_roles_and_payload():
    for name, step in steps.human_steps().items():
        assert step.title and step.title[0].isupper(), name
        assert step.roles and all(isinstance(r, Role) for r in step.roles), name
        assert step.payload.model_json_schema()["type"] == "object", name


def test_every_human_step_is_a_stage_or_registered_beside_the_lifecycle():
    for name in steps.human_steps():
        assert (name in set(Stage)) != (name in SIDE_STEPS), name
    assert set(steps.human_steps()) >= SIDE_STEPS


def test_queues_by_role_match_the_role_exactly():
    assert set(steps.steps_for_role(Role.BESLUTSFATTARE)) == {Stage.DECISION_APPROVAL, "waiver"}
    assert Stage.TRIAGE not in steps.steps_for_role(Role.EKONOMI)
    assert steps.steps_for_role(Role.HANDLAGGARE) == []


def test_generic_code_names_no_step():
    generic = ["fut/services/workflow.py", "fut/services/work_items.py", "fut/services/timers.py"]
    names = sorted(steps.human_steps(), key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
    for path in generic:
        text = (Path(REPO_ROOT) / path).read_text()
        code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        code = re.sub(r'"""(.|\n)*?"""', "", code)
        assert not pattern.search(code), f"{path} names a step: {pattern.search(code)}"
        stages = set(re.findall(r"Stage\.([A-Z_]+)", code)) - {"CLOSED"}
        assert not stages, f"{path} names stages {stages}"
