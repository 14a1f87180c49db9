"""Example contexts for the meeting, the changed plan, the paid debt, the decision basis, the
printed report and the note that the client left assistance (see fut.documents.examples)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fut.documents.example_data import (
    CITATIONS,
    DECIDED_ON,
    ERROR_TYPE,
    MONTHS,
    SUMMARY_THIRD_PERSON,
    SUPERVISOR,
    TOTAL,
)
from fut.documents.examples_repayment import EXAMPLE_OCR


def notice_examples() -> dict[str, dict[str, Any]]:
    return {
        "kallelse_mote": {
            "meeting": {
                "on": date(2026, 12, 15),
                "time": "kl. 10.00–11.00",
                "place": "Storgatan 1, plan 3 (anmäl dig i receptionen)",
                "purpose": (
                    "den lön från Exempel Logistik AB som du fick under maj–september 2025"
                ),
                "with": "din handläggare Sara Exempel",
            },
            "bring": [
                "kontoutdrag för maj–september 2025",
                "lönebesked från Exempel Logistik AB",
            ],
        },
        "andrad_avbetalningsplan": {
            "ocr": EXAMPLE_OCR,
            "reason": (
                "Du har berättat att du har fått arbete från och med januari 2027 och kan "
                "betala mer varje månad."
            ),
            "plan": {
                "debt_total": TOTAL,
                "decided_on": DECIDED_ON,
                "paid": 3300,
                "waived": 0,
                "remaining": TOTAL - 3300,
                "previous_monthly": 300,
                "monthly_amount": 1000,
                "installments": 22,
                "first_due_date": date(2027, 1, 27),
                "last_due_date": date(2028, 10, 27),
            },
            "signatories": [dict(SUPERVISOR)],
        },
        "skuld_betald": {
            "debt": {
                "total": TOTAL,
                "decided_on": DECIDED_ON,
                "paid": TOTAL,
                "last_paid_on": date(2026, 11, 27),
            },
        },
        "beslutsunderlag": {
            "findings": {
                "error_type_text": ERROR_TYPE,
                "summary": SUMMARY_THIRD_PERSON,
                "period_from": "2025-05",
                "period_to": "2025-09",
                "total_overpaid": TOTAL,
            },
            "months": [dict(m) for m in MONTHS],
            "citations": list(CITATIONS),
            "communication": {
                "sent_on": date(2026, 11, 2),
                "replied": True,
                "reply_summary": (
                    "Alex Exempelsson ringde den 10 november 2026 och sa att lönen var tänkt "
                    "att redovisas i efterhand."
                ),
            },
            "proposal": {
                "recover": True,
                "motivation": (
                    "Lönen skulle ha räknats som inkomst varje månad. Eftersom den inte "
                    "redovisades betalades biståndet ut med för högt belopp."
                ),
                "assessment": "intent",
                "assessment_motivation": (
                    "Ansökningarna för fem månader i följd anger att hushållet saknade "
                    "inkomster, trots att lön betalades ut varje månad."
                ),
            },
        },
        "anmalan_fut": {
            "report": {
                "received_on": date(2025, 10, 6),
                "reporter": "Egen personal (handläggare ekonomiskt bistånd)",
                "channel": "Registerkontroll",
                "received_by": "Sara Exempel",
                "discovered_by": "Månadskontroll i SSBTEK visade lön från Exempel Logistik AB",
                "period_from": "2025-05",
                "period_to": "2025-09",
                "estimated_amount": 25000,
                "ongoing": True,
                "still_on_assistance": True,
                "evidence_at_risk": False,
                "measures_taken": "Lönen för september räknades med i beräkningen för oktober.",
                "description": (
                    "Uppgifter från Skatteverket visar lön varje månad maj–september 2025. "
                    "Lönen finns inte med i ansökningarna."
                ),
                "registered_by": "Sara Exempel",
                "registered_on": date(2025, 10, 6),
            },
            "attachments": ["Utdrag ur SSBTEK", "Ansökningar maj–september 2025"],
        },
        "underrattelse_lamnat_bistand": {
            "left_on": date(2026, 11, 30),
            "reason": "Klienten har fått en fast anställning.",
            "new_income": "Lön från Exempel Bygg AB, cirka 27 000 kr före skatt i månaden.",
            "notified_by": {"name": "Sara Exempel", "unit": "Enheten för ekonomiskt bistånd"},
            "debt": {"total": TOTAL, "remaining": 21244},
        },
    }
