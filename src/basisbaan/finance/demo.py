"""Demo money: Groningen's project budget with the Nationaal Programma Groningen line and
yearly budgets since, co-financing pledges, guidance agreements and cost rates; Assen's
EUR 150,000 pilot budget over 2021-2022; Groningen's Werkprogramma budget of EUR 4.5
million over its three years, per route. Amounts of the seeds are as published; fees,
rates, the yearly budgets and the split over the routes are synthetic."""

import datetime
from decimal import Decimal

from django.utils import timezone

from basisbaan.communitytasks.models import InboxMessage
from basisbaan.core import calendar
from basisbaan.finance.models import (
    Budget,
    BudgetLine,
    CostKind,
    CostRates,
    FundingSource,
    GuidanceAgreement,
    Pledge,
    Receipt,
)
from basisbaan.organisations.models import Organisation
from basisbaan.werkprogramma import routes as route_rules

D = Decimal
# Groningen's yearly budgets after the project period: jobs planned x this amount.
BUDGET_PER_JOB = D("36000")
GRONINGEN_TARGETS = {2024: 150, 2025: 200}  # then +50 a year up to 250
GROWTH, MAX_JOBS = 50, 250


def _rates(ctx) -> None:
    for code, hours, cost in (("GM0014", D("4"), D("72.00")), ("GM0106", D("3"), D("68.00"))):
        CostRates.objects.create(
            municipality=ctx.municipalities[code],
            valid_from=datetime.date(2020, 1, 1),
            coach_hours_per_participant_month=hours,
            coach_hourly_cost_eur=cost,
            net_wage_pct=D("90"),
            source="synthetic demo rates",
        )


def _agreements(ctx) -> None:
    fees = [D("350"), D("325"), D("375")]
    for code, start in (
        ("GM0014", datetime.date(2020, 3, 1)),
        ("GM0106", datetime.date(2021, 1, 1)),
    ):
        for i, organisation in enumerate(ctx.guidance[code]):
            GuidanceAgreement.objects.create(
                municipality=ctx.municipalities[code],
                organisation=organisation,
                valid_from=start,
                fee_per_participant_month_eur=fees[i % len(fees)],
                reference=f"overeenkomst begeleiding {start.year}-{i + 1:02d}",
            )


def _lines(budget: Budget, rows) -> None:
    BudgetLine.objects.bulk_create(
        BudgetLine(budget=budget, source=source, cost_kind=kind, amount_eur=amount)
        for source, kind, amount in rows
    )


def _groningen(ctx) -> Budget:
    groningen = ctx.municipalities["GM0014"]
    programme = ctx.programmes["GM0014"]
    own = FundingSource.objects.create(
        municipality=groningen, name="Gemeente Groningen", kind=FundingSource.Kind.MUNICIPALITY
    )
    npg = FundingSource.objects.create(
        municipality=groningen,
        name="Nationaal Programma Groningen",
        kind=FundingSource.Kind.REGIONAL,
        organisation=Organisation.objects.filter(municipality=groningen, is_funder=True).first(),
    )
    project = Budget.objects.create(
        municipality=groningen,
        programme=programme,
        name="Projectbudget basisbaan Groningen",
        start_date=datetime.date(2020, 3, 1),
        end_date=datetime.date(2023, 12, 31),
        target_jobs=56,
        notes="Project budget EUR 3,386,395, of which EUR 200,000 from Nationaal Programma Groningen.",
    )
    _lines(
        project,
        [
            (own, CostKind.WAGES, D("2650000")),
            (own, CostKind.GUIDANCE, D("380000")),
            (own, CostKind.COACHING, D("156395")),
            (npg, CostKind.WAGES, D("200000")),
        ],
    )
    running = None
    year, target = 2024, GRONINGEN_TARGETS[2024]
    while year <= ctx.today.year:
        target = GRONINGEN_TARGETS.get(year, min(MAX_JOBS, target + GROWTH))
        budget = Budget.objects.create(
            municipality=groningen,
            programme=programme,
            name=f"Basisbaan Groningen {year}",
            start_date=datetime.date(year, 1, 1),
            end_date=datetime.date(year, 12, 31),
            target_jobs=target,
        )
        total = BUDGET_PER_JOB * target
        _lines(
            budget,
            [
                (own, CostKind.WAGES, (total * D("0.84")).quantize(D("1"))),
                (own, CostKind.GUIDANCE, (total * D("0.12")).quantize(D("1"))),
                (own, CostKind.COACHING, (total * D("0.04")).quantize(D("1"))),
            ],
        )
        running = budget
        year += 1
    return running


