from dataclasses import dataclass
from datetime import date

from fut.rules.applicable_law import (
    NEW_SOL_IN_FORCE,
    RecoveryGround,
    citations_for,
    court_action_citation,
    provisions_for,
    recovery_citation,
    time_limit_citation,
    waiver_citation,
)
from tests.testdata import DATA

NEW_LAW_TEXT = (DATA / "law" / "SFS2025-400_socialtjanstlag_33kap_aterkrav.txt").read_text(
    encoding="utf-8"
)


@dataclass(frozen=True)
class Paid:
    month: str
    payment_date: date | None = None


def test_month_paid_before_july_2025_cites_old_sol_9_kap() -> None:
    assert recovery_citation(date(2025, 6, 30)) == (
        "9 kap. 1 § första stycket socialtjänstlagen (2001:453)"
    )


def test_month_paid_from_july_2025_cites_new_sol_33_kap() -> None:
    assert date(2025, 7, 1) == NEW_SOL_IN_FORCE
    assert recovery_citation(date(2025, 7, 1)) == (
        "33 kap. 1 § första stycket socialtjänstlagen (2025:400)"
    )


def test_should_have_realised_cites_the_second_paragraph_in_both_laws() -> None:
    ground = RecoveryGround.SHOULD_HAVE_REALISED
    assert recovery_citation(date(2026, 1, 5), ground) == (
        "33 kap. 1 § andra stycket socialtjänstlagen (2025:400)"
    )
    assert recovery_citation(date(2024, 1, 5), ground) == (
        "9 kap. 1 § andra stycket socialtjänstlagen (2001:453)"
    )


def test_july_assistance_paid_in_june_2025_falls_under_the_old_law() -> None:
    assert citations_for([Paid("2025-07", date(2025, 6, 25))]) == [
        "9 kap. 1 § första stycket socialtjänstlagen (2001:453)"
    ]
    assert citations_for([Paid("2025-07")]) == [
        "33 kap. 1 § första stycket socialtjänstlagen (2025:400)"
    ]


def test_case_spanning_both_laws_cites_both_in_date_order_once_each() -> None:
    rows = [Paid("2025-09"), Paid("2025-05"), Paid("2025-08"), Paid("2025-06")]
    assert citations_for(rows) == [
        "9 kap. 1 § första stycket socialtjänstlagen (2001:453)",
        "33 kap. 1 § första stycket socialtjänstlagen (2025:400)",
    ]


def test_court_action_and_waiver_paragraphs_follow_the_payment_date() -> None:
    new, old = date(2025, 8, 1), date(2024, 8, 1)
    assert court_action_citation(new) == "33 kap. 4 och 5 §§ socialtjänstlagen (2025:400)"
    assert time_limit_citation(new) == "33 kap. 5 § socialtjänstlagen (2025:400)"
    assert waiver_citation(new) == "33 kap. 6 § socialtjänstlagen (2025:400)"
    assert court_action_citation(old) == "9 kap. 3 § socialtjänstlagen (2001:453)"
    assert waiver_citation(old) == "9 kap. 4 § socialtjänstlagen (2001:453)"


def test_new_law_paragraph_numbers_match_the_statute_text() -> None:
    law = provisions_for(date(2026, 1, 1))
    assert "33 kap. Återkrav" in NEW_LAW_TEXT
    assert "1 § Om någon genom oriktiga uppgifter" in NEW_LAW_TEXT
    assert "skäligen borde ha insett" in NEW_LAW_TEXT
    assert "4 § Socialnämnden får väcka talan hos förvaltningsrätten" in NEW_LAW_TEXT
    assert "inom tre år från det att \nkommunens kostnader uppkom" in NEW_LAW_TEXT
    assert NEW_LAW_TEXT.index("5 § Talan enligt 4 §") < NEW_LAW_TEXT.index("tre år")
    assert "6 § Socialnämnden får besluta att helt eller delvis avstå" in NEW_LAW_TEXT
    assert (law.recovery, law.time_limit, law.waiver) == (
        "33 kap. 1 §",
        "33 kap. 5 §",
        "33 kap. 6 §",
    )


def test_empty_case_has_no_citations() -> None:
    assert citations_for([]) == []
