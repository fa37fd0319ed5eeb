"""The council report: its figures on a hand-made municipality, the charts (matplotlib
SVG), the PDF (rendered with pdftoppm) and the workbook, the form's validation and the
isolation between municipalities."""

import datetime
import io
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from basisbaan.audit.models import AuditEntry
from basisbaan.evaluation import charts, report
from basisbaan.evaluation.aggregates import Figure
from basisbaan.evaluation.report_tables import distribution
from basisbaan.tenants.models import Municipality, Programme
from tests.conftest import WORLD_TODAY
from tests.evaluation.conftest import TODAY

D = datetime.date
START, END = D(2025, 1, 1), D(2026, 10, 31)
CHAPTERS = [
    "Summary",
    "Growth",
    "Who takes part",
    "Outcomes before and after",
    "Drop-out",
    "Staying in service",
    "Sick leave",
    "Neighbourhoods and liveability",
    "Costs",
]
INK_RGB = (0x1F, 0x3A, 0x5F)  # charts.INK: the main series' colour


def _populated(world):
    """6 people from February 2025 (two of them 25 years old), 5 from June 2025 who
    left in May 2026 for a regular job, 5 from March 2026; one week of timesheets with
    sick hours; liveability reports in one wijk."""
    early = [world.person(start=D(2025, 2, 3)) for _ in range(4)]
    early += [world.person(start=D(2025, 2, 3), birth_date=D(2000, 1, 1)) for _ in range(2)]
    leavers = [world.person(start=D(2025, 6, 2)) for _ in range(5)]
    for p in leavers:
        world.exit(p, D(2026, 5, 4), "regular_job")
    late = [world.person(start=D(2026, 3, 2)) for _ in range(5)]
    for p in early[:5]:
        world.week(p, D(2026, 9, 7), worked="24", sick="8")
    wijk = world.area("Testwijk", "WK999901")
    task = world.task(wijk)
    world.report(task, D(2026, 3, 1), 4)
    world.report(task, D(2026, 6, 1), 2)
    return early, leavers, late


def _summary(result) -> dict[str, str]:
    return {row[0].text: row[1].text for row in result.summary.rows}


def _table(result, chapter: str, index: int = 0):
    return result.chapter(chapter).tables[index]


# --- pure pieces -------------------------------------------------------------------------------


def test_distribution_hides_small_cells_and_the_cells_that_would_give_them_away():
    rows, total = distribution([("a", 2), ("b", 14), ("c", 0)])
    cells = dict(rows)
    assert cells["a"].suppressed and cells["b"].suppressed  # 16 - 14 would reveal the 2
    assert cells["c"] == Figure(0, 0)
    assert total == Figure(16, 16)
    rows, total = distribution([("a", 3), ("b", 0)])
    assert dict(rows)["a"].suppressed and total.suppressed
    rows, total = distribution([("a", 2), ("b", 3), ("c", 9)])
    assert dict(rows)["c"].value == 9 and total.value == 14  # 2 + 3 hidden cover each other


def test_charts_are_deterministic_accessible_svg_without_inline_style():
    points = [(D(2025, m, 28), 5 + m, None if m < 6 else m - 5) for m in range(1, 13)]
    first, second = charts.headcount(points), charts.headcount(points)
    assert first == second
    for svg in (
        first,
        charts.starts_and_exits([("2025", 12, None), ("2026", 7, 5)]),
        charts.before_and_after([("WHO-5", 50.0, 56.5, 1), ("Health", None, None, 2)]),
        charts.liveability([("Testwijk", 3.45), ("Elders", None)]),
    ):
        assert svg.startswith("<svg ") and 'role="img"' in svg and 'aria-label="' in svg
        assert "style=" not in svg and "<style" not in svg and "ns0:" not in svg
        assert "<metadata" not in svg and "xlink:" not in svg
    with translation.override("nl"):
        svg = charts.liveability([("Testwijk", 3.45)])
    assert ">3,5<" in svg or ">3,4<" in svg  # a decimal comma in Dutch
    assert 'id="liveability-' in svg and 'id="headcount-' in first  # no shared ids


# --- the figures ---------------------------------------------------------------------------------


