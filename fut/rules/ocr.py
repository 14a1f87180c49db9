"""The OCR reference (OCR-nummer) a debtor writes on every payment of a debt.

Bankgirot's rules for OCR references ("Bankgiro Inbetalningar, OCR-referenskontroll"):

- a reference is 2 to 25 digits;
- its last digit is a check digit by the modulus-10 method (Luhn): from the right, the
  digits before the check digit are weighted 2, 1, 2, 1 …, a product of two digits counts
  as the sum of its digits, and the check digit brings the sum up to the next multiple
  of ten;
- with the agreement "checksiffra och längd" the digit before the check digit is a length
  digit: the length of the whole reference (length and check digit included) modulo 10,
  so a reference of 11 digits ends in "1" and its check digit.

Which control a municipality's bankgiro agreement has is a setting
(``[payments] ocr_length_digit`` in the municipality file); a debt's reference is made
once, when the debt is decided, and stored with it.

A debt's reference is built from the digits of its case number ("FUT-2026-00012" ->
"202600012"), so it is unique as the case number is and a person on the phone can tell
the case from it; then the length digit when asked for, then the check digit.
"""

from __future__ import annotations

from fut.rules.errors import InvalidOcrReference

MIN_LENGTH = 2
MAX_LENGTH = 25


def luhn_check_digit(digits: str) -> str:
    """The modulus-10 check digit for `digits` (the digits before the check digit)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str((10 - total % 10) % 10)


def generate(base: str, *, length_digit: bool) -> str:
    """The OCR reference for the identifier `base`: its digits (anything else, such as the
    dashes of a case number, is dropped), the length digit when `length_digit`, then the
    check digit."""
    digits = "".join(ch for ch in base if ch.isdigit())
    extra = 2 if length_digit else 1
    if not digits or len(digits) + extra > MAX_LENGTH:
        raise InvalidOcrReference(
            f"cannot make an OCR reference of {base!r}: it needs 1 to {MAX_LENGTH - extra} digits"
        )
    if length_digit:
        digits += str((len(digits) + 2) % 10)
    return digits + luhn_check_digit(digits)


def problem(reference: str, *, length_digit: bool) -> str | None:
    """What is wrong with `reference` as an OCR reference, or None when it is valid."""
    if not reference.isascii() or not reference.isdigit():
        return f"OCR reference {reference!r} must be digits only"
    if not MIN_LENGTH <= len(reference) <= MAX_LENGTH:
        return f"OCR reference {reference!r} must be {MIN_LENGTH} to {MAX_LENGTH} digits long"
    if luhn_check_digit(reference[:-1]) != reference[-1]:
        return f"OCR reference {reference!r} has a wrong check digit"
    if length_digit and reference[-2] != str(len(reference) % 10):
        return (
            f"OCR reference {reference!r} has a wrong length digit: "
            f"{len(reference)} digits long, so it should be {len(reference) % 10}"
        )
    return None


def is_valid(reference: str, *, length_digit: bool) -> bool:
    return problem(reference, length_digit=length_digit) is None


def validate(reference: str, *, length_digit: bool) -> str:
    """`reference` when it passes Bankgirot's OCR control; else InvalidOcrReference."""
    found = problem(reference, length_digit=length_digit)
    if found is not None:
        raise InvalidOcrReference(found)
    return reference
