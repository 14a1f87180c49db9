"""Mina ärenden (/inbox): what each person sees, filters, order, paging, and taking, giving
back and (chef) handing over work items; the JSON API's release and reassign beside it.

The package's database is shared by its tests, so each test files its cases under a unit
of its own and filters on it (the users without units work in every unit)."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import select

from fut.db import session_scope
from fut.models import AuditEvent, Case, User, WorkItem

TRIAGE = {"outcome": "investigate", "priority": "high", "case_type": 2, "reason": "Stort belopp"}


def unit() -> str:
    return f"enhet-{uuid.uuid4().hex[:8]}"


def case_number(case_id: int) -> str:
    with session_scope() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.case_number


def assignee(item_id: int) -> str | None:
    with session_scope() as session:
        item = session.get(WorkItem, item_id)
        assert item is not None
        if item.assignee_id is None:
            return None
        user = session.get(User, item.assignee_id)
        assert user is not None
        return user.username


def numbers_listed(html: str) -> list[str]:
    """The case numbers of the table's rows, in order."""
    return re.findall(r'<a href="/cases/\d+">(FUT-\d{4}-\d{5})</a>', html)


def audit_actions(actor: str, action: str) -> list[AuditEvent]:
    with session_scope() as session:
        return list(
            session.exec(
                select(AuditEvent).where(AuditEvent.actor == actor, AuditEvent.action == action)
            )
        )


def test_a_new_report_is_claimable_by_an_investigator_and_not_listed_for_ekonomi(browser, desk):
    where = unit()
    case_id = desk.report(unit=where)
    item_id = desk.item(case_id, "triage")

    page = browser("utredare").get(f"/inbox?unit={where}")
    assert page.status_code == 200
    assert case_number(case_id) in page.text
    assert f'href="/tasks/{item_id}">Förhandsbedömning</a>' in page.text
    assert f'action="/inbox/{item_id}/claim"' in page.text
    assert "Ledig" in page.text

    for other in ("ekonomi", "handlaggare", "beslutsfattare"):
        assert case_number(case_id) not in browser(other).get(f"/inbox?unit={where}").text


def test_a_person_of_one_unit_sees_nothing_of_another_and_cannot_touch_its_tasks(browser, desk):
    south = desk.report()  # sodermalm
    north = desk.report(unit="norrmalm")
    south_item = desk.item(south, "triage")
    north_item = desk.item(north, "triage")

    norr = browser("utredare_norr")
    page = norr.get("/inbox").text
    assert case_number(north) in page
    assert case_number(south) not in page
    assert numbers_listed(norr.get("/inbox?unit=sodermalm").text) == []

    assert norr.form(f"/inbox/{south_item}/claim", {}).status_code == 404
    assert assignee(south_item) is None
    assert norr.form(f"/inbox/{north_item}/claim", {}).status_code == 303
    assert assignee(north_item) == "utredare_norr"

    chef_norr = browser("chef_norr")
    out = chef_norr.form(f"/inbox/{south_item}/reassign", {"username": "utredare"})
    assert out.status_code == 404
    assert case_number(south) not in chef_norr.get("/inbox?view=all").text


def test_overdue_items_come_first_then_by_due_date_and_none_last(browser, desk, clock):
    where = unit()
    today = clock.today
    clock.set(today - timedelta(days=150))  # its triage was due two months ago
    oldest = desk.report(unit=where)
    clock.set(today - timedelta(days=100))  # due some days ago
    older = desk.report(unit=where)
    clock.set(today)
    later = desk.report(unit=where)  # due in three months
    undated = desk.report(unit=where)
    desk.complete(undated, "triage", TRIAGE, user="utredare")  # investigation has no due date
    recent = desk.report(unit=where)

    page = browser("utredare").get(f"/inbox?unit={where}").text
    order = [case_number(c) for c in (oldest, older, later, recent, undated)]
    assert numbers_listed(page) == order
    assert page.count('class="badge overdue"') == 2
    assert "5 uppgifter som matchar filtret" in page
    assert "varav <strong>2 försenade</strong>" in page
    assert re.search(
        r"(\d{1,2}) (januari|februari|mars|april|maj|juni|juli|augusti|"
        r"september|oktober|november|december) \d{4}",
        page,
    )


def test_filters_by_step_priority_and_overdue(browser, desk, clock):
    where = unit()
    today = clock.today
    clock.set(today - timedelta(days=120))
    overdue = desk.report(unit=where)
    clock.set(today)
    fresh = desk.report(unit=where)
    investigated = desk.report(unit=where)
    desk.complete(investigated, "triage", TRIAGE, user="utredare")  # priority high

    utredare = browser("utredare")

    def listed(query: str) -> list[str]:
        page = utredare.get(f"/inbox?unit={where}&{query}")
        assert page.status_code == 200
        return numbers_listed(page.text)

    assert listed("step=investigation") == [case_number(investigated)]
    assert set(listed("step=triage")) == {case_number(overdue), case_number(fresh)}
    assert listed("priority=high") == [case_number(investigated)]
    assert listed("priority=none") == [case_number(overdue), case_number(fresh)]
    assert listed("overdue=1") == [case_number(overdue)]
    assert listed("overdue=1&step=investigation") == []
    assert listed("step=no_such_step&priority=whatever") == listed("")  # ignored
    page = utredare.get(f"/inbox?unit={where}&overdue=1").text
    assert "Inga uppgifter" not in page and "Rensa filter" in page
    empty = utredare.get(f"/inbox?unit={where}&overdue=1&step=investigation").text
    assert "Inga uppgifter matchar filtret." in empty


