"""The deterministic synthetic demo: Groningen and Assen.

``seed(scale)`` builds the foundation (municipalities, programmes, neighbourhoods,
organisations, demo accounts) and then runs each app's ``demo.seed(ctx)`` in the
order of ``APP_SEEDERS``, so the demo grows with every feature.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from basisbaan.accounts.models import RoleAssignment, User
from basisbaan.accounts.roles import Role
from basisbaan.communitytasks import demo as communitytasks_demo
from basisbaan.core import calendar
from basisbaan.demo import data
from basisbaan.demo.context import DemoContext
from basisbaan.finance import demo as finance_demo
from basisbaan.guidance import demo as guidance_demo
from basisbaan.messaging import demo as messaging_demo
from basisbaan.organisations.models import ContactPerson, Organisation
from basisbaan.participants import demo as participants_demo
from basisbaan.planning import demo as planning_demo
from basisbaan.tenants.models import (
    Employer,
    EmployerTerms,
    Municipality,
    Neighbourhood,
    Programme,
    ProgrammeParameters,
    TaskCategory,
)
from basisbaan.werkprogramma import demo as werkprogramma_demo

DEMO_PASSWORD = "demo"  # noqa: S105 - the documented password of the synthetic demo accounts

# Later apps seed after the foundation, in this order (the demo sits above every app).
APP_SEEDERS = [
    participants_demo,
    werkprogramma_demo,
    communitytasks_demo,
    planning_demo,
    guidance_demo,
    finance_demo,
    messaging_demo,  # last: its random draws leave the others' worlds unchanged
]

# The demo accounts are a contract: later issues and external checks log in with them.
DEMO_ACCOUNTS = [
    ("admin", "Beheerder", "Demo", [("GM0014", Role.ADMIN, None), ("GM0106", Role.ADMIN, None)]),
    ("planner-groningen", "Petra", "Planner", [("GM0014", Role.PLANNER, None)]),
    ("coach-groningen", "Karin", "Coach", [("GM0014", Role.COACH, None)]),
    ("begeleider-groningen", "Bram", "Begeleider", [("GM0014", Role.GUIDANCE, "guidance:0")]),
    ("aanbieder-groningen", "Anouk", "Aanbieder", [("GM0014", Role.PROVIDER, "provider:0")]),
    ("deelnemer-groningen", "Dirk", "Deelnemer", [("GM0014", Role.PARTICIPANT, None)]),
    ("financien-groningen", "Frank", "Financiën", [("GM0014", Role.FINANCE, None)]),
    ("onderzoeker-groningen", "Olga", "Onderzoeker", [("GM0014", Role.RESEARCHER, None)]),
    ("planner-assen", "Paul", "Planner", [("GM0106", Role.PLANNER, None)]),
    ("financien-assen", "Femke", "Financiën", [("GM0106", Role.FINANCE, None)]),
    ("coach-assen", "Carla", "Coach", [("GM0106", Role.COACH, None)]),
    # Vaart Welzijn (guidance:0 of Assen), a referral partner.
    ("partner-assen", "Vera", "Verwijzer", [("GM0106", Role.REFERRER, "guidance:0")]),
]

DEMO_ACCOUNT_DESCRIPTIONS = {
    "admin": "administrator, Groningen and Assen",
    "planner-groningen": "programme manager / planner, Groningen",
    "coach-groningen": "coach basisbaan, Groningen",
    "begeleider-groningen": "staff of a guidance organisation, Groningen",
    "aanbieder-groningen": "staff of a task provider, Groningen",
    "deelnemer-groningen": "participant, Groningen",
    "financien-groningen": "finance, Groningen",
    "onderzoeker-groningen": "researcher (pseudonymised data), Groningen",
    "planner-assen": "programme manager / planner, Assen",
    "financien-assen": "finance, Assen",
    "coach-assen": "coach, Assen",
    "partner-assen": "referral partner (Vaart Welzijn), Assen",
}


# Groningen's target number of jobs: 200 in 2025, then at least 50 more a year up to 250.
GRONINGEN_TARGETS = {2025: 200}
GRONINGEN_GROWTH_PER_YEAR = 50
GRONINGEN_MAX_JOBS = 250


def groningen_targets(today: datetime.date) -> list[tuple[int, int]]:
    """(year, target jobs) from 2025 up to ``today``'s year, so the monitor always has
    the current year's target."""
    targets = [(2025, GRONINGEN_TARGETS[2025])]
    while targets[-1][0] < today.year:
        year, target = targets[-1]
        targets.append((year + 1, min(GRONINGEN_MAX_JOBS, target + GRONINGEN_GROWTH_PER_YEAR)))
    return targets


