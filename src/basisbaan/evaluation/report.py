"""The council report: the evaluation of one programme over a chosen period, as a PDF
(WeasyPrint, charts drawn by :mod:`basisbaan.evaluation.charts` and placed inline) and
as an XLSX workbook with the same figures (one sheet per chapter).

Chapters: summary, growth, who takes part, outcomes before and after, drop-out, staying
in service (retention per cohort, time to a permanent contract), sick leave,
neighbourhoods and liveability, costs (for readers who may see them). Every figure is an aggregate and carries its definition; groups of 1-4 people are hidden as
everywhere in the evaluation (:mod:`basisbaan.evaluation.aggregates`), and in a
distribution enough further cells are hidden that the total gives nothing away.

The figures reuse the monitor's and the other modules' definitions: the headcount
(:func:`basisbaan.participants.figures.headcounts`), started / left
(:mod:`basisbaan.evaluation.monitor`), drop-out (``monitor.dropout_table``), sick leave
and "under contract in the period" (:mod:`basisbaan.evaluation.periods`), the
before-and-after table (:mod:`basisbaan.evaluation.outcomes`), the neighbourhood value
chain (:mod:`basisbaan.evaluation.neighbourhoods`) and the budgets
(:mod:`basisbaan.finance.budgets`).
"""

from decimal import Decimal

from django.db.models import Min
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from basisbaan.core import calendar, exports
from basisbaan.evaluation import charts, monitor, neighbourhoods, outcomes, periods, retention
from basisbaan.evaluation.aggregates import MIN_GROUP, Figure, count, quarter_of
from basisbaan.evaluation.report_tables import (
    Cell,
    Chapter,
    Report,
    Table,
    day,
    distribution,
    fig,
    money,
    num,
    participants_chapter,
    retention_chapter,
    shown,
    text,
)
from basisbaan.participants import figures
from basisbaan.participants.models import EmploymentContract

# --- the chapters ---------------------------------------------------------------------------


def _growth(municipality, programme, period) -> tuple[Chapter, dict]:
    points = periods.headcount_series(municipality, period.start, period.end, programme)
    spans = periods.years_of(period)
    # Per year with secondary suppression, so that the period's total minus the shown
    # years never gives a hidden year away (a person starts once, leaves once).
    starts, started = distribution(
        [(y, figures.started_in(municipality, f, last, programme)) for y, f, last in spans]
    )
    exits, left = distribution(
        [(y, monitor.left_in(municipality, f, last, programme)) for y, f, last in spans]
    )
    years = []
    for (year, first, last), (_y, s), (_y2, lv) in zip(spans, starts, exits, strict=True):
        at_end = next((p for p in reversed(points) if p.day <= last), None)
        years.append((year, first, last, s, lv, s.n - lv.n, at_end))
    net = Figure(started.n - left.n, started.n, suppressed=started.suppressed or left.suppressed)
    chapter = Chapter("growth", _("Growth"), str(figures.HEADCOUNT_DEFINITION))
    chapter.tables.append(
        Table(
            _("Per year"),
            [
                _("Year"),
                _("From"),
                _("To"),
                _("Started"),
                _("Left service"),
                _("Net growth"),
                _("In service at the end"),
            ],
            [
                [
                    text(year),
                    day(first),
                    day(last),
                    fig(s),
                    fig(lv),
                    fig(Figure(net_n, s.n, suppressed=s.suppressed or lv.suppressed)),
                    fig(end.in_service if end else None),
                ]
                for year, first, last, s, lv, net_n, end in years
            ],
            _(
                "Started: the first status change to employed lies in the year (within the "
                "period), each person once. Left service: a status change to exited from "
                "employed, permanent or long-term sick."
            ),
        )
    )
    chapter.tables.append(
        Table(
            _("Headcount at the end of each month"),
            [_("End of month"), _("In service"), _("Of whom permanent contract")],
            [[day(p.day), fig(p.in_service), fig(p.permanent)] for p in points],
            str(figures.HEADCOUNT_DEFINITION),
            in_pdf=False,
        )
    )
    chapter.notes.append(_("The headcount at the end of every month is in the workbook."))
    series = [(p.day, shown(p.in_service), shown(p.permanent)) for p in points]
    bars = [(str(y), shown(s), shown(lv)) for y, _f, _l, s, lv, _n, _e in years]
    chapter.chart_makers += [
        lambda: charts.headcount(series),
        lambda: charts.starts_and_exits(bars),
    ]
    key = {
        "in_service": points[-1].in_service if points else count(0),
        "permanent": points[-1].permanent if points else count(0),
        "started": started,
        "left": left,
        "net": net,
    }
    return chapter, key


