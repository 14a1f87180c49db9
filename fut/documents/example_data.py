"""Fictional people, places and amounts shared by the example contexts."""

from __future__ import annotations

from datetime import date
from typing import Any

from fut.documents.context import Client, Officer, Org

TODAY = date(2026, 12, 7)
OLD_LAW = "SoL (2001:453)"
NEW_LAW = "SoL (2025:400)"

ORG = Org(
    municipality="Exempelby kommun",
    board="Socialnämnden",
    unit="Enheten för utredning av felaktiga utbetalningar",
    address="Storgatan 1",
    postal_address="123 45 Exempelby",
    phone="08-123 45 00",
    email="fut@exempelby.se",
    bankgiro="123-4567",
)
OFFICER = Officer(
    name="Maria Utredare",
    title="Utredare av felaktiga utbetalningar",
    phone="08-123 45 67",
    email="maria.utredare@exempelby.se",
)
CLIENT = Client(
    name="Alex Exempelsson",
    personnummer="19121212-1212",
    address_lines=["Exempelvägen 12 lgh 1101", "123 46 Exempelby"],
)
SUPERVISOR = {"name": "Karin Chef", "title": "Enhetschef"}

# Spanning 1 July 2025: the grant date decides the law (SFS 2025:400 övergångsbestämmelse
# 5 a), so July 2025, granted on 25 June 2025, is recovered under the old law.
MONTHS: list[dict[str, Any]] = [
    {
        "month": "2025-05",
        "granted_on": date(2025, 4, 24),
        "paid": 11240,
        "correct": 6340,
        "overpaid": 4900,
        "law": OLD_LAW,
    },
    {
        "month": "2025-06",
        "granted_on": date(2025, 5, 26),
        "paid": 11240,
        "correct": 5980,
        "overpaid": 5260,
        "law": OLD_LAW,
    },
    {
        "month": "2025-07",
        "granted_on": date(2025, 6, 25),
        "paid": 11480,
        "correct": 6480,
        "overpaid": 5000,
        "law": OLD_LAW,
    },
    {
        "month": "2025-08",
        "granted_on": date(2025, 7, 24),
        "paid": 11480,
        "correct": 7096,
        "overpaid": 4384,
        "law": NEW_LAW,
    },
    {
        "month": "2025-09",
        "granted_on": date(2025, 8, 25),
        "paid": 11480,
        "correct": 6480,
        "overpaid": 5000,
        "law": NEW_LAW,
    },
]
TOTAL = sum(m["overpaid"] for m in MONTHS)  # 24 544 kr
COURT_DEADLINES: list[dict[str, Any]] = [
    # three years from the 1st of each month (no payment date recorded), a holiday or a
    # weekend moved to the next weekday (1 May 2028, 1 July 2028 a Saturday)
    {"month": "2025-05", "deadline": date(2028, 5, 2)},
    {"month": "2025-06", "deadline": date(2028, 6, 1)},
    {"month": "2025-07", "deadline": date(2028, 7, 3)},
    {"month": "2025-08", "deadline": date(2028, 8, 1)},
    {"month": "2025-09", "deadline": date(2028, 9, 1)},
]
CITATIONS = [
    "9 kap. 1 § första stycket socialtjänstlagen (2001:453) för maj–juli 2025",
    "33 kap. 1 § första stycket socialtjänstlagen (2025:400) för augusti–september 2025",
]
ERROR_TYPE = "Inkomst av arbete som inte har redovisats"
SUMMARY = (
    "Du arbetade som lagerarbetare hos Exempel Logistik AB från maj till september 2025. "
    "Lönen redovisades inte i dina ansökningar om ekonomiskt bistånd. "
    "Uppgifterna kommer från Skatteverket och från de lönebesked som arbetsgivaren har skickat oss."
)
SUMMARY_THIRD_PERSON = (
    "Alex Exempelsson arbetade som lagerarbetare hos Exempel Logistik AB från maj till "
    "september 2025. Lönen redovisades inte i ansökningarna om ekonomiskt bistånd. "
    "Uppgifterna kommer från Skatteverket och från lönebesked från arbetsgivaren."
)
DECIDED_ON = date(2026, 2, 16)
FK = {"name": "Försäkringskassan", "address_lines": ["Box 1164", "621 22 Visby"]}
