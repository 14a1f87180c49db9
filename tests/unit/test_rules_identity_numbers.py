import json
from datetime import date
from pathlib import Path

import pytest

from fut.rules.errors import InvalidIdentityNumber, RuleError
from fut.rules.identity_numbers import (
    is_valid_identity_number,
    luhn_check_digit,
    parse_identity_number,
)
from tests.testdata import DATA

PNR = DATA / "personnummer"
PERSONNUMMER_FILES = [
    PNR / "skatteverket_testpersonnummer_via_Gyran_0d70d0a.txt",
    PNR / "skatteverket_testpersonnummer_via_personnummer-meta_c44a844.txt",
]
SAMORDNINGSNUMMER_FILE = (
    PNR / "skatteverket_testsamordningsnummer_via_personnummer-meta_c44a844.txt"
)
META_CASES = json.loads((PNR / "personnummer-meta_list.json").read_text(encoding="utf-8"))
META_FORMATS = ("long_format", "short_format", "separated_format", "separated_long")
TODAY = date(2026, 11, 26)


def _numbers(path: Path) -> list[str]:
    return path.read_text(encoding="ascii").split()


def test_every_skatteverket_test_number_is_accepted_with_its_kind() -> None:
    # (how fast is measured in bench/, not here: a loaded CI machine must not fail it)
    files = [(path, "personnummer") for path in PERSONNUMMER_FILES]
    files.append((SAMORDNINGSNUMMER_FILE, "samordningsnummer"))
    count = 0
    for path, kind in files:
        for number in _numbers(path):
            parsed = parse_identity_number(number, today=TODAY)
            assert parsed.digits12 == number
            assert parsed.kind == kind, number
            count += 1
    assert count > 84_000


def test_skatteverket_files_are_not_trivially_empty_and_cover_unknown_birth_dates() -> None:
    coordination = _numbers(SAMORDNINGSNUMMER_FILE)
    assert len(coordination) == 2264
    unknown_month = [n for n in coordination if n[4:6] == "00"]
    unknown_day = [n for n in coordination if n[6:8] == "60"]
    assert unknown_month and unknown_day
    for number in unknown_month + unknown_day:
        assert parse_identity_number(number).birth_date is None


@pytest.mark.parametrize("case", META_CASES, ids=[c["separated_long"] for c in META_CASES])
def test_personnummer_meta_cases_are_valid_exactly_as_the_list_says(case: dict) -> None:
    texts = [case[fmt] for fmt in META_FORMATS]
    if case["integer"]:
        texts.append(str(case["integer"]))
    for text in texts:
        assert is_valid_identity_number(text, today=TODAY) is case["valid"], text
        if not case["valid"]:
            with pytest.raises(InvalidIdentityNumber):
                parse_identity_number(text, today=TODAY)


@pytest.mark.parametrize(
    "case", [c for c in META_CASES if c["valid"]], ids=lambda c: c["separated_long"]
)
def test_personnummer_meta_valid_cases_format_and_classify_as_the_list_says(case: dict) -> None:
    long = case["long_format"]
    kind = {"ssn": "personnummer", "con": "samordningsnummer"}[case["type"]]
    # the short form without separator cannot tell a centenarian's century; the
    # personnummer packages' own tests skip it for formatting, and so do we
    for fmt in ("long_format", "separated_format", "separated_long"):
        parsed = parse_identity_number(case[fmt], today=TODAY)
        assert parsed.digits12 == long
        assert parsed.kind == kind
        assert parsed.formatted == f"{long[:8]}-{long[8:]}"
        assert parsed.masked == f"{long[:8]}-****"
    short = parse_identity_number(case["short_format"], today=TODAY)
    assert short.digits12[2:] == long[2:]
    assert short.kind == kind


def test_check_digit_error_says_which_digit_was_expected() -> None:
    with pytest.raises(InvalidIdentityNumber, match="check digit should be 2, not 3"):
        parse_identity_number("19121212-1213")
    assert parse_identity_number("19121212-1212").formatted == "19121212-1212"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "is empty"),
        ("121212-121", "expected 10 or 12 digits, got 9"),
        ("1912121212120", "expected 10 or 12 digits, got 13"),
        ("19121212 1212", "characters other than digits"),
        ("121212-12l2", "characters other than digits"),
        ("1212-121212", 'one "-" or "+" before the last four digits'),
        ("121212--1212", 'one "-" or "+" before the last four digits'),
        ("19701301-1234", "month 13 does not exist"),
        ("19700001-1234", "month 00 does not exist"),
        ("19700100-1234", "day 00 is not a possible day of a personnummer"),
        ("19700145-1234", "day 45 is not a possible day of a personnummer"),
        ("19700192-1234", "day 92 is not a possible day of a samordningsnummer"),
        ("19700230-1234", "1970-02-30 is not a date"),
        ("19010229-1234", "1901-02-29 is not a date"),
        ("20150916-0006", "birth number 000 is never issued"),
    ],
)
def test_malformed_numbers_are_rejected_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(InvalidIdentityNumber, match=reason.replace("+", r"\+")) as info:
        parse_identity_number(text, today=TODAY)
    assert isinstance(info.value, RuleError)
    assert isinstance(info.value, ValueError)


def test_leap_day_personnummer_exists_in_a_leap_year() -> None:
    parsed = parse_identity_number("000229-2399", today=TODAY)
    assert parsed.birth_date == date(2000, 2, 29)


def test_plus_separator_means_a_hundred_years_or_older() -> None:
    assert parse_identity_number("090527+1474", today=TODAY).digits12 == "190905271474"
    assert parse_identity_number("090527-1474", today=TODAY).digits12 == "200905271474"


def test_ten_digit_number_gets_the_latest_century_not_after_the_reference_date() -> None:
    # born 26 December: on 26 November 2026 a "261226-" person cannot be born in 2026
    digits9 = "261226999"
    number = digits9 + str(luhn_check_digit(digits9))
    assert parse_identity_number(number, today=date(2026, 11, 26)).digits12[:4] == "1926"
    assert parse_identity_number(number, today=date(2026, 12, 26)).digits12[:4] == "2026"
    # with "+", the person must have turned 100 by the reference date
    plus = f"{digits9[:6]}+{digits9[6:]}{number[-1]}"
    assert parse_identity_number(plus, today=date(2026, 11, 26)).digits12[:4] == "1826"
    assert parse_identity_number(plus, today=date(2026, 12, 26)).digits12[:4] == "1926"


def test_samordningsnummer_has_sixty_added_to_the_day_of_birth() -> None:
    parsed = parse_identity_number("197302889931")
    assert parsed.kind == "samordningsnummer"
    assert parsed.birth_date == date(1973, 2, 28)


def test_samordningsnummer_with_a_day_the_month_lacks_is_accepted_without_birth_date() -> None:
    # Skatteverket issues such numbers; the date comes from foreign documents
    parsed = parse_identity_number("192004912388")
    assert parsed.kind == "samordningsnummer"
    assert parsed.birth_date is None


def test_masked_form_hides_birth_and_check_digits_but_keeps_the_date() -> None:
    parsed = parse_identity_number("194608239986")
    assert parsed.masked == "19460823-****"
    assert parsed.birth_date == date(1946, 8, 23)
    assert str(parsed) == "19460823-9986"


def test_surrounding_whitespace_is_ignored() -> None:
    assert parse_identity_number("  19460823-9986\n").digits12 == "194608239986"


def test_non_text_input_is_refused_not_crashing() -> None:
    assert is_valid_identity_number(194608239986) is False  # type: ignore[arg-type]
