"""Spreadsheet files (CSV and XLSX): the one place that writes them, safely.

Every CSV or XLSX the product hands out is made here, so text typed by the public,
imported from a file or entered by staff can never run as a spreadsheet formula
(CSV/formula injection):

- **CSV**: text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  (and their full-width forms) gets a single quote in front (the OWASP advice), so a
  spreadsheet shows it as text. Numbers (``int``, ``float``, ``Decimal``) are written as
  numbers and never quoted: a negative figure stays ``-6.50``.
- **XLSX**: text is written as a text cell (never a formula or error cell) with Excel's
  quote prefix, so it stays text even when someone edits the cell; the value itself is
  kept. Numbers are number cells. Characters a workbook cannot hold are dropped.

Files people open in a spreadsheet program use ``spreadsheet_csv``: the layout Dutch
Excel reads without an import wizard (``;`` between fields, a decimal comma, UTF-8 with a
byte order mark, dates as dd-mm-jjjj) and headers translated in the active language.
Files for other systems keep the format their readers expect (``csv_text`` with the
caller's separator and decimals, e.g. the payroll file of ``docs/payroll-export.md``).
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

# Characters that make a spreadsheet read a cell as a formula (OWASP: = + - @ tab CR),
# with the full-width forms some spreadsheet programs also accept.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
PDF_CONTENT_TYPE = "application/pdf"
CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE, "pdf": PDF_CONTENT_TYPE}


def attachment(content: str | bytes, filename: str) -> HttpResponse:
    """A download: the content type from the file's extension, never cached (files
    often hold personal data)."""
    extension = filename.rsplit(".", 1)[-1].lower()
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def neutralise(text: str) -> str:
    """``text`` with a single quote in front if a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def csv_cell(value, *, decimals: int | None = None, decimal_comma: bool = False) -> str:
    """One CSV field: numbers as numbers (``decimals`` places for non-integers), None
    empty, everything else as neutralised text."""
    if value is None:
        return ""
    if is_number(value):
        if decimals is not None and not isinstance(value, int):
            text = f"{value:.{decimals}f}"
        else:
            text = str(value)
        return text.replace(".", ",") if decimal_comma else text
    return neutralise(str(value))


def csv_text(
    rows: Iterable[Sequence],
    *,
    header: Sequence | None = None,
    delimiter: str = ",",
    decimals: int | None = None,
    decimal_comma: bool = False,
    bom: bool = False,
) -> str:
    """A CSV file (CRLF line endings) of ``header`` and ``rows``, every field through
    ``csv_cell``. ``bom``: start with a byte order mark so spreadsheets read UTF-8."""
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    if header is not None:
        writer.writerow([csv_cell(v) for v in header])
    for row in rows:
        writer.writerow([csv_cell(v, decimals=decimals, decimal_comma=decimal_comma) for v in row])
    return buffer.getvalue()


def spreadsheet_cell(value):
    """A value as Dutch spreadsheets read it: dates ``dd-mm-jjjj``, moments
    ``dd-mm-jjjj uu:mm`` in the local time, everything else as ``csv_cell`` does."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    return value


def spreadsheet_csv(
    rows: Iterable[Sequence], *, header: Sequence, decimals: int | None = None
) -> str:
    """A CSV file for people who open it in a (Dutch) spreadsheet program: ``;`` between
    fields, a decimal comma, a byte order mark (UTF-8), dates ``dd-mm-jjjj``; the header
    (lazy translations welcome) in the active language."""
    return csv_text(
        ([spreadsheet_cell(value) for value in row] for row in rows),
        header=[str(title) for title in header],
        delimiter=";",
        decimals=decimals,
        decimal_comma=True,
        bom=True,
    )


def _set_cell(cell, value) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return
    if is_number(value):
        cell.value = float(value) if isinstance(value, Decimal) else value
        return
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.value = text
    cell.data_type = "s"  # openpyxl makes "=..." a formula and "#N/A" an error otherwise
    if text.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True


def _fill_sheet(sheet, rows, header, number_formats) -> None:
    from openpyxl.utils import get_column_letter

    number_formats = number_formats or {}
    first = 1
    if header is not None:
        for column, value in enumerate(header, start=1):
            _set_cell(sheet.cell(row=1, column=column), value)
        first = 2
    for row_number, row in enumerate(rows, start=first):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            _set_cell(cell, value)
            if column - 1 in number_formats:
                cell.number_format = number_formats[column - 1]
    for index, number_format in number_formats.items():
        sheet.column_dimensions[get_column_letter(index + 1)].number_format = number_format


def xlsx_bytes(
    rows: Iterable[Sequence],
    *,
    header: Sequence | None = None,
    title: str = "Sheet1",
    number_formats: dict[int, str] | None = None,
) -> bytes:
    """An XLSX workbook with one sheet ``title``: ``header`` and ``rows``, text as text
    cells and numbers as number cells. ``number_formats`` maps a column index (from 0)
    to the format of its cells below the header (e.g. ``"0.00"``, or ``"@"`` for text)."""
    return xlsx_sheets([Sheet(title, rows, header, number_formats)])


@dataclass
class Sheet:
    """One sheet of :func:`xlsx_sheets` (the arguments of :func:`xlsx_bytes`)."""

    title: str
    rows: Iterable[Sequence]
    header: Sequence | None = None
    number_formats: dict[int, str] | None = None


def xlsx_sheets(sheets: Sequence[Sheet]) -> bytes:
    """An XLSX workbook with one sheet per :class:`Sheet`, filled as in ``xlsx_bytes``."""
    from openpyxl import Workbook

    workbook = Workbook()
    for index, spec in enumerate(sheets):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = spec.title[:31]
        _fill_sheet(sheet, spec.rows, spec.header, spec.number_formats)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