def test_report_figures_on_a_hand_made_world(world):
    _populated(world)
    result = report.council_report(
        world.municipality, world.programme, START, END, all_costs=False, today=TODAY
    )
    assert [str(c.title) for c in result.chapters] == CHAPTERS
    summary = _summary(result)
    assert summary["In service at the end of the period"] == "11"
    assert summary["Under contract at some time in the period"] == "16"
    assert summary["Started in the period"] == "16"
    assert summary["Left service in the period"] == "5"
    assert summary["Net growth in the period"] == "11"
    assert summary["Drop-out in the period"] == "31.3%"  # 5 of 16
    assert summary["Sick leave in the period"] == "25.0%"  # 5 x 8 of 5 x 32 hours
    assert summary["Average liveability rating (1-5)"] == "3.0"
    assert summary["Target number of jobs"] == "20"
    assert "Cost used of the overlapping budgets" not in summary
    assert all(row[2].text for row in result.summary.rows)  # each with its definition

    years = {row[0].text: [c.text for c in row] for row in _table(result, "growth").rows}
    assert years["2025"][3:6] == ["11", "0", "11"]  # started, left, net growth
    assert years["2026"][3:7] == ["5", "5", "0", "11"]
    months = {row[0].value: row[1].text for row in _table(result, "growth", 1).rows}
    assert months["2025-01-31"] == "0" and months["2025-02-28"] == "6"
    assert months["2026-03-31"] == "16" and months["2026-10-31"] == "11"

    ages = {row[0].text: row[1].text for row in _table(result, "participants").rows}
    assert ages["18-26"] == "< 5" and ages["45-54"] == "< 5"  # 2 + the cell that reveals them
    assert ages["Total"] == "16"
    hours = {row[0].text: row[1].text for row in _table(result, "participants", 1).rows}
    assert hours["32-35"] == "16"

    dropout = {row[0].text: row[1].text for row in _table(result, "dropout").rows}
    assert dropout["Regular job"] == "5" and dropout["Total"] == "5"

    sick = result.chapter("sickleave")
    assert sick.notes and "only for the weeks from 2026-W37 to 2026-W37" in sick.notes[0]

    areas = {row[0].text: row for row in _table(result, "neighbourhoods").rows}
    assert areas["Testwijk"][6].text == "3.0" and areas["Testwijk"][7].value == 2
    assert areas["Testwijk"][8].value == Decimal("-2.0")  # Q2 average minus Q1's

    costs = result.chapter("costs")
    assert not costs.tables and "left out" in str(costs.intro)


def test_a_small_year_is_not_given_away_by_the_total(world):
    _populated(world)
    for _ in range(2):
        world.person(start=D(2024, 6, 3))
    result = report.council_report(
        world.municipality, world.programme, D(2024, 1, 1), END, all_costs=False, today=TODAY
    )
    started = {row[0].text: row[3].text for row in _table(result, "growth").rows}
    # 2 in 2024 are hidden, and so is the smallest other year (5 in 2026): 18 - 11 = 7.
    assert started == {"2024": "< 5", "2025": "11", "2026": "< 5"}
    assert _summary(result)["Started in the period"] == "18"


def test_costs_for_readers_who_may_see_them(world):
    _populated(world)
    result = report.council_report(
        world.municipality, world.programme, START, END, all_costs=True, today=TODAY
    )
    costs = result.chapter("costs")
    assert costs.tables and costs.notes == ["No budget of this programme overlaps the period."]


# --- the files -------------------------------------------------------------------------------------


def test_xlsx_has_one_sheet_per_chapter_with_numbers_as_numbers(world):
    from openpyxl import load_workbook

    _populated(world)
    result = report.council_report(
        world.municipality, world.programme, START, END, all_costs=False, today=TODAY
    )
    book = load_workbook(io.BytesIO(report.report_xlsx(result)))
    assert book.sheetnames == CHAPTERS
    summary = [[c.value for c in row] for row in book["Summary"].iter_rows()]
    by_label = {row[0]: row[1] for row in summary if row and row[0]}
    assert by_label["Programme"] == "Basisbaan Teststad"
    assert by_label["Under contract at some time in the period"] == 16
    assert by_label["Drop-out in the period"] == pytest.approx(31.3)
    assert by_label["Left service in the period"] == 5
    ages = {
        row[0]: row[1] for row in ([c.value for c in r] for r in book["Who takes part"].iter_rows())
    }
    assert ages["18-26"] == "< 5"


def _pdftoppm() -> str:
    path = shutil.which("pdftoppm")
    if path is None:
        pytest.skip("pdftoppm is missing: install Debian's poppler-utils to render the PDF")
    return path


