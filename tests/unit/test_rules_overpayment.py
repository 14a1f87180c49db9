from datetime import date, timedelta

import pytest

from fut.rules.errors import DuplicateMonth, InvalidAmount, InvalidPeriod, RuleError
from fut.rules.overpayment import (
    MonthInput,
    Resource,
    ResourceKind,
    month_row,
    month_rows_from_income,
    specify,
)
from fut.rules.swedish_format import format_kr


def granted_before(month: str) -> date:
    """The 25th of the month before ``month``: assistance is granted ahead of its month."""
    first = date.fromisoformat(month + "-01")
    return (first - timedelta(days=1)).replace(day=25)


def test_undeclared_wages_reduce_the_correct_amount_krona_for_krona() -> None:
    row = month_row(
        MonthInput(
            month="2025-09",
            granted_on=granted_before("2025-09"),
            paid=9_800,
            resources=(Resource(ResourceKind.WORK_INCOME, 4_200, member="sökande"),),
            reason="Ej redovisad lön",
        )
    )
    assert (row.paid, row.correct, row.overpaid) == (9_800, 5_600, 4_200)
    assert row.reason == "Ej redovisad lön"
    assert row.citation == "33 kap. 1 § första stycket socialtjänstlagen (2025:400)"


def test_resources_larger_than_the_payment_make_the_whole_month_overpaid() -> None:
    row = month_row(
        MonthInput(
            month="2025-03",
            granted_on=granted_before("2025-03"),
            paid=7_000,
            resources=(
                Resource(ResourceKind.BENEFIT_FROM_OTHER_AUTHORITY, 3_000, member="medsökande"),
                Resource(ResourceKind.ASSETS, 25_000),
            ),
        )
    )
    assert (row.correct, row.overpaid) == (0, 7_000)
    assert row.citation == "9 kap. 1 § första stycket socialtjänstlagen (2001:453)"


def test_wrong_household_uses_the_recalculated_correct_amount() -> None:
    row = month_row(
        MonthInput(
            month="2026-02", granted_on=granted_before("2026-02"), paid=12_300, correct_amount=8_100
        )
    )
    assert (row.correct, row.overpaid) == (8_100, 4_200)


def test_income_already_counted_in_a_later_norm_calculation_is_not_claimed_twice() -> None:
    row = month_row(
        MonthInput(
            month="2026-01",
            granted_on=granted_before("2026-01"),
            paid=9_000,
            resources=(Resource(ResourceKind.OTHER_INCOME, 3_000),),
            already_corrected=1_000,
        )
    )
    assert (row.correct, row.overpaid, row.already_corrected) == (6_000, 2_000, 1_000)


def test_overpaid_never_goes_below_zero() -> None:
    row = month_row(
        MonthInput(
            month="2026-01",
            granted_on=granted_before("2026-01"),
            paid=9_000,
            resources=(Resource(ResourceKind.OTHER_INCOME, 500),),
            already_corrected=2_000,
        )
    )
    assert row.overpaid == 0
    assert (
        month_row(
            MonthInput(
                month="2026-01",
                granted_on=granted_before("2026-01"),
                paid=5_000,
                correct_amount=6_000,
            )
        ).overpaid
        == 0
    )


def test_specification_sorts_months_and_totals_the_appendix() -> None:
    spec = specify(
        [
            MonthInput(
                "2025-08",
                9_000,
                (Resource(ResourceKind.WORK_INCOME, 2_000),),
                granted_on=granted_before("2025-08"),
            ),
            MonthInput(
                "2025-06",
                8_500,
                (Resource(ResourceKind.WORK_INCOME, 1_544),),
                granted_on=granted_before("2025-06"),
            ),
            MonthInput("2025-07", 9_000, correct_amount=0, granted_on=granted_before("2025-07")),
        ]
    )
    assert [row.month for row in spec.rows] == ["2025-06", "2025-07", "2025-08"]
    assert (spec.total_paid, spec.total_correct, spec.total_overpaid) == (26_500, 13_956, 12_544)
    assert format_kr(spec.total_overpaid) == "12 544 kr"
    assert spec.period == ("2025-06", "2025-08")
    assert spec.citations == [
        "9 kap. 1 § första stycket socialtjänstlagen (2001:453)",
        "33 kap. 1 § första stycket socialtjänstlagen (2025:400)",
    ]


