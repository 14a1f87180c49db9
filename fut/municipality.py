"""The municipality's own settings, from one TOML file, validated when the system starts."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from fut.rules.applicable_law import OLD_SOL, LawProvisions
from fut.settings import get_settings


class UnitSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    address: str = ""
    postal_address: str = ""
    phone: str = ""
    email: str = ""


class PrioritySettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    high_amount: int = Field(default=50000, gt=0)
    low_amount: int = Field(default=10000, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> PrioritySettings:
        if self.low_amount >= self.high_amount:
            raise ValueError("priority.low_amount must be below priority.high_amount")
        return self


class FollowUpSettings(BaseModel):
    """The daily repayment follow-up (flows/repayment_follow_up.py)."""

    model_config = ConfigDict(extra="forbid")
    reminder_days: int = Field(default=7, ge=1, le=60)
    """Days after an installment's due date before it counts as missed: the reminder letter
    (avbrutna avbetalningar) and the work item come then."""
    contact_days: int = Field(default=14, ge=7, le=60)
    """The client is asked to get in touch within this many days of the reminder (a last day
    on a weekend or holiday moves to the next weekday, lag 1930:173)."""
    review_months: int = Field(default=6, ge=1, le=12)
    """Every repayment is reviewed at least this often."""


class FinanceSettings(BaseModel):
    """What the invoice basis files for the finance system carry beside the debt."""

    model_config = ConfigDict(extra="forbid")
    finance_unit: str = Field(default="Ekonomiavdelningen, kravfunktionen", min_length=1)
    accounting: str = Field(default="", description="the konteringssträng of a recovery claim")
    unit_accounting: dict[str, str] = Field(
        default_factory=dict, description="a unit's own konteringssträng, by unit code"
    )

    def accounting_for(self, unit: str) -> str:
        return self.unit_accounting.get(unit) or self.accounting


class Signatory(BaseModel):
    """Who signs for the board where a document has a signature line (e.g. agreements)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    title: str = Field(min_length=1)


Citation = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class LagrumSettings(BaseModel):
    """The citation text of every paragraph a letter cites that has not been checked against
    public statute text (``fut.documents.statutes``, status "ej kontrollerad"): the
    municipality reads it against SFS and corrects it here. The defaults are the texts the
    letters have always printed; ``make documents`` marks each default "ej kontrollerad".
    Checked paragraphs (33 kap. 1, 4, 5, 6 §§ socialtjänstlagen (2025:400)) stay in code.

    Each value is the citation as letters print it, except the former socialtjänstlag's,
    which are the paragraph only ("9 kap. 1 §"): letters add "första stycket" and
    "socialtjänstlagen (2001:453)" after it (``fut.rules.applicable_law``)."""

    model_config = ConfigDict(extra="forbid")
    sol_14_8: Citation = "14 kap. 8 § socialtjänstlagen (2025:400)"
    sol_15_10: Citation = "15 kap. 10 § socialtjänstlagen (2025:400)"
    sol_15_11: Citation = "15 kap. 11 § socialtjänstlagen (2025:400)"
    sol_15_12: Citation = "15 kap. 12 § socialtjänstlagen (2025:400)"
    sol2001_9_1: Citation = OLD_SOL.recovery
    sol2001_9_3: Citation = OLD_SOL.court_action
    sol2001_9_4: Citation = OLD_SOL.waiver
    fl_25: Citation = "25 § förvaltningslagen (2017:900)"
    fl_32: Citation = "32 § förvaltningslagen (2017:900)"
    fl_33: Citation = "33 § förvaltningslagen (2017:900)"
    bbl_6: Citation = "6 § bidragsbrottslagen (2007:612)"
    lag_2008_206_3: Citation = (
        "3 § lagen (2008:206) om underrättelseskyldighet vid felaktiga utbetalningar "
        "från välfärdssystemen"
    )
    osl_10_28: Citation = "10 kap. 28 § offentlighets- och sekretesslagen (2009:400)"

    def old_sol(self) -> LawProvisions:
        """The former socialtjänstlag's recovery provisions with this municipality's texts."""
        return replace(
            OLD_SOL,
            recovery=self.sol2001_9_1,
            court_action=self.sol2001_9_3,
            time_limit=self.sol2001_9_3,
            waiver=self.sol2001_9_4,
        )

    def changed(self) -> set[str]:
        """The keys whose text differs from the default."""
        default = LagrumSettings()
        return {key for key, text in self.model_dump().items() if getattr(default, key) != text}