def _outcomes(municipality, programme, period) -> tuple[Chapter, dict]:
    from basisbaan.guidance.models import MeasurementRound

    rows = list(
        MeasurementRound.objects.filter(
            participant__municipality=municipality,
            participant__programme=programme,
            held_on__isnull=False,
            held_on__lte=period.end,
        ).values(*outcomes.ROUND_FIELDS)
    )
    starts = (
        EmploymentContract.objects.filter(participant__programme=programme)
        .values_list("participant_id")
        .annotate(first=Min("start_date"))
        .order_by()
    )
    result = outcomes.table(rows, {pid: quarter_of(start) for pid, start in starts})
    chapter = Chapter(
        "outcomes",
        _("Outcomes before and after"),
        _(
            # xgettext:no-python-format
            "Per measure: everyone of the programme with a baseline round (T0, at intake) and a "
            "later round held by the end of the period. The change is the value in each "
            "person's latest later round minus the value at T0, averaged, with its 95% "
            "confidence interval (t-distribution)."
        ),
    )
    table_rows, chart_rows, who5 = [], [], None
    for row in result["measures"]:
        measure, total = row["measure"], row["total"]
        places = max(0, -measure.places.as_tuple().exponent)
        if measure.key == "who5":
            who5 = total.change
        interval = (
            Cell(
                f"{charts.number(total.low.value, places)} – "
                f"{charts.number(total.high.value, places)}",
                f"{total.low.value} - {total.high.value}",
            )
            if total.low.shown
            else fig(total.low)
        )
        table_rows.append(
            [
                text(measure.label),
                fig(total.people),
                fig(total.before, places),
                fig(total.after, places),
                fig(total.change, places),
                interval,
                text(measure.definition),
            ]
        )
        chart_rows.append((str(measure.label), shown(total.before), shown(total.after), places))
    chapter.tables.append(
        Table(
            _("Change per measure"),
            [
                _("Measure"),
                _("People"),
                _("Mean at T0"),
                _("Mean now"),
                _("Change"),
                # xgettext:no-python-format
                _("95% confidence interval"),
                _("Definition"),
            ],
            table_rows,
        )
    )
    chapter.tables.append(
        Table(
            _("Change per cohort (quarter of the employment start)"),
            [_("Measure"), _("Cohort"), _("People"), _("Change")],
            [
                [
                    text(row["measure"].label),
                    text(cohort["label"]),
                    fig(cohort["change"].people),
                    fig(cohort["change"].change),
                ]
                for row in result["measures"]
                for cohort in row["cohorts"]
            ],
            in_pdf=False,
        )
    )
    chapter.chart_makers.append(lambda: charts.before_and_after(chart_rows))
    return chapter, {"who5": who5}


def _dropout(municipality, programme, period) -> tuple[Chapter, monitor.DropOut]:
    result = monitor.dropout_in(municipality, period.start, period.end, programme)
    chapter = Chapter(
        "dropout",
        _("Drop-out"),
        _(
            "Exits from service in the period by coded reason, as a share of everyone under "
            "contract at some time in the period. Exits before anyone started work are not "
            "drop-out."
        ),
    )
    chapter.tables.append(
        Table(
            _("Exits by reason"),
            [
                _("Exit reason"),
                _("People"),
                # xgettext:no-python-format
                _("% of those under contract"),
            ],
            [
                [text(str(r["label"]).capitalize()), fig(r["count"]), fig(r["share"], 1, "%")]
                for r in result.rows
            ]
            + [[text(_("Total")), fig(result.total), fig(result.total_share, 1, "%")]],
            str(periods.UNDER_CONTRACT_DEFINITION),
        )
    )
    chapter.notes.append(
        _("Under contract in the period: %(n)s people.") % {"n": fig(count(result.base)).text}
    )
    return chapter, result


def _sick_leave(municipality, programme, period, today) -> tuple[Chapter, periods.SickLeave]:
    whole = periods.sick_leave(municipality, period.start, period.end, today, programme)
    chapter = Chapter("sickleave", _("Sick leave"), str(periods.SICK_LEAVE_DEFINITION))
    rows = [[text(_("The whole period")), fig(whole.figure, 1, "%"), fig(whole.figure.people)]]
    for year, first, last in periods.years_of(period):
        part = periods.sick_leave(municipality, first, last, today, programme)
        rows.append([text(year), fig(part.figure, 1, "%"), fig(part.figure.people)])
    chapter.tables.append(Table(_("Sick leave"), [_("Period"), _("Sick leave"), _("People")], rows))
    if whole.coverage:
        chapter.notes.append(whole.coverage)
    return chapter, whole


