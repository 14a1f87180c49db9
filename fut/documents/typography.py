"""No-break typography for the written documents, in one place: the docx writer passes every
text through `no_break`, whatever a template or a value printed in it holds.

- amounts: a no-break space (U+00A0) between digit groups and before "kr" ("21 244 kr");
- dates: "7 december 2026" and "juli 2025" never break;
- references: "14 kap. 3 §" keeps its number with "kap." and "§";
- case numbers (FUT-2026-00012), personnummer (19121212-1212), bankgiro numbers
  (5050-1055), telephone numbers (08-123 45 67) and "e-post" get non-breaking hyphens
  (U+2011) and spaces.

`readable` turns the characters back into plain spaces and hyphens, for text read back from a
document (search, tests, the preview in the browser).
"""

from __future__ import annotations

import re

from fut.rules.swedish_format import MONTHS

NBSP = "\u00a0"
NB_HYPHEN = "\u2011"

_MONTH = "|".join(MONTHS)
_SPACES = (
    # digit groups: "21 244", "1 000 000"
    (re.compile(r"(?<=\d) (?=\d{3}(?!\d))"), NBSP),
    # amount before its unit: "244 kr", "300 kr/månad"
    (re.compile(r"(?<=\d) (?=kr\b)"), NBSP),
    # day and month, month and year: "7 december 2026", "juli 2025"
    (re.compile(rf"\b(\d{{1,2}}) ({_MONTH})\b"), rf"\1{NBSP}\2"),
    (re.compile(rf"\b({_MONTH}) (\d{{4}})\b"), rf"\1{NBSP}\2"),
    # "14 kap.", "3 §"
    (re.compile(r"(?<=\d) (?=kap\.|§)"), NBSP),
)
_HYPHENATED = (
    # case numbers: FUT-2026-00012
    re.compile(r"\b[A-ZÅÄÖ]{2,}(?:-\d+)+\b"),
    # personnummer and samordningsnummer: 121212-1212, 19121212-1212
    re.compile(r"\b(?:\d{6}|\d{8})-\d{4}\b"),
    # bankgiro: 123-4567, 5050-1055
    re.compile(r"\b\d{3,4}-\d{4}\b"),
    # "e-post"
    re.compile(r"\b[Ee]-post\b"),
)
# telephone numbers: 08-123 45 67, 0771-123 456
_PHONE = re.compile(r"\b0\d{1,3}-\d{2,3}(?: \d{2,3})+\b")


def no_break(text: str) -> str:
    """The text with no-break spaces and non-breaking hyphens where a line must not break."""
    text = _PHONE.sub(lambda m: m.group(0).replace(" ", NBSP).replace("-", NB_HYPHEN), text)
    for pattern in _HYPHENATED:
        text = pattern.sub(lambda m: m.group(0).replace("-", NB_HYPHEN), text)
    for pattern, replacement in _SPACES:
        text = pattern.sub(replacement, text)
    return text


def readable(text: str) -> str:
    """The text with plain spaces and hyphens (the reverse of `no_break`)."""
    return text.replace(NBSP, " ").replace(NB_HYPHEN, "-")
