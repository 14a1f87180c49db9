"""The field types every input model uses (fut.validation), the document request's reader,
and the error answer that always encodes (api.errors)."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest
from pydantic import BaseModel, Field, ValidationError

from api.errors import ErrorResponse, encodable
from fut.documents.catalogue import find_template
from fut.services.document_catalogue import FieldsRefused, read_fields
from fut.validation import Day, Kronor, Line, Month, PositiveKronor, Text


class Form(BaseModel):
    name: Line = Field(default="x", max_length=20)
    note: Text = ""
    month: Month = "2019-05"
    day: Day = date(2019, 5, 1)
    amount: Kronor = 0
    paid: PositiveKronor = 1


def fault(**fields: object) -> tuple[str, str]:
    with pytest.raises(ValidationError) as caught:
        Form.model_validate(fields)
    error = caught.value.errors()[0]
    return str(error["loc"][0]), error["msg"]


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_are_no_amount(value: float):
    assert fault(amount=value) == ("amount", "Input should be a finite number")
    assert fault(paid=value)[0] == "paid"


@pytest.mark.parametrize("value", ["1899-12-31", "2101-01-01", "9999-12-31", "0001-01-01"])
def test_a_day_lies_within_1900_to_2100(value: str):
    assert fault(day=value)[0] == "day"


def test_the_first_and_last_day_are_accepted():
    assert Form(day="1900-01-01").day == date(1900, 1, 1)
    assert Form(day="2100-12-31").day == date(2100, 12, 31)


@pytest.mark.parametrize("value", ["9999-12", "1899-12", "2101-01", "0000-01", "2019-13", "2019-5"])
def test_a_month_is_yyyy_mm_within_1900_to_2100(value: str):
    assert fault(month=value)[0] == "month"


def test_a_month_is_stored_as_yyyy_mm():
    assert Form(month=" 2019-05 ").month == "2019-05"
    assert Form(month="2100-12").month == "2100-12"


@pytest.mark.parametrize(
    "char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\n", "\r", "\t", "\ufffe"]
)
def test_a_line_has_no_control_characters(char: str):
    name, msg = fault(name=f"Tolvan{char}")
    assert name == "name" and f"U+{ord(char):04X}" in msg


@pytest.mark.parametrize("char", ["\x00", "\x08", "\x0b", "\x1f", "\x9f", "\ud800", "\uffff"])
def test_free_text_has_no_control_characters_but_line_breaks(char: str):
    assert fault(note=f"Rad{char}")[0] == "note"


def test_free_text_keeps_line_breaks_and_tabs():
    assert Form(note="Rad ett\r\nRad två\n\tIndrag").note == "Rad ett\r\nRad två\n\tIndrag"
    assert Form(name="Åsa Öberg-Ängström").name == "Åsa Öberg-Ängström"


def test_an_error_answer_always_encodes():
    detail = [{"input": math.nan, "ctx": {"le": math.inf, "ge": -math.inf}, "msg": "a\ud800b"}]
    body = json.loads(ErrorResponse({"detail": detail}).body)
    assert body == {
        "detail": [
            {"input": "NaN", "ctx": {"le": "Infinity", "ge": "-Infinity"}, "msg": "a\\ud800b"}
        ]
    }
    assert encodable((1, 2.5, None, True)) == [1, 2.5, None, True]


@pytest.mark.parametrize(
    ("fields", "loc"),
    [
        ({"reply_by": "9999-12-31"}, ["body", "reply_by"]),
        ({"reply_by": "1899-12-31"}, ["body", "reply_by"]),
        ({"period_from": "9999-12"}, ["body", "period_from"]),
        ({"requested": ["a\x00b"]}, ["body", "requested", 0]),
        ({"authority": {"name": "FK\x1b"}}, ["body", "authority", "name"]),
    ],
)
def test_a_document_request_is_bounded_like_every_input(fields: dict, loc: list):
    with pytest.raises(FieldsRefused) as caught:
        read_fields(find_template("begaran_uppgifter"), fields)
    assert [e["loc"] for e in caught.value.errors] == [loc]


@pytest.mark.parametrize("taxed", [math.nan, math.inf, 1e300, 10**12, "9" * 30])
def test_a_document_request_amount_is_a_finite_bounded_number(taxed: object):
    with pytest.raises(FieldsRefused) as caught:
        read_fields(find_template("efterkontroll"), {"incomes": [{"source": "AB", "taxed": taxed}]})
    assert [e["loc"] for e in caught.value.errors] == [["body", "incomes", 0, "taxed"]]
