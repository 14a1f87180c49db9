from datetime import date

import pytest

from fut.rules.swedish_format import format_date, format_kr, format_month


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "0 kr"),
        (300, "300 kr"),
        (1960, "1 960 kr"),
        (12500, "12 500 kr"),
        (24544, "24 544 kr"),
        (1234567, "1 234 567 kr"),
        (-2500, "-2 500 kr"),
    ],
)
def test_amounts_are_grouped_by_thousands_with_kr(amount, text):
    assert format_kr(amount) == text


def test_amount_in_oren_is_refused_since_letters_show_whole_kronor():
    with pytest.raises(TypeError):
        format_kr(12.5)  # type: ignore[arg-type]


def test_dates_in_letters_read_day_month_name_year():
    assert format_date(date(2026, 12, 7)) == "7 december 2026"
    assert format_date(date(2025, 6, 20)) == "20 juni 2025"


def test_month_in_appendix_reads_month_name_and_year():
    assert format_month("2025-07") == "juli 2025"
    assert format_month(date(2026, 3, 1)) == "mars 2026"
