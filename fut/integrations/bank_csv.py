"""A bank's CSV file of incoming payments, for banks without BgMax: one payment a row, the
columns named in the municipality file (``[payments.csv]``, fut.municipality)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from datetime import datetime

from fut.integrations.incoming import IncomingPayment, PaymentFileError
from fut.municipality import PaymentCsvSettings

_AMOUNT = re.compile(r"^(-?)(\d{1,12})(?:[.,](\d{1,2}))?$")


def _ore(text: str, line: int) -> int:
    cleaned = text.replace("\u00a0", "").replace(" ", "")
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(".", "")
    match = _AMOUNT.match(cleaned)
    if match is None:
        raise PaymentFileError(line, f"beloppet {text!r} är inget belopp (t.ex. 1234,50)")
    sign, kr, ore = match.groups()
    value = int(kr) * 100 + int((ore or "0").ljust(2, "0"))
    return -value if sign else value


def parse(data: bytes, settings: PaymentCsvSettings) -> list[IncomingPayment]:
    """The payments of the file; PaymentFileError naming the line at the first fault."""
    try:
        text = data.decode(settings.encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PaymentFileError(line, f"tecknen är inte {settings.encoding}") from None
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=settings.delimiter, strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise PaymentFileError(reader.line_num, f"ingen giltig CSV-rad: {exc}") from None
    if not rows:
        raise PaymentFileError(1, "filen är tom")
    header = [h.strip() for h in rows[0]]
    wanted = {"date": settings.date, "amount": settings.amount, "reference": settings.reference}
    wanted["payer"] = settings.payer
    if settings.transaction_id:
        wanted["transaction_id"] = settings.transaction_id
    where: dict[str, int] = {}
    for key, name in wanted.items():
        if name not in header:
            raise PaymentFileError(1, f"kolumnen {name!r} saknas i rubrikraden")
        where[key] = header.index(name)
    out: list[IncomingPayment] = []
    seen: Counter[str] = Counter()
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise PaymentFileError(
                line, f"raden har {len(row)} kolumner, rubrikraden {len(header)}"
            )
        cell = {key: row[i].strip() for key, i in where.items()}
        try:
            paid_on = datetime.strptime(cell["date"], settings.date_format).date()
        except ValueError:
            raise PaymentFileError(
                line, f"datumet {cell['date']!r} följer inte formatet {settings.date_format}"
            ) from None
        amount = _ore(cell["amount"], line)
        if amount == 0:
            raise PaymentFileError(line, "beloppet är 0")
        if "transaction_id" in cell:
            if not cell["transaction_id"]:
                raise PaymentFileError(line, f"kolumnen {settings.transaction_id!r} är tom")
            identity = cell["transaction_id"]
        else:
            fields = "|".join((paid_on.isoformat(), str(amount), cell["reference"], cell["payer"]))
            seen[fields] += 1
            identity = hashlib.sha256(f"{fields}|{seen[fields]}".encode()).hexdigest()[:40]
        out.append(
            IncomingPayment(
                line=line,
                identity=f"csv:{identity}",
                paid_on=paid_on,
                amount_ore=amount,
                reference=cell["reference"][:100],
                payer=cell["payer"][:200],
            )
        )
    return out
