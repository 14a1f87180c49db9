"""What a person may enter, declared once: the field types of every input model.

    Kronor, PositiveKronor  whole kronor within 0 (or 1) .. MAX_KRONOR; NaN and Infinity
                            are not numbers and are refused
    Day                     a date within the years 1900-2100: anything later would overflow
                            the calendar in deadline arithmetic (three years from a payment)
    Month                   "YYYY-MM" within the same years, stored in that form
    Line                    one line of text: a name, a reference, a unit; no control
                            characters at all
    Text                    free text: line breaks and tabs allowed, other control characters
                            not

Text of either kind goes into letters (.docx, i.e. XML) and into PostgreSQL, neither of which
can hold NUL, most control characters, lone surrogates or U+FFFE/U+FFFF; refusing them here
is what keeps a case from failing later when its documents are written.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, Field

from fut.limits import MAX_KRONOR
from fut.rules.assistance_month import month_of, parse_month
from fut.rules.errors import RuleError

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2100, 12, 31)
"""Every date a person enters lies within these (a payment, a report, a due date)."""

MONTH_PATTERN = r"^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])$"

_NOT_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NOT_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _describe(char: str) -> str:
    return f"U+{ord(char):04X}"


def text_fault(value: str, *, single_line: bool) -> str | None:
    """Why ``value`` cannot be stored as text (None when it can)."""
    found = (_NOT_IN_LINE if single_line else _NOT_IN_TEXT).search(value)
    if found is None:
        return None
    char = found.group()
    if single_line and char in "\n\r\t":
        return f"must be a single line, without line breaks or tabs (found {_describe(char)})"
    return f"must not contain control characters (found {_describe(char)})"


def _line(value: str) -> str:
    fault = text_fault(value, single_line=True)
    if fault:
        raise ValueError(fault)
    return value


def _text(value: str) -> str:
    fault = text_fault(value, single_line=False)
    if fault:
        raise ValueError(fault)
    return value


def day_fault(value: date) -> str | None:
    """Why ``value`` is no date a person may enter (None when it is)."""
    if FIRST_DAY <= value <= LAST_DAY:
        return None
    return f"must lie between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}"


def valid_month(value: Any) -> str:
    """A month "YYYY-MM" within 1900-2100, by the one rule for months; returned as "YYYY-MM"."""
    try:
        first = parse_month(value)
    except RuleError as exc:
        raise ValueError(str(exc)) from None
    except ValueError:  # e.g. year 0000
        raise ValueError(f"{value!r} is not a month written YYYY-MM (e.g. 2025-07)") from None
    if day_fault(first):
        raise ValueError(f"month {value!r} must lie between 1900-01 and 2100-12")
    return month_of(first)


Kronor = Annotated[int, Field(ge=0, le=MAX_KRONOR)]
"""Whole kronor, 0 up to MAX_KRONOR."""

PositiveKronor = Annotated[int, Field(gt=0, le=MAX_KRONOR)]
"""Whole kronor, 1 up to MAX_KRONOR."""

Day = Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY)]
"""A date YYYY-MM-DD within 1900-2100."""

Month = Annotated[
    str,
    AfterValidator(valid_month),
    Field(json_schema_extra={"pattern": MONTH_PATTERN}, examples=["2025-07"]),
]
"""A month "YYYY-MM" within 1900-2100."""

Line = Annotated[str, AfterValidator(_line)]
"""One line of text (names, references, units): no control characters."""

Text = Annotated[str, AfterValidator(_text)]
"""Free text: line breaks and tabs, but no other control characters."""
