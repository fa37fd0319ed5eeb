"""Cells, tables and chapters of the council report (:mod:`basisbaan.evaluation.report`),
and the distributions of people per category with their suppression.

A :class:`Cell` holds a figure twice: as text in the active language's number format
(the PDF and the page) and as a value for the workbook (numbers stay numbers, a hidden
figure is the text "< 5")."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from basisbaan.evaluation import charts, neighbourhoods, periods
from basisbaan.evaluation.aggregates import MIN_GROUP, Figure, count, share
from basisbaan.participants.models import EmploymentContract, Participant

AGE_BANDS = [(0, 17), (18, 26), (27, 34), (35, 44), (45, 54), (55, 200)]
HOURS_BANDS = [(0, 23), (24, 27), (28, 31), (32, 35), (36, 99)]
HIDDEN = f"< {MIN_GROUP}"

# --- cells and tables ---------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One cell: ``text`` as the PDF and the page show it (the active language's number
    format), ``value`` as the workbook holds it (a number, a text or None)."""

    text: str
    value: object = None
    numeric: bool = False


def text(value) -> Cell:
    return Cell(str(value), str(value))


def num(value, places: int = 0, suffix: str = "") -> Cell:
    if value is None:
        return Cell("–", None, True)
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return Cell(charts.number(rounded, places) + suffix, rounded, True)


def fig(figure: Figure | None, places: int | None = None, suffix: str = "") -> Cell:
    """A figure over people: "< 5" when hidden, "–" without data."""
    if figure is None or (figure.value is None and not figure.suppressed):
        return Cell("–", None, True)
    if figure.suppressed:
        return Cell(HIDDEN, HIDDEN, True)
    if places is None:
        places = max(0, -Decimal(str(figure.value)).as_tuple().exponent)
    return num(figure.value, places, suffix)


def money(value) -> Cell:
    if value is None:
        return Cell("–", None, True)
    rounded = Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return Cell(f"€ {charts.number(rounded)}", rounded, True)


def day(value: datetime.date | None) -> Cell:
    return Cell(value.strftime("%d-%m-%Y"), value.isoformat()) if value else Cell("–", None)


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Cell]]
    definition: str = ""
    in_pdf: bool = True  # long tables go to the workbook only


@dataclass
class Chapter:
    key: str
    title: str
    intro: str = ""
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    chart_makers: list[Callable[[], str]] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)

    def draw(self) -> None:
        self.charts = [make() for make in self.chart_makers]


@dataclass
class Report:
    municipality: object
    programme: object
    period: periods.Period
    today: datetime.date
    chapters: list[Chapter]
    costs_shown: bool

    def chapter(self, key: str) -> Chapter:
        return next(c for c in self.chapters if c.key == key)

    @property
    def summary(self) -> Table:
        return self.chapter("summary").tables[0]

    def draw(self) -> None:
        for chapter in self.chapters:
            chapter.draw()


def distribution(counts: list[tuple[str, int]]) -> tuple[list[tuple[str, Figure]], Figure]:
    """People per category with their total: 1-4 hidden, and as in the monitor's
    drop-out table further cells (the smallest first) until the hidden cells hold at least
    ``MIN_GROUP`` people together, else the total is hidden too."""
    cells = {label: count(n) for label, n in counts}
    total_n = sum(n for _label, n in counts)
    total = count(total_n)
    hidden = sum(n for label, n in counts if cells[label].suppressed)
    if hidden and total.shown:
        shown = sorted((n, label) for label, n in counts if n and not cells[label].suppressed)
        while hidden < MIN_GROUP and shown:
            n, label = shown.pop(0)
            cells[label] = Figure(None, n, suppressed=True)
            hidden += n
        if hidden < MIN_GROUP:
            total = Figure(None, total_n, suppressed=True)
    return [(label, cells[label]) for label, _n in counts], total


def band(value: int, bands) -> tuple[int, int]:
    return next(band for band in bands if band[0] <= value <= band[1])


def band_label(band: tuple[int, int], first_label: str, last_label: str, bands) -> str:
    if band == bands[0]:
        return first_label % {"n": band[1] + 1}
    if band == bands[-1]:
        return last_label % {"n": band[0]}
    return f"{band[0]}-{band[1]}"


def part(cell: Figure, total: Figure) -> Figure:
    """A shown cell's share of a shown total (hidden otherwise: it would reveal them)."""
    if cell.shown and total.shown:
        return share(cell.n, total.n)
    return Figure(None, cell.n, suppressed=True)