def test_claim_then_release_moves_the_item_between_free_and_mine(browser, desk):
    where = unit()
    case_id = desk.report(unit=where)
    item_id = desk.item(case_id, "triage")
    utredare = browser("utredare")

    out = utredare.form(f"/inbox/{item_id}/claim", {"back": f"unit={where}&view=claimable"})
    assert out.status_code == 303
    assert out.headers["location"] == f"/inbox?unit={where}&view=claimable&msg=claimed"
    assert assignee(item_id) == "utredare"
    page = utredare.get(f"/inbox?unit={where}&msg=claimed").text
    assert "Du har tagit uppgiften." in page
    assert f'action="/inbox/{item_id}/release"' in page
    assert "<strong>Du</strong>" in page
    assert case_number(case_id) not in utredare.get(f"/inbox?unit={where}&view=claimable").text
    assert case_number(case_id) in utredare.get(f"/inbox?unit={where}&view=mine").text

    other = browser("utredare2")
    assert case_number(case_id) not in other.get(f"/inbox?unit={where}").text  # taken
    refused = other.form(f"/inbox/{item_id}/release", {"back": f"unit={where}"})
    assert refused.headers["location"] == f"/inbox?unit={where}&msg=not_allowed"
    assert "Du får inte göra det" in other.get(refused.headers["location"]).text
    assert assignee(item_id) == "utredare"

    out = utredare.form(f"/inbox/{item_id}/release", {"back": f"unit={where}"})
    assert out.headers["location"] == f"/inbox?unit={where}&msg=released"
    assert assignee(item_id) is None
    assert "Uppgiften är tillbakalämnad" in utredare.get(out.headers["location"]).text
    again = utredare.form(f"/inbox/{item_id}/release", {"back": f"unit={where}"})
    assert again.headers["location"].endswith("msg=changed")
    released = [e for e in audit_actions("utredare", "task_released") if e.entity_id == item_id]
    assert released and released[0].detail["previous_assignee"] == "utredare"


def test_chef_reassigns_to_utredare2_and_a_handlaggare_cannot(browser, desk):
    where = unit()
    case_id = desk.report(unit=where)
    item_id = desk.item(case_id, "triage")
    browser("utredare").form(f"/inbox/{item_id}/claim", {})

    chef = browser("chef")
    mine = chef.get(f"/inbox?unit={where}").text
    assert case_number(case_id) not in mine  # triage is no step of chef's, and it is taken
    page = chef.get(f"/inbox?unit={where}&view=all").text
    assert case_number(case_id) in page
    form = page[page.index(f'action="/inbox/{item_id}/reassign"') :]
    form = form[: form.index("</form>")]
    offered = re.findall(r'<option value="([^"]+)">', form)
    assert "utredare2" in offered and "dubbelroll" in offered
    assert "utredare" not in offered  # has it already
    assert "ekonomi" not in offered and "utredare_norr" not in offered  # role, unit

    out = chef.form(
        f"/inbox/{item_id}/reassign", {"username": "utredare2", "back": f"unit={where}&view=all"}
    )
    assert out.headers["location"] == f"/inbox?unit={where}&view=all&msg=reassigned"
    assert assignee(item_id) == "utredare2"
    assert "Uppgiften är fördelad" in chef.get(out.headers["location"]).text
    event = next(e for e in audit_actions("chef", "task_reassigned") if e.entity_id == item_id)
    assert event.detail == {"previous_assignee": "utredare", "assignee": "utredare2"}

    nobody = chef.form(f"/inbox/{item_id}/reassign", {"username": ""})
    assert nobody.headers["location"] == "/inbox?msg=no_person"
    assert "Välj vem som ska ta uppgiften" in chef.get(nobody.headers["location"]).text
    wrong = chef.form(f"/inbox/{item_id}/reassign", {"username": "ekonomi"})
    assert wrong.headers["location"] == "/inbox?msg=not_eligible"
    assert assignee(item_id) == "utredare2"

    handlaggare = browser("handlaggare")
    refused = handlaggare.form(f"/inbox/{item_id}/reassign", {"username": "utredare"})
    assert refused.headers["location"] == "/inbox?msg=not_allowed"
    assert assignee(item_id) == "utredare2"
    assert 'action="/inbox/' not in handlaggare.get(f"/inbox?unit={where}").text
    assert handlaggare.get("/inbox?view=all").status_code == 403