def is_seeded() -> bool:
    return Municipality.objects.filter(cbs_code="GM0014").exists()


@transaction.atomic
def seed(scale: str = "full", today: datetime.date | None = None, log=print) -> DemoContext:
    ctx = DemoContext(scale=scale, today=today or calendar.today())
    _seed_municipalities(ctx)
    _seed_organisations(ctx)
    _seed_accounts(ctx)
    log(
        f"foundation: {Municipality.objects.count()} municipalities, "
        f"{Neighbourhood.objects.count()} neighbourhoods, {Organisation.objects.count()} organisations"
    )
    for module in APP_SEEDERS:
        summary = module.seed(ctx)
        log(f"{module.__name__.split('.')[1]}: {summary or 'done'}")
    return ctx


def _seed_municipalities(ctx: DemoContext) -> None:
    groningen = Municipality.objects.create(name="Groningen", cbs_code="GM0014", slug="groningen")
    assen = Municipality.objects.create(
        name="Assen", cbs_code="GM0106", slug="assen", shared_service="Werkplein Drentsche Aa"
    )
    ctx.municipalities = {"GM0014": groningen, "GM0106": assen}
    employers = {
        municipality.cbs_code: Employer.objects.create(municipality=municipality, name=name)
        for municipality, name in ((groningen, "Gemeente Groningen"), (assen, "Thermiek BV"))
    }
    for code, other_pct in (("GM0014", Decimal("0")), ("GM0106", Decimal("8.33"))):
        EmployerTerms.objects.create(
            employer=employers[code],
            valid_from=datetime.date(2020, 1, 1),
            full_time_hours=36,
            holiday_allowance_pct=Decimal("8.00"),
            other_components_pct=other_pct,
            employer_charges_pct=Decimal("30.00"),
            source="synthetic demo terms",
        )

    programme = Programme.objects.create(
        municipality=groningen,
        employer=employers["GM0014"],
        name="Basisbaan Groningen",
        start_date=datetime.date(2020, 3, 1),
        description="Experiment from March 2020, structural policy since.",
    )
    for year, target in groningen_targets(ctx.today):
        ProgrammeParameters.objects.create(
            programme=programme,
            valid_from=datetime.date(year, 1, 1),
            min_hours=24,
            max_hours=36,
            growth_target_per_year=GRONINGEN_GROWTH_PER_YEAR,
            target_jobs=target,
        )
    Programme.objects.create(
        municipality=groningen,
        name="Werkprogramma Groningen",
        kind=Programme.Kind.WERKPROGRAMMA,
        start_date=datetime.date(2024, 1, 1),
        description="Activation routes for 500 extra residents on bijstand.",
    )
    pilot = Programme.objects.create(
        municipality=assen,
        employer=employers["GM0106"],
        name="Pilot basisbaan Assen",
        start_date=datetime.date(2021, 1, 1),
        description="Pilot 2021-2022, EUR 150,000, 6-7 jobs.",
    )
    ProgrammeParameters.objects.create(
        programme=pilot,
        valid_from=datetime.date(2021, 1, 1),
        min_hours=12,
        max_hours=36,
        target_jobs=7,
    )
    ctx.programmes = {"GM0014": programme, "GM0106": pilot}

    for municipality, categories in (
        (groningen, data.GRONINGEN_CATEGORIES),
        (assen, data.ASSEN_CATEGORIES),
    ):
        TaskCategory.objects.bulk_create(
            TaskCategory(
                municipality=municipality, code=code, name=nl, name_en=en, pictogram=icon, order=i
            )
            for i, (code, nl, en, icon) in enumerate(categories)
        )

    for municipality, areas in ((groningen, data.GRONINGEN_AREAS), (assen, data.ASSEN_AREAS)):
        number = municipality.cbs_code[2:]
        Neighbourhood.objects.bulk_create(
            Neighbourhood(
                municipality=municipality,
                name=name,
                kind=kind,
                cbs_code=f"WK{number}{index:02d}",
                cbs_year=2024,
                x_km=x,
                y_km=y,
            )
            for index, (name, kind, x, y) in enumerate(areas)
        )


def _contact(ctx: DemoContext, organisation: Organisation) -> None:
    first = ctx.rng.choice(data.FIRST_NAMES)
    prefix, surname = ctx.rng.choice(data.SURNAMES)
    name = " ".join(p for p in (first, prefix, surname) if p)
    ContactPerson.objects.create(
        organisation=organisation,
        name=name,
        role="contactpersoon",
        email=f"{slugify(first)}.{slugify(surname)}@{slugify(organisation.name)[:30]}.example.org",
        phone=f"06{ctx.rng.randint(10000000, 99999999)}",
    )


