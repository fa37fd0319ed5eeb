"""``basisbaan cost_scenario``: what jobs cost over a period, from the dated tables."""

import json
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from basisbaan.core import calendar
from basisbaan.finance import scenarios
from basisbaan.finance.costing import CostError, figures_table


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise CommandError(f"Not a number: {text!r}") from None


def _date(text: str):
    try:
        return calendar.parse_date(text)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text!r}") from None


class Command(BaseCommand):
    help = "Cost a number of basisbaan jobs over a period from the dated wage tables."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="CBS code, e.g. GM0106")
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--jobs", type=int, required=True)
        parser.add_argument("--hours", required=True, help="hours per week per job")
        parser.add_argument(
            "--household",
            choices=sorted(scenarios.HOUSEHOLDS),
            default="single",
            help="household type for the bijstand saved",
        )
        parser.add_argument("--single-pct", help="share of single households (overrides)")
        parser.add_argument("--growth", type=int, default=0, help="extra jobs each year")
        parser.add_argument("--max-jobs", type=int)
        parser.add_argument("--budget", help="EUR: also the jobs the budget pays")
        parser.add_argument("--cofinancing", default="0", help="EUR received from others")
        parser.add_argument("--json", action="store_true", help="print a JSON object")

    def handle(self, *args, **options):
        single = (
            _decimal(options["single_pct"])
            if options["single_pct"]
            else scenarios.HOUSEHOLDS[options["household"]]
        )
        budget = _decimal(options["budget"]) if options["budget"] else None
        try:
            municipality = scenarios.municipality_by_code(options["municipality"])
            result = scenarios.cost(
                municipality,
                start=_date(options["start"]),
                end=_date(options["end"]),
                jobs=options["jobs"],
                hours_per_week=_decimal(options["hours"]),
                single_pct=single,
                growth_per_year=options["growth"],
                max_jobs=options["max_jobs"],
                budget=budget,
                cofinancing=_decimal(options["cofinancing"]),
            )
        except CostError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            data = {"municipality": municipality.cbs_code, **result.as_dict()}
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        self.stdout.write(
            _("%(name)s: %(start)s – %(end)s, %(jobs)s jobs × %(hours)s hours")
            % {
                "name": municipality.name,
                "start": f"{result.start:%d-%m-%Y}",
                "end": f"{result.end:%d-%m-%Y}",
                "jobs": options["jobs"],
                "hours": options["hours"],
            }
        )
        for _key, label, value in figures_table(result):
            shown = "—" if value is None else f"{value:,.2f}"
            self.stdout.write(f"  {label:<48} {shown:>16}")
        for gap in result.gaps:
            self.stdout.write(f"! {gap}")
        self.stdout.write(_("Rates used:"))
        for row in result.parameters:
            values = ", ".join(
                f"{k}={v}" for k, v in row.items() if k not in ("table", "valid_from", "source")
            )
            self.stdout.write(
                f"  {row['table']} from {row['valid_from']}: {values} ({row['source']})"
            )
