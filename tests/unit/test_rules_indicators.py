"""The indicators' arithmetic (`fut.rules.indicators`): medians read off frequency tables,
shares, and the start guarantee compared as ordinals exactly as `start_guarantee` counts."""

from __future__ import annotations

import statistics
from datetime import timedelta

import pytest

from fut.rules.classification import start_guarantee
from fut.rules.indicators import (
    days_text,
    median_of_counts,
    percent,
    share,
    started_within_guarantee,
)
from tests.clock import SUITE_TODAY


@pytest.mark.parametrize(
    "values",
    [[5], [1, 2], [3, 1, 2], [0, 0, 7, 9], [10, 10, 10, 11], [4, 1, 9, 9, 30, 2, 2]],
)
def test_median_of_a_frequency_table_is_the_median_of_the_values(values):
    table: dict[int, int] = {}
    for v in values:
        table[v] = table.get(v, 0) + 1
    assert median_of_counts(table) == statistics.median(values)
    assert median_of_counts(list(table.items())) == statistics.median(values)


def test_median_of_nothing_is_none_and_empty_rows_are_ignored():
    assert median_of_counts({}) is None
    assert median_of_counts({3: 0, 8: 2}) == 8


def test_share_is_a_rounded_fraction_and_none_of_none():
    assert share(4, 5) == 0.8 and share(1, 3) == 0.3333 and share(0, 0) is None
    with pytest.raises(ValueError):
        share(6, 5)


def test_start_guarantee_ordinal_agrees_with_the_month_rule_every_day_of_two_years():
    first = SUITE_TODAY.replace(month=1, day=1) - timedelta(days=366)
    for offset in range(2 * 366):
        received = first + timedelta(days=offset)
        last = start_guarantee(received)
        assert started_within_guarantee(received, last), received
        assert not started_within_guarantee(received, last + timedelta(days=1)), received
        assert started_within_guarantee(received, received)


def test_swedish_texts_for_shares_and_days():
    assert percent(0.8126) == "81,3\u00a0%" and percent(None) == "–"
    assert days_text(12.0) == "12 dagar" and days_text(12.5) == "12,5 dagar"
    assert days_text(1) == "1 dag" and days_text(None) == "–"
