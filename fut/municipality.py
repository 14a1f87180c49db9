"""The municipality's own settings, from one TOML file, validated when the system starts."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

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


class Signatory(BaseModel):
    """Who signs for the board where a document has a signature line (e.g. agreements)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    title: str = Field(min_length=1)


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
