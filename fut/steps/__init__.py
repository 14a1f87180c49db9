"""Every step of a FUT case, one module each in this package.

A human step's module says its Swedish title, its roles, its payload, its guards
(four-eyes), what completing it records and where the case goes next, and what passes
when its deadline does; an automatic stage's module says what the flow run produces and
where the case goes. Adding a step is one new module here plus its rows in
`fut.lifecycle.MOVES`. The modules are found by name and loaded on first use.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from fut.lifecycle import Role, Stage
from fut.steps.base import AutomaticStage, Done, HumanStep, Next, StepPayload

__all__ = [
    "AutomaticStage",
    "Done",
    "HumanStep",
    "Next",
    "StepPayload",
    "automatic",
    "human",
    "human_steps",
    "is_human",
    "may_do",
    "steps_for_role",
]


@cache
def _registry() -> tuple[dict[str, HumanStep], dict[Stage, AutomaticStage]]:
    humans: dict[str, HumanStep] = {}
    automatics: dict[Stage, AutomaticStage] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name == "base":
            continue
        step = getattr(importlib.import_module(f"{__name__}.{info.name}"), "STEP", None)
        if isinstance(step, HumanStep):
            assert step.name == info.name, f"{info.name}.py defines step {step.name}"
            humans[step.name] = step
        elif isinstance(step, AutomaticStage):
            assert step.stage == info.name, f"{info.name}.py defines stage {step.stage}"
            automatics[step.stage] = step
    return humans, automatics


def human_steps() -> dict[str, HumanStep]:
    return _registry()[0]


def human(name: str) -> HumanStep:
    return _registry()[0][name]


def is_human(name: str) -> bool:
    return name in _registry()[0]


def automatic(stage: str) -> AutomaticStage:
    return _registry()[1][Stage(stage)]


def may_do(step: str, roles: frozenset[Role] | set[Role]) -> bool:
    return any(role in roles for role in human(step).roles)


def steps_for_role(role: Role) -> list[str]:
    """The steps whose work items a person of `role` may take."""
    return [name for name, step in _registry()[0].items() if role in step.roles]
