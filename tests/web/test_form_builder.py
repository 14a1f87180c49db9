"""api.web.forms without a database: a form from a pydantic model's JSON schema, what is
posted read back as typed, rows added and removed, the payload and Swedish errors."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from api.web import forms, messages
from fut.steps.base import ui
from fut.validation import Day, Kronor, Line, Month


class Member(BaseModel):
    name: Line = Field(title="Namn")
    amount: Kronor = Field(title="Belopp")


class Row(BaseModel):
    month: Month = Field(title="Månad")
    paid: Kronor = Field(title="Utbetalt")
    members: list[Member] = Field(
        default_factory=list, title="Personer", json_schema_extra=ui(item="person")
    )


class Payload(BaseModel):
    kind: Literal["a", "b"] = Field(
        title="Slag", json_schema_extra=ui(options={"a": "Första", "b": "Andra"})
    )
    agreed: bool = Field(default=False, title="Överenskommet")
    on: Day | None = Field(default=None, title="Dag")
    note: str = Field(default="", max_length=5000, title="Anteckning")
    rows: list[Row] = Field(min_length=1, title="Månader", json_schema_extra=ui(item="månad"))


SPEC = forms.model_form(Payload)


def test_the_schema_decides_each_input():
    by_name = {f.name: f for f in SPEC.fields}
    assert (by_name["kind"].widget, [o.label for o in by_name["kind"].options]) == (
        "radio",
        ["Första", "Andra"],
    )
    assert by_name["agreed"].widget == "checkbox"
    assert by_name["on"].widget == "date" and not by_name["on"].required
    assert by_name["note"].widget == "textarea"
    rows = by_name["rows"]
    assert rows.kind == "rows" and rows.widget == "fieldsets" and rows.item == "månad"
    month, paid, members = rows.fields
    assert (month.widget, paid.widget, paid.unit) == ("month", "number", "kr")
    assert members.widget == "table" and members.item == "person"


def test_posted_rows_are_read_added_removed_and_turned_into_a_payload():
    posted = {
        "kind": ["b"],
        "agreed": ["true"],
        "rows-count": ["2"],
        "rows-0-month": ["2025-05"],
        "rows-0-paid": ["12 500 kr"],
        "rows-0-members-count": ["1"],
        "rows-0-members-0-name": ["sambo"],
        "rows-0-members-0-amount": ["1 000"],
        "rows-1-month": ["2025-06"],
        "rows-1-paid": [""],
    }
    raw = forms.from_form(SPEC, posted)
    assert raw["rows"][0]["paid"] == "12 500 kr" and len(raw["rows"]) == 2
    added, focus = forms.apply(SPEC, raw, "add:rows-0-members")
    assert len(added["rows"][0]["members"]) == 2 and focus == "rows-0-members-1"
    removed, focus = forms.apply(SPEC, raw, "remove:rows-0")
    assert [r["month"] for r in removed["rows"]] == ["2025-06"] and focus == "rows--add"
    assert raw["rows"][0]["month"] == "2025-05"  # the original is untouched
    data = forms.to_data(SPEC, raw)
    assert data["kind"] == "b" and data["agreed"] is True and "on" not in data
    assert data["rows"][0] == {
        "month": "2025-05",
        "paid": 12500,
        "members": [{"name": "sambo", "amount": 1000}],
    }
    assert data["rows"][1] == {"month": "2025-06"}


def test_errors_are_swedish_and_beside_their_field():
    raw = forms.from_form(
        SPEC,
        {"rows-count": ["1"], "rows-0-month": ["2025-13"], "rows-0-paid": ["-5"], "on": ["x"]},
    )
    try:
        Payload.model_validate(forms.to_data(SPEC, raw))
    except ValidationError as exc:
        errors = forms.pydantic_errors(SPEC, exc.errors(), messages.swedish)
    assert errors.get("kind") == "Välj slag."
    assert errors.get("on") == "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-11-02."
    assert errors.get("rows-0-month") == "Skriv månaden som ÅÅÅÅ-MM, till exempel 2025-06."
    assert errors.get("rows-0-paid") == "Beloppet kan inte vara negativt."
    bound = forms.bind(SPEC, raw, errors)
    listed = dict(forms.summary(bound, errors))
    assert listed["f-kind--0"] == "Välj slag."
    assert listed["f-rows-0-paid"] == "Månad 1 – Utbetalt: Beloppet kan inte vara negativt."


def test_a_date_out_of_range_names_the_limit_in_swedish():
    raw = forms.from_form(SPEC, {"kind": ["a"], "on": ["2200-01-01"], "rows-0-month": ["2025-01"]})
    try:
        Payload.model_validate(forms.to_data(SPEC, raw))
    except ValidationError as exc:
        errors = forms.pydantic_errors(SPEC, exc.errors(), messages.swedish)
    assert errors.get("on") == "Datumet får inte vara efter 31 december 2100."
    assert date(2100, 12, 31)  # the last day fut.validation.Day allows


def test_a_post_cannot_make_more_rows_than_the_schema_or_the_page_allows():
    posted = {"rows-count": ["100000"], "rows-99999-month": ["2025-01"]}
    raw = forms.from_form(SPEC, posted)
    assert len(raw["rows"]) == forms.MAX_ROWS


def test_the_initial_form_has_the_defaults_and_the_least_rows():
    raw = forms.initial(SPEC, {"kind": "a"})
    assert raw["kind"] == "a" and raw["agreed"] == "false" and len(raw["rows"]) == 1
