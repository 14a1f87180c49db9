"""What the API and the pages say about the bank's files of payments and their queue."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field, model_validator


class ImportSummaryOut(BaseModel):
    id: int
    file_format: str = Field(description="bgmax | csv")
    filename: str
    sha256: str
    imported_at: datetime
    already_imported: bool = Field(
        description="the same file was read before: nothing was added this time"
    )
    payments: int = Field(description="amounts in the file (a shared-out payment counts each part)")
    registered: int = Field(description="registered on a debt by its OCR reference")
    unmatched: int = Field(description="put in the queue for ekonomi")
    skipped: int = Field(description="read already from an earlier file (same bank identity)")
    total_ore: int = Field(description="the file's amounts, in öre (deductions negative)")
    message: str = Field(description="the summary in Swedish, as the page shows it")


class UnmatchedOut(BaseModel):
    id: int
    import_id: int
    paid_on: date
    amount_ore: int = Field(description="negative for a deduction or a minus reference")
    amount: str = Field(description="the amount as it is read, e.g. '1 250,00 kr'")
    reference: str
    payer: str
    information: str
    reason: str
    reason_text: str


class AssignIn(BaseModel):
    """The debt a payment in the queue belongs to: its id, or its case's number."""

    debt_id: int | None = Field(default=None, gt=0)
    case_number: str | None = Field(default=None, min_length=1, max_length=20)

    @model_validator(mode="after")
    def _one(self) -> AssignIn:
        if (self.debt_id is None) == (self.case_number is None):
            raise ValueError("give debt_id or case_number (one of them)")
        return self
