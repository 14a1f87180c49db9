"""Who has a work item: the inbox query, giving an item back, chef handing it over."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from fut.db import session_scope
from fut.errors import Conflict, Forbidden, Invalid
from fut.models import AuditEvent
from fut.schemas import InboxFilters
from fut.services import work_items
from tests.services.conftest import World
from tests.services.test_use_cases import to_decision_approval


def listing(world: World, user: str, page: int = 1, per_page: int = 50, **filters):
    with session_scope() as session:
        return work_items.inbox(
            session, world.actors[user], InboxFilters(**filters), page, per_page=per_page
        )


def test_inbox_lists_mine_and_claimable_in_sql_pages_overdue_first(world: World, clock):
    today = clock.today
    clock.set(today - timedelta(days=120))
    world.today = clock.today
    late = world.report()
    clock.set(today)
    world.today = today
    fresh = [world.report() for _ in range(3)]
    mine = world.open_item(fresh[1], "triage")
    with session_scope() as session:
        work_items.claim(session, world.actors["utredare2"], mine.id)

    first = listing(world, "utredare", per_page=2)
    assert (first.total, first.overdue, first.pages) == (3, 1, 2)
    assert [r.case_id for r in first.rows] == [late, fresh[0]]
    assert first.rows[0].overdue and not first.rows[1].overdue
    assert all(r.may_claim and not r.mine for r in first.rows)
    assert [r.case_id for r in listing(world, "utredare", page=2, per_page=2).rows] == [fresh[2]]

    theirs = listing(world, "utredare2", view="mine")
    assert [(r.case_id, r.mine, r.may_claim) for r in theirs.rows] == [(fresh[1], True, False)]
    assert listing(world, "utredare2").total == 4  # mine and the three free ones
    assert listing(world, "utredare", overdue=True).total == 1
    assert listing(world, "ekonomi").total == 0
    assert listing(world, "chef").total == 0  # no triage for chef to take
    assert listing(world, "chef", view="all").total == 4
    with pytest.raises(Forbidden):
        listing(world, "utredare", view="all")


def test_assignee_or_chef_gives_an_item_back_and_it_is_audited(world: World):
    item = world.open_item(world.report(), "triage")
    with pytest.raises(Conflict, match="not claimed"), session_scope() as session:
        work_items.release(session, world.actors["utredare"], item.id)
    with session_scope() as session:
        work_items.claim(session, world.actors["utredare"], item.id)
    with pytest.raises(Forbidden), session_scope() as session:
        work_items.release(session, world.actors["utredare2"], item.id)
    with session_scope() as session:
        out = work_items.release(session, world.actors["chef"], item.id)
    assert out.assignee is None
    event = world.read(
        lambda s: s.exec(select(AuditEvent).where(AuditEvent.action == "task_released")).one()
    )
    assert (event.actor, event.entity_id) == ("chef", item.id)
    assert event.detail == {"previous_assignee": "utredare"}


def test_chef_cannot_hand_a_decision_to_the_one_who_proposed_it(world: World):
    case_id = to_decision_approval(world, proposer="dubbelroll")
    item = world.open_item(case_id, "decision_approval")
    with pytest.raises(Invalid, match="other than its proposer"), session_scope() as session:
        work_items.reassign(session, world.actors["chef"], item.id, "dubbelroll")
    with pytest.raises(Invalid, match="none of the roles"), session_scope() as session:
        work_items.reassign(session, world.actors["chef"], item.id, "utredare")
    with session_scope() as session:
        out = work_items.reassign(session, world.actors["chef"], item.id, "beslutsfattare")
    assert out.assignee == "beslutsfattare"
    with pytest.raises(Forbidden), session_scope() as session:
        work_items.reassign(session, world.actors["beslutsfattare"], item.id, "chef")


def test_task_list_of_the_api_pages_most_urgent_first_and_filters_one_case(world: World, clock):
    today = clock.today
    clock.set(today - timedelta(days=120))
    world.today = clock.today
    late = world.report()
    clock.set(today)
    world.today = today
    fresh = [world.report() for _ in range(3)]

    def listed(**query):
        with session_scope() as session:
            return [
                t.case_id for t in work_items.list_open(session, world.actors["utredare"], **query)
            ]

    assert listed() == [late, *fresh]
    assert listed(limit=2) == [late, fresh[0]]
    assert listed(limit=2, offset=2) == fresh[1:]
    assert listed(case_id=fresh[1]) == [fresh[1]]
    assert listed(case_id=fresh[1], offset=1) == []
