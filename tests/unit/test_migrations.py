"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import fut.models  # noqa: F401
from fut.db import make_engine
from fut.migrate import upgrade


def test_migrated_sqlite_database_matches_the_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'fut.db'}"
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata
        )
    engine.dispose()
    assert diff == []


def test_upgrade_to_0002_keeps_roles_proposals_and_reply_timers(tmp_path):
    """A database of 0001 with a two-role user, a proposal, a returned proposal and a reply
    timer reads the same after the upgrade: roles as rows, status beside the outcome."""
    import sqlalchemy as sa
    from alembic import command

    from fut.migrate import alembic_config

    url = f"sqlite:///{tmp_path / 'fut.db'}"
    command.upgrade(alembic_config(url), "0001")
    engine = make_engine(url)
    now = "2026-01-02 10:00:00"
    with engine.begin() as conn:
        run = conn.exec_driver_sql
        run(
            "INSERT INTO app_user (id, username, display_name, title, phone, email, roles, units,"
            " token_hash, active, created_at) VALUES (1, 'ulla', 'Ulla', '', '', '', "
            f"'utredare,beslutsfattare', '', 'h1', 1, '{now}')"
        )
        run(
            "INSERT INTO person (id, identity_number, identity_kind, name, address, created_at)"
            f" VALUES (1, '191212121212', 'personnummer', 'T', '', '{now}')"
        )
        run(
            "INSERT INTO fut_case (id, case_number, unit, stage, person_id, flow_generation,"
            f" created_at, updated_at) VALUES (1, 'FUT-X-1', 'u', 'decision_approval', 1, 0,"
            f" '{now}', '{now}')"
        )
        for item_id, step, payload in (
            (1, "decision_proposal", '{"recover": false, "motivation": "m"}'),
            (2, "decision_proposal", '{"recover": true, "motivation": "m"}'),
            (3, "client_reply", None),
        ):
            run(
                "INSERT INTO workitem (id, case_id, step, candidate_roles, status, created_at,"
                " payload) VALUES (?, 1, ?, 'utredare', 'done', ?, ?)",
                (item_id, step, now, payload),
            )
        run(
            "INSERT INTO decision (id, case_id, work_item_id, kind, outcome, motivation,"
            f" created_at) VALUES (1, 1, 1, 'recovery', 'returned', '', '{now}'),"
            f" (2, 1, 2, 'recovery', 'proposed_recover', '', '{now}')"
        )
        run(
            "INSERT INTO timer (id, case_id, kind, work_item_id, fire_at) VALUES "
            f"(1, 1, 'reply_deadline', 3, '{now}')"
        )
    engine.dispose()

    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        q = conn.execute
        roles = q(sa.text("SELECT role FROM user_role WHERE user_id = 1 ORDER BY role")).all()
        assert [r for (r,) in roles] == ["beslutsfattare", "utredare"]
        decisions = q(sa.text("SELECT id, status, outcome FROM decision ORDER BY id")).all()
        assert [tuple(d) for d in decisions] == [
            (1, "returned", "no_recovery"),
            (2, "proposed", "recover"),
        ]
        assert q(sa.text("SELECT kind FROM timer")).scalar_one() == "deadline"
        assert q(sa.text("PRAGMA foreign_key_check")).all() == []
    engine.dispose()


def test_upgrade_to_0004_assumes_the_grant_date_of_stored_months_and_marks_it(tmp_path):
    """Months stored before grant dates were recorded get the payment date (else the month's
    first day) as granted_on, marked assumed: the date the law was chosen by until then."""
    import sqlalchemy as sa
    from alembic import command

    from fut.migrate import alembic_config

    url = f"sqlite:///{tmp_path / 'fut.db'}"
    command.upgrade(alembic_config(url), "0003")
    engine = make_engine(url)
    now = "2026-01-02 10:00:00"
    with engine.begin() as conn:
        run = conn.exec_driver_sql
        run(
            "INSERT INTO person (id, identity_number, identity_kind, name, address, created_at)"
            f" VALUES (1, '191212121212', 'personnummer', 'T', '', '{now}')"
        )
        run(
            "INSERT INTO fut_case (id, case_number, unit, stage, person_id, flow_generation,"
            f" created_at, updated_at) VALUES (1, 'FUT-X-1', 'u', 'client_reply', 1, 0,"
            f" '{now}', '{now}')"
        )
        for month, paid_on, law in (
            ("2025-07", "2025-06-27", "9 kap. 1 § första stycket socialtjänstlagen (2001:453)"),
            ("2025-08", None, "33 kap. 1 § första stycket socialtjänstlagen (2025:400)"),
        ):
            run(
                "INSERT INTO overpaidmonth (case_id, month, paid, undeclared_income, correct,"
                " overpaid, already_corrected, reason, payment_date, resources, law)"
                " VALUES (1, ?, 9000, 1000, 8000, 1000, 0, '', ?, '[]', ?)",
                (month, paid_on, law),
            )
    engine.dispose()

    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT month, granted_on, granted_on_assumed, law FROM overpaidmonth"
                " ORDER BY month"
            )
        ).all()
    engine.dispose()
    assert [(m, str(g), bool(a)) for m, g, a, _ in rows] == [
        ("2025-07", "2025-06-27", True),
        ("2025-08", "2025-08-01", True),
    ]
    # the law the months were cited by is unchanged: it went by the same date
    assert rows[0].law.endswith("(2001:453)") and rows[1].law.endswith("(2025:400)")