def _neighbourhoods(municipality, period, today) -> tuple[Chapter, Figure]:
    months = neighbourhoods.Period(
        calendar.month_start(period.start), calendar.month_end(period.end)
    )
    chain = neighbourhoods.build(municipality, months, today)
    _areas, area_of = neighbourhoods.areas(municipality)
    ratings = neighbourhoods.liveability_by_quarter(municipality, months, area_of)
    by_code = {area.cbs_code: area.pk for area in _areas}
    rows, chart_rows, all_sum, all_n = [], [], 0, 0
    for row in chain.rows:
        cells = ratings.get(by_code.get(row.cbs_code), {})
        total = sum(c[0] for c in cells.values())
        reports = sum(c[1] for c in cells.values())
        all_sum, all_n = all_sum + total, all_n + reports
        average = Decimal(total) / reports if reports else None
        chart_rows.append((row.name, float(average) if average is not None else None))
        rows.append(
            [
                text(row.name),
                text(row.cbs_code),
                num(row.tasks_done),
                fig(row.hours, 0),
                fig(row.working),
                fig(row.living),
                num(average, 1),
                num(reports),
                num(row.liveability_change, 1),
            ]
        )
    chapter = Chapter(
        "neighbourhoods",
        _("Neighbourhoods and liveability"),
        _(
            "Per wijk or dorp over the whole months of the period, for all participants of "
            "the municipality: approved hours worked placed in the neighbourhood of their "
            "task, the people working and living there, and the task providers' monthly "
            "liveability ratings (1-5). Ratings are about neighbourhoods, not people."
        ),
    )
    chapter.tables.append(
        Table(
            _("Per neighbourhood"),
            [
                _("Neighbourhood"),
                _("CBS code"),
                _("Tasks done"),
                _("Hours worked"),
                _("Participants working there"),
                _("Participants living there"),
                _("Average liveability"),
                _("Reports"),
                _("Liveability change"),
            ],
            rows,
            _(
                "Liveability change: the latest rated quarter's average minus the first rated "
                "quarter's in the period."
            ),
        )
    )
    if chain.unattributed_hours:
        chapter.notes.append(
            _(
                "%(hours)s approved hours worked could not be placed in a neighbourhood: the "
                "timesheet line names no task and the week has no published plan."
            )
            % {"hours": charts.number(chain.unattributed_hours)}
        )
    chapter.chart_makers.append(lambda: charts.liveability(chart_rows))
    overall = Figure((Decimal(all_sum) / all_n).quantize(Decimal("0.1")), all_n) if all_n else None
    return chapter, overall


def _costs(
    municipality, programme, period, today, all_costs: bool
) -> tuple[Chapter, Decimal | None]:
    from basisbaan.finance import budgets
    from basisbaan.finance.models import Budget

    chapter = Chapter("costs", _("Costs"))
    if not all_costs:
        chapter.intro = _(
            "Cost figures are shown to finance and programme staff only: this "
            "chapter is left out for you."
        )
        return chapter, None
    chapter.intro = _(
        "The budgets of the programme that overlap the period, each whole. Cost used: the "
        "contracts' cost from the budget's start up to the end of the period (or today): "
        "hours × the minimum wage on each day × allowances and employer charges, with "
        "guidance and coaching (the method on the finance pages)."
    )
    rows, used_total = [], Decimal(0)
    found = Budget.objects.filter(
        municipality=municipality,
        programme=programme,
        start_date__lte=period.end,
        end_date__gte=period.start,
    ).order_by("start_date", "pk")
    for budget in found:
        state = budgets.status(budget, min(period.end, today, budget.end_date))
        used_total += state.spent
        per_job = state.spent / state.used.job_years if state.used.job_years else None
        rows.append(
            [
                text(budget.name),
                day(budget.start_date),
                day(budget.end_date),
                money(state.total),
                money(state.spent),
                money(state.used.net_cost),
                money(per_job),
            ]
        )
    if not rows:
        chapter.notes.append(_("No budget of this programme overlaps the period."))
    chapter.tables.append(
        Table(
            _("Budgets"),
            [
                _("Budget"),
                _("From"),
                _("To"),
                _("Budget"),
                _("Cost used"),
                _("Net cost used (after bijstand saved and co-financing)"),
                _("Cost per job per year"),
            ],
            rows,
        )
    )
    return chapter, used_total if rows else None


# --- the report ----------------------------------------------------------------------------