def _render(pdf: bytes, tmp_path: Path) -> list[Path]:
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run(  # noqa: S603 - a fixed local tool on a file of our own
        [_pdftoppm(), "-png", "-r", "40", str(source), str(tmp_path / "page")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return sorted(tmp_path.glob("page-*.png"))


def _has_ink(png: Path) -> bool:
    from PIL import Image

    with Image.open(png) as image:
        data = image.convert("RGB").tobytes()
    pixels = (data[i : i + 3] for i in range(0, len(data), 3))
    return sum(1 for p in pixels if all(abs(a - b) < 40 for a, b in zip(p, INK_RGB))) > 50


def test_pdf_renders_its_charts(world, tmp_path):
    _populated(world)
    result = report.council_report(
        world.municipality, world.programme, START, END, all_costs=False, today=TODAY
    )
    pdf = report.report_pdf(result)
    assert pdf.startswith(b"%PDF")
    pages = _render(pdf, tmp_path)
    assert len(pages) > 5
    # The growth chapter (page 3) holds the headcount and starts/exits charts.
    assert _has_ink(pages[2])
    assert all(chart for chapter in result.chapters for chart in chapter.charts)
    assert sum(len(chapter.charts) for chapter in result.chapters) == 4


# --- the pages -------------------------------------------------------------------------------------


def _groningen():
    municipality = Municipality.objects.get(cbs_code="GM0014")
    return Programme.objects.get(municipality=municipality, name="Basisbaan Groningen")


def _query(programme, start="2020-01-01", end="2025-12-31") -> dict:
    return {"programme": programme.pk, "start": start, "end": end}


def test_the_page_shows_the_form_then_a_preview(login):
    client = login("planner-groningen")
    page = client.get(reverse("evaluation:report"))
    assert page.status_code == 200 and "report" not in page.context
    form = page.context["form"]
    programme = _groningen()
    assert form.initial["programme"] == programme
    assert form.initial["start"] == programme.start_date and form.initial["end"] == WORLD_TODAY
    preview = client.get(reverse("evaluation:report"), _query(programme))
    assert preview.status_code == 200
    assert preview.context["report"].programme == programme
    html = preview.content.decode()
    assert reverse("evaluation:report_download", args=["pdf"]) + "?" in html
    assert reverse("evaluation:report_download", args=["xlsx"]) + "?" in html


def test_groningen_2020_2025_pdf_download_renders_with_charts_and_is_audited(login, tmp_path):
    client = login("planner-groningen")
    programme = _groningen()
    before = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count()
    response = client.get(reverse("evaluation:report_download", args=["pdf"]), _query(programme))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert re.search(
        rf'attachment; filename="basisbaan-raadsrapportage-GM0014-{programme.pk}-'
        r'2020-01-01-2025-12-31\.pdf"',
        response["Content-Disposition"],
    )
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    pages = _render(pdf, tmp_path)
    assert len(pages) > 1
    assert sum(_has_ink(page) for page in pages) >= 2  # charts on the growth and outcome pages
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT)
    assert entries.count() == before + 1
    entry = entries.latest("pk")
    assert entry.object_type == "tenants.programme" and entry.object_id == str(programme.pk)
    assert "growth" in entry.fields and entry.purpose.startswith("council report pdf")


def test_xlsx_download(login):
    from openpyxl import load_workbook

    client = login("financien-groningen")
    response = client.get(
        reverse("evaluation:report_download", args=["xlsx"]), _query(_groningen())
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == len(CHAPTERS)
    assert book.worksheets[-1].max_row > 3  # finance sees the budgets


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"start": "2025-13-01"}, "start"),
        ({"start": "not a date"}, "start"),
        ({"start": "0001-01-01"}, "start"),
        ({"start": "2025-06-01", "end": "2025-01-01"}, "end"),
        ({"end": (WORLD_TODAY + datetime.timedelta(days=1)).isoformat()}, "end"),
        ({"programme": "abc"}, "programme"),
        ({"programme": "999999999"}, "programme"),
    ],
)
def test_bad_input_gives_the_form_with_its_error_and_nothing_is_made(login, query, field):
    client = login("planner-groningen")
    data = {**_query(_groningen()), **query}
    before = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count()
    for name in ("evaluation:report", "evaluation:report_download"):
        args = ["pdf"] if name.endswith("download") else None
        response = client.get(reverse(name, args=args), data)
        assert response.status_code == 400, (name, query)
        assert response["Content-Type"].startswith("text/html")
        assert field in response.context["form"].errors
        assert "report" not in response.context
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == before


def test_a_download_without_a_query_is_refused(login):
    response = login("planner-groningen").get(reverse("evaluation:report_download", args=["pdf"]))
    assert response.status_code == 400
    assert login("planner-groningen").get("/evaluatie/rapportage/docx/").status_code == 404


def test_assen_cannot_get_the_report_of_groningens_programme(login):
    client = login("planner-assen")
    query = _query(_groningen())
    for name, args in (("evaluation:report", None), ("evaluation:report_download", ["pdf"])):
        response = client.get(reverse(name, args=args), query)
        assert response.status_code == 400
        assert "programme" in response.context["form"].errors
        assert response["Content-Type"].startswith("text/html")
    # The form offers Assen's programmes only.
    form = client.get(reverse("evaluation:report")).context["form"]
    assert {p.municipality.cbs_code for p in form.fields["programme"].queryset} == {"GM0106"}


def test_roles_without_the_monitor_are_refused(login):
    for username in ("coach-groningen", "deelnemer-groningen"):
        client = login(username)
        assert client.get(reverse("evaluation:report")).status_code == 403
        url = reverse("evaluation:report_download", args=["pdf"])
        assert client.get(url, _query(_groningen())).status_code == 403


def test_the_report_has_retention_per_cohort_and_time_to_permanent(world):
    _populated(world)
    result = report.council_report(
        world.municipality, world.programme, START, END, all_costs=False, today=TODAY
    )
    chapter = next(c for c in result.chapters if c.key == "retention")
    titles = [str(t.title) for t in chapter.tables]
    assert "Still in service after" in titles and "Time to a permanent contract" in titles
    cohorts = chapter.tables[0]
    assert cohorts.rows and all(len(row) == 2 + 4 for row in cohorts.rows)
