"""The one export helper (``core.exports``): every CSV and XLSX the product writes
neutralises text a spreadsheet would run as a formula, and keeps numbers numbers."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from basisbaan.core import exports

DANGEROUS = ['=HYPERLINK("//e.nl")', "+31 6 1234", "-2+3", "@SUM(A1)", "\tcmd", "\r=1+1"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_starting_a_formula_gets_a_single_quote(text):
    assert exports.neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Jansen", "J. de Vries", "", "'al gequote", " =spatie"])
def test_ordinary_text_is_left_alone(text):
    assert exports.neutralise(text) == text


def test_csv_neutralises_text_but_keeps_numbers_numbers():
    text = exports.csv_text(
        [[Decimal("-6.50"), -3, -1.25, "-6.50", '=HYPERLINK("//e.nl")', None]],
        header=["a", "b", "c", "d", "e", "f"],
        delimiter=";",
        decimals=2,
    )
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["a", "b", "c", "d", "e", "f"]
    # Numbers are written as numbers (a negative figure stays -6.50); only text is quoted.
    assert rows[1] == ["-6.50", "-3", "-1.25", "'-6.50", '\'=HYPERLINK("//e.nl")', ""]
    assert text.endswith("\r\n")


def test_csv_decimal_comma_and_bom():
    text = exports.csv_text([[Decimal("2.5"), 1.25]], delimiter=";", decimal_comma=True, bom=True)
    assert text == "\ufeff2,5;1,25\r\n"


def test_xlsx_writes_text_as_text_and_numbers_as_numbers():
    data = exports.xlsx_bytes(
        [[name, Decimal("-6.50"), -2, "#N/A"] for name in DANGEROUS],
        header=["name", "hours", "count", "code"],
        title="blad",
        number_formats={1: "0.00"},
    )
    sheet = load_workbook(io.BytesIO(data))["blad"]
    assert [c.value for c in sheet[1]] == ["name", "hours", "count", "code"]
    for row, name in zip(sheet.iter_rows(min_row=2), DANGEROUS, strict=True):
        text, hours, count, code = row
        assert text.data_type == "s", f"{name!r} is not written as text"
        assert text.value.strip() == name.strip()  # the value itself is kept
        assert text.quotePrefix  # and Excel keeps it text when the cell is edited
        assert hours.data_type == "n" and hours.value == -6.5
        assert hours.number_format == "0.00"
        assert count.data_type == "n" and count.value == -2
        assert code.data_type == "s" and code.value == "#N/A"  # not an error cell


def test_xlsx_drops_characters_a_workbook_cannot_hold():
    data = exports.xlsx_bytes([["a\x00b\x07c"]], header=["x"], title="t")
    assert load_workbook(io.BytesIO(data))["t"]["A2"].value == "abc"
