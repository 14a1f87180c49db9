"""/tasks/{id}: each step's basis and form, built from the step's definition, with the API's
own checks (role, unit, claim, four-eyes)."""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import col, select

from fut import steps
from fut.db import session_scope
from fut.enums import DecisionKind, DecisionStatus, WorkStatus
from fut.lifecycle import Stage
from fut.models import Case, OverpaidMonth, WorkItem
from fut.services.decisions import latest_decision
from tests.integration.test_lifecycle import INVESTIGATION, TOTAL
from tests.services.test_use_cases import TRIAGE
from tests.web.conftest import Desk

FORM = re.compile(r'<form method="post" action="/tasks/\d+"')


def stage_of(case_id: int) -> str:
    with session_scope() as session:
        return session.get(Case, case_id).stage  # type: ignore[union-attr]


def item_status(item_id: int) -> str:
    with session_scope() as session:
        return session.get(WorkItem, item_id).status  # type: ignore[union-attr]


def proposal_status(case_id: int) -> str:
    with session_scope() as session:
        decision = latest_decision(session, case_id, DecisionKind.RECOVERY)
        assert decision is not None
        return decision.status


def to_investigation(desk: Desk) -> int:
    case_id = desk.report()
    desk.complete(case_id, "triage", TRIAGE, "utredare")
    return case_id


def to_decision_approval(desk: Desk, proposer: str = "utredare") -> int:
    case_id = to_investigation(desk)
    desk.complete(case_id, "investigation", INVESTIGATION, "utredare")
    desk.complete(
        case_id, "client_reply", {"replied": True, "summary": "Klienten bestrider."}, "utredare"
    )
    desk.complete(case_id, "intent", {"assessment": "none", "motivation": "Misstag"}, "utredare")
    desk.complete(
        case_id,
        "decision_proposal",
        {
            "recover": True,
            "motivation": "Lönen skulle ha redovisats.",
            "reply_assessment": "Invändningen ändrar inte bedömningen.",
        },
        proposer,
    )
    assert stage_of(case_id) == Stage.DECISION_APPROVAL
    return case_id


def investigation_form(months: list[dict[str, str]], **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "error_type": "undeclared_work",
        "detected_by": "Bankutdrag",
        "summary": "Lön från en städfirma har inte redovisats.",
        "law_paragraph": "1",
        "months-count": str(len(months)),
    }
    for i, month in enumerate(months):
        for key, value in month.items():
            data[f"months-{i}-{key}"] = value
    return {**data, **changes}


def input_value(html: str, name: str) -> str | None:
    found = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"', html)
    return found.group(1) if found else None


