"""A strict reader of Bankgirot's BgMax file ("Bankgiro Inbetalningar", layout BGMAX 01).

The file is 80-character records, ISO 8859-1, one per line (or written without line
breaks, 80 characters each). Positions below are 1-based and inclusive, as Bankgirot's
technical manual gives them.

- TK01 start: 3-22 "BGMAX", 23-24 version "01", 25-44 written (YYYYMMDDHHMMSSffffff),
  45 T (test) or P;
- TK05 opening of a deposit: 3-12 receiving bankgiro, 13-22 plusgiro, 23-25 currency;
- TK20 payment: 3-12 sender bankgiro, 13-37 reference, 38-55 amount in öre, 56 reference
  code, 57 channel, 58-69 BGC serial number, 70 image marker;
- TK21 deduction (avdrag): as TK20, and 71 deduction code;
- TK22, TK23 extra reference, plus and minus: as TK20 (the amount, when given, is the part
  of the payment towards that reference; TK23 counts negative);
- TK25 information text (3-52); TK26-29 the payer's name, address and postcode, town and
  country, organisation number;
- TK15 deposit: 3-37 bank account, 38-45 payment date, 46-50 deposit serial, 51-68 amount
  in öre, 69-71 currency, 72-79 number of payment records, 80 type;
- TK70 end: 3-10 payment records, 11-18 deductions, 19-26 extra references, 27-34 deposits.

A deposit's amount is its payments less its deductions, its number counts both; the end
record counts every record of each kind. Everything is checked; the first fault found
raises :class:`BgMaxError` naming the line. Two habits of Bankgirot's own example files are
read as the blanks they stand for: trailing blanks left out of a record, and a tab
(expanded to the next multiple of eight, as in the example "checksiffra och längd").
"""

from __future__ import annotations

from datetime import datetime

from fut.integrations.bgmax_records import (
    BgMaxError,
    BgMaxFile,
    BgPayment,
    Deposit,
    RecordReader,
    kr,
    records,
)
from fut.integrations.incoming import IncomingPayment

__all__ = ["BgMaxError", "BgMaxFile", "BgPayment", "Deposit", "incoming", "parse"]


def _check_split(payment: BgPayment) -> None:
    """Extra references that carry amounts must share out the payment's amount exactly."""
    if payment.extra and any(e.amount_ore for e in payment.extra):
        parts = sum(e.amount_ore for e in payment.extra)
        if parts != payment.amount_ore:
            raise BgMaxError(
                payment.line,
                f"extra referensernas belopp ({kr(parts)}) stämmer inte med betalningens "
                f"({kr(payment.amount_ore)})",
            )


