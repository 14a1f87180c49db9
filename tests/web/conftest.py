"""The pages, in process (FastAPI's TestClient) against a real PostgreSQL database of their
own; no Prefect: what a flow run would do is done by calling the services (`Desk.advance`).
Every user of `tests.integration.conftest.USERS` has the password `PASSWORD`."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from fut.auth import authenticate, create_user
from fut.db import session_scope
from fut.lifecycle import AUTOMATIC_STAGES
from fut.models import Case, row_id
from fut.passwords import set_password
from fut.schemas import ReportCreate
from fut.services import automation, cases, work_items
from tests.integration.conftest import REPORT, USERS
from tests.services.conftest import open_work_item

PASSWORD = "ett långt lösenord"
UNIT_USERS = {"utredare_norr": (["utredare"], ["norrmalm"]), "chef_norr": (["chef"], ["norrmalm"])}


def _reset_caches() -> None:
    from fut.db import get_engine
    from fut.municipality import get_municipality
    from fut.settings import get_settings

    get_settings.cache_clear()
    get_municipality.cache_clear()
    get_engine.cache_clear()


@pytest.fixture(scope="package")
def web_database(
    postgres_admin_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str]]:
    """A migrated database with the users; yields their API tokens."""
    from fut.migrate import upgrade

    name = f"fut_web_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = postgres_admin_url.rsplit("/", 1)[0] + f"/{name}"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("FUT_VAR_DIR", str(tmp_path_factory.mktemp("web-var")))
        env.setenv("FUT_DATABASE_URL", url)
        _reset_caches()
        upgrade(url)
        tokens = {}
        with session_scope() as session:
            everyone = {u: (r, []) for u, r in USERS.items()} | UNIT_USERS
            for username, (roles, units) in everyone.items():
                _, tokens[username] = create_user(
                    session,
                    username=username,
                    roles=roles,
                    units=units,
                    display_name=username.replace("_", " ").title(),
                )
                set_password(session, username, PASSWORD)
        try:
            yield tokens
        finally:
            from fut.db import get_engine

            get_engine().dispose()
            _reset_caches()
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    _reset_caches()


class Browser(TestClient):
    """A logged-in browser: `csrf` is its session's token, for the forms it posts."""

    csrf: str = ""

    def form(self, url: str, data: dict[str, Any] | list[tuple[str, str]]) -> Any:
        """Post a form as the page would, with the CSRF token."""
        items = list(data.items()) if isinstance(data, dict) else list(data)
        fields: dict[str, list[str]] = {}
        for key, value in [*items, ("csrf_token", self.csrf)]:
            values = value if isinstance(value, list) else [value]
            fields.setdefault(key, []).extend(str(v) for v in values)
        return self.post(url, data=fields, follow_redirects=False)


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def log_in(app: Any, username: str, password: str = PASSWORD) -> Browser:
    browser = Browser(app, base_url="http://testserver")
    response = browser.post(
        "/login", data={"username": username, "password": password}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    page = browser.get("/inbox")
    match = CSRF.search(page.text)
    assert match, page.text
    browser.csrf = match.group(1)
    return browser


@pytest.fixture(scope="package")
def app(web_database: dict[str, str]) -> Any:
    from api.main import create_app

    return create_app(background=False)


@pytest.fixture
def browser(app: Any, clock: Any) -> Callable[[str], Browser]:
    """`browser("utredare")`: a new browser session logged in as that user."""
    opened: list[Browser] = []

    def open_as(username: str) -> Browser:
        opened.append(log_in(app, username))
        return opened[-1]

    yield open_as  # type: ignore[misc]
    for b in opened:
        b.close()


class Desk:
    """Cases made through the services, advanced as the flow run would."""

    def __init__(self, tokens: dict[str, str]) -> None:
        with session_scope() as session:
            self.actors = {u: authenticate(session, t) for u, t in tokens.items()}

    def report(self, user: str = "handlaggare", **changes: Any) -> int:
        from fut.clock import today

        data = {**REPORT, "received_on": today().isoformat(), **changes}
        with session_scope() as session:
            actor = self.actors[user]
            assert actor is not None
            return cases.register_case(session, actor, ReportCreate.model_validate(data)).id

    def item(self, case_id: int, step: str) -> int:
        return row_id(open_work_item(case_id, step))

    def complete(self, case_id: int, step: str, payload: dict[str, Any], user: str) -> None:
        item_id = self.item(case_id, step)
        with session_scope() as session:
            actor = self.actors[user]
            assert actor is not None
            work_items.complete(session, actor, item_id, payload)
        self.advance(case_id)

    def advance(self, case_id: int) -> str:
        """Carry out the automatic stages, as the case's flow run would, until a wait."""
        with session_scope() as session:
            stage = session.get(Case, case_id).stage  # type: ignore[union-attr]
        while stage in AUTOMATIC_STAGES:
            stage = automation.run_automatic_stage(case_id, stage)
        return stage


@pytest.fixture
def desk(web_database: dict[str, str], clock: Any) -> Desk:
    return Desk(web_database)