def _seed_organisations(ctx: DemoContext) -> None:
    groningen, assen = ctx.municipalities["GM0014"], ctx.municipalities["GM0106"]
    ctx.guidance = {"GM0014": [], "GM0106": []}
    ctx.providers = {"GM0014": [], "GM0106": []}
    for name in data.GRONINGEN_GUIDANCE:
        org = Organisation.objects.create(
            municipality=groningen, name=name, kind=Organisation.Kind.GUIDANCE, is_guidance=True
        )
        ctx.guidance["GM0014"].append(org)
        _contact(ctx, org)
    for name, kind, is_guidance in data.ASSEN_PARTNERS:
        org = Organisation.objects.create(
            municipality=assen,
            name=name,
            kind=kind,
            is_guidance=is_guidance,
            is_task_provider=not is_guidance,
            is_referral_partner=True,
        )
        (ctx.guidance if is_guidance else ctx.providers)["GM0106"].append(org)
        _contact(ctx, org)

    count = ctx.n(60, 10)
    areas = [a[0] for a in data.GRONINGEN_AREAS]
    made = 0
    for round_ in range(10):
        for area in areas:
            kind, pattern = data.PROVIDER_PATTERNS[
                (areas.index(area) + round_) % len(data.PROVIDER_PATTERNS)
            ]
            name = pattern.format(area=area)
            if (
                made >= count
                or Organisation.objects.filter(municipality=groningen, name=name).exists()
            ):
                continue
            org = Organisation.objects.create(
                municipality=groningen,
                name=name,
                kind=kind,
                is_task_provider=True,
                kvk_number=f"{ctx.rng.randint(10000000, 99999999)}" if kind != "residents" else "",
            )
            ctx.providers["GM0014"].append(org)
            _contact(ctx, org)
            made += 1
    for name, kind in (
        ("Buurthuis Peelo", "community_centre"),
        ("Bewonersvereniging Pittelo", "residents"),
        ("Woonstichting Lariks", "housing"),
    ):
        org = Organisation.objects.create(
            municipality=assen, name=name, kind=kind, is_task_provider=True
        )
        ctx.providers["GM0106"].append(org)
        _contact(ctx, org)
    Organisation.objects.create(
        municipality=groningen, name="Nationaal Programma Groningen", kind="funder", is_funder=True
    )


def _new_user(ctx: DemoContext, username: str, first: str, last: str) -> User:
    # Hash the shared demo password once: hashing it per user would take seconds.
    if "password_hash" not in ctx.extra:
        ctx.extra["password_hash"] = make_password(DEMO_PASSWORD)
    user = User(
        username=username,
        first_name=first,
        last_name=last,
        email=f"{username}@example.org",
        # A synthetic work phone (a counter, not ctx.rng: the demo's draws stay as they were).
        phone=f"050 555 {len(ctx.users) + 1:04d}",
        password=ctx.extra["password_hash"],
    )
    ctx.users[username] = user
    return user


def _seed_accounts(ctx: DemoContext) -> None:
    for username, first, last, roles in DEMO_ACCOUNTS:
        user = _new_user(ctx, username, first, last)
        if username == "admin":
            user.is_staff = user.is_superuser = True
        user.save()
        for code, role, org_ref in roles:
            organisation = None
            if org_ref:
                pool, index = org_ref.split(":")
                organisation = (ctx.guidance if pool == "guidance" else ctx.providers)[code][
                    int(index)
                ]
            RoleAssignment.objects.create(
                user=user,
                role=role,
                municipality=ctx.municipalities[code],
                organisation=organisation,
                start_date=datetime.date(2020, 3, 1),
            )
    # More coaches and guidance staff so caseloads look real.
    for code, count in (("GM0014", ctx.n(6, 2)),):
        for i in range(2, count + 2):
            user = _new_user(ctx, f"coach{i}-groningen", data.FIRST_NAMES[i], "Coach")
            user.save()
            RoleAssignment.objects.create(
                user=user,
                role=Role.COACH,
                municipality=ctx.municipalities[code],
                start_date=datetime.date(2020, 3, 1),
            )
    for index, org in enumerate(ctx.guidance["GM0014"][1:], start=2):
        user = _new_user(
            ctx, f"begeleider{index}-groningen", data.FIRST_NAMES[index + 10], "Begeleider"
        )
        user.save()
        RoleAssignment.objects.create(
            user=user,
            role=Role.GUIDANCE,
            municipality=ctx.municipalities["GM0014"],
            organisation=org,
            start_date=datetime.date(2020, 3, 1),
        )
