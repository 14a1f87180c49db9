"""The year's FUT statistics as an Excel workbook (openpyxl): one sheet per table with
Swedish headings, amounts in kronor, and a chart of cases per month. Figures only, no
personal data (the same `YearStatistics` the API returns)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fut.rules.swedish_format import format_month
from fut.schemas_statistics import Count, YearStatistics

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KR = '#,##0 "kr"'
PERCENT = "0.0 %"
BOLD = Font(bold=True)

SHEETS = (
    "Översikt",
    "Per månad",
    "Enheter",
    "Anmälare",
    "Kanal",
    "Ärendetyp",
    "Feltyp och upptäckt",
    "Belopp",
    "Polisanmälningar",
    "Handläggningstid",
    "Definitioner",
)


def filename(year: int) -> str:
    return f"fut-statistik-{year}.xlsx"


def _table(
    sheet: Worksheet,
    headings: Sequence[str],
    rows: Iterable[Sequence[Any]],
    formats: dict[int, str] | None = None,
) -> None:
    sheet.append(list(headings))
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    first = sheet.max_row + 1
    for row in rows:
        sheet.append(list(row))
    for column, number_format in (formats or {}).items():
        for (cell,) in sheet.iter_rows(min_row=first, min_col=column, max_col=column):
            cell.number_format = number_format
    for index, heading in enumerate(headings, start=1):
        width = max(
            [len(str(heading))] + [len(str(c.value or "")) for c in sheet[get_column_letter(index)]]
        )
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 60)
    sheet.freeze_panes = "A2"


def _counts(rows: list[Count]) -> list[tuple[str, int]]:
    return [(row.label, row.count) for row in rows]


def _scope(stats: YearStatistics) -> str:
    return ", ".join(stats.units) if stats.units else "Alla enheter"


def workbook(stats: YearStatistics) -> Workbook:
    book = Workbook()
    sheets = {name: book.create_sheet(name) for name in SHEETS}
    book.remove(book.worksheets[0])
    inv, amounts, guarantee = stats.investigations, stats.amounts, stats.start_guarantee
    _table(
        sheets["Översikt"],
        ("Uppgift", "Värde"),
        [
            ("År", stats.year),
            ("Enheter", _scope(stats)),
            ("Räknat till och med", stats.through),
            ("Inkomna anmälningar", stats.reports.total),
            ("Påbörjade utredningar", inv.started),
            ("Avslutade ärenden", inv.closed),
            ("varav avslutade utan åtgärd efter förhandsbedömning", inv.closed_no_action),
            ("varav avslutade efter utredning", inv.closed_after_investigation),
            ("Beslut om återkrav eller inte återkrav", inv.decisions),
            ("Polisanmälningar", stats.police_reports.total),
            ("Underrättelser till andra myndigheter", stats.notifications.total),
            ("Förhandsbedömda anmälningar", guarantee.triaged),
            ("varav inom startgarantin (tre månader)", guarantee.within),
            ("Andel inom startgarantin", guarantee.share),
        ],
    )
    overview = sheets["Översikt"]
    overview.cell(row=overview.max_row, column=2).number_format = PERCENT  # the share

    month_sheet = sheets["Per månad"]
    _table(
        month_sheet,
        ("Månad", "Inkomna anmälningar", "Påbörjade utredningar", "Avslutade ärenden"),
        [
            (format_month(m.month), m.reports, m.investigations_started, m.closed)
            for m in stats.per_month
        ],
    )
    chart = BarChart()
    chart.type = "col"
    chart.title = f"Ärenden per månad {stats.year}"
    chart.y_axis.title = "Antal ärenden"
    chart.x_axis.title = "Månad"
    last = 1 + len(stats.per_month)
    chart.add_data(
        Reference(month_sheet, min_col=2, max_col=4, min_row=1, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(month_sheet, min_col=1, min_row=2, max_row=last))
    chart.width, chart.height = 24, 12
    month_sheet.add_chart(chart, "F2")

    _table(
        sheets["Enheter"],
        ("Enhet", "Inkomna anmälningar", "Påbörjade utredningar", "Avslutade ärenden"),
        [(u.name, u.reports, u.investigations_started, u.closed) for u in stats.per_unit],
    )
    _table(sheets["Anmälare"], ("Anmälare", "Anmälningar"), _counts(stats.reports.by_reporter_type))
    _table(
        sheets["Kanal"], ("Hur anmälan kom in", "Anmälningar"), _counts(stats.reports.by_channel)
    )
    _table(sheets["Ärendetyp"], ("Ärendetyp", "Anmälningar"), _counts(stats.case_types))
    _table(
        sheets["Feltyp och upptäckt"],
        ("Typ av fel", "Hur felet upptäcktes", "Utredningar"),
        [(e.error_label, e.detected_by, e.count) for e in stats.error_types],
    )
    _table(
        sheets["Belopp"],
        ("Belopp", "Kronor"),
        [
            ("Beslutat återkrav", amounts.decided),
            ("Återbetalt", amounts.repaid),
            ("Eftergivet", amounts.waived),
            ("Utestående vid årets slut", amounts.outstanding),
        ],
        formats={2: KR},
    )
    sheets["Belopp"].append(("Antal beslutade återkrav", amounts.decided_debts))
    _table(
        sheets["Polisanmälningar"],
        ("Utfall", "Polisanmälningar"),
        [*_counts(stats.police_reports.outcomes), ("Totalt", stats.police_reports.total)],
    )
    durations = stats.durations
    _table(
        sheets["Handläggningstid"],
        ("Från anmälan till", "Ärenden", "Median, dagar"),
        [
            (
                "Förhandsbedömning",
                durations.report_to_triage.cases,
                durations.report_to_triage.median_days,
            ),
            (
                "Beslut",
                durations.report_to_decision.cases,
                durations.report_to_decision.median_days,
            ),
            ("Avslut", durations.report_to_closing.cases, durations.report_to_closing.median_days),
        ],
    )
    _table(sheets["Definitioner"], ("Så räknas siffrorna",), [(note,) for note in stats.notes])
    return book


def workbook_bytes(stats: YearStatistics) -> bytes:
    buffer = BytesIO()
    workbook(stats).save(buffer)
    return buffer.getvalue()