def age_on(birth: datetime.date, on: datetime.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def shown(figure: Figure):
    """The value of a shown figure, None for a hidden one (left out of a chart)."""
    return figure.value if figure.shown else None


def participants_chapter(municipality, period, people: set[int]) -> Chapter:
    """Who takes part: age and contract hours of the people under contract in the period
    (distributions with suppression) and the number of neighbourhoods they live in."""
    rows = list(
        Participant.objects.filter(pk__in=people).values_list(
            "pk", "birth_date", "contract_hours", "home_neighbourhood_id"
        )
    )
    hours_of = {}
    for pid, hours in (
        EmploymentContract.objects.filter(participant_id__in=people, start_date__lte=period.end)
        .order_by("start_date", "pk")
        .values_list("participant_id", "hours_per_week")
    ):
        hours_of[pid] = hours  # the latest contract started by the period's end
    ages = {band: 0 for band in AGE_BANDS}
    hours = {band: 0 for band in HOURS_BANDS}
    areas, area_of = neighbourhoods.areas(municipality)
    homes, unknown = set(), 0
    for pid, birth, contract_hours, home in rows:
        ages[band(age_on(birth, period.end), AGE_BANDS)] += 1
        hours[band(hours_of.get(pid, contract_hours) or 0, HOURS_BANDS)] += 1
        if home in area_of:
            homes.add(area_of[home])
        else:
            unknown += 1
    chapter = Chapter(
        "participants",
        _("Who takes part"),
        _("Everyone under contract at some time in the period: %(definition)s")
        % {"definition": periods.UNDER_CONTRACT_DEFINITION},
    )
    age_rows, age_total = distribution(
        [
            (band_label(b, _("under %(n)s"), _("%(n)s and older"), AGE_BANDS), n)
            for b, n in ages.items()
        ]
    )
    hour_rows, hour_total = distribution(
        [
            (band_label(b, _("under %(n)s"), _("%(n)s or more"), HOURS_BANDS), n)
            for b, n in hours.items()
        ]
    )
    for title, header, cells, total, definition in (
        (_("Age at the end of the period"), _("Age"), age_rows, age_total, ""),
        (
            _("Hours per week in the contract"),
            _("Hours per week"),
            hour_rows,
            hour_total,
            _("The hours of the latest contract started by the end of the period."),
        ),
    ):
        chapter.tables.append(
            Table(
                title,
                [
                    header,
                    _("People"),
                    # xgettext:no-python-format
                    _("% of the people"),
                ],
                [[text(label), fig(f), fig(part(f, total), 1, "%")] for label, f in cells]
                + [[text(_("Total")), fig(total), num(100 if total.shown else None, 0, "%")]],
                definition,
            )
        )
    chapter.tables.append(
        Table(
            _("Where they live"),
            [_("Figure"), _("Number")],
            [
                [
                    text(_("Neighbourhoods (wijken and dorpen) where participants live")),
                    num(len(homes)),
                ],
                [text(_("Neighbourhoods of the municipality")), num(len(areas))],
                [text(_("People without a home neighbourhood on record")), fig(count(unknown))],
            ],
            _(
                "A buurt counts in its wijk. People per neighbourhood are not shown: most "
                "groups would be smaller than five."
            ),
        )
    )
    return chapter


def retention_chapter(result: dict) -> Chapter:
    """Staying in service per cohort (Kaplan-Meier) and time to a permanent contract, from
    :func:`basisbaan.evaluation.retention.build` on the period's last day."""
    chapter = Chapter(
        "retention",
        _("Staying in service"),
        str(result["retention_definition"]),
    )
    header = [_("Cohort (year of the first day in service)"), _("People")] + [
        _("%(n)s months") % {"n": months} for months in result["milestones"]
    ]
    rows = [
        [text(cohort.year), fig(cohort.people)]
        + [fig(point.survival, 1, "%") for point in cohort.points]
        for cohort in result["cohorts"]
    ]
    chapter.tables.append(Table(_("Still in service after"), header, rows))
    cohorts = result["cohorts"]
    if result["exit_rows"]:
        chapter.tables.append(
            Table(
                _("Exits by reason per cohort"),
                [_("Exit reason"), *(str(c.year) for c in cohorts)],
                [
                    [text(str(row["label"]).capitalize())] + [fig(n) for n, _share in row["cells"]]
                    for row in result["exit_rows"]
                ],
                str(result["exits_definition"]),
            )
        )
    permanent = result["permanent"]
    chapter.tables.append(
        Table(
            _("Time to a permanent contract"),
            [_("Figure"), _("Value"), _("Definition")],
            [
                [
                    text(_("Median months to a permanent contract")),
                    fig(permanent.median, 1),
                    text(permanent.median_definition),
                ],
                [
                    text(_("Permanent within %(n)s months") % {"n": permanent.within_months}),
                    fig(permanent.within, 1, "%"),
                    text(permanent.within_definition),
                ],
            ],
        )
    )
    return chapter
