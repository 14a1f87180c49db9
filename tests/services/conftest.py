"""The use cases against a real PostgreSQL, without Prefect: each test runs inside one
transaction that is rolled back at its end; every unit of work the services open joins it,
their commits becoming savepoints (`fut.db.joined`). A test takes milliseconds."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from fut.auth import Actor, authenticate, create_user
from fut.db import joined, make_engine, session_scope
from fut.enums import WorkStatus
from fut.models import WorkItem
from fut.schemas import ReportCreate
from fut.services import cases, work_items
from tests.integration.conftest import REPORT, USERS


@pytest.fixture(scope="package")
def service_database(
    postgres_admin_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    from fut.migrate import upgrade
    from fut.municipality import get_municipality
    from fut.settings import get_settings

    name = f"fut_services_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = postgres_admin_url.rsplit("/", 1)[0] + f"/{name}"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("FUT_VAR_DIR", str(tmp_path_factory.mktemp("services-var")))
        env.delenv("FUT_DATABASE_URL", raising=False)
        get_settings.cache_clear()
        get_municipality.cache_clear()
        upgrade(url)
        engine = make_engine(url)
        try:
            yield engine
        finally:
            engine.dispose()
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    get_settings.cache_clear()
    get_municipality.cache_clear()


def open_work_item(case_id: int, step: str) -> WorkItem:
    """The case's one open work item of `step`."""
    with session_scope() as session:
        return session.exec(
            select(WorkItem).where(
                WorkItem.case_id == case_id,
                WorkItem.step == step,
                WorkItem.status == WorkStatus.OPEN,
            )
        ).one()


class World:
    """The test's view of the database: users by name, cases made from a report."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.actors: dict[str, Actor] = {}
        with session_scope() as session:
            for username, roles in USERS.items():
                _, token = create_user(
                    session, username=username, roles=roles, display_name=username.title()
                )
                actor = authenticate(session, token)
                assert actor is not None
                self.actors[username] = actor

    def report(self, **changes: Any) -> int:
        """A report filed today by handlaggare: the case id, at triage."""
        data = {**REPORT, "received_on": self.today.isoformat(), **changes}
        with session_scope() as session:
            created = cases.register_case(
                session, self.actors["handlaggare"], ReportCreate.model_validate(data)
            )
        return created.id

    def open_item(self, case_id: int, step: str) -> WorkItem:
        return open_work_item(case_id, step)

    def complete(self, case_id: int, step: str, payload: dict[str, Any], user: str) -> Any:
        item = self.open_item(case_id, step)
        assert item.id is not None
        with session_scope() as session:
            return work_items.complete(session, self.actors[user], item.id, payload)

    def read(self, query: Callable[[Session], Any]) -> Any:
        with session_scope() as session:
            return query(session)


@pytest.fixture
def world(service_database: Engine, clock: Any) -> Iterator[World]:
    connection = service_database.connect()
    transaction = connection.begin()
    try:
        with joined(connection):
            yield World(clock.today)
    finally:
        transaction.rollback()
        connection.close()