# --- triage ---------------------------------------------------------------------------------------
def test_triage_page_shows_the_proposal_and_reasons_and_completing_it_starts_the_investigation(
    browser, desk
):
    case_id = desk.report()
    item = desk.item(case_id, "triage")
    utredare = browser("utredare")
    page = utredare.get(f"/tasks/{item}")
    assert page.status_code == 200
    text = page.text
    assert "Förhandsbedömning" in text and f'href="/cases/{case_id}"' in text
    assert "Förslag från reglerna" in text and "Föreslagen ärendetyp" in text
    assert "Typ 2 – äldre än tre månader och pågår inte" in text
    assert "Varken kriterierna för hög eller för låg prioritet är uppfyllda." in text
    assert "24 000 kr" in text  # the report's estimate, in Swedish
    # the form starts from the proposal and names every choice in Swedish
    assert re.search(r'value="2" checked', text)
    assert "Ärendet utreds" in text and 'for="f-reason"' in text

    done = utredare.form(
        f"/tasks/{item}",
        {"outcome": "investigate", "priority": "high", "case_type": "2", "reason": "Stort belopp"},
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/cases/{case_id}?klart=steg"
    assert stage_of(case_id) == Stage.INVESTIGATION
    assert item_status(item) == WorkStatus.DONE


def test_triage_without_a_choice_names_what_is_missing_in_swedish(browser, desk):
    case_id = desk.report()
    item = desk.item(case_id, "triage")
    page = browser("utredare").form(f"/tasks/{item}", {"priority": "low", "reason": ""})
    assert page.status_code == 422
    assert "Välj bedömning." in page.text and "Fyll i motivering." in page.text
    assert 'href="#f-outcome--0"' in page.text  # the summary links to the first choice
    assert re.search(r'value="low" checked', page.text)  # what was chosen stays
    assert stage_of(case_id) == Stage.TRIAGE


# --- investigation --------------------------------------------------------------------------------
def test_investigation_form_adds_and_removes_a_month_row_without_javascript(browser, desk):
    case_id = to_investigation(desk)
    item = desk.item(case_id, "investigation")
    utredare = browser("utredare")
    page = utredare.get(f"/tasks/{item}")
    # the report's period (May to August) gives a row per month to start from
    assert input_value(page.text, "months-3-month") == "2025-08"
    # each month's grant date, which decides the law, is a date field of its own
    assert re.search(r'<input type="date"[^>]*name="months-0-granted_on"', page.text)
    assert "Beviljat den" in page.text
    assert "Lägg till månad" in page.text and "Ta bort månad 1" in page.text

    typed = investigation_form(
        [
            {
                "month": "2025-05",
                "granted_on": "2025-04-25",
                "paid": "9 000",
                "undeclared_income": "4000",
            }
        ],
        _action="add:months",
    )
    added = utredare.form(f"/tasks/{item}", typed)
    assert added.status_code == 200
    assert input_value(added.text, "months-0-paid") == "9 000"  # kept as typed
    assert input_value(added.text, "months-0-month") == "2025-05"
    assert input_value(added.text, "detected_by") == "Bankutdrag"
    assert input_value(added.text, "months-1-month") == ""  # the new, empty row
    assert input_value(added.text, "months-2-month") is None
    assert re.search(r'id="f-months-1-month"[^>]*autofocus', added.text)

    two = investigation_form(
        [
            {"month": "2025-05", "granted_on": "2025-04-25", "paid": "9000"},
            {"month": "2025-06", "granted_on": "2025-06-25", "paid": "8000"},
        ],
        _action="remove:months-0",
    )
    removed = utredare.form(f"/tasks/{item}", two)
    assert input_value(removed.text, "months-0-month") == "2025-06"
    assert input_value(removed.text, "months-0-paid") == "8000"
    assert input_value(removed.text, "months-1-month") is None
    assert item_status(item) == WorkStatus.OPEN  # adding and removing rows completes nothing


def test_investigation_with_two_months_and_a_household_member_is_stored_month_by_month(
    browser, desk
):
    case_id = to_investigation(desk)
    item = desk.item(case_id, "investigation")
    utredare = browser("utredare")
    data = investigation_form(
        [
            {
                "month": "2025-05",
                "granted_on": "2025-04-25",
                "paid": "9 000",
                "undeclared_income": "4000",
            },
            {
                "month": "2025-06",
                "granted_on": "2025-06-25",
                "paid": "9000",
                "undeclared_income": "0",
            },
        ],
        **{
            "months-1-resources-count": "1",
            "months-1-resources-0-kind": "work_income",
            "months-1-resources-0-amount": "2 500 kr",
            "months-1-resources-0-member": "sambo",
        },
    )
    # the resource row of the second month was added with the form's own button first
    added = utredare.form(f"/tasks/{item}", {**data, "_action": "add:months-1-resources"})
    assert input_value(added.text, "months-1-resources-1-amount") == ""
    assert input_value(added.text, "months-1-resources-0-member") == "sambo"

    done = utredare.form(f"/tasks/{item}", data)
    assert done.status_code == 303, done.text
    with session_scope() as session:
        months = list(
            session.exec(
                select(OverpaidMonth)
                .where(OverpaidMonth.case_id == case_id)
                .order_by(col(OverpaidMonth.month))
            )
        )
    assert [(m.month, m.paid, m.overpaid) for m in months] == [
        ("2025-05", 9000, 4000),
        ("2025-06", 9000, 2500),
    ]
    assert months[1].resources == [{"kind": "work_income", "amount": 2500, "member": "sambo"}]
    desk.advance(case_id)
    assert stage_of(case_id) == Stage.CLIENT_REPLY


def test_a_bad_month_is_shown_beside_its_field_in_swedish_with_what_was_typed_kept(browser, desk):
    case_id = to_investigation(desk)
    item = desk.item(case_id, "investigation")
    data = investigation_form(
        [
            {"month": "2025-05", "granted_on": "2025-04-25", "paid": "9000"},
            {"month": "2025-13", "granted_on": "2025-06-25", "paid": "tusen"},
        ]
    )
    page = browser("utredare").form(f"/tasks/{item}", data)
    assert page.status_code == 422
    text = page.text
    assert re.search(r'id="f-months-1-month"[^>]*aria-invalid="true"', text)
    assert re.search(r'id="f-months-1-month"[^>]*aria-describedby="f-months-1-month--error"', text)
    assert 'id="f-months-1-month--error"' in text
    assert "Skriv månaden som ÅÅÅÅ-MM, till exempel 2025-06." in text
    assert "Skriv ett belopp i hela kronor med siffror" in text  # the paid amount "tusen"
    assert 'href="#f-months-1-month"' in text  # the summary at the top links to it
    assert input_value(text, "months-1-month") == "2025-13"
    assert input_value(text, "months-1-paid") == "tusen"
    assert input_value(text, "detected_by") == "Bankutdrag"
    assert item_status(item) == WorkStatus.OPEN


def test_a_month_given_twice_is_refused_in_swedish(browser, desk):
    case_id = to_investigation(desk)
    item = desk.item(case_id, "investigation")
    data = investigation_form(
        [
            {"month": "2025-05", "granted_on": "2025-04-25", "paid": "9000"},
            {"month": "2025-05", "granted_on": "2025-04-25", "paid": "9000"},
        ]
    )
    page = browser("utredare").form(f"/tasks/{item}", data)
    assert page.status_code == 422
    assert "Maj 2025 finns med mer än en gång." in page.text


def test_a_rule_error_of_one_month_is_shown_at_that_month(browser, desk):
    case_id = to_investigation(desk)
    item = desk.item(case_id, "investigation")
    data = investigation_form(
        [
            {
                "month": "2025-05",
                "granted_on": "2025-04-25",
                "paid": "9000",
                "undeclared_income": "4000",
            },
            {
                "month": "2025-06",
                "granted_on": "2025-06-25",
                "paid": "9000",
                "undeclared_income": "100",
                "correct_amount": "1",
            },
        ]
    )
    page = browser("utredare").form(f"/tasks/{item}", data)
    assert page.status_code == 422
    assert 'id="f-months-1--error"' in page.text
    assert "Juni 2025: ange antingen inkomster och resurser eller rätt bistånd" in page.text


# --- the decision ---------------------------------------------------------------------------------
def test_decision_maker_sees_the_whole_basis_before_deciding(browser, desk):
    case_id = to_decision_approval(desk)
    item = desk.item(case_id, "decision_approval")
    beslutsfattare = browser("beslutsfattare")
    text = beslutsfattare.get(f"/tasks/{item}").text
    # the months with their amounts, totals and law
    assert "Felaktigt utbetalt per månad" in text
    for month in ("Maj 2025", "Juni 2025", "Juli 2025", "Augusti 2025"):
        assert month in text
    assert "9 000 kr" in text and "36 000 kr" in text  # paid each month, and in all
    assert f"{TOTAL:,}".replace(",", " ") + " kr" in text
    assert "33 kap. 1 §" in text and "Ersättningstalan senast" in text
    # what the investigation found, the client's reply, the intent assessment, the proposal
    assert "Arbete som inte har redovisats" in text
    assert "Klientens svar" in text and "Klienten bestrider." in text
    assert "Varken uppsåt eller grov oaktsamhet" in text and "Misstag" in text
    assert "Förslag till beslut" in text and "Återkrav" in text
    assert "Lönen skulle ha redovisats." in text
    assert "Fatta beslut enligt förslaget" in text and "Återförvisa" in text

    decided = beslutsfattare.form(f"/tasks/{item}", {"approve": "true", "comment": ""})
    assert decided.status_code == 303
    assert proposal_status(case_id) == DecisionStatus.DECIDED


def test_decision_maker_returns_the_proposal_with_a_comment(browser, desk):
    case_id = to_decision_approval(desk)
    item = desk.item(case_id, "decision_approval")
    chef = browser("chef")
    returned = chef.form(f"/tasks/{item}", {"approve": "false", "comment": "Komplettera juli."})
    assert returned.status_code == 303
    assert stage_of(case_id) == Stage.DECISION_PROPOSAL
    # the investigator sees why, above the new proposal's form
    again = desk.item(case_id, "decision_proposal")
    text = browser("utredare").get(f"/tasks/{again}").text
    assert "Förslaget återförvisades" in text and "Komplettera juli." in text


def test_proposer_sees_no_approve_button_and_a_post_anyway_is_refused(browser, desk):
    case_id = to_decision_approval(desk, proposer="dubbelroll")
    item = desk.item(case_id, "decision_approval")
    dubbelroll = browser("dubbelroll")
    own = dubbelroll.get(f"/tasks/{item}")
    assert own.status_code == 200
    assert "Fatta beslut" not in own.text and not FORM.search(own.text)
    assert "Ta uppgiften" not in own.text
    assert "fyraögonprincipen" in own.text
    assert "Förslag till beslut" in own.text  # the basis is still there to read

    other = browser("beslutsfattare").get(f"/tasks/{item}")
    assert "Fatta beslut enligt förslaget" in other.text

    refused = dubbelroll.form(f"/tasks/{item}", {"approve": "true"})
    assert refused.status_code == 403
    assert "någon annan än den som föreslog det" in refused.text
    assert proposal_status(case_id) == DecisionStatus.PROPOSED
    assert item_status(item) == WorkStatus.OPEN


# --- access ---------------------------------------------------------------------------------------
def test_a_task_of_another_unit_is_not_found(browser, desk):
    case_id = desk.report()  # Södermalm
    item = desk.item(case_id, "triage")
    norr = browser("utredare_norr")
    assert norr.get(f"/tasks/{item}").status_code == 404
    posted = norr.form(f"/tasks/{item}", {"outcome": "no_action", "reason": "x"})
    assert posted.status_code == 404
    assert norr.form(f"/tasks/{item}/claim", {}).status_code == 404
    assert item_status(item) == WorkStatus.OPEN


def test_no_such_task_is_not_found(browser):
    utredare = browser("utredare")
    for path in ("/tasks/0", "/tasks/abc", "/tasks/99999999999", "/tasks/2147483000"):
        assert utredare.get(path).status_code == 404, path


def test_a_role_that_cannot_do_the_step_reads_the_basis_but_gets_no_form(browser, desk):
    case_id = desk.report()
    item = desk.item(case_id, "triage")
    ekonomi = browser("ekonomi")
    page = ekonomi.get(f"/tasks/{item}")
    assert page.status_code == 200
    assert "Förslag från reglerna" in page.text
    assert not FORM.search(page.text) and "Ta uppgiften" not in page.text
    assert "Det här steget görs av utredare." in page.text
    refused = ekonomi.form(f"/tasks/{item}", {"outcome": "no_action", "reason": "x"})
    assert refused.status_code == 403
    assert item_status(item) == WorkStatus.OPEN


def test_a_claimed_task_is_completed_only_by_the_one_who_took_it(browser, desk):
    case_id = desk.report()
    item = desk.item(case_id, "triage")
    utredare = browser("utredare")
    claimed = utredare.form(f"/tasks/{item}/claim", {})
    assert (
        claimed.status_code == 303 and claimed.headers["location"] == f"/tasks/{item}?klart=tagen"
    )
    mine = utredare.get(claimed.headers["location"]).text
    assert "Du har tagit uppgiften." in mine and "Ta uppgiften" not in mine

    other = browser("utredare2")
    page = other.get(f"/tasks/{item}")
    assert "Uppgiften är tagen av Utredare" in page.text and not FORM.search(page.text)
    refused = other.form(
        f"/tasks/{item}",
        {"outcome": "investigate", "priority": "high", "case_type": "2", "reason": "x"},
    )
    assert refused.status_code == 409
    assert stage_of(case_id) == Stage.TRIAGE


def test_a_completed_task_says_so_and_offers_no_form(browser, desk):
    case_id = desk.report()
    item = desk.item(case_id, "triage")
    desk.complete(case_id, "triage", TRIAGE, "utredare")
    page = browser("utredare").get(f"/tasks/{item}")
    assert page.status_code == 200
    assert "Steget är slutfört." in page.text and "Det slutfördes av Utredare." in page.text
    assert not FORM.search(page.text)


def test_a_form_without_the_csrf_token_changes_nothing(browser, desk):
    case_id = desk.report()
    item = desk.item(case_id, "triage")
    utredare = browser("utredare")
    fields = {"outcome": "no_action", "priority": "low", "case_type": "1", "reason": "Inget fel"}
    response = utredare.post(f"/tasks/{item}", data=fields, follow_redirects=False)
    assert response.status_code == 403 and "säkerhetskod" in response.text
    wrong = utredare.post(
        f"/tasks/{item}", data={**fields, "csrf_token": "fel"}, follow_redirects=False
    )
    assert wrong.status_code == 403
    assert utredare.post(f"/tasks/{item}/claim", data={}).status_code == 403
    assert item_status(item) == WorkStatus.OPEN and stage_of(case_id) == Stage.TRIAGE


# --- every step -----------------------------------------------------------------------------------
def test_every_step_form_has_a_swedish_label_on_every_field_and_choice():
    """The labels live with the step: a new step's fields need a title (and its choices
    names) for its form, and no template."""
    from api.web import forms

    def check(where: str, fields: tuple[forms.FieldSpec, ...]) -> None:
        for f in fields:
            assert f.label and f.label != f.name.replace("_", " ").capitalize(), (where, f.name)
            for option in f.options:
                assert option.label != str(option.value), (where, f.name, option.key)
            check(f"{where}.{f.name}", f.fields)

    for name, step in steps.human_steps().items():
        check(name, forms.model_form(step.payload).fields)


def test_a_refusal_of_the_step_itself_is_shown_beside_its_field(browser, desk):
    """What the step's own rules refuse (here: a plan too long) comes back beside the field."""
    from tests.web.test_payment_page import with_debt

    case_id = with_debt(desk)
    item = desk.item(case_id, "repayment_plan")
    ekonomi = browser("ekonomi")
    page = ekonomi.get(f"/tasks/{item}")
    assert "Skulden" in page.text and "Kvar att betala" in page.text
    first = desk_today_plus_days(10)
    refused = ekonomi.form(f"/tasks/{item}", {"monthly_amount": "10", "first_due_date": first})
    assert refused.status_code == 422
    assert re.search(r'id="f-monthly_amount"[^>]*aria-invalid="true"', refused.text)
    assert "Med 10 kr i månaden tar det 2 100 månader att betala 21 000 kr." in refused.text
    assert "högst 240 månader" in refused.text
    assert input_value(refused.text, "first_due_date") == first
    # 500 kr a month runs into 2030, past the court deadline of May 2025's payment
    past = ekonomi.form(f"/tasks/{item}", {"monthly_amount": "500", "first_due_date": first})
    assert past.status_code == 422
    assert re.search(r'id="f-past_court_deadline_reason"[^>]*aria-invalid="true"', past.text)
    assert "ligger efter sista dagen att ansöka hos förvaltningsrätten" in past.text
    assert "maj 2025, den 2 maj 2028" in past.text
    done = ekonomi.form(
        f"/tasks/{item}",
        {
            "monthly_amount": "500",
            "first_due_date": first,
            "past_court_deadline_reason": "Klienten kan inte betala mer; en dom ändrar inte det.",
        },
    )
    assert done.status_code == 303
    assert stage_of(case_id) == Stage.REPAYMENT


def desk_today_plus_days(days: int) -> str:
    from datetime import timedelta

    from fut.clock import today

    return (today() + timedelta(days=days)).isoformat()


def test_the_pages_name_no_step():
    """The task page, the form builder and their templates are generic: what a step shows
    and asks is in its module (fut/steps), so adding a step needs no change here."""
    from pathlib import Path

    root = Path(__file__).parents[2] / "api" / "web"
    names = sorted(steps.human_steps(), key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
    for path in [
        root / "task_form.py",
        root / "forms.py",
        root / "templates" / "task.html",
        root / "templates" / "form_fields.html",
        root / "templates" / "task_sections.html",
    ]:
        found = pattern.search(path.read_text())
        assert not found, f"{path.name} names the step {found.group(1) if found else ''}"
