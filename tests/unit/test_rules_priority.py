import pytest

from fut.rules.errors import InvalidAmount
from fut.rules.priority import PriorityThresholds, propose_priority


def _propose(amount: int, *, evidence: bool = False, ongoing: bool = False, on_aid: bool = True):
    return propose_priority(
        estimated_amount=amount,
        evidence_at_risk=evidence,
        ongoing=ongoing,
        still_on_assistance=on_aid,
    )


def test_large_sum_is_high_priority_and_says_how_large() -> None:
    proposal = _propose(64_000)
    assert proposal.priority == "high"
    assert proposal.reasons == ["Det uppskattade beloppet (64 000 kr) är stort, minst 50 000 kr."]


def test_evidence_at_risk_makes_even_a_small_error_high_priority() -> None:
    proposal = _propose(3_000, evidence=True)
    assert proposal.priority == "high"
    assert len(proposal.reasons) == 1 and "Bevisning" in proposal.reasons[0]


def test_ongoing_error_is_high_priority_with_every_reason_listed() -> None:
    proposal = _propose(80_000, evidence=True, ongoing=True)
    assert proposal.priority == "high"
    assert len(proposal.reasons) == 3


def test_small_error_while_still_on_assistance_is_low_priority() -> None:
    proposal = _propose(4_500)
    assert proposal.priority == "low"
    assert "4 500 kr" in proposal.reasons[0]
    assert "fortfarande ekonomiskt bistånd" in proposal.reasons[0]


def test_small_error_after_assistance_ended_is_normal_priority() -> None:
    assert _propose(4_500, on_aid=False).priority == "normal"


def test_medium_amount_is_normal_priority_with_a_reason() -> None:
    proposal = _propose(20_000)
    assert proposal.priority == "normal"
    assert proposal.reasons


def test_thresholds_are_inclusive_at_high_and_exclusive_at_low() -> None:
    assert _propose(50_000).priority == "high"
    assert _propose(49_999).priority == "normal"
    assert _propose(10_000).priority == "normal"
    assert _propose(9_999).priority == "low"


def test_municipality_can_set_its_own_thresholds() -> None:
    proposal = propose_priority(
        estimated_amount=30_000,
        evidence_at_risk=False,
        ongoing=False,
        still_on_assistance=True,
        thresholds=PriorityThresholds(high_amount=25_000, low_amount=5_000),
    )
    assert proposal.priority == "high"


def test_negative_or_fractional_estimates_and_inverted_thresholds_are_refused() -> None:
    with pytest.raises(InvalidAmount, match="estimated_amount must not be negative"):
        _propose(-1)
    with pytest.raises(InvalidAmount, match="estimated_amount must be whole kronor"):
        _propose(1.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidAmount, match="low_amount 60000 must not exceed high_amount"):
        PriorityThresholds(high_amount=50_000, low_amount=60_000)