# The Werkprogramma's EUR 4.5 million over the routes (synthetic split; the rest is for
# no one route: programme management).
WERKPROGRAMMA_LINES = {
    "prevention": D("1200000"),
    "scan": D("1350000"),
    "praktijkleren": D("1100000"),
    "status_holders": D("500000"),
    "basisbaan": D("150000"),
    None: D("200000"),
}


def _werkprogramma(ctx) -> Budget | None:
    groningen = ctx.municipalities["GM0014"]
    programme = route_rules.werkprogramma_of(groningen)
    if programme is None:
        return None
    routes = {route.code: route for route in programme.routes.all()}
    budget = Budget.objects.create(
        municipality=groningen,
        programme=programme,
        name="Werkprogramma Groningen",
        start_date=programme.start_date,
        end_date=calendar.add_years(programme.start_date, 3) - datetime.timedelta(days=1),
        notes="€ 4,5 miljoen over drie jaar om 500 extra inwoners in de bijstand te activeren.",
    )
    own = FundingSource.objects.get(municipality=groningen, name="Gemeente Groningen")
    BudgetLine.objects.bulk_create(
        BudgetLine(
            budget=budget,
            source=own,
            cost_kind=CostKind.ROUTES if code else CostKind.OTHER,
            route=routes.get(code),
            amount_eur=amount,
            note="" if code else "programmamanagement",
        )
        for code, amount in WERKPROGRAMMA_LINES.items()
        if code is None or code in routes
    )
    return budget


def _pledges(ctx, budget: Budget) -> int:
    groningen = ctx.municipalities["GM0014"]
    funders = [o for o in ctx.providers["GM0014"] if o.kind in ("housing", "foundation")][:3]
    made = 0
    for i, organisation in enumerate(funders):
        source = FundingSource.objects.create(
            municipality=groningen,
            name=organisation.name,
            kind=FundingSource.Kind.COFINANCIER,
            organisation=organisation,
        )
        jobs = 2 - i % 2
        pledge = Pledge.objects.create(
            budget=budget,
            source=source,
            amount_eur=D("5000") * jobs,
            pledged_on=budget.start_date + datetime.timedelta(days=20 + 30 * i),
            note=f"EUR 5,000 per job for {jobs} job(s)",
        )
        if pledge.pledged_on < ctx.today:
            Receipt.objects.create(
                pledge=pledge,
                received_on=min(ctx.today, pledge.pledged_on + datetime.timedelta(days=45)),
                amount_eur=pledge.amount_eur / 2,
            )
        made += 1
    # One contact from the public co-financing form became a pledge.
    lead = (
        InboxMessage.objects.filter(municipality=groningen, kind=InboxMessage.Kind.COFINANCING)
        .order_by("received_at")
        .first()
    )
    if lead is not None:
        source = FundingSource.objects.create(
            municipality=groningen, name=lead.organisation, kind=FundingSource.Kind.FUND
        )
        Pledge.objects.create(
            budget=budget,
            source=source,
            amount_eur=D("5000"),
            pledged_on=lead.received_at.date(),
            lead=lead,
            note=lead.amount_indication,
        )
        InboxMessage.objects.filter(pk=lead.pk).update(handled_at=timezone.now())
        made += 1
    return made


def _assen(ctx) -> None:
    assen = ctx.municipalities["GM0106"]
    own = FundingSource.objects.create(
        municipality=assen, name="Gemeente Assen", kind=FundingSource.Kind.MUNICIPALITY
    )
    pilot = Budget.objects.create(
        municipality=assen,
        programme=ctx.programmes["GM0106"],
        name="Pilot basisbaan Assen 2021-2022",
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2022, 12, 31),
        target_jobs=7,
        net_of_bijstand=True,
        notes="EUR 150,000 in the budgets of 2021 and 2022 for six to seven jobs: what the "
        "jobs cost on top of the bijstand no longer paid.",
    )
    _lines(pilot, [(own, CostKind.WAGES, D("135000")), (own, CostKind.GUIDANCE, D("15000"))])


def seed(ctx) -> str:
    _rates(ctx)
    _agreements(ctx)
    running = _groningen(ctx)
    pledges = _pledges(ctx, running) if running else 0
    _werkprogramma(ctx)
    _assen(ctx)
    return f"{Budget.objects.count()} budgets, {pledges} co-financing pledges"
