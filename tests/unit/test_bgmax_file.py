"""Bankgirot's BgMax file read strictly: the published examples read as they are meant, and
every kind of fault refuses the whole file naming its line."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from fut.integrations import bgmax
from fut.integrations.bgmax import BgMaxError
from tests.testdata import DATA

FILES = DATA / "bgmax"
EXAMPLE_DAY = date(2004, 5, 25)
"""The payment day Bankgirot's example files carry: their data, not today."""
LENGTH = "rickardlindgren_exempelfil_ocr-kontroll_checksiffra_langd.txt"
EXTENDED = (
    "2xic_bankgiroinbetalningar_avtal-ocr-kontroll_utokad-blankettregistrering-ocr-kontroll"
    "_exempelfil.txt"
)


def read(name: str) -> bgmax.BgMaxFile:
    return bgmax.parse((FILES / name).read_bytes())


def minimal_lines() -> list[str]:
    return (FILES / "zimpler_minimal.txt").read_bytes().decode("latin-1").split("\r\n")


def refused(lines: list[str]) -> BgMaxError:
    with pytest.raises(BgMaxError) as caught:
        bgmax.parse("\r\n".join(lines).encode("latin-1"))
    return caught.value


@pytest.mark.parametrize(
    ("name", "deposits", "payments"),
    [
        ("2xic_bangiroinbetalningar_exempelfil_avtalutantillval_kontroller_sv.txt", 1, 5),
        ("2xic_bankgiroinbetalningar_exempelfil_avtal-om-ocr-kontroll_sv.txt", 1, 4),
        (EXTENDED, 3, 7),
        (LENGTH, 3, 9),
        ("fabhed_exempelfil_ocr-kontroll_checksiffra_langd.txt", 2, 7),
        ("zimpler_BgMaxfil4.txt", 4, 9),
        ("zimpler_minimal.txt", 1, 1),
    ],
)
def test_bankgirots_example_files_are_read(name: str, deposits: int, payments: int):
    parsed = read(name)
    assert len(parsed.deposits) == deposits
    assert parsed.payment_count == payments
    for deposit in parsed.deposits:
        assert deposit.receiving_bankgiro == "0009912346"
        assert deposit.total_ore == sum(p.signed_ore for p in deposit.payments)


def test_example_with_length_digit_reads_header_deposits_deduction_and_payer():
    parsed = read(LENGTH)
    assert parsed.version == "01"
    assert parsed.written_at == datetime.combine(EXAMPLE_DAY, time(17, 30, 35, 10331))
    assert parsed.test is False  # "P": production
    first, _, euro = parsed.deposits
    assert (first.payment_date, first.serial, first.total_ore) == (
        EXAMPLE_DAY,
        "00074",
        190000,
    )
    assert first.account == "00000000000000000005841000001009823"
    assert euro.currency == "EUR"
    deduction = first.payments[1]
    assert deduction.is_deduction and deduction.deduction_code == 0
    assert deduction.signed_ore == -50000
    payment = first.payments[0]
    assert (payment.reference, payment.amount_ore, payment.reference_code) == ("655969", 100000, 2)
    assert (payment.channel, payment.bgc_serial, payment.image) == (2, "000000000010", False)
    assert payment.payer_name == "Kalles Plåt AB"
    # the TK22 with Bankgirot's two tabs reads as its blanks
    assert [e.reference for e in first.payments[2].extra][-1] == "657965"


def test_extended_registration_shares_a_payment_out_with_minus_references():
    items = bgmax.incoming(read(EXTENDED))
    last_deposit = [i for i in items if i.identity == f"bgmax:0009912346:{EXAMPLE_DAY}:00058"]
    shared = [i for i in last_deposit if i.reference in {"7495575", "695668", "8988777", "744565"}]
    assert [(i.reference, i.amount_ore) for i in shared] == [
        ("7495575", 100000),
        ("695668", 50000),
        ("8988777", 40000),
        ("744565", -50000),
    ]
    assert shared[0].bank_says_wrong_reference and not shared[1].bank_says_wrong_reference
    assert sum(i.amount_ore for i in items) == 370000 + 200000 + 290000
    assert len({i.identity for i in items}) == 3  # the deposits: each read once only


