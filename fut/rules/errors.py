"""Domain errors of the legal rules.

Every rule in ``fut.rules`` that refuses its input raises a subclass of
:class:`RuleError`. It is a ``ValueError`` so callers that only know the
standard library still catch it, and its message says in plain English what is
wrong and where (which number, which month, which field), so it can be shown
to an investigator or written to a log as it is.
"""

from __future__ import annotations


class RuleError(ValueError):
    """A legal rule cannot be applied to the given input."""


class InvalidIdentityNumber(RuleError):
    """A personnummer or samordningsnummer that Skatteverket would not issue."""


class InvalidPeriod(RuleError):
    """A month, date or period that is malformed or impossible (e.g. ends before it starts)."""


class InvalidAmount(RuleError):
    """An amount that is not whole, non-negative kronor."""


class DuplicateMonth(RuleError):
    """The same calendar month appears twice in one specification."""


class DoubleRecoveryClaim(RuleError):
    """A claim for which a recovery route has already been taken (no double claims)."""


class InvalidOcrReference(RuleError):
    """A payment reference that Bankgirot's OCR control would reject."""
