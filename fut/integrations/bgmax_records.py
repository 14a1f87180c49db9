"""The records of a BgMax file (see ``fut.integrations.bgmax``): what each holds, and a
reader of one record's fields that names the field and its positions when it is wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from fut.integrations.incoming import PaymentFileError

RECORD_LENGTH = 80
REFERENCE_CODES = {
    0: "ingen referens",
    1: "ingen referens",
    2: "OCR-referens, kontrollerad",
    3: "en eller flera referenser",
    4: "referens",
    5: "felaktig referens",
}
CHANNELS = {1: "internetbank", 2: "Leverantörsbetalningar", 3: "blankett", 4: "Autogiro"}
DEDUCTION_CODES = {0: "helt avdrag", 1: "delvis avdrag, rest finns", 2: "slutligt delvis avdrag"}
CURRENCIES = {"SEK", "EUR"}
_PAYMENT = re.compile(
    r"(2[01])([0-9 ]{10})(.{25})([0-9]{18})([0-5])([1-4])([0-9]{12})([01])([0-2 ]) {9}"
)
"""A TK20 or TK21 record with every field well formed (the common case, read at once)."""


class BgMaxError(PaymentFileError):
    """The file is not a BgMax file by Bankgirot's specification: `line` and what is wrong."""


@dataclass(frozen=True)
class ExtraReference:
    """A TK22 (plus) or TK23 (minus) record: a further reference of the payment above it."""

    line: int
    reference: str
    amount_ore: int
    """Signed: negative for TK23."""
    reference_code: int


@dataclass(slots=True)
class BgPayment:
    """A TK20 payment or a TK21 deduction, with the records that belong to it."""

    line: int
    record: str
    sender_bankgiro: str
    reference: str
    amount_ore: int
    """As the record gives it (positive); a deduction counts negative in its deposit."""
    reference_code: int
    channel: int
    bgc_serial: str
    image: bool
    deduction_code: int | None = None
    extra: list[ExtraReference] = field(default_factory=list)
    information: list[str] = field(default_factory=list)
    payer_name: str = ""
    payer_address: str = ""
    payer_org_number: str = ""

    @property
    def is_deduction(self) -> bool:
        return self.record == "21"

    @property
    def signed_ore(self) -> int:
        return -self.amount_ore if self.record == "21" else self.amount_ore


@dataclass
class Deposit:
    """A TK05 … TK15 section: the payments the bank put into the account one day."""

    line: int
    receiving_bankgiro: str
    currency: str
    payments: list[BgPayment] = field(default_factory=list)
    account: str = ""
    payment_date: date | None = None
    serial: str = ""
    total_ore: int = 0

    @property
    def key(self) -> str:
        """The bank's identity of the deposit: bankgiro, payment date, deposit serial."""
        return f"bgmax:{self.receiving_bankgiro}:{self.payment_date}:{self.serial}"


@dataclass
class BgMaxFile:
    version: str
    written_at: datetime
    test: bool
    deposits: list[Deposit]

    @property
    def payment_count(self) -> int:
        return sum(len(d.payments) for d in self.deposits)


def records(data: bytes) -> list[str]:
    """The file's records as text (Latin-1), trailing blank lines dropped."""
    text = data.decode("latin-1")
    if "\n" not in text and "\r" not in text and text and len(text) % RECORD_LENGTH == 0:
        lines = [text[i : i + RECORD_LENGTH] for i in range(0, len(text), RECORD_LENGTH)]
    else:
        lines = text.split("\n")
        lines = [ln[:-1] if ln.endswith("\r") else ln for ln in lines]
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


