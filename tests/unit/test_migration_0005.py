"""Migration 0005 gives every debt decided before it its OCR reference."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from fut.db import make_engine
from fut.migrate import alembic_config, upgrade
from fut.rules import ocr


def test_upgrade_to_0005_gives_stored_debts_their_ocr_reference(tmp_path):
    url = f"sqlite:///{tmp_path / 'fut.db'}"
    command.upgrade(alembic_config(url), "0004")
    engine = make_engine(url)
    now = "2001-01-02 10:00:00"
    with engine.begin() as conn:
        run = conn.exec_driver_sql
        run(
            "INSERT INTO person (id, identity_number, identity_kind, name, address, created_at)"
            f" VALUES (1, '191212121212', 'personnummer', 'T', '', '{now}')"
        )
        for case_id, number in ((1, "FUT-1999-00007"), (2, "FUT-1999-00123")):
            run(
                "INSERT INTO fut_case (id, case_number, unit, stage, person_id, flow_generation,"
                " created_at, updated_at) VALUES (?, ?, 'u', 'repayment', 1, 0, ?, ?)",
                (case_id, number, now, now),
            )
            run(
                "INSERT INTO debt (case_id, amount, decided_on, status, created_at)"
                " VALUES (?, 12000, '2001-01-02', 'open', ?)",
                (case_id, now),
            )
    engine.dispose()

    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        refs = conn.execute(sa.text("SELECT ocr FROM debt ORDER BY case_id")).scalars().all()
    engine.dispose()
    # the default municipality file's bankgiro agreement: check digit and length digit
    assert refs == [
        ocr.generate("FUT-1999-00007", length_digit=True),
        ocr.generate("FUT-1999-00123", length_digit=True),
    ]
    assert all(ocr.is_valid(r, length_digit=True) for r in refs)