class PaymentCsvSettings(BaseModel):
    """How a bank's CSV file of incoming payments reads (banks without BgMax): the column
    names of the header row, the delimiter, the encoding and the date format."""

    model_config = ConfigDict(extra="forbid")
    delimiter: str = Field(default=";", min_length=1, max_length=1)
    encoding: str = "utf-8"
    date_format: str = "%Y-%m-%d"
    date: str = Field(default="Bokföringsdag", min_length=1)
    amount: str = Field(default="Belopp", min_length=1)
    reference: str = Field(default="Referens", min_length=1)
    payer: str = Field(default="Avsändare", min_length=1)
    transaction_id: str = Field(
        default="", description="a column with the bank's id of each payment; empty = none"
    )


class PaymentSettings(BaseModel):
    """Incoming payments: the OCR control of the municipality's bankgiro agreement
    (``fut.rules.ocr``) and the CSV columns of a bank without BgMax."""

    model_config = ConfigDict(extra="forbid")
    ocr_length_digit: bool = Field(
        default=True, description="the agreement is 'checksiffra och längd' (else checksiffra)"
    )
    csv: PaymentCsvSettings = Field(default_factory=PaymentCsvSettings)


class Municipality(BaseModel):
    model_config = ConfigDict(extra="forbid")
    municipality: str = Field(min_length=1)
    board: str = Field(default="Socialnämnden", min_length=1)
    address: str = Field(min_length=1)
    postal_address: str = Field(min_length=1)
    phone: str = Field(min_length=1)
    email: str = Field(min_length=1)
    bankgiro: str = Field(pattern=r"^\d{3,4}-\d{4}$")
    logo: Path | None = Field(default=None, description="PNG or JPEG, relative to this file")
    signatories: list[Signatory] = Field(default_factory=list)
    reply_days: int = Field(default=14, ge=7, le=60)
    units: dict[str, UnitSettings] = Field(default_factory=dict)
    priority: PrioritySettings = Field(default_factory=PrioritySettings)
    lagrum: LagrumSettings = Field(default_factory=LagrumSettings)
    follow_up: FollowUpSettings = Field(default_factory=FollowUpSettings)
    finance: FinanceSettings = Field(default_factory=FinanceSettings)
    payments: PaymentSettings = Field(default_factory=PaymentSettings)

    def unit(self, code: str) -> UnitSettings:
        """A unit's letterhead; a unit not configured writes under the board's name."""
        return self.units.get(code) or UnitSettings(
            name=f"{self.board}, {code}",
            address=self.address,
            postal_address=self.postal_address,
            phone=self.phone,
            email=self.email,
        )


class MunicipalitySettingsError(Exception):
    pass


def load(path: Path) -> Municipality:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MunicipalitySettingsError(f"{path}: no such file") from None
    except tomllib.TOMLDecodeError as exc:
        raise MunicipalitySettingsError(f"{path}: not valid TOML: {exc}") from None
    try:
        municipality = Municipality.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise MunicipalitySettingsError(f"{path}: {problems}") from None
    if municipality.logo is not None:
        logo = (path.parent / municipality.logo).resolve()
        if not logo.is_file():
            raise MunicipalitySettingsError(f"{path}: logo: no file at {logo}")
        if logo.suffix.lower() not in {".png", ".jpg", ".jpeg"}:
            raise MunicipalitySettingsError(f"{path}: logo: must be a PNG or JPEG file")
        municipality.logo = logo
    return municipality


@lru_cache
def get_municipality() -> Municipality:
    return load(get_settings().municipality_file)
