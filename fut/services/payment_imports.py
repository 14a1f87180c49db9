"""Reading the bank's file of incoming payments (BgMax, or a bank's CSV): one file is one
transaction, each amount matched to its debt by the OCR reference, the rest put in a queue
for ekonomi (fut.services.unmatched_payments).

Idempotent twice over: a file whose SHA-256 was read before adds nothing and says when it
was read; what the bank identifies as sent already is skipped (BgMax: a deposit, by
receiving bankgiro, payment date and deposit serial, the unit Bankgirot sends whole; CSV:
a row, by the bank's transaction id, else its date, amount, reference and payer). A
malformed file is refused whole, naming the line, before anything is written.

Payments are registered by `payments.register_payments`, the bulk form of registering a
payment by hand: the same payment rows and wakes of the case's flow run, one audit event
per case and file. A payment placed by hand from the queue goes through
`payments.register_payment` itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, text
from sqlmodel import Session, col, select

from fut import audit
from fut.auth import Actor
from fut.clock import local_date
from fut.db import is_postgres
from fut.enums import DebtStatus, FileFormat, QueueReason
from fut.errors import Forbidden, Invalid
from fut.import_schemas import ImportSummaryOut
from fut.integrations import bank_csv, bgmax
from fut.integrations.incoming import IncomingPayment, PaymentFileError
from fut.lifecycle import Role
from fut.models import BankIdentity, PaymentImport, row_id
from fut.municipality import get_municipality
from fut.rules import ocr
from fut.rules.swedish_format import format_date
from fut.services import bulk, payments

IMPORT_ROLES = {Role.EKONOMI}
Progress = Callable[[int, int, str], None]
"""Told (step, of steps, what) as a large file goes through its steps."""
STEPS = ("läser filen", "matchar mot skulderna", "registrerar betalningarna", "sparar kön")


REASON_TEXT = {
    QueueReason.NO_REFERENCE: "Betalningen har ingen referens",
    QueueReason.INVALID_REFERENCE: "Referensen är inget giltigt OCR-nummer",
    QueueReason.BANK_SAYS_WRONG: "Banken har markerat referensen som felaktig",
    QueueReason.NO_DEBT: "Ingen skuld har det OCR-numret",
    QueueReason.DEBT_NOT_OPEN: (
        "Skulden med det OCR-numret är inte öppen (betald eller efterskänkt)"
    ),
    QueueReason.CURRENCY: "Betalningen är inte i kronor",
    QueueReason.ORE: "Beloppet är inte i hela kronor",
}


class MalformedPaymentFile(Invalid):
    """The file is refused whole: `line` and what is wrong there (nothing was written)."""

    def __init__(self, error: PaymentFileError) -> None:
        super().__init__(f"Filen avvisas och inget har ändrats: {error}", loc=("body", "file"))
        self.line = error.line
        self.problem = error.problem


def read_file(data: bytes, file_format: FileFormat) -> list[IncomingPayment]:
    """The file's amounts; MalformedPaymentFile when it is not by its specification."""
    try:
        if file_format == FileFormat.BGMAX:
            return bgmax.incoming(bgmax.parse(data))
        return bank_csv.parse(data, get_municipality().payments.csv)
    except PaymentFileError as exc:
        raise MalformedPaymentFile(exc) from None


def guess_format(data: bytes) -> FileFormat:
    """A file that begins with a record type (two digits: BgMax begins "01BGMAX") is read as
    BgMax, and refused by its rules when it is not one; anything else as the bank's CSV,
    whose first line is the header row."""
    return FileFormat.BGMAX if data[:2].isdigit() else FileFormat.CSV


@dataclass(frozen=True)
class _Debt:
    id: int
    case_id: int
    open: bool


def _debts_by_ocr(session: Session, references: Sequence[str]) -> dict[str, _Debt]:
    """The debts carrying these OCR references, in one query over the OCR index (a few
    on SQLite, whose statements take a limited number of values)."""
    found: dict[str, _Debt] = {}
    if not references:
        return found
    if is_postgres(session):
        stmt = text("SELECT ocr, id, case_id, status FROM debt WHERE ocr = ANY(:refs)")
        chunks: list[Sequence[str]] = [list(references)]
    else:
        stmt = text("SELECT ocr, id, case_id, status FROM debt WHERE ocr IN :refs").bindparams(
            bindparam("refs", expanding=True)
        )
        chunks = [references[i : i + 900] for i in range(0, len(references), 900)]
    for chunk in chunks:
        for ref, debt_id, case_id, status in session.execute(stmt, {"refs": list(chunk)}):
            found[ref] = _Debt(debt_id, case_id, status == DebtStatus.OPEN)
    return found


def _reason(item: IncomingPayment, debt: _Debt | None, valid_ocr: bool) -> QueueReason:
    """Why `item` cannot be registered by itself on `debt` (the one its reference names)."""
    if item.currency != "SEK":
        return QueueReason.CURRENCY
    if not item.reference:
        return QueueReason.NO_REFERENCE
    if not valid_ocr:
        return QueueReason.INVALID_REFERENCE
    if item.bank_says_wrong_reference:
        return QueueReason.BANK_SAYS_WRONG
    if debt is None:
        return QueueReason.NO_DEBT
    if not debt.open:
        return QueueReason.DEBT_NOT_OPEN
    return QueueReason.ORE


