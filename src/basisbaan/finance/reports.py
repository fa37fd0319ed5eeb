"""Files of a scenario: the workbook (figures, per year, parameters) through
:mod:`basisbaan.core.exports`, and the PDF summary for the council (WeasyPrint, from a
print template, without fetching anything)."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from basisbaan.core import exports
from basisbaan.finance import costing


def year_rows(result: costing.Result) -> list[list]:
    return [
        [year, *(value for value in result.by_year[year].rounded().values())]
        for year in costing.years_of(result)
    ]


def figure_labels() -> dict[str, str]:
    """The label of each of ``costing.FIGURES``, in the active language."""
    return {
        "hours_paid": _("Paid hours"),
        "gross_wage": _("Gross wage"),
        "wage_cost": _("Wage cost (with allowances and employer charges)"),
        "guidance_cost": _("Guidance"),
        "coach_cost": _("Coaching"),
        "total_cost": _("Total cost"),
        "bijstand_saved": _("Bijstand saved"),
        "supplementary_bijstand": _("Supplementary bijstand still paid"),
        "cofinancing": _("Co-financing"),
        "net_cost": _("Net cost"),
        "job_years": _("Job-years"),
    }


def year_header() -> list[str]:
    labels = figure_labels()
    return [_("Year"), *(labels.get(name, name) for name in costing.FIGURES)]


def parameter_rows(result: costing.Result) -> list[list]:
    rows = []
    for row in result.parameters:
        values = "; ".join(
            f"{key} = {value}"
            for key, value in row.items()
            if key not in ("table", "valid_from", "source")
        )
        rows.append([row["table"], row["valid_from"], values, row.get("source", "")])
    return rows


def scenario_xlsx(scenario, result: costing.Result) -> bytes:
    figures = [[key, label, value] for key, label, value in costing.figures_table(result)]
    settings = [
        [_("Name"), scenario.name],
        [_("From"), scenario.start_date.isoformat()],
        [_("Until"), scenario.end_date.isoformat()],
        [_("Jobs at the start"), scenario.jobs],
        [_("Extra jobs each year"), scenario.growth_per_year],
        [_("At most jobs"), scenario.max_jobs],
        [_("Hours per week per job"), scenario.hours_per_week],
        [_("Single households (%)"), scenario.single_pct],
        [_("Budget (EUR)"), scenario.budget_eur],
        [_("Co-financing (EUR)"), scenario.cofinancing_eur],
        [_("Jobs at the end"), result.jobs_at_end],
    ]
    return exports.xlsx_sheets(
        [
            exports.Sheet(
                _("Figures"),
                figures,
                header=[_("Key"), _("Figure"), _("Amount")],
                number_formats={2: "#,##0.00"},
            ),
            exports.Sheet(_("Per year"), year_rows(result), header=year_header()),
            exports.Sheet(
                _("Parameters"),
                parameter_rows(result),
                header=[_("Table"), _("Valid from"), _("Values"), _("Source")],
            ),
            exports.Sheet(_("Scenario"), [*settings, *([_("Warning"), g] for g in result.gaps)]),
        ]
    )


def scenario_pdf(context: dict) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        """The summary is self-contained: nothing is fetched, not even a local file."""

        def fetch(self, url, headers=None):
            raise ValueError("no external resources in the council summary")

    html = render_to_string("finance/scenario_print.html", context)
    return HTML(string=html, base_url=None, url_fetcher=NoFetching()).write_pdf()
