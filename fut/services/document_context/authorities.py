"""Letters to and about other bodies: requests for information, notifications, the yearly
income check, and the police investigation's aftermath."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from fut.lifecycle import Stage
from fut.services.document_context.common import CaseFile, Extra, KindSpec, merge

# words in an authority's name -> its block in templates/blocks/lagrum/
LEGAL_BASIS_BY_NAME = (
    ("forsakringskassan", "forsakringskassan"),
    ("skatteverket", "skatteverket"),
    ("centrala studiestodsnamnden", "csn"),
    ("csn", "csn"),
    ("arbetsformedlingen", "arbetsformedlingen"),
    ("pensionsmyndigheten", "pensionsmyndigheten"),
    ("arbetsloshetskassa", "arbetsloshetskassa"),
    ("a-kassa", "arbetsloshetskassa"),
)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def legal_basis_for(authority: object) -> str | None:
    """The law block that obliges the named authority to answer, when the name is known."""
    name = authority.get("name") if isinstance(authority, Mapping) else None
    if not isinstance(name, str):
        return None
    plain = _plain(name)
    return next((block for words, block in LEGAL_BASIS_BY_NAME if words in plain), None)


def begaran_uppgifter(file: CaseFile, extra: Extra) -> dict[str, Any]:
    period_from, period_to = file.period
    return {
        "authority": None,
        "requested": None,
        "period_from": period_from,
        "period_to": period_to,
        "reply_by": file.reply_by,
        "legal_basis": legal_basis_for(extra.get("authority")),
    }


def underrattelse_annan_myndighet(file: CaseFile, extra: Extra) -> dict[str, Any]:
    period_from, period_to = file.period
    return {
        "authority": None,
        "notification": {
            "benefit": None,
            "period_from": period_from,
            "period_to": period_to,
            "facts": None,
        },
    }


def efterkontroll(file: CaseFile, extra: Extra) -> dict[str, Any]:
    period_from, period_to = file.period
    given = extra.get("control")
    control = merge(
        {"period_from": period_from, "period_to": period_to},
        given if isinstance(given, Mapping) else {},
    )
    last = control.get("period_to")
    year = int(last[:4]) if isinstance(last, str) and last[:4].isdigit() else None
    return {
        "control": {"year": year, **control},
        "incomes": None,
        "reply_by": file.reply_by,
    }


def begaran_overprovning(file: CaseFile, extra: Extra) -> dict[str, Any]:
    return {
        "police_case_number": None,
        "reported_on": file.entered(Stage.POLICE_REPORT),
        "closed_on": None,
        "reasons": None,
    }


def information_nedlagd_fu(file: CaseFile, extra: Extra) -> dict[str, Any]:
    debt = file.debt_info()
    return {
        "police_case_number": None,
        "closed_on": None,
        "recovery": (
            {
                "decided_on": debt["decided_on"],
                "total": debt["total"],
                "remaining": debt["remaining"],
            }
            if debt
            else None
        ),
    }


KINDS: dict[str, KindSpec] = {
    "begaran_uppgifter": KindSpec(begaran_uppgifter, needs=("authority", "requested")),
    "underrattelse_annan_myndighet": KindSpec(
        underrattelse_annan_myndighet,
        needs=("authority", "notification.benefit", "notification.facts"),
    ),
    "efterkontroll": KindSpec(efterkontroll, needs=("incomes",)),
    "begaran_overprovning": KindSpec(
        begaran_overprovning, needs=("police_case_number", "closed_on", "reasons")
    ),
    "information_nedlagd_fu": KindSpec(
        information_nedlagd_fu, needs=("police_case_number", "closed_on"), from_case=("recovery",)
    ),
}