def test_the_same_month_twice_is_refused_naming_the_month() -> None:
    with pytest.raises(DuplicateMonth, match="month 2025-10 appears more than once"):
        specify([MonthInput("2025-10", 100, correct_amount=0, granted_on=date(2025, 9, 25))] * 2)


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (MonthInput("2025-13", 100), "month '2025-13' is not a month written YYYY-MM"),
        (MonthInput("2025-1", 100), "month '2025-1' is not a month"),
        (MonthInput("2025-10", -1), "month 2025-10: paid must not be negative"),
        (MonthInput("2025-10", 99.5), r"month 2025-10: paid must be whole kronor \(int\)"),  # type: ignore[arg-type]
        (MonthInput("2025-10", True), "month 2025-10: paid must be whole kronor"),  # type: ignore[arg-type]
        (
            MonthInput("2025-10", 100, already_corrected=-5),
            "month 2025-10: already_corrected must not be negative",
        ),
        (
            MonthInput("2025-10", 100, (Resource(ResourceKind.ASSETS, -3),)),
            r"month 2025-10: resources\[0\].amount must not be negative",
        ),
        (
            MonthInput("2025-10", 100, correct_amount=10.0),  # type: ignore[arg-type]
            "month 2025-10: correct_amount must be whole kronor",
        ),
        (
            MonthInput("2025-10", 100, (Resource(ResourceKind.ASSETS, 3),), correct_amount=10),
            "month 2025-10: give either resources or correct_amount, not both",
        ),
        (
            MonthInput("2025-10", 100, (Resource("salary", 3),)),  # type: ignore[arg-type]
            r"month 2025-10: resources\[0\].kind must be one of",
        ),
    ],
)
def test_malformed_month_input_is_refused_naming_month_and_field(
    item: MonthInput, message: str
) -> None:
    with pytest.raises(RuleError, match=message):
        specify([item])


def test_malformed_month_raises_a_period_error_and_bad_amount_an_amount_error() -> None:
    with pytest.raises(InvalidPeriod):
        month_row(MonthInput("juli 2025", 100))
    with pytest.raises(InvalidAmount):
        month_row(MonthInput("2025-07", -100))


def test_income_convenience_covers_the_common_case() -> None:
    rows = month_rows_from_income(
        [
            {
                "month": "2026-03",
                "paid": 10_000,
                "undeclared_income": 3_500,
                "granted_on": date(2026, 2, 26),
            },
            {
                "month": "2026-02",
                "granted_on": date(2026, 1, 26),
                "paid": 10_000,
                "undeclared_income": 12_000,
                "payment_date": date(2026, 1, 27),
                "reason": "Lön från städfirma",
            },
        ]
    )
    assert [(r.month, r.correct, r.overpaid) for r in rows] == [
        ("2026-02", 0, 10_000),
        ("2026-03", 6_500, 3_500),
    ]
    assert rows[0].payment_date == date(2026, 1, 27)
    assert rows[0].reason == "Lön från städfirma"


def test_income_convenience_refuses_missing_or_fractional_income() -> None:
    with pytest.raises(RuleError, match="month 2026-03: undeclared_income is missing"):
        month_rows_from_income([{"month": "2026-03", "paid": 10_000}])
    with pytest.raises(RuleError, match="month 2026-03: undeclared_income must be whole kronor"):
        month_rows_from_income([{"month": "2026-03", "paid": 10_000, "undeclared_income": 1.5}])
    with pytest.raises(RuleError, match="month 2026-03: payment_date must be a date"):
        month_rows_from_income(
            [{"month": "2026-03", "paid": 1, "undeclared_income": 1, "payment_date": "2026-02-27"}]
        )
    with pytest.raises(DuplicateMonth):
        month = {
            "month": "2026-03",
            "paid": 1,
            "undeclared_income": 1,
            "granted_on": date(2026, 3, 1),
        }
        month_rows_from_income([month] * 2)
