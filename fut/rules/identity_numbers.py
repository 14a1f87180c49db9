"""Personnummer and samordningsnummer.

Folkbokföringslagen (1991:481) 18 § (personnummer) and 18 a § (samordningsnummer);
the structure is Skatteverket's (SKV 704, "Personnummer"):

* ``YYMMDD-NNNC`` or ``YYYYMMDD-NNNC``: birth date, a three-digit birth number
  (odd for men, even for women) and a check digit computed with the Luhn
  algorithm (weights 2,1,2,1,... on the ten-digit form).
* The separator is ``-``, or ``+`` from the year the person turns 100. A
  ten-digit number therefore needs a reference date to know its century: the
  birth date is the latest date in the past (relative to ``today``) that
  matches the digits, moved back another 100 years when the separator is ``+``.
* A samordningsnummer (coordination number, for people who are not or have not
  been registered in Sweden) has 60 added to the day (days 61-91).
  Skatteverket issues them with an unknown day (day part ``60``) or unknown
  month (month ``00``) when the date of birth is not known; those parts are
  accepted and ``birth_date`` is then ``None``. Skatteverket's own test
  samordningsnummer also contain days that the month lacks (30 February,
  31 April): the number records the date of the person's foreign documents,
  so a samordningsnummer is only required to have a day of 1-31 (day part
  61-91) and its ``birth_date`` is ``None`` when that date does not exist.
  A personnummer must have a real date.
* Birth number ``000`` is never issued.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from typing import Literal

from fut.rules.errors import InvalidIdentityNumber

IdentityKind = Literal["personnummer", "samordningsnummer"]

COORDINATION_DAY_OFFSET = 60
"""Added to the day of birth in a samordningsnummer; day part 60 means unknown day."""

_ALLOWED = re.compile(r"[0-9+-]+")
_SHAPE = re.compile(r"(\d{6}|\d{8})([-+]?)(\d{4})")
_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)  # digit sum of 2 * d


def luhn_check_digit(nine_digits: str) -> int:
    """The Luhn check digit for the first nine digits of the ten-digit form."""
    total = 0
    for i, ch in enumerate(nine_digits):
        d = ord(ch) - 48
        total += _DOUBLED[d] if i % 2 == 0 else d
    return (10 - total % 10) % 10


@dataclass(frozen=True)
class IdentityNumber:
    """A valid personnummer or samordningsnummer in canonical twelve-digit form."""

    digits12: str
    kind: IdentityKind
    birth_date: date | None

    @property
    def formatted(self) -> str:
        """``YYYYMMDD-NNNC`` (always ``-``: with four year digits the century is explicit)."""
        return f"{self.digits12[:8]}-{self.digits12[8:]}"

    @property
    def masked(self) -> str:
        """``YYYYMMDD-****`` for lists and logs where the full number is not needed."""
        return f"{self.digits12[:8]}-****"

    def __str__(self) -> str:
        return self.formatted


def _fail(text: str, reason: str, kind: str = "identity number") -> InvalidIdentityNumber:
    return InvalidIdentityNumber(f"{kind} {text}: {reason}")


def _infer_year(yy: int, month: int, day: int, separator: str, today: date) -> int:
    """The century of a ten-digit number: the latest matching birth date not after ``today``.

    With ``+`` the person has turned 100, so the birth date is on or before the
    same day 100 years before ``today``.
    """
    ref_year = today.year - (100 if separator == "+" else 0)
    year = ref_year - (ref_year - yy) % 100
    if year == ref_year and (month, day) > (today.month, today.day):
        # born later in the reference year than today: that birthday has not come yet
        year -= 100
    return year


def parse_identity_number(text: str, *, today: date | None = None) -> IdentityNumber:
    """Parse and validate a personnummer or samordningsnummer.

    Accepts ten or twelve digits with or without a ``-``/``+`` separator before the
    last four digits (surrounding whitespace is ignored). ``today`` is the
    reference date used to infer the century of a ten-digit number (default: today by
    ``fut.clock``). Raises :class:`InvalidIdentityNumber` saying what is wrong:
    bad characters, wrong length, an impossible date or a wrong check digit
    (with the digit that was expected).
    """
    if not isinstance(text, str):
        raise _fail(repr(text), "must be given as text")
    raw = text.strip()
    if not raw:
        raise _fail(repr(text), "is empty")
    if _ALLOWED.fullmatch(raw) is None:
        raise _fail(raw, 'contains characters other than digits and one "-" or "+" separator')
    match = _SHAPE.fullmatch(raw)
    if match is None:
        n_digits = sum(ch.isdigit() for ch in raw)
        if n_digits not in (10, 12):
            raise _fail(raw, f"expected 10 or 12 digits, got {n_digits}")
        raise _fail(raw, 'the only separator allowed is one "-" or "+" before the last four digits')
    date_part, separator, tail = match.groups()

    if len(date_part) == 8:
        year = int(date_part[:4])
        yymmdd = date_part[2:]
    else:
        yymmdd = date_part
        year = -1  # inferred below, once month and day are known to be sane
    month = int(yymmdd[2:4])
    day_part = int(yymmdd[4:6])

    kind: IdentityKind = (
        "samordningsnummer" if day_part >= COORDINATION_DAY_OFFSET else "personnummer"
    )
    day = day_part - COORDINATION_DAY_OFFSET if kind == "samordningsnummer" else day_part
    if month > 12 or (month == 0 and kind == "personnummer"):
        raise _fail(raw, f"month {month:02d} does not exist", kind)
    if day > 31 or (day == 0 and kind == "personnummer"):
        raise _fail(raw, f"day {day_part:02d} is not a possible day of a {kind}", kind)

    if year < 0:
        if today is None:
            from fut.clock import today as clock_today  # the one clock; rules import no settings

            today = clock_today()
        year = _infer_year(int(yymmdd[:2]), max(month, 1), max(day, 1), separator, today)
    if year < 1:
        raise _fail(raw, "the year is not possible", kind)

    birth_date: date | None = None
    if month and day:
        if day <= monthrange(year, month)[1]:
            birth_date = date(year, month, day)
        elif kind == "personnummer":
            raise _fail(raw, f"{year:04d}-{month:02d}-{day:02d} is not a date", kind)
        # a samordningsnummer keeps the date of the foreign documents even when
        # the calendar lacks it (Skatteverket issues e.g. day part 91 in April)

    if tail[:3] == "000":
        raise _fail(raw, "birth number 000 is never issued", kind)

    ten = yymmdd + tail
    expected = luhn_check_digit(ten[:9])
    if expected != ord(ten[9]) - 48:
        raise _fail(raw, f"check digit should be {expected}, not {ten[9]}", kind)

    return IdentityNumber(digits12=f"{year:04d}{ten[2:]}", kind=kind, birth_date=birth_date)


def is_valid_identity_number(text: str, *, today: date | None = None) -> bool:
    """True if ``text`` is a valid personnummer or samordningsnummer."""
    try:
        parse_identity_number(text, today=today)
    except InvalidIdentityNumber:
        return False
    return True
