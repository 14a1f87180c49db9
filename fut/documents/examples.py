"""One complete example context per document kind (fictional people and places).

Used by the tests (every template renders with no gaps), by the preview
(``python -m fut.documents.preview``) and, as the shape of each variable, to read the
values a caller sends when producing a document on demand (an example date means the value
is a date). Amounts are whole kronor, months "YYYY-MM".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fut.documents.context import common_context
from fut.documents.example_data import (
    CITATIONS,
    CLIENT,
    DECIDED_ON,
    ERROR_TYPE,
    FK,
    MONTHS,
    OFFICER,
    ORG,
    SUMMARY,
    SUMMARY_THIRD_PERSON,
    SUPERVISOR,
    TODAY,
    TOTAL,
)
from fut.documents.examples_notices import notice_examples
from fut.documents.examples_repayment import repayment_examples


def _common() -> dict[str, Any]:
    return common_context(
        org=ORG, case_number="FUT-2026-00012", today=TODAY, officer=OFFICER, client=CLIENT
    )


def _months() -> list[dict[str, Any]]:
    return [dict(m) for m in MONTHS]


def _specific() -> dict[str, dict[str, Any]]:
    return {
        "kommunicering": {
            "findings": {
                "error_type_text": ERROR_TYPE,
                "summary": SUMMARY,
                "period_from": "2025-05",
                "period_to": "2025-09",
                "total_overpaid": TOTAL,
            },
            "months": _months(),
            "reply_by": date(2026, 12, 21),
        },
        "beslut_aterkrav": {
            "decision": {
                "total": TOTAL,
                "period_from": "2025-05",
                "period_to": "2025-09",
                "reason": (
                    "Du har haft inkomster av arbete som du inte redovisade när du sökte "
                    "ekonomiskt bistånd. Därför fick du mer bistånd än du hade rätt till."
                ),
                "motivation": (
                    "Du är skyldig att lämna korrekta uppgifter om dina inkomster när du söker "
                    "bistånd. Lönen från Exempel Logistik AB skulle ha räknats som inkomst i "
                    "varje månads beräkning. Eftersom den inte redovisades har bistånd betalats "
                    "ut med för högt belopp. Socialnämnden får då kräva tillbaka det som har "
                    "betalats ut för mycket."
                ),
                "decided_on": TODAY,
                "decided_by": dict(SUPERVISOR),
                "kommunicering_on": date(2026, 11, 2),
                "client_replied": True,
                "client_reply": (
                    "Du skrev att du trodde att lönen från extrajobbet inte behövde "
                    "redovisas eftersom den var liten."
                ),
                "reply_assessment": (
                    "Av ansökningsblanketten framgår att alla inkomster ska redovisas, även "
                    "små. Det du har framfört ändrar därför inte bedömningen att du ska betala "
                    "tillbaka beloppet."
                ),
            },
            "citations": list(CITATIONS),
            "court_citations": [
                "9 kap. 3 § socialtjänstlagen (2001:453) för maj–juli 2025",
                "33 kap. 4 och 5 §§ socialtjänstlagen (2025:400) för augusti–september 2025",
            ],
            "months": _months(),
        },
        "beslut_ingen_atgard": {
            "report": {
                "received_on": date(2026, 11, 20),
                "summary": "En anonym uppgiftslämnare uppgav att en inneboende bor i lägenheten.",
            },
            "reason": (
                "Hyreskontraktet och folkbokföringen visar att ingen annan bor i lägenheten. "
                "Det finns inget som tyder på att biståndet har betalats ut felaktigt."
            ),
        },
        "polisanmalan": {
            "report": {
                "period_from": "2025-05",
                "period_to": "2025-09",
                "amount": TOTAL,
                "error_type_text": ERROR_TYPE,
                "summary": SUMMARY_THIRD_PERSON,
                "assessment": "intent",
                "motivation": (
                    "Alex Exempelsson har i fem ansökningar i följd skrivit under att hushållet "
                    "inte hade några inkomster, trots att lön betalades ut varje månad."
                ),
            },
            "months": _months(),
            "attachments": [
                "Beslut om återkrav den 16 februari 2026 med redovisning av felaktig utbetalning",
                "Ansökningar om ekonomiskt bistånd maj–september 2025",
                "Lönebesked från Exempel Logistik AB",
            ],
            "approved_by": dict(SUPERVISOR),
        },
        "begaran_overprovning": {
            "police_case_number": "5000-K123456-26",
            "reported_on": date(2026, 3, 2),
            "closed_on": date(2026, 11, 10),
            "reasons": (
                "Förundersökningen lades ned med motiveringen att uppsåt inte kan styrkas. "
                "Ansökningarna visar att uppgiften om inkomster lämnades fem månader i följd, "
                "och lönebeskeden skickades till samma adress."
            ),
        },
        "information_nedlagd_fu": {
            "police_case_number": "5000-K123456-26",
            "closed_on": date(2026, 11, 10),
            "recovery": {"decided_on": DECIDED_ON, "total": TOTAL, "remaining": 21244},
        },
        "begaran_uppgifter": {
            "authority": dict(FK),
            "requested": [
                "utbetalda förmåner och ersättningar per månad",
                "beslut om bostadsbidrag med uppgift om hushållets sammansättning",
            ],
            "period_from": "2025-01",
            "period_to": "2025-12",
            "reply_by": date(2026, 12, 21),
            "legal_basis": "forsakringskassan",
        },
        "underrattelse_annan_myndighet": {
            "authority": dict(FK),
            "notification": {
                "benefit": "Bostadsbidrag",
                "period_from": "2025-05",
                "period_to": "2025-09",
                "facts": (
                    "Under utredningen har vi fått uppgifter om att Alex Exempelsson hade "
                    "inkomst av arbete som kanske inte har redovisats till er."
                ),
            },
        },
        "efterkontroll": {
            "control": {"year": 2025, "period_from": "2025-01", "period_to": "2025-12"},
            "incomes": [
                {"source": "Exempel Logistik AB", "taxed": 62400, "declared": 0},
                {"source": "Försäkringskassan", "taxed": 14800, "declared": 12500},
            ],
            "reply_by": date(2026, 12, 21),
        },
        **repayment_examples(),
        **notice_examples(),
    }


def example_context(kind: str) -> dict[str, Any]:
    """A fresh, complete example context for the kind (safe to modify)."""
    return {**_common(), **_specific()[kind]}


def example_kinds() -> list[str]:
    return sorted(_specific())
