from dataclasses import dataclass
from datetime import date

import pytest

from fut.rules.applicable_law import (
    NEW_SOL_IN_FORCE,
    RecoveryGround,
    citations_for,
    cite_per_month,
    court_action_citation,
    months_text,
    provisions_for,
    recovery_citation,
    time_limit_citation,
    waiver_citation,
)
from fut.rules.court_deadline import row_court_deadline
from fut.rules.errors import RuleError
from fut.rules.overpayment import MonthInput, month_row
from tests.testdata import DATA

TRANSITIONAL_TEXT = (DATA / "law" / "SFS2025-400_overgangsbestammelser.txt").read_text(
    encoding="utf-8"
)
NEW_LAW_TEXT = (DATA / "law" / "SFS2025-400_socialtjanstlag_33kap_aterkrav.txt").read_text(
    encoding="utf-8"
)


@dataclass(frozen=True)
class Granted:
    month: str
    granted_on: date
    payment_date: date | None = None


def test_transitional_provision_5a_keeps_the_old_law_for_assistance_granted_before_july_2025():
    assert "1. Denna lag träder i kraft den 1 juli 2025." in TRANSITIONAL_TEXT
    assert "5. Den upphävda lagen gäller fortfarande för" in TRANSITIONAL_TEXT
    assert (
        "a) återkrav av ekonomiskt bistånd som beviljats före ikraftträdandet" in TRANSITIONAL_TEXT
    )
    assert date(2025, 7, 1) == NEW_SOL_IN_FORCE


def test_assistance_granted_before_july_2025_cites_old_sol_9_kap() -> None:
    assert recovery_citation(date(2025, 6, 30)) == (
        "9 kap. 1 § första stycket socialtjänstlagen (2001:453)"
    )


def test_assistance_granted_from_july_2025_cites_new_sol_33_kap() -> None:
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


def test_july_2025_granted_in_june_is_recovered_under_the_old_law() -> None:
    july = Granted("2025-07", granted_on=date(2025, 6, 25), payment_date=date(2025, 6, 27))
    assert citations_for([july]) == ["9 kap. 1 § första stycket socialtjänstlagen (2001:453)"]
    assert cite_per_month([july], waiver_citation) == ["9 kap. 4 § socialtjänstlagen (2001:453)"]


def test_june_2025_granted_on_1_july_is_recovered_under_the_new_law() -> None:
    late = Granted("2025-06", granted_on=date(2025, 7, 1), payment_date=date(2025, 6, 30))
    assert citations_for([late]) == ["33 kap. 1 § första stycket socialtjänstlagen (2025:400)"]


def test_the_grant_date_decides_the_law_and_the_payment_date_the_court_deadline() -> None:
    row = month_row(
        MonthInput(
            "2025-07",
            9_000,
            correct_amount=0,
            payment_date=date(2025, 7, 3),
            granted_on=date(2025, 6, 25),
        )
    )
    assert row.citation == "9 kap. 1 § första stycket socialtjänstlagen (2001:453)"
    assert row_court_deadline(row) == date(2028, 7, 3)


def test_a_month_without_a_grant_date_is_refused() -> None:
    with pytest.raises(RuleError, match="month 2025-07: granted_on is missing"):
        month_row(MonthInput("2025-07", 9_000, correct_amount=0, payment_date=date(2025, 7, 3)))


def test_case_spanning_both_laws_cites_both_in_grant_order_once_each() -> None:
    rows = [
        Granted("2025-09", date(2025, 8, 25)),
        Granted("2025-05", date(2025, 4, 25)),
        Granted("2025-08", date(2025, 7, 25)),
        Granted("2025-07", date(2025, 6, 25)),
    ]
    assert citations_for(rows) == [
        "9 kap. 1 § första stycket socialtjänstlagen (2001:453)",
        "33 kap. 1 § första stycket socialtjänstlagen (2025:400)",
    ]


def test_a_debt_spanning_both_laws_names_the_months_of_each_citation() -> None:
    rows = [
        Granted("2025-05", date(2025, 4, 25)),
        Granted("2025-06", date(2025, 5, 26)),
        Granted("2025-07", date(2025, 6, 25)),
        Granted("2025-08", date(2025, 7, 25)),
        Granted("2025-10", date(2025, 9, 25)),
    ]
    assert cite_per_month(rows, waiver_citation) == [
        "9 kap. 4 § socialtjänstlagen (2001:453) för maj–juli 2025",
        "33 kap. 6 § socialtjänstlagen (2025:400) för augusti 2025 och oktober 2025",
    ]
    assert cite_per_month(rows, court_action_citation) == [
        "9 kap. 3 § socialtjänstlagen (2001:453) för maj–juli 2025",
        "33 kap. 4 och 5 §§ socialtjänstlagen (2025:400) för augusti 2025 och oktober 2025",
    ]


def test_months_are_named_in_swedish_runs() -> None:
    assert months_text(["2025-07"]) == "juli 2025"
    assert months_text(["2025-12", "2024-11", "2025-01", "2024-12"]) == (
        "november 2024–januari 2025 och december 2025"
    )
    assert months_text(["2025-01", "2025-03", "2025-05"]) == (
        "januari 2025, mars 2025 och maj 2025"
    )


def test_court_action_and_waiver_paragraphs_follow_the_grant_date() -> None:
    new, old = date(2025, 8, 1), date(2025, 6, 30)
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
    assert cite_per_month([], waiver_citation) == []
