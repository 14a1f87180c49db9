"""The letters cite the law of each month by the day its assistance was granted.

Transitional provision 5 a of SFS 2025:400 (tests/data/law/SFS2025-400_overgangsbestammelser.txt):
recovery of ekonomiskt bistånd granted before 1 July 2025 still follows socialtjänstlagen
(2001:453), 9 kap. A case is investigated with months May-August 2025, July's assistance
granted on 25 June 2025; every letter that cites law is produced from the case file and read
back from the .docx.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlmodel import select

from fut.documents import document_text, render_document
from fut.documents.catalogue import find_template
from fut.lifecycle import Stage
from fut.models import Case, OverpaidMonth
from fut.services.document_catalogue import FieldsRefused, read_fields
from fut.services.document_context import build_context
from tests.integration.test_lifecycle import INVESTIGATION
from tests.services.conftest import World
from tests.services.test_use_cases import run_automatic, to_decision_approval

OLD = "socialtjänstlagen (2001:453)"
NEW = "socialtjänstlagen (2025:400)"

# May-July 2025 granted before 1 July 2025 (July on 25 June), August on 25 July 2025
SPANNING = INVESTIGATION
# the same months, all granted from 1 July 2025 on (e.g. May's assistance granted late)
ALL_NEW = {
    **INVESTIGATION,
    "months": [{**m, "granted_on": "2025-07-01"} for m in INVESTIGATION["months"]],
}

CALLER = {
    "beslut_eftergift": {
        "waiver": {
            "reason": "Du har en varaktigt låg inkomst.",
            "motivation": "Du har sjukersättning och inga tillgångar.",
            "decided_by": {"name": "Karin Chef", "title": "Enhetschef"},
        }
    },
    "ansokan_ersattningstalan": {
        "court": "Förvaltningsrätten i Stockholm",
        "claim": {
            "ability_to_pay": "Har fast anställning sedan augusti 2026.",
            "talan_decided_on": date(2026, 11, 26),
            "talan_decided_by": "socialnämndens individutskott",
        },
    },
    "fakturaunderlag": {
        "finance_unit": "Ekonomiavdelningen",
        "invoice": {"accounting": "Ansvar 6120, konto 1513", "due_date": date(2026, 12, 28)},
    },
}


def decided(world: World, investigation: dict[str, Any]) -> int:
    """A case investigated with ``investigation`` and decided for recovery."""
    case_id = to_decision_approval(world, investigation=investigation)
    world.complete(case_id, "decision_approval", {"approve": True}, "beslutsfattare")
    assert run_automatic(world, case_id) == Stage.REPAYMENT_PLAN
    return case_id


def letter(world: World, case_id: int, kind: str) -> str:
    """The letter produced from the case file, read back from its .docx."""

    def produce(session: Any) -> str:
        case = session.get(Case, case_id)
        context = build_context(session, case, kind, **CALLER.get(kind, {}))
        return document_text(render_document(kind, context).content)

    return world.read(produce)


def lines_with(text: str, needle: str) -> list[str]:
    return [line for line in text.splitlines() if needle in line]


def test_july_2025_granted_in_june_is_recovered_under_the_old_law(world: World):
    case_id = decided(world, SPANNING)
    for kind in ("kommunicering", "beslut_aterkrav"):
        july = lines_with(letter(world, case_id, kind), "juli 2025 |")
        assert july and all("SoL (2001:453)" in row for row in july), (kind, july)
        august = lines_with(letter(world, case_id, kind), "augusti 2025 |")
        assert august and all("SoL (2025:400)" in row for row in august), (kind, august)
    payments = letter(world, case_id, "ansokan_ersattningstalan")
    assert "juli 2025 | 1 juli 2025 | 5 000 kr | SoL (2001:453)" in payments
    assert "augusti 2025 | 1 augusti 2025 | 9 000 kr | SoL (2025:400)" in payments


def test_the_recovery_decision_of_a_debt_spanning_both_laws_cites_both(world: World):
    text = letter(world, decided(world, SPANNING), "beslut_aterkrav")
    assert f"9 kap. 1 § första stycket {OLD} för maj–juli 2025" in text
    assert f"33 kap. 1 § första stycket {NEW} för augusti 2025" in text
    assert text.index("9 kap. 1 §") < text.index("33 kap. 1 §")
    assert (
        f"Det står i 9 kap. 3 § {OLD} för maj–juli 2025 och 33 kap. 4 och 5 §§ {NEW} "
        "för augusti 2025."
    ) in text


def test_the_waiver_of_a_debt_spanning_both_laws_cites_9_kap_4_and_33_kap_6(world: World):
    text = letter(world, decided(world, SPANNING), "beslut_eftergift")
    assert f"9 kap. 4 § {OLD} för maj–juli 2025" in text
    assert f"33 kap. 6 § {NEW} för augusti 2025" in text


def test_the_court_application_of_a_debt_spanning_both_laws_cites_both(world: World):
    text = letter(world, decided(world, SPANNING), "ansokan_ersattningstalan")
    assert f"9 kap. 1 § första stycket {OLD} för maj–juli 2025" in text
    assert f"33 kap. 1 § första stycket {NEW} för augusti 2025" in text
    assert f"9 kap. 3 § {OLD} för maj–juli 2025" in text
    assert f"33 kap. 4 och 5 §§ {NEW} för augusti 2025" in text


def test_the_invoice_basis_of_a_debt_spanning_both_laws_cites_both(world: World):
    text = letter(world, decided(world, SPANNING), "fakturaunderlag")
    (row,) = lines_with(text, "Lagrum")
    assert f"9 kap. 1 § första stycket {OLD} för maj–juli 2025" in row
    assert f"33 kap. 1 § första stycket {NEW} för augusti 2025" in row


def test_the_communication_explains_that_the_grant_date_decides_the_law(world: World):
    text = letter(world, decided(world, SPANNING), "kommunicering")
    assert "Det avgörs av när biståndet beviljades" in text
    assert "före den 1 juli 2025 gäller den äldre socialtjänstlagen (2001:453)" in text


def test_months_all_granted_from_july_2025_cite_only_the_new_law(world: World):
    case_id = decided(world, ALL_NEW)
    for kind in (
        "kommunicering",
        "beslut_aterkrav",
        "beslut_eftergift",
        "ansokan_ersattningstalan",
        "fakturaunderlag",
    ):
        text = letter(world, case_id, kind)
        assert "2001:453" not in text, kind
        assert "9 kap." not in text, kind
    assert f"Beslutet grundas på:\n33 kap. 6 § {NEW}\n" in letter(
        world, case_id, "beslut_eftergift"
    )


def test_the_grant_dates_are_stored_per_month_and_not_marked_assumed(world: World):
    case_id = decided(world, SPANNING)
    months = world.read(
        lambda s: [
            (m.month, m.granted_on, m.granted_on_assumed, m.law)
            for m in s.exec(select(OverpaidMonth).where(OverpaidMonth.case_id == case_id))
        ]
    )
    assert sorted(months)[2] == (
        "2025-07",
        date(2025, 6, 25),
        False,
        f"9 kap. 1 § första stycket {OLD}",
    )
    assert sorted(months)[3][3] == f"33 kap. 1 § första stycket {NEW}"


@pytest.mark.parametrize(
    "kind", ["beslut_eftergift", "ansokan_ersattningstalan", "fakturaunderlag"]
)
def test_a_caller_may_not_write_the_citations_of_a_letter(kind: str):
    with pytest.raises(FieldsRefused) as refused:
        read_fields(find_template(kind), {"citations": [f"33 kap. 6 § {NEW}"]})
    assert tuple(refused.value.errors[0]["loc"]) == ("body", "citations")
    assert "comes from the case file" in refused.value.errors[0]["msg"]