def parse(data: bytes) -> BgMaxFile:
    """The BgMax file in `data`, every record checked; BgMaxError at the first fault."""
    lines = records(data)
    reader = RecordReader()
    if not lines:
        raise BgMaxError(1, "filen är tom")
    counts = {"20": 0, "21": 0, "22": 0, "15": 0}
    deposits: list[Deposit] = []
    deposit: Deposit | None = None
    payment: BgPayment | None = None
    seen: set[str] = set()
    start: tuple[str, datetime, bool] | None = None
    ended = False
    for number, raw in enumerate(lines, start=1):
        tk = reader.take(number, raw)
        if ended:
            raise reader.fail("inga poster får komma efter slutposten (70)")
        if number == 1 and tk != "01":
            raise reader.fail(f"filen ska börja med startposten (01), posttypen är {tk!r}")
        if tk == "01":
            if number != 1:
                raise reader.fail("startposten (01) får bara stå först i filen")
            if reader.text(3, 22).rstrip() != "BGMAX":
                raise reader.fail(f"layoutnamnet ska vara BGMAX, är {reader.text(3, 22)!r}")
            version = reader.digits(23, 24, "versionen")
            if version != "01":
                raise reader.fail(f"versionen {version} läses inte, bara 01")
            stamp = reader.digits(25, 44, "tidsstämpeln")
            try:
                written = datetime.strptime(stamp, "%Y%m%d%H%M%S%f")
            except ValueError:
                raise reader.fail(f"tidsstämpeln {stamp} är ingen tidpunkt") from None
            marker = reader.text(45, 45)
            if marker not in {"T", "P"}:
                raise reader.fail(f"testmarkeringen ska vara T eller P, är {marker!r}")
            reader.blank(46)
            start = (version, written, marker == "T")
        elif tk == "05":
            if deposit is not None:
                raise reader.fail(
                    f"öppningsposten på rad {deposit.line} saknar insättningspost (15)"
                )
            bankgiro = reader.digits(3, 12, "mottagarens bankgironummer")
            deposit = Deposit(
                line=number, receiving_bankgiro=bankgiro, currency=reader.currency(23)
            )
            reader.blank(26)
            payment = None
        elif tk in {"20", "21"}:
            if deposit is None:
                raise reader.fail(f"post {tk} utanför en insättning (öppningspost 05 saknas)")
            if payment is not None:
                _check_split(payment)
            payment = reader.payment(tk)
            deposit.payments.append(payment)
            counts[tk] += 1
            seen = set()
        elif tk in {"22", "23"}:
            if payment is None or payment.is_deduction:
                raise reader.fail(f"extra referens ({tk}) ska följa en betalningspost (20)")
            payment.extra.append(reader.extra(tk, payment))
            counts["22"] += 1
        elif tk in {"25", "26", "27", "28", "29"}:
            if payment is None:
                raise reader.fail(
                    f"post {tk} ska följa en betalningspost (20) eller avdragspost (21)"
                )
            if tk == "25":
                reader.blank(53)
                payment.information.append(reader.text(3, 52).strip())
            else:
                if tk in seen:
                    raise reader.fail(
                        f"post {tk} finns redan för betalningen på rad {payment.line}"
                    )
                seen.add(tk)
                if tk == "26":
                    reader.blank(73)
                    payment.payer_name = " ".join(reader.text(3, 72).split())
                elif tk == "27":
                    reader.blank(47)
                    payment.payer_address = " ".join(reader.text(3, 46).split())
                elif tk == "28":
                    reader.blank(75)
                elif tk == "29":
                    org = reader.text(3, 14).strip()
                    if org and not org.isdigit():
                        raise reader.fail(f"organisationsnumret ska vara siffror, är {org!r}")
                    reader.blank(15)
                    payment.payer_org_number = org
        elif tk == "15":
            if deposit is None:
                raise reader.fail("insättningspost (15) utan öppningspost (05)")
            if payment is not None:
                _check_split(payment)
            deposit.account = reader.digits(3, 37, "bankkontonumret")
            deposit.payment_date = reader.day(38, "betalningsdagen")
            deposit.serial = reader.digits(46, 50, "insättningslöpnumret")
            deposit.total_ore = reader.number(51, 68, "insättningsbeloppet")
            currency = reader.currency(69)
            if currency != deposit.currency:
                opened = f"{deposit.currency}, rad {deposit.line}"
                raise reader.fail(f"valutan {currency} är inte öppningspostens ({opened})")
            count = reader.number(72, 79, "antalet betalningsposter")
            if count != len(deposit.payments):
                raise reader.fail(
                    f"insättningen anger {count} betalningsposter, men {len(deposit.payments)} "
                    f"finns sedan öppningsposten på rad {deposit.line}"
                )
            total = sum(p.signed_ore for p in deposit.payments)
            if total != deposit.total_ore:
                raise reader.fail(
                    f"insättningsbeloppet {kr(deposit.total_ore)} stämmer inte med betalningarna "
                    f"minus avdragen sedan rad {deposit.line} ({kr(total)})"
                )
            deposits.append(deposit)
            counts["15"] += 1
            deposit, payment = None, None
        elif tk == "70":
            if deposit is not None:
                raise reader.fail(
                    f"öppningsposten på rad {deposit.line} saknar insättningspost (15)"
                )
            given = {
                "20": reader.number(3, 10, "antalet betalningsposter"),
                "21": reader.number(11, 18, "antalet avdragsposter"),
                "22": reader.number(19, 26, "antalet extra referensnummerposter"),
                "15": reader.number(27, 34, "antalet insättningsposter"),
            }
            reader.blank(35)
            names = {
                "20": "betalningsposter (20)",
                "21": "avdragsposter (21)",
                "22": "extra referensnummerposter (22, 23)",
                "15": "insättningsposter (15)",
            }
            for tk_, name in names.items():
                if given[tk_] != counts[tk_]:
                    raise reader.fail(
                        f"slutposten anger {given[tk_]} {name}, filen har {counts[tk_]}"
                    )
            ended = True
        else:
            raise reader.fail(f"okänd posttyp {tk!r}")
    if not ended:
        raise BgMaxError(len(lines), "filen slutar utan slutpost (70)")
    assert start is not None
    version, written, test = start
    return BgMaxFile(version=version, written_at=written, test=test, deposits=deposits)


def incoming(file: BgMaxFile) -> list[IncomingPayment]:
    """The amounts of the file towards each reference.

    A payment whose extra references (TK22, TK23) carry amounts is shared out among them (a
    minus reference counts negative); otherwise it is one amount towards its own reference,
    and extra references without amounts are kept as information. A deduction (TK21) counts
    negative: the bank took that amount back from the deposit. Each amount carries its
    deposit's identity (bankgiro, payment date, deposit serial): a deposit is the bank's unit,
    sent whole or not at all, so a deposit read once is not read again."""
    out: list[IncomingPayment] = []
    append = out.append
    for deposit in file.deposits:
        assert deposit.payment_date is not None
        day, key, currency = deposit.payment_date, deposit.key, deposit.currency
        for p in deposit.payments:
            if not p.extra and not p.information:
                append(
                    IncomingPayment(
                        p.line,
                        key,
                        day,
                        p.signed_ore,
                        p.reference,
                        currency,
                        p.reference_code == 5,
                        p.payer_name,
                    )
                )
                continue
            info = [t for t in p.information if t]
            split = any(e.amount_ore for e in p.extra)
            if p.extra and not split:
                info.append("Extra referenser: " + ", ".join(e.reference for e in p.extra))
            parts = (
                [(e.line, e.reference, e.amount_ore, e.reference_code) for e in p.extra]
                if split
                else [(p.line, p.reference, p.signed_ore, p.reference_code)]
            )
            for line, reference, amount, code in parts:
                append(
                    IncomingPayment(
                        line,
                        key,
                        day,
                        amount,
                        reference,
                        currency,
                        code == 5,
                        p.payer_name,
                        "; ".join(info)[:500],
                    )
                )
    return out
