"""Writes a BgMax file as Bankgirot would send it: for demos, tests and the bench (the
reader is ``fut.integrations.bgmax``). An amount below zero is written as a deduction
(TK21, deduction code 0)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Paid:
    reference: str
    amount_ore: int
    payer: str = ""


@dataclass
class DepositSpec:
    payment_date: date
    serial: int
    payments: Sequence[Paid] = field(default_factory=list)
    currency: str = "SEK"


def _record(text: str) -> str:
    if len(text) > 80:
        raise ValueError(f"a BgMax record is 80 characters: {text!r}")
    return text.ljust(80)


def records(
    deposits: Iterable[DepositSpec],
    *,
    bankgiro: str,
    written_at: datetime,
    test: bool = True,
    account: str = "5841000001009823",
    first_bgc_serial: int = 1,
) -> Iterable[str]:
    """The file's records, one string of 80 characters each."""
    receiver = "".join(ch for ch in bankgiro if ch.isdigit()).rjust(10, "0")
    stamp = written_at.strftime("%Y%m%d%H%M%S%f")
    yield _record(f"01BGMAX               01{stamp}{'T' if test else 'P'}")
    serial = first_bgc_serial
    counts = {"20": 0, "21": 0, "15": 0}
    for deposit in deposits:
        yield _record(f"05{receiver}          {deposit.currency}")
        total = 0
        for paid in deposit.payments:
            tk = "21" if paid.amount_ore < 0 else "20"
            counts[tk] += 1
            total += paid.amount_ore
            code = "2" if paid.reference else "1"
            tail = "0" if tk == "21" else ""
            yield _record(
                f"{tk}{'0' * 10}{paid.reference:<25}{abs(paid.amount_ore):018d}{code}1"
                f"{serial:012d}0{tail}"
            )
            if paid.payer:
                yield _record(f"26{paid.payer[:35]}")
            serial += 1
        counts["15"] += 1
        yield _record(
            f"15{account.rjust(35, '0')}{deposit.payment_date:%Y%m%d}{deposit.serial:05d}"
            f"{total:018d}{deposit.currency}{len(deposit.payments):08d}"
        )
    yield _record(f"70{counts['20']:08d}{counts['21']:08d}{0:08d}{counts['15']:08d}")


def write(
    deposits: Iterable[DepositSpec], *, bankgiro: str, written_at: datetime, test: bool = True
) -> bytes:
    """The whole file, Latin-1, CRLF after each record."""
    lines = records(deposits, bankgiro=bankgiro, written_at=written_at, test=test)
    return "".join(line + "\r\n" for line in lines).encode("latin-1")