def test_actions_need_the_csrf_token_and_keep_only_the_lists_own_parameters(browser, desk):
    where = unit()
    item_id = desk.item(desk.report(unit=where), "triage")
    utredare = browser("utredare")
    refused = utredare.post(f"/inbox/{item_id}/claim", data={}, follow_redirects=False)
    assert refused.status_code == 403
    assert assignee(item_id) is None

    back = f"unit={where}&next=https://evil.example&msg=<script>&page=2"
    out = utredare.form(f"/inbox/{item_id}/claim", {"back": back})
    assert out.headers["location"] == f"/inbox?unit={where}&page=2&msg=claimed"
    page = utredare.get(f"/inbox?unit={where}&msg=<script>alert(1)</script>").text
    assert "<script>alert" not in page


def test_the_list_shows_fifty_a_page_and_counts_them_all(browser, desk):
    where = unit()
    cases = [desk.report(unit=where) for _ in range(51)]
    utredare = browser("utredare")
    first = utredare.get(f"/inbox?unit={where}").text
    assert len(numbers_listed(first)) == 50
    assert "51 uppgifter som matchar filtret" in first
    assert "Sida 1 av 2." in first
    assert f'href="/inbox?unit={where}&amp;page=2" rel="next"' in first
    second = utredare.get(f"/inbox?unit={where}&page=2").text
    assert numbers_listed(second) == [case_number(cases[-1])]
    assert "Sida 2 av 2." in second
    beyond = utredare.get(f"/inbox?unit={where}&page=99").text  # the last page
    assert numbers_listed(beyond) == [case_number(cases[-1])]


def test_listing_the_inbox_is_audited(browser, desk):
    where = unit()
    desk.report(unit=where)
    browser("utredare2").get(f"/inbox?unit={where}&overdue=1")
    event = audit_actions("utredare2", "tasks_listed")[-1]
    assert event.entity == "work_item"
    assert event.detail["unit"] == where and event.detail["overdue"] is True


# the JSON API


def call(app: Any, token: str, url: str, **kw: Any) -> Any:
    with TestClient(app) as client:
        return client.post(url, headers={"Authorization": f"Bearer {token}"}, **kw)


def test_api_release_and_reassign_answer_bad_requests_with_4xx_and_a_reason(
    app, web_database, desk
):
    tokens = web_database
    item_id = desk.item(desk.report(), "triage")

    def post(user: str, action: str, **kw: Any) -> Any:
        return call(app, tokens[user], f"/api/tasks/{item_id}/{action}", **kw)

    assert post("utredare", "release").status_code == 409  # nobody has it
    assert call(app, tokens["utredare"], f"/api/tasks/{item_id}/claim").status_code == 200
    refused = post("utredare2", "release")
    assert refused.status_code == 403 and "assignee or chef" in refused.json()["detail"]

    assert post("utredare", "reassign", json={"username": "utredare2"}).status_code == 403
    for body, status in [
        ({}, 422),
        ({"username": ""}, 422),
        ({"username": "x" * 65}, 422),
        ({"username": "nobody"}, 422),
        ({"username": "ekonomi"}, 422),  # no role for triage
        ({"username": "utredare_norr"}, 422),  # not in sodermalm
    ]:
        out = post("chef", "reassign", json=body)
        assert out.status_code == status, (body, out.text)
        assert out.json()["detail"]
    assert (
        "does not work in unit" in post("chef", "reassign", json={"username": "utredare_norr"}).text
    )
    assert post("chef", "reassign", content=b"not json").status_code == 422
    assert assignee(item_id) == "utredare"

    out = post("chef", "reassign", json={"username": "dubbelroll"})
    assert out.status_code == 200 and out.json()["assignee"] == "dubbelroll"
    assert post("chef_norr", "reassign", json={"username": "utredare"}).status_code == 404
    assert post("chef_norr", "release").status_code == 404
    released = post("chef", "release")
    assert released.status_code == 200 and released.json()["assignee"] is None

    assert call(app, tokens["chef"], "/api/tasks/999999999/release").status_code == 404
    assert call(app, tokens["chef"], "/api/tasks/0/release").status_code == 422
    assert call(app, tokens["chef"], f"/api/tasks/{item_id}/release").status_code == 409


def test_the_proposer_sees_the_decision_in_the_inbox_without_a_claim_button(browser, desk):
    """Four-eyes in the list: `dubbelroll` (utredare and beslutsfattare) proposed the
    decision; it is listed for them with the reason, and only another decision maker may
    take it."""
    from tests.web.test_task_forms import to_decision_approval

    case_id = to_decision_approval(desk, proposer="dubbelroll")
    item_id = desk.item(case_id, "decision_approval")
    claim = f'action="/inbox/{item_id}/claim"'
    proposer = browser("dubbelroll").get("/inbox?step=decision_approval").text
    assert f'href="/tasks/{item_id}"' in proposer
    assert claim not in proposer
    assert "någon annan än den som föreslog" in proposer.replace("\n", " ")
    other = browser("beslutsfattare").get("/inbox?step=decision_approval").text
    assert claim in other
