"""Priority proposal for an incoming FUT report (förhandsbedömning).

Not statute: the triage criteria used in the municipalities' FUT routines
(weekly case review). Prioritised: large sums, new cases where evidence gets
harder to obtain if left, and errors still ongoing (pågående felaktighet).
Lower: the client is still on assistance and the error is small. The
investigator or supervisor decides; this only proposes, with the reasons in
Swedish so the proposal can be shown and overridden in the case file.

Amounts at or above ``high_amount`` are large; amounts below ``low_amount``
are small. Any high criterion wins over the low one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from fut.rules.errors import InvalidAmount
from fut.rules.swedish_format import format_kr

Priority = Literal["high", "normal", "low"]


@dataclass(frozen=True)
class PriorityThresholds:
    high_amount: int = 50000
    low_amount: int = 10000

    def __post_init__(self) -> None:
        for name in ("high_amount", "low_amount"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidAmount(f"{name} must be whole, non-negative kronor, got {value!r}")
        if self.low_amount > self.high_amount:
            raise InvalidAmount(
                f"low_amount {self.low_amount} must not exceed high_amount {self.high_amount}"
            )


@dataclass(frozen=True)
class PriorityProposal:
    priority: Priority
    reasons: list[str] = field(default_factory=list)


def propose_priority(
    *,
    estimated_amount: int,
    evidence_at_risk: bool,
    ongoing: bool,
    still_on_assistance: bool,
    thresholds: PriorityThresholds = PriorityThresholds(),
) -> PriorityProposal:
    """Propose high, normal or low priority, with every reason that applies."""
    if isinstance(estimated_amount, bool) or not isinstance(estimated_amount, int):
        raise InvalidAmount(
            f"estimated_amount must be whole kronor (int), got {estimated_amount!r}"
        )
    if estimated_amount < 0:
        raise InvalidAmount(f"estimated_amount must not be negative, got {estimated_amount}")

    high: list[str] = []
    if estimated_amount >= thresholds.high_amount:
        high.append(
            f"Det uppskattade beloppet ({format_kr(estimated_amount)}) är stort, "
            f"minst {format_kr(thresholds.high_amount)}."
        )
    if evidence_at_risk:
        high.append("Bevisning riskerar att bli svårare att få fram om utredningen väntar.")
    if ongoing:
        high.append("Felaktigheten misstänks pågå fortfarande.")
    if high:
        return PriorityProposal(priority="high", reasons=high)

    if estimated_amount < thresholds.low_amount and still_on_assistance:
        return PriorityProposal(
            priority="low",
            reasons=[
                f"Det uppskattade beloppet ({format_kr(estimated_amount)}) är litet, under "
                f"{format_kr(thresholds.low_amount)}, och den enskilde har fortfarande "
                "ekonomiskt bistånd."
            ],
        )
    return PriorityProposal(
        priority="normal",
        reasons=["Varken kriterierna för hög eller för låg prioritet är uppfyllda."],
    )
