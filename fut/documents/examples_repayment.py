"""Example contexts for the repayment and court documents (see fut.documents.examples)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fut.documents.example_data import (
    CITATIONS,
    COURT_DEADLINES,
    DECIDED_ON,
    MONTHS,
    SUMMARY_THIRD_PERSON,
    SUPERVISOR,
    TODAY,
    TOTAL,
)

EXAMPLE_OCR = "20260001217"
"""The OCR reference of the example case FUT-2026-00012 (fut.rules.ocr, with length digit)."""


def repayment_examples() -> dict[str, dict[str, Any]]:
    return {
        "kommunicering_betalningsformaga": {
            "debt": {"total": TOTAL, "remaining": 21244, "decided_on": DECIDED_ON},
            "requested_documents": [
                "lönebesked eller beslut om andra ersättningar för de senaste tre månaderna",
                "hyresavi",
                "kontoutdrag för de senaste tre månaderna",
            ],
            "reply_by": date(2026, 12, 21),
        },
        "avbetalningsplan": {
            "ocr": EXAMPLE_OCR,
            "plan": {
                "debt_total": 12500,
                "decided_on": DECIDED_ON,
                "monthly_amount": 300,
                "installments": 42,
                "first_due_date": date(2027, 1, 27),
                "last_due_date": date(2030, 6, 27),
            },
            "signatories": [dict(SUPERVISOR)],
            "court_deadlines": [dict(d) for d in COURT_DEADLINES],
        },
        "fakturaunderlag": {
            "ocr": EXAMPLE_OCR,
            "finance_unit": "Ekonomiavdelningen, kravfunktionen",
            "citations": list(CITATIONS),
            "invoice": {
                "kind": "plan",
                "amount": 12500,
                "decided_on": DECIDED_ON,
                "accounting": "Ansvar 6120, konto 1513",
                "due_date": None,
                "monthly_amount": 300,
                "first_due_date": date(2027, 1, 27),
                "installments": 42,
            },
            "court_deadlines": [dict(d) for d in COURT_DEADLINES],
        },
        "skuld_under_bistand": {
            "debt": {"total": TOTAL, "remaining": TOTAL, "decided_on": DECIDED_ON},
            "suggested_min": 200,
            "suggested_max": 300,
            "reply_by": date(2026, 12, 21),
            "court_deadlines": [dict(d) for d in COURT_DEADLINES],
        },
        "erbjudande_avbetalningsplan": {
            "ocr": EXAMPLE_OCR,
            "debt": {"total": 10742, "decided_on": DECIDED_ON},
            "min_monthly": 200,
            "reply_by": date(2026, 12, 21),
        },
        "avbrutna_avbetalningar": {
            "debt": {"total": 4960, "paid": 3000, "waived": 0, "remaining": 1960},
            "monthly_amount": 300,
            "missed_months": ["2026-10", "2026-11"],
            "contact_by": date(2026, 12, 21),
        },
        "begaran_handlingar_ersattningstalan": {
            "recipient": "Enheten för ekonomiskt bistånd, ekonomiadministrationen",
            "documents": [
                "ansökningar om ekonomiskt bistånd maj–september 2025",
                "beslut om bistånd och beräkningar för samma månader",
                "utbetalningsunderlag med utbetalningsdag för varje utbetalning",
                "beslut om återkrav med bevis om att beslutet har delgetts",
            ],
            "needed_by": date(2026, 12, 21),
            "limitation_date": date(2028, 5, 4),
        },
        "ansokan_ersattningstalan": {
            "court": "Förvaltningsrätten i Stockholm",
            "citations": [
                *CITATIONS,
                "9 kap. 3 § socialtjänstlagen (2001:453) för maj–juli 2025",
                "33 kap. 4 och 5 §§ socialtjänstlagen (2025:400) för augusti–september 2025",
            ],
            "claim": {
                "amount": 21244,
                "decided_on": DECIDED_ON,
                "paid": 3300,
                "circumstances": SUMMARY_THIRD_PERSON,
                "ability_to_pay": (
                    "Alex Exempelsson har sedan augusti 2026 en fast anställning med en lön "
                    "på 28 000 kr före skatt i månaden och kan betala utan att sakna medel för "
                    "sin försörjning."
                ),
                "talan_decided_on": date(2026, 11, 26),
                "talan_decided_by": "socialnämndens individutskott",
            },
            "payments": [
                {
                    "month": m["month"],
                    "paid_on": date(2025, int(m["month"][5:]), 25),
                    "amount": m["overpaid"],
                    "law": m["law"],
                }
                for m in MONTHS
            ],
            "attachments": [
                "Beslut om återkrav den 16 februari 2026 med redovisning av felaktig utbetalning",
                "Bevis om delgivning av beslutet",
                "Utbetalningsunderlag maj–september 2025",
            ],
        },
        "beslut_eftergift": {
            "debt": {"total": TOTAL, "remaining": 21244, "decided_on": DECIDED_ON},
            "waiver": {
                "whole": False,
                "amount": 11244,
                "reason": (
                    "Du har en varaktigt låg inkomst och kan inte väntas betala hela skulden."
                ),
                "motivation": (
                    "Du har sjukersättning och inga tillgångar. Din inkomst räcker till din "
                    "försörjning men inte till att betala hela skulden inom rimlig tid. "
                    "Resten av skulden, 10 000 kr, kan du betala med 200 kr i månaden."
                ),
                "decided_on": TODAY,
                "decided_by": dict(SUPERVISOR),
            },
            "citations": [
                "9 kap. 4 § socialtjänstlagen (2001:453) för maj–juli 2025",
                "33 kap. 6 § socialtjänstlagen (2025:400) för augusti–september 2025",
            ],
        },
    }