def _already(session: Session, sha256: str) -> PaymentImport | None:
    return session.exec(select(PaymentImport).where(PaymentImport.sha256 == sha256)).first()


def _known(session: Session, identities: set[str]) -> set[str]:
    """Those of `identities` a file read before carried."""
    known: set[str] = set()
    keys = sorted(identities)
    for start in range(0, len(keys), 500):
        stmt = select(BankIdentity.key).where(col(BankIdentity.key).in_(keys[start : start + 500]))
        known.update(session.exec(stmt))
    return known


def summary(row: PaymentImport, *, already: bool) -> ImportSummaryOut:
    if already:
        message = (
            f"Filen är redan inläst den {format_date(local_date(row.imported_at))} "
            f"({row.payments} betalningar). Inget har lagts till."
        )
    else:
        message = (
            f"Filen är inläst: {row.payments} betalningar, {row.registered} registrerade på "
            f"skulder, {row.unmatched} till kön för manuell hantering"
            + (f", {row.skipped} redan inlästa tidigare" if row.skipped else "")
            + "."
        )
    return ImportSummaryOut(
        id=row_id(row),
        file_format=row.file_format,
        filename=row.filename,
        sha256=row.sha256,
        imported_at=row.imported_at,
        already_imported=already,
        payments=row.payments,
        registered=row.registered,
        unmatched=row.unmatched,
        skipped=row.skipped,
        total_ore=row.total_ore,
        message=message,
    )


def import_file(
    session: Session,
    actor: Actor,
    data: bytes,
    *,
    filename: str = "",
    file_format: FileFormat | None = None,
    progress: Progress | None = None,
) -> ImportSummaryOut:
    """Read the bank's file in this transaction (see the module's docstring)."""
    if not actor.roles & IMPORT_ROLES:
        raise Forbidden("the bank's payment files are read by ekonomi")
    sha256 = hashlib.sha256(data).hexdigest()
    earlier = _already(session, sha256)
    if earlier is not None:
        return summary(earlier, already=True)
    with bulk.gc_paused():
        return _import(session, actor, data, sha256, filename, file_format, progress)


def _import(
    session: Session,
    actor: Actor,
    data: bytes,
    sha256: str,
    filename: str,
    file_format: FileFormat | None,
    progress: Progress | None,
) -> ImportSummaryOut:
    def step(number: int) -> None:
        if progress is not None:
            progress(number, len(STEPS), STEPS[number - 1])

    step(1)
    file_format = file_format or guess_format(data)
    items = read_file(data, file_format)
    step(2)
    identities = {i.identity for i in items}
    known = _known(session, identities)
    fresh = [i for i in items if i.identity not in known] if known else items
    length_digit = get_municipality().payments.ocr_length_digit
    usable = {
        ref for ref in {i.reference for i in fresh} if ocr.is_valid(ref, length_digit=length_digit)
    }
    debts = _debts_by_ocr(session, sorted(usable))
    matched: list[tuple[IncomingPayment, _Debt]] = []
    queued: list[tuple[IncomingPayment, QueueReason]] = []
    for item in fresh:
        debt = debts.get(item.reference)
        if (
            debt is not None
            and debt.open
            and item.currency == "SEK"
            and not item.bank_says_wrong_reference
            and not item.amount_ore % 100
        ):
            matched.append((item, debt))
        else:
            queued.append((item, _reason(item, debt, item.reference in usable)))

    row = PaymentImport(
        sha256=sha256,
        file_format=file_format,
        filename=filename[:200],
        payments=len(items),
        registered=len(matched),
        unmatched=len(queued),
        skipped=len(items) - len(fresh),
        total_ore=sum(i.amount_ore for i in items),
        imported_by=actor.username,
    )
    session.add(row)
    session.flush()
    import_id = row_id(row)
    step(3)
    payments.register_payments(
        session,
        actor,
        [
            payments.NewPayment(
                debt_id=debt.id,
                case_id=debt.case_id,
                amount=item.amount_ore // 100,
                paid_on=item.paid_on,
                reference=item.reference,
            )
            for item, debt in matched
        ],
        source="payment_import",
        source_id=import_id,
    )
    step(4)
    bulk.insert_rows(
        session,
        "bank_identity",
        ("key", "import_id"),
        ((key, import_id) for key in sorted(identities - known)),
    )
    _queue(session, import_id, queued)
    audit.record(
        session,
        actor,
        "payment_file_imported",
        case_id=None,
        entity="payment_import",
        entity_id=import_id,
        file_format=str(file_format),
        sha256=sha256,
        payments=row.payments,
        registered=row.registered,
        unmatched=row.unmatched,
        skipped=row.skipped,
    )
    return summary(row, already=False)


def _queue(
    session: Session, import_id: int, queued: list[tuple[IncomingPayment, QueueReason]]
) -> None:
    """The amounts that found no debt, with what a person needs to place them."""
    bulk.insert_rows(
        session,
        "bank_payment",
        (
            "import_id",
            "line",
            "paid_on",
            "amount_ore",
            "reference",
            "payer",
            "information",
            "reason",
            "queued",
            "returned",
            "resolved_by",
        ),
        (
            (
                import_id,
                item.line,
                item.paid_on,
                item.amount_ore,
                item.reference[:100],
                item.payer[:200],
                item.information[:500],
                str(reason),
                True,
                False,
                "",
            )
            for item, reason in queued
        ),
    )
