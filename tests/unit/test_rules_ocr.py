"""The OCR reference by Bankgirot's rules: modulus-10 check digit, optional length digit."""

from __future__ import annotations

import pytest

from fut.integrations import bgmax
from fut.rules import ocr
from fut.rules.errors import InvalidOcrReference
from tests.testdata import DATA

LENGTH_DIGIT_FILES = (
    "rickardlindgren_exempelfil_ocr-kontroll_checksiffra_langd.txt",
    "fabhed_exempelfil_ocr-kontroll_checksiffra_langd.txt",
)
CHECK_DIGIT_FILES = ("2xic_bankgiroinbetalningar_exempelfil_avtal-om-ocr-kontroll_sv.txt",)


def ocr_checked_references(name: str) -> list[str]:
    """The references Bankgirot marked 'OCR-referens, kontrollerad' (code 2) in its example."""
    parsed = bgmax.parse((DATA / "bgmax" / name).read_bytes())
    refs = []
    for deposit in parsed.deposits:
        for payment in deposit.payments:
            if payment.reference_code == 2 and not payment.is_deduction:
                refs.append(payment.reference)
            refs += [e.reference for e in payment.extra if e.reference_code == 2]
    return refs


@pytest.mark.parametrize("name", LENGTH_DIGIT_FILES)
def test_bankgirots_checked_references_pass_with_length_digit(name: str):
    refs = ocr_checked_references(name)
    assert len(refs) >= 5
    for ref in refs:
        assert ocr.problem(ref, length_digit=True) is None, ref


@pytest.mark.parametrize("name", CHECK_DIGIT_FILES)
def test_bankgirots_checked_references_pass_with_check_digit_only(name: str):
    refs = ocr_checked_references(name)
    assert refs
    for ref in refs:
        assert ocr.is_valid(ref, length_digit=False), ref


def test_reference_of_a_case_number_is_its_digits_length_digit_and_check_digit():
    # 9 digits, the length digit 1 (11 digits in all), the check digit
    assert ocr.generate("FUT-1999-00012", length_digit=True) == "19990001216"
    assert ocr.generate("FUT-1999-00012", length_digit=False) == "1999000126"
    for length_digit in (True, False):
        ref = ocr.generate("FUT-1999-12345", length_digit=length_digit)
        assert ocr.validate(ref, length_digit=length_digit) == ref


def test_one_wrong_digit_is_caught_by_the_check_digit():
    ref = ocr.generate("FUT-1999-00012", length_digit=True)
    for i in range(len(ref)):
        wrong = ref[:i] + str((int(ref[i]) + 1) % 10) + ref[i + 1 :]
        assert not ocr.is_valid(wrong, length_digit=True), wrong


def test_two_neighbouring_digits_swapped_are_caught():
    ref = "655969"
    swapped = "565969"
    assert ocr.is_valid(ref, length_digit=True)
    assert not ocr.is_valid(swapped, length_digit=True)


def test_wrong_length_digit_is_named():
    # 65596 + check digit is valid by modulus 10, but the length digit says 9, not 6
    ref = "6559" + "9"
    ref += ocr.luhn_check_digit(ref)
    assert ocr.is_valid(ref, length_digit=False)
    with pytest.raises(InvalidOcrReference, match="wrong length digit"):
        ocr.validate(ref, length_digit=True)


@pytest.mark.parametrize(
    ("reference", "problem"),
    [
        ("", "digits only"),
        ("12a4", "digits only"),
        ("1", "2 to 25 digits"),
        ("1" * 26, "2 to 25 digits"),
        ("17", "check digit"),
    ],
)
def test_not_an_ocr_reference(reference: str, problem: str):
    with pytest.raises(InvalidOcrReference, match=problem):
        ocr.validate(reference, length_digit=False)


def test_longest_case_numbers_still_fit_in_25_digits():
    assert len(ocr.generate("FUT-" + "9" * 23, length_digit=True)) == 25
    with pytest.raises(InvalidOcrReference):
        ocr.generate("FUT-" + "9" * 24, length_digit=True)
