"""What a caller sends to produce a document on demand: dates read as dates, every fault named
where it is, and the case file's own facts never overridden."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fut.documents import DEFAULT_TEMPLATES_DIR
from fut.documents.catalogue import find_template, read_template
from fut.services.document_catalogue import FieldsRefused, missing_errors, read_fields
from fut.services.document_context import KINDS, kind_spec
from fut.services.document_context.authorities import legal_basis_for
from fut.services.document_context.common import merge
from fut.services.document_context.repayment import missed_months


def refused(kind: str, fields: dict) -> list[dict]:
    with pytest.raises(FieldsRefused) as caught:
        read_fields(find_template(kind), fields)
    return caught.value.errors


def test_iso_dates_become_dates_where_the_template_wants_a_date():
    values = read_fields(
        find_template("begaran_overprovning"),
        {"police_case_number": "5000-K1-26", "closed_on": "2026-11-10", "reasons": "Skäl"},
    )
    assert values["closed_on"] == date(2026, 11, 10)
    assert values["police_case_number"] == "5000-K1-26"  # text stays text


def test_dates_inside_objects_and_lists_are_read_too():
    values = read_fields(
        find_template("ansokan_ersattningstalan"),
        {"claim": {"talan_decided_on": "2026-11-20", "ability_to_pay": "Lön"}},
    )
    assert values["claim"] == {"talan_decided_on": date(2026, 11, 20), "ability_to_pay": "Lön"}
    values = read_fields(find_template("fakturaunderlag"), {"invoice": {"due_date": "2027-01-31"}})
    assert values["invoice"]["due_date"] == date(2027, 1, 31)  # None in the example: by name


def test_amounts_may_come_as_digits_but_not_as_words():
    values = read_fields(
        find_template("efterkontroll"),
        {"incomes": [{"source": "AB", "taxed": "48000", "declared": 0.0}]},
    )
    assert values["incomes"] == [{"source": "AB", "taxed": 48000, "declared": 0}]
    errors = refused("efterkontroll", {"incomes": [{"source": "AB", "taxed": "mycket"}]})
    assert [e["loc"] for e in errors] == [["body", "incomes", 0, "taxed"]]


@pytest.mark.parametrize(
    ("fields", "loc", "kind"),
    [
        ({"reply_by": "21/12/2026"}, ["body", "reply_by"], "date_parsing"),
        ({"reply_by": "2026-02-30"}, ["body", "reply_by"], "date_parsing"),
        ({"reply_by": 20261221}, ["body", "reply_by"], "date_parsing"),
        ({"requested": "allt"}, ["body", "requested"], "list_type"),
        ({"period_from": "maj 2025"}, ["body", "period_from"], "value_error"),
        ({"authority": "FK"}, ["body", "authority"], "dict_type"),
        ({"authority": {"name": 7}}, ["body", "authority", "name"], "string_type"),
        ({"brevbarare": "x"}, ["body", "brevbarare"], "extra_forbidden"),
        ({"client": {"name": "Någon annan"}}, ["body", "client"], "extra_forbidden"),
        ({"today": "2020-01-01"}, ["body", "today"], "extra_forbidden"),
    ],
)
def test_a_wrong_field_is_named(fields: dict, loc: list, kind: str):
    errors = refused("begaran_uppgifter", fields)
    assert [(e["loc"], e["type"]) for e in errors] == [(loc, kind)]


def test_every_fault_is_named_at_once():
    errors = refused("begaran_uppgifter", {"reply_by": "snart", "requested": 3, "x": 1})
    assert len(errors) == 3


def test_what_only_the_case_file_gives_cannot_be_sent():
    errors = refused("beslut_aterkrav", {"months": [], "decision": {"total": 1}})
    assert [e["loc"] for e in errors] == [["body", "months"], ["body", "decision"]]
    errors = refused("fakturaunderlag", {"invoice": {"amount": 5, "accounting": "K 1"}})
    assert [e["loc"] for e in errors] == [["body", "invoice", "amount"]]


def test_missing_data_is_named_as_fastapi_does_and_says_where_it_comes_from():
    source = find_template("beslut_aterkrav")
    errors = missing_errors(
        source,
        kind_spec("beslut_aterkrav"),
        ["decision.decided_by", "decision.decided_by", "months", "months[2].law"],
    )
    assert [e["loc"] for e in errors] == [
        ["body", "decision", "decided_by"],
        ["body", "months"],
        ["body", "months", 2, "law"],
    ]
    assert {e["type"] for e in errors} == {"missing"}
    assert "only the case file" in errors[1]["msg"]
    source = find_template("begaran_uppgifter")
    (error,) = missing_errors(source, kind_spec("begaran_uppgifter"), ["authority"])
    assert "send it" in error["msg"] and "Myndigheten" in error["msg"]


def test_a_municipalitys_own_template_takes_every_value_from_the_caller(tmp_path: Path):
    (tmp_path / "egen.md").write_text(
        '+++\nkind = "egen"\ntitle = "Eget brev"\nversion = 1\n\n[variables]\n'
        'meeting_on = "Dag för mötet"\nplace = "Plats"\n+++\n{{ meeting_on }} {{ place }}\n',
        encoding="utf-8",
    )
    source = read_template(tmp_path / "egen.md")
    assert kind_spec("egen") is None
    values = read_fields(source, {"meeting_on": "2027-01-10", "place": "2027-01-10 kl. 9"})
    assert values == {"meeting_on": date(2027, 1, 10), "place": "2027-01-10 kl. 9"}


def test_every_kind_of_the_catalogue_has_a_builder():
    kinds = {p.stem for p in DEFAULT_TEMPLATES_DIR.glob("*.md") if p.stem != "README"}
    assert set(KINDS) == kinds


def test_what_a_kind_needs_or_takes_from_the_case_is_a_declared_variable():
    for kind, spec in KINDS.items():
        declared = find_template(kind).specs
        for path in (*spec.needs, *spec.from_case):
            head, _, field = path.partition(".")
            assert head in declared, (kind, path)
            if field:
                fields = [f.rstrip("?") for f in declared[head].fields]
                assert any(f == field or f.startswith(f"{field}.") for f in fields), (kind, path)


def test_the_authoritys_name_gives_the_law_it_must_answer_under():
    assert legal_basis_for({"name": "Försäkringskassan"}) == "forsakringskassan"
    assert legal_basis_for({"name": "Centrala studiestödsnämnden (CSN)"}) == "csn"
    assert legal_basis_for({"name": "Unionens arbetslöshetskassa"}) == "arbetsloshetskassa"
    assert legal_basis_for({"name": "Tomtens verkstad"}) is None
    assert legal_basis_for(None) is None


def test_the_callers_values_are_laid_over_the_case_file_field_by_field():
    built = {"notification": {"benefit": None, "period_from": "2025-05"}, "authority": None}
    sent = {"notification": {"benefit": "Bostadsbidrag"}, "authority": {"name": "FK"}}
    assert merge(built, sent) == {
        "notification": {"benefit": "Bostadsbidrag", "period_from": "2025-05"},
        "authority": {"name": "FK"},
    }


DUE = [date(2026, m, 27) for m in range(8, 13)]  # August - December 2026


@pytest.mark.parametrize(
    ("paid", "today", "missed"),
    [
        (0, date(2026, 8, 27), []),  # the due day itself is still in time
        (0, date(2026, 8, 28), ["2026-08"]),
        (300, date(2026, 10, 1), ["2026-09"]),
        (600, date(2026, 11, 28), ["2026-10", "2026-11"]),
        (900, date(2026, 11, 28), ["2026-11"]),  # a late payment catches up the oldest
        (1200, date(2026, 11, 28), []),
    ],
)
def test_missed_months_are_due_dates_passed_without_enough_paid(paid, today, missed):
    assert missed_months(DUE, 300, 1500, paid, today) == missed


def test_the_last_smaller_installment_is_covered_by_the_whole_debt():
    assert missed_months(DUE, 300, 1400, 1400, date(2027, 1, 1)) == []
    assert missed_months(DUE, 300, 1400, 1300, date(2027, 1, 1)) == ["2026-12"]