def test_extra_references_without_amounts_stay_information():
    items = bgmax.incoming(read(EXTENDED))
    first = items[0]
    assert first.reference == "" and first.amount_ore == 180000
    assert "Extra referenser: 665760, 665869, 665661" in first.information


def test_file_without_line_breaks_reads_as_80_character_records():
    with_breaks = read("2xic_bankgiroinbetalningar_exempelfil_avtal-om-ocr-kontroll_sv.txt")
    assert with_breaks.deposits[0].total_ore == 210000


def test_file_with_wrong_counts_and_mangled_letters_is_refused_naming_line():
    with pytest.raises(BgMaxError) as caught:
        read("zimpler_BgMaxfil4_broken.txt")
    assert caught.value.line == 10
    assert "82 tecken" in str(caught.value)


def test_fragment_without_start_record_is_refused():
    with pytest.raises(BgMaxError, match="rad 1: filen ska börja med startposten"):
        read("zimpler_isolated_payment.txt")


def test_file_with_wrong_deposit_total_is_refused_naming_line():
    lines = minimal_lines()
    lines[3] = lines[3].replace("000000000000110000SEK", "000000000000110100SEK")
    error = refused(lines)
    assert error.line == 4
    assert "insättningsbeloppet 1 101,00 kr stämmer inte" in str(error)


def test_file_with_wrong_payment_count_in_the_end_record_is_refused_naming_line():
    lines = minimal_lines()
    lines[4] = "7000000002" + lines[4][10:]
    error = refused(lines)
    assert (error.line, error.problem) == (
        5,
        "slutposten anger 2 betalningsposter (20), filen har 1",
    )


def test_deposit_count_of_payments_must_match():
    lines = minimal_lines()
    lines[3] = lines[3].replace("SEK00000001", "SEK00000002")
    assert refused(lines).line == 4


@pytest.mark.parametrize(
    ("line", "change", "problem"),
    [
        (3, lambda r: r[:37] + "00000000000011000X" + r[55:], "betalningsbeloppet"),
        (3, lambda r: r[:55] + "9" + r[56:], "referenskoden"),
        (3, lambda r: r[:56] + "7" + r[57:], "betalningskanalkoden"),
        (3, lambda r: r + " ", "81 tecken"),
        (3, lambda r: "19" + r[2:], "okänd posttyp '19'"),
        (2, lambda r: r[:22] + "NOK" + r[25:], "valutan ska vara SEK eller EUR"),
        (1, lambda r: r[:2] + "BGMIN" + r[7:], "layoutnamnet"),
        (1, lambda r: r[:44] + "X" + r[45:], "testmarkeringen"),
        (4, lambda r: r[:37] + "20041332" + r[45:], "betalningsdagen 20041332 är inget datum"),
        (2, lambda r: r[:30] + "X" + r[31:], "position 26–80 ska vara blank"),
    ],
)
def test_malformed_record_is_refused_naming_line_and_field(line, change, problem):
    lines = minimal_lines()
    lines[line - 1] = change(lines[line - 1])
    error = refused(lines)
    assert error.line == line
    assert problem in str(error)


def test_records_out_of_order_are_refused():
    lines = minimal_lines()
    assert "utanför en insättning" in str(refused([lines[0], lines[2], *lines[1:]]))
    assert "efter slutposten" in str(refused([*lines[:5], lines[2]]))
    assert "utan slutpost" in str(refused(lines[:4]))
    assert "saknar insättningspost" in str(refused([*lines[:3], lines[4]]))
    assert refused([lines[0], lines[0], *lines[1:]]).line == 2


def test_empty_file_is_refused():
    with pytest.raises(BgMaxError, match="rad 1: filen är tom"):
        bgmax.parse(b"")


def test_a_file_beginning_with_a_record_type_is_read_as_bgmax():
    from fut.enums import FileFormat
    from fut.services.payment_imports import guess_format

    assert guess_format((FILES / "zimpler_isolated_payment.txt").read_bytes()) == FileFormat.BGMAX
    assert guess_format("Bokföringsdag;Belopp\n".encode()) == FileFormat.CSV
