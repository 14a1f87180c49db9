"""Which law governs the recovery of a month's assistance, and how to cite it.

Socialtjänstlagen (2025:400) entered into force on 2025-07-01 and replaced
socialtjänstlagen (2001:453). Transitional provision 5 a of SFS 2025:400 (text in
``tests/data/law/SFS2025-400_overgangsbestammelser.txt``): "Den upphävda lagen
gäller fortfarande för a) återkrav av ekonomiskt bistånd som beviljats före
ikraftträdandet". The deciding date is therefore the day each month's assistance
was *granted* (the grant decision) -- not the month it covers and not the day it
was paid: assistance for July 2025 granted on 25 June 2025 is recovered under the
old law, 9 kap.; assistance granted from 2025-07-01 under the new law, 33 kap.
This module is the one rule for that choice; every letter that cites law takes
its citations per month from here (a debt spanning both laws cites both).

The three-year court deadline is a different matter: it runs from the payment
(when the municipality's cost arose), see ``fut.rules.court_deadline``.

Provisions (new law, text in ``tests/data/law/``):

* 33 kap. 1 § första stycket: incorrect information, failure to report
  changes or otherwise caused the overpayment; andra stycket: received too
  much and reasonably should have realised it.
* 33 kap. 4 § action at förvaltningsrätten; 5 § where and within three years.
* 33 kap. 6 § the board may waive the claim wholly or partly.

Old law, SoL (2001:453) 9 kap. (not in ``tests/data/law/``; numbering from the
law as cited in case law, e.g. HFD 2013 ref. 18 "9 kap. 1 §, 3 § och 4 §"):
9 kap. 1 § with the same two paragraphs (första/andra stycket), 9 kap. 3 §
action at förvaltningsrätten within three years, 9 kap. 4 § eftergift.
NOT VERIFIED against the consolidated text here: ``OLD_SOL`` below holds the default
paragraph numbers; a municipality corrects them in its settings (``[lagrum]`` in the
municipality file, ``fut.municipality.LagrumSettings.old_sol``) and the document builders
pass that as ``old`` to the functions below -- the rule itself reads no settings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from fut.rules.assistance_month import months_between, parse_month
from fut.rules.swedish_format import MONTHS

NEW_SOL_IN_FORCE = date(2025, 7, 1)
"""Socialtjänstlagen (2025:400) applies to payments made on or after this date."""


class RecoveryGround(StrEnum):
    """The paragraph of the recovery section the investigator relies on."""

    INCORRECT_INFORMATION = "incorrect_information"
    """Första stycket: incorrect information, failure to report changes, or otherwise caused."""
    SHOULD_HAVE_REALISED = "should_have_realised"
    """Andra stycket: received too much and reasonably should have realised it."""


_PARAGRAPH = {
    RecoveryGround.INCORRECT_INFORMATION: "första stycket",
    RecoveryGround.SHOULD_HAVE_REALISED: "andra stycket",
}


@dataclass(frozen=True)
class LawProvisions:
    """Where a socialtjänstlag puts the rules on recovery (återkrav)."""

    law: str
    """Name and SFS number, written after the section: "socialtjänstlagen (2025:400)"."""
    recovery: str
    """The recovery section, e.g. "33 kap. 1 §"."""
    court_action: str
    """Action at förvaltningsrätten including its time limit, e.g. "33 kap. 4 och 5 §§"."""
    time_limit: str
    """The three-year time limit for the action, e.g. "33 kap. 5 §"."""
    waiver: str
    """The board may waive the claim (eftergift), e.g. "33 kap. 6 §"."""

    @property
    def short(self) -> str:
        """For a narrow table column: "SoL (2025:400)"."""
        return "SoL " + self.law.removeprefix("socialtjänstlagen ")


NEW_SOL = LawProvisions(
    law="socialtjänstlagen (2025:400)",
    recovery="33 kap. 1 §",
    court_action="33 kap. 4 och 5 §§",
    time_limit="33 kap. 5 §",
    waiver="33 kap. 6 §",
)

OLD_SOL = LawProvisions(
    law="socialtjänstlagen (2001:453)",
    recovery="9 kap. 1 §",
    court_action="9 kap. 3 §",
    time_limit="9 kap. 3 §",
    waiver="9 kap. 4 §",
)


class GrantedMonth(Protocol):
    """Anything that says which month's assistance it is and when it was granted."""

    @property
    def month(self) -> str: ...

    @property
    def granted_on(self) -> date: ...