def council_report(municipality, programme, start, end, *, all_costs: bool, today=None) -> Report:
    """The council report of ``programme`` (of ``municipality``) from ``start`` to ``end``.
    ``all_costs``: the reader may see cost figures (else the costs chapter says so)."""
    today = today or calendar.today()
    period = periods.Period(start, end, True)
    people = periods.under_contract(municipality, start, end, programme)
    growth, key = _growth(municipality, programme, period)
    outcome, changes = _outcomes(municipality, programme, period)
    dropout, dropped = _dropout(municipality, programme, period)
    sick, sick_whole = _sick_leave(municipality, programme, period, today)
    areas, liveability = _neighbourhoods(municipality, period, today)
    costs, used = _costs(municipality, programme, period, today, all_costs)
    params = programme.parameters_on(end)
    summary = [
        (
            _("In service at the end of the period"),
            fig(key["in_service"]),
            figures.HEADCOUNT_DEFINITION,
        ),
        (
            _("Of whom permanent contract"),
            fig(key["permanent"]),
            _("Status permanent at the end of the period."),
        ),
        (
            _("Target number of jobs"),
            num(params.target_jobs if params else None),
            _("The programme's target on the last day of the period."),
        ),
        (
            _("Under contract at some time in the period"),
            fig(count(len(people))),
            periods.UNDER_CONTRACT_DEFINITION,
        ),
        (
            _("Started in the period"),
            fig(key["started"]),
            periods.STARTED_DEFINITION,
        ),
        (
            _("Left service in the period"),
            fig(key["left"]),
            _(
                "A status change to exited from employed, permanent or long-term sick in the "
                "period; each person once."
            ),
        ),
        (_("Net growth in the period"), fig(key["net"]), _("Started minus left service.")),
        (
            _("Drop-out in the period"),
            fig(dropped.total_share, 1, "%"),
            _("Exits from service as a share of everyone under contract in the period."),
        ),
        (
            _("Sick leave in the period"),
            fig(sick_whole.figure, 1, "%"),
            periods.SICK_LEAVE_DEFINITION,
        ),
        (
            _("Change in well-being (WHO-5, 0-100)"),
            fig(changes["who5"], 1),
            _("Latest round minus T0, averaged over people with both."),
        ),
        (
            _("Average liveability rating (1-5)"),
            fig(liveability, 1),
            _("Monthly reports of the task providers in the months of the period."),
        ),
    ]
    if used is not None:
        summary.append(
            (_("Cost used of the overlapping budgets"), money(used), _("See the costs chapter."))
        )
    first = Chapter(
        "summary",
        _("Summary"),
        _(
            "The programme %(programme)s of %(municipality)s from %(period)s. Aggregates only: "
            'a group of fewer than %(n)s people is shown as "< %(n)s".'
        )
        % {
            "programme": programme.name,
            "municipality": municipality.name,
            "period": period.label,
            "n": MIN_GROUP,
        },
    )
    first.tables.append(
        Table(
            _("Key figures"),
            [_("Figure"), _("Value"), _("Definition")],
            [[text(label), cell, text(definition)] for label, cell, definition in summary],
        )
    )
    participants = participants_chapter(municipality, period, people)
    return Report(
        municipality=municipality,
        programme=programme,
        period=period,
        today=today,
        chapters=[
            first,
            growth,
            participants,
            outcome,
            dropout,
            retention_chapter(retention.build(municipality, period.end, programme)),
            sick,
            areas,
            costs,
        ],
        costs_shown=all_costs,
    )


# --- the files -----------------------------------------------------------------------------


def report_pdf(report: Report) -> bytes:
    """The report as a PDF: self-contained (charts inline as SVG), nothing fetched."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        """The report is self-contained: nothing is fetched, not even a local file."""

        def fetch(self, url, headers=None):
            raise ValueError("no external resources in the council report")

    report.draw()
    html = render_to_string("evaluation/report_print.html", {"report": report})
    return HTML(string=html, base_url=None, url_fetcher=NoFetching()).write_pdf()


def _sheet_rows(report: Report, chapter: Chapter) -> list[list]:
    rows: list[list] = [[chapter.title]]
    if chapter.key == "summary":
        rows += [
            [_("Municipality"), report.municipality.name],
            [_("Programme"), report.programme.name],
            [_("From"), report.period.start.isoformat()],
            [_("To"), report.period.end.isoformat()],
            [_("Made on"), report.today.isoformat()],
        ]
    if chapter.intro:
        rows.append([str(chapter.intro)])
    for note in chapter.notes:
        rows.append([str(note)])
    for table in chapter.tables:
        rows += [[], [table.title], list(table.header)]
        rows += [[c.value for c in row] for row in table.rows]
        if table.definition:
            rows.append([str(table.definition)])
    return rows


def report_xlsx(report: Report) -> bytes:
    """The report's figures as a workbook: one sheet per chapter, numbers as numbers."""
    return exports.xlsx_sheets(
        [exports.Sheet(str(c.title), _sheet_rows(report, c)) for c in report.chapters]
    )


def filename(report: Report, extension: str) -> str:
    return (
        f"basisbaan-raadsrapportage-{report.municipality.cbs_code}-{report.programme.pk}-"
        f"{report.period.start:%Y-%m-%d}-{report.period.end:%Y-%m-%d}.{extension}"
    )