class RecordReader:
    """One record at a time: `take` checks its length and characters, the other methods
    read a field and raise BgMaxError naming the line, the field and its positions."""

    def __init__(self) -> None:
        self.line = 0
        self.rec = ""

    def fail(self, problem: str) -> BgMaxError:
        return BgMaxError(self.line, problem)

    def take(self, line: int, raw: str) -> str:
        self.line = line
        if "\t" in raw:
            raw = raw.expandtabs(8)
        if len(raw) > RECORD_LENGTH:
            raise self.fail(f"posten är {len(raw)} tecken lång, en BgMax-post är {RECORD_LENGTH}")
        if not raw.isprintable() and any(ch < " " or "\x7f" <= ch < "\xa0" for ch in raw):
            raise self.fail("posten innehåller styrtecken")
        self.rec = raw if len(raw) == RECORD_LENGTH else raw.ljust(RECORD_LENGTH)
        return self.rec[:2]

    def text(self, start: int, end: int) -> str:
        return self.rec[start - 1 : end]

    def digits(self, start: int, end: int, name: str) -> str:
        value = self.text(start, end)
        if not (value.isascii() and value.isdigit()):
            raise self.fail(f"{name} (position {start}–{end}) ska vara siffror, är {value!r}")
        return value

    def digits_or_blank(self, start: int, end: int, name: str) -> str:
        """A number field Bankgirot's examples sometimes pad with blanks (sender bankgiro)."""
        value = self.text(start, end).strip()
        if value and not (value.isascii() and value.isdigit()):
            raise self.fail(f"{name} (position {start}–{end}) ska vara siffror, är {value!r}")
        return value

    def number(self, start: int, end: int, name: str) -> int:
        return int(self.digits(start, end, name))

    def code(self, pos: int, name: str, allowed: dict[int, str]) -> int:
        value = self.text(pos, pos)
        if not value.isdigit() or int(value) not in allowed:
            known = ", ".join(str(k) for k in allowed)
            raise self.fail(f"{name} (position {pos}) ska vara en av {known}, är {value!r}")
        return int(value)

    def blank(self, start: int, end: int = RECORD_LENGTH) -> None:
        if self.text(start, end).strip():
            raise self.fail(f"position {start}–{end} ska vara blank")

    def day(self, start: int, name: str) -> date:
        value = self.digits(start, start + 7, name)
        try:
            return date(int(value[:4]), int(value[4:6]), int(value[6:]))
        except ValueError:
            raise self.fail(f"{name} {value} är inget datum") from None

    def currency(self, start: int) -> str:
        value = self.text(start, start + 2)
        if value not in CURRENCIES:
            raise self.fail(f"valutan ska vara SEK eller EUR, är {value!r}")
        return value

    def payment(self, tk: str) -> BgPayment:
        fast = _PAYMENT.fullmatch(self.rec)
        if fast is not None and fast[1] == tk and (tk == "21") == (fast[9] != " "):
            sender = fast[2].strip()
            if not sender or sender.isdigit():
                return BgPayment(
                    line=self.line,
                    record=tk,
                    sender_bankgiro=sender,
                    reference=fast[3].strip(),
                    amount_ore=int(fast[4]),
                    reference_code=int(fast[5]),
                    channel=int(fast[6]),
                    bgc_serial=fast[7],
                    image=fast[8] == "1",
                    deduction_code=int(fast[9]) if tk == "21" else None,
                )
        # field by field: the first field that is wrong is named
        payment = BgPayment(
            line=self.line,
            record=tk,
            sender_bankgiro=self.digits_or_blank(3, 12, "avsändarens bankgironummer"),
            reference=self.text(13, 37).strip(),
            amount_ore=self.number(38, 55, "betalningsbeloppet"),
            reference_code=self.code(56, "referenskoden", REFERENCE_CODES),
            channel=self.code(57, "betalningskanalkoden", CHANNELS),
            bgc_serial=self.digits(58, 69, "BGC-löpnumret"),
            image=self.code(70, "avibildmarkeringen", {0: "", 1: ""}) == 1,
        )
        if tk == "21":
            payment.deduction_code = self.code(71, "avdragskoden", DEDUCTION_CODES)
            self.blank(72)
        else:
            self.blank(71)
        return payment

    def extra(self, tk: str, payment: BgPayment) -> ExtraReference:
        self.digits_or_blank(3, 12, "avsändarens bankgironummer")
        amount = self.number(38, 55, "beloppet")
        ref = ExtraReference(
            line=self.line,
            reference=self.text(13, 37).strip(),
            amount_ore=-amount if tk == "23" else amount,
            reference_code=self.code(56, "referenskoden", REFERENCE_CODES),
        )
        self.code(57, "betalningskanalkoden", CHANNELS)
        if self.digits(58, 69, "BGC-löpnumret") != payment.bgc_serial:
            raise self.fail(
                f"BGC-löpnumret ska vara betalningens på rad {payment.line} ({payment.bgc_serial})"
            )
        self.code(70, "avibildmarkeringen", {0: "", 1: ""})
        self.blank(71)
        return ref


def kr(ore: int) -> str:
    sign = "−" if ore < 0 else ""
    kr, rest = divmod(abs(ore), 100)
    return f"{sign}{kr:,}".replace(",", " ") + f",{rest:02d} kr"