def provisions_for(granted_on: date, old: LawProvisions = OLD_SOL) -> LawProvisions:
    """The law that governs recovery of assistance granted on ``granted_on``; ``old`` is the
    former law's provisions as the municipality cites them."""
    return NEW_SOL if granted_on >= NEW_SOL_IN_FORCE else old


def recovery_citation(
    granted_on: date,
    ground: RecoveryGround = RecoveryGround.INCORRECT_INFORMATION,
    old: LawProvisions = OLD_SOL,
) -> str:
    """E.g. "33 kap. 1 § första stycket socialtjänstlagen (2025:400)"."""
    law = provisions_for(granted_on, old)
    return f"{law.recovery} {_PARAGRAPH[RecoveryGround(ground)]} {law.law}"


def court_action_citation(granted_on: date, old: LawProvisions = OLD_SOL) -> str:
    """E.g. "33 kap. 4 och 5 §§ socialtjänstlagen (2025:400)" / "9 kap. 3 § ... (2001:453)"."""
    law = provisions_for(granted_on, old)
    return f"{law.court_action} {law.law}"


def time_limit_citation(granted_on: date, old: LawProvisions = OLD_SOL) -> str:
    """E.g. "33 kap. 5 § socialtjänstlagen (2025:400)"."""
    law = provisions_for(granted_on, old)
    return f"{law.time_limit} {law.law}"


def waiver_citation(granted_on: date, old: LawProvisions = OLD_SOL) -> str:
    """E.g. "33 kap. 6 § socialtjänstlagen (2025:400)" / "9 kap. 4 § ... (2001:453)"."""
    law = provisions_for(granted_on, old)
    return f"{law.waiver} {law.law}"


def _distinct(rows: Iterable[GrantedMonth], cite: Callable[[date], str]) -> list[str]:
    """``cite`` of each row's grant date, once each, in grant-date order (old law first)."""
    return list(dict.fromkeys(cite(day) for day in sorted(row.granted_on for row in rows)))


def citations_for(
    rows: Iterable[GrantedMonth], ground: RecoveryGround = RecoveryGround.INCORRECT_INFORMATION
) -> list[str]:
    """The distinct recovery citations of a case, in grant-date order (old law before new)."""
    return _distinct(rows, lambda day: recovery_citation(day, ground))


def court_action_citations(rows: Iterable[GrantedMonth]) -> list[str]:
    """The distinct court-action citations of the months claimed, old law before new."""
    return _distinct(rows, court_action_citation)


def waiver_citations(rows: Iterable[GrantedMonth]) -> list[str]:
    """The distinct eftergift citations of a debt's months, old law before new."""
    return _distinct(rows, waiver_citation)


def months_text(months: Iterable[str]) -> str:
    """Months "YYYY-MM" in Swedish, runs joined: "maj–juli 2025 och oktober 2025"."""
    days = sorted({parse_month(m) for m in months})
    runs: list[list[date]] = []
    for day in days:
        if runs and months_between(runs[-1][-1], day) == 1:
            runs[-1].append(day)
        else:
            runs.append([day])

    def name(day: date, year: bool = True) -> str:
        return f"{MONTHS[day.month - 1]} {day.year}" if year else MONTHS[day.month - 1]

    parts = [
        name(run[0])
        if len(run) == 1
        else f"{name(run[0], run[0].year != run[-1].year)}–{name(run[-1])}"
        for run in runs
    ]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} och {parts[-1]}"


def cite_per_month(rows: Iterable[GrantedMonth], cite: Callable[[date], str]) -> list[str]:
    """Each law's citation (``cite`` of the grant date) once, old law first; when the months
    fall under more than one citation each names its months:
    "9 kap. 4 § socialtjänstlagen (2001:453) för maj–juli 2025"."""
    by_citation: dict[str, list[str]] = {}
    for row in sorted(rows, key=lambda row: (row.granted_on, row.month)):
        by_citation.setdefault(cite(row.granted_on), []).append(row.month)
    if len(by_citation) <= 1:
        return list(by_citation)
    return [f"{citation} för {months_text(ms)}" for citation, ms in by_citation.items()]


def law_short(granted_on: date) -> str:
    """The law of a month for a narrow table column: "SoL (2001:453)" / "SoL (2025:400)"."""
    return provisions_for(granted_on).short
