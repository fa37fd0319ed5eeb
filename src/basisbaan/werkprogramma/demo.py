"""Demo Werkprogramma: Groningen's routes and a few hundred people enrolled in them.

Full scale: ~300 residents (small: 12) on bijstand or, for the prevention route, still on
WW, each with an arbeidsmarktwaardescan, enrolled across the five routes in every state
(active with steps done and overdue, done with each outcome kind, stopped), follow-ups due
and recorded; a handful of basisbaan participants who came through the basisbaan route.
coach-groningen has a caseload of ~25 enrolments (small: 4). Assen has no Werkprogramma.

Randomness comes from its own ``random.Random(ctx.seed + 18)``: the shared ``ctx.rng``
stays untouched, so the rest of the demo world is the same with or without this app.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from basisbaan.core import calendar
from basisbaan.participants.demo import _Builder
from basisbaan.participants.models import Participant, Scan, Status, StatusChange
from basisbaan.tenants.models import Programme, ProgrammeParameters
from basisbaan.werkprogramma import demo_records
from basisbaan.werkprogramma import routes as route_rules
from basisbaan.werkprogramma.models import (
    Enrolment,
    Outcome,
    OutcomeFollowUp,
    Route,
    StepProgress,
)

SEED_OFFSET = 18
CODE = "GM0014"
# The routes in turn (20 people: prevention 5, scan 6, Praktijkleren 4, pilot 2, basisbaan
# 3), interleaved so that a small world has every route too.
ROUTE_TURNS = [
    "scan",
    "prevention",
    "praktijkleren",
    "basisbaan",
    "status_holders",
    "scan",
    "prevention",
    "praktijkleren",
    "scan",
    "prevention",
    "basisbaan",
    "praktijkleren",
    "scan",
    "prevention",
    "status_holders",
    "scan",
    "praktijkleren",
    "prevention",
    "basisbaan",
    "scan",
]
SCAN_ADVICE = {
    "prevention": [Scan.Advice.REGULAR_WORK],
    "scan": [Scan.Advice.REGULAR_WORK, Scan.Advice.REGULAR_WORK, Scan.Advice.OTHER_ROUTE],
    "praktijkleren": [Scan.Advice.PRAKTIJKLEREN],
    "status_holders": [Scan.Advice.OTHER_ROUTE, Scan.Advice.NONE_YET],
    "basisbaan": [Scan.Advice.BASISBAAN],
}
OUTCOMES = {
    "prevention": [Outcome.WORK, Outcome.WORK, Outcome.WORK, Outcome.NO_OUTCOME],
    "scan": [Outcome.WORK, Outcome.WORK, Outcome.PARTICIPATION, Outcome.EDUCATION],
    "praktijkleren": [Outcome.WORK, Outcome.WORK, Outcome.EDUCATION, Outcome.PARTICIPATION],
    "status_holders": [Outcome.WORK, Outcome.PARTICIPATION, Outcome.EDUCATION],
    "basisbaan": [Outcome.BASISBAAN],
}
# Synthetic route costs (EUR once per person enrolled, EUR per person per month).
ROUTE_COSTS = {
    "prevention": (1500, 600),
    "scan": (2000, 700),
    "praktijkleren": (3500, 600),
    "status_holders": (2500, 900),
    "basisbaan": (500, 0),
}
PILOT_REASON = "Statushouder: de pilot bij Stadsbeheer biedt taalondersteuning op het werk."
STOP_REASONS = [
    "Verhuisd naar een andere gemeente.",
    "Langdurig ziek: de route staat voorlopig stil.",
    "Drie keer niet op een afspraak gekomen.",
]
SCAN_TEXT = {
    "work_history": "Gewerkt in de logistiek en de detailhandel; sindsdien een paar korte contracten.",
    "interests": "Praktisch werk, met de handen werken, een vast team.",
    "personality": "Leergierig, heeft in het begin een duidelijke structuur nodig.",
}


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def _programme(ctx) -> Programme | None:
    municipality = ctx.municipalities[CODE]
    programme = route_rules.werkprogramma_of(municipality)
    if programme is None:
        return None
    today = ctx.today
    period_end = calendar.add_years(programme.start_date, 3)
    if not (programme.start_date <= today - datetime.timedelta(days=180) and today < period_end):
        # Keep the demo fresh: a three-year period that is under way today.
        programme.start_date = calendar.add_years(calendar.year_start(today), -2)
        programme.save(update_fields=["start_date"])
    ProgrammeParameters.objects.get_or_create(
        programme=programme, valid_from=programme.start_date, defaults={"target_jobs": 500}
    )
    return programme


def _coaches(ctx) -> tuple:
    main = ctx.users["coach-groningen"]
    others = sorted(
        (
            u
            for name, u in ctx.users.items()
            if name.startswith("coach") and name.endswith("-groningen") and u.pk != main.pk
        ),
        key=lambda u: u.username,
    )
    return main, others or [ctx.users["planner-groningen"]]


def _route_plan(count: int) -> list[str]:
    return [ROUTE_TURNS[i % len(ROUTE_TURNS)] for i in range(count)]


def _state(rng: random.Random, enrolled: datetime.date, today: datetime.date) -> str:
    age = (today - enrolled).days
    if age < 90:
        return Enrolment.Status.ACTIVE
    roll = rng.random()
    if roll < 0.15:
        return Enrolment.Status.STOPPED
    return (
        Enrolment.Status.DONE if roll < (0.75 if age > 240 else 0.45) else Enrolment.Status.ACTIVE
    )


def _follow_ups(rng, enrolment: Enrolment, by, today) -> list[OutcomeFollowUp]:
    made = []
    for months in (6, 12):
        due = calendar.months_after(enrolment.outcome_on, months)
        follow_up = OutcomeFollowUp(enrolment=enrolment, months=months, due_on=due)
        recorded = due + datetime.timedelta(days=rng.randint(2, 20))
        if recorded <= today - datetime.timedelta(days=3):
            follow_up.recorded_on, follow_up.recorded_by = recorded, by
            follow_up.lasted = rng.choices(OutcomeFollowUp.Lasted.values, weights=[65, 25, 10])[0]
        made.append(follow_up)
    return made


class _Seeder:
    def __init__(self, ctx, programme: Programme, routes: dict, rng: random.Random):
        self.ctx, self.programme, self.routes, self.rng = ctx, programme, routes, rng
        self.today = ctx.today
        self.planner = ctx.users["planner-groningen"]
        self.steps = {code: list(route.steps.order_by("order")) for code, route in routes.items()}
        self.enrolments: list[Enrolment] = []
        self.progress: list[StepProgress] = []
        self.follow_ups: list[OutcomeFollowUp] = []
        self.active = dict.fromkeys(routes, 0)

    def enrolment(
        self,
        person,
        code,
        coach,
        enrolled,
        state,
        advised_code,
        reason="",
        ended=None,
        outcome=None,
    ) -> None:
        rng, today, route = self.rng, self.today, self.routes[code]
        full = route.capacity is not None and self.active[code] >= route.capacity
        if state == Enrolment.Status.ACTIVE and full:
            state = Enrolment.Status.DONE
        if state == Enrolment.Status.ACTIVE:
            self.active[code] += 1
        enrolment = Enrolment(
            participant=person,
            route=route,
            coach=coach,
            enrolled_on=enrolled,
            status=state,
            advised_route=self.routes.get(advised_code),
            choice_reason=reason,
            created_at=_at(enrolled),
        )
        if ended is None and state != Enrolment.Status.ACTIVE:
            latest = today - datetime.timedelta(days=1)
            ended = min(latest, enrolled + datetime.timedelta(days=rng.randint(60, 330)))
            ended = max(ended, enrolled)
        if state == Enrolment.Status.DONE:
            outcome = outcome or rng.choice(OUTCOMES[code])
            enrolment.outcome, enrolment.outcome_on = outcome, ended
            if outcome == Outcome.WORK:
                enrolment.outcome_hours = Decimal(rng.choice([16, 20, 24, 28, 32, 36]))
                enrolment.outcome_contract = rng.choice(Enrolment.ContractKind.values)
            if outcome == Outcome.BASISBAAN and person.programme_id == self.programme.pk:
                person.programme = route.destination or person.programme
        elif state == Enrolment.Status.STOPPED:
            enrolment.outcome, enrolment.outcome_on = Outcome.NO_OUTCOME, ended
            enrolment.notes = f"Stopped on {ended:%d-%m-%Y}: {rng.choice(STOP_REASONS)}"
        if code == "prevention":
            enrolment.ww_end_date = enrolled + datetime.timedelta(days=rng.randint(120, 180))
            if enrolment.ww_end_date < today and state != Enrolment.Status.STOPPED:
                entered = enrolment.outcome == Outcome.NO_OUTCOME or rng.random() < 0.2
                enrolment.bijstand_result = (
                    Enrolment.BijstandResult.ENTERED
                    if entered
                    else Enrolment.BijstandResult.NOT_ENTERED
                )
                if entered:
                    enrolment.bijstand_entered_on = enrolment.ww_end_date + datetime.timedelta(
                        days=1
                    )
        self.enrolments.append(enrolment)
        for step in self.steps[code]:
            due = enrolled + datetime.timedelta(days=step.due_days)
            progress = StepProgress(enrolment=enrolment, step=step, due_on=due)
            limit = ended or today
            done_on = min(limit, due - datetime.timedelta(days=rng.randint(-10, 7)))
            done_on = max(done_on, enrolled)
            finished = state == Enrolment.Status.DONE
            if done_on <= limit and (finished or (done_on < today and rng.random() < 0.7)):
                progress.done_on, progress.done_by = done_on, coach
            self.progress.append(progress)
        if enrolment.outcome and enrolment.outcome != Outcome.NO_OUTCOME:
            self.follow_ups.extend(_follow_ups(rng, enrolment, coach, today))

    def save(self) -> None:
        Enrolment.objects.bulk_create(self.enrolments, batch_size=500)
        StepProgress.objects.bulk_create(self.progress, batch_size=1000)
        OutcomeFollowUp.objects.bulk_create(self.follow_ups, batch_size=1000)


def seed(ctx) -> str:
    programme = _programme(ctx)
    if programme is None:
        return "no Werkprogramma"
    rng = random.Random(ctx.seed + SEED_OFFSET)
    routes = {route.code: route for route in route_rules.ensure_default_routes(programme)}
    for code, (once, monthly) in ROUTE_COSTS.items():
        Route.objects.filter(pk=routes[code].pk).update(
            cost_per_person_eur=once, cost_per_month_eur=monthly
        )
    main_coach, other_coaches = _coaches(ctx)
    today = ctx.today
    start = programme.start_date
    span = max(1, (today - start).days - 7)

    builder = _Builder(ctx, CODE)
    builder.rng, builder.programme, builder.counter = rng, programme, 50000
    count = ctx.n(300, 12)
    plan = _route_plan(count)
    caseload = ctx.n(25, 4)
    every = max(1, count // caseload)
    people, scans, changes, wanted = [], [], [], []
    for i, code in enumerate(plan):
        enrolled = start + datetime.timedelta(days=rng.randint(0, span))
        # Small worlds: coach-groningen's first people are recent (active, steps due).
        if i % every == 0 and i // every < caseload:
            coach = main_coach
            if i // every in (0, 1):
                enrolled = today - datetime.timedelta(days=rng.randint(50, 85))
        else:
            coach = other_coaches[i % len(other_coaches)]
        registered = enrolled - datetime.timedelta(days=rng.randint(20, 60))
        person = builder.person(Status.REFERRED, registered, coach=coach)
        if code == "prevention":
            person.benefit_since = None
        people.append(person)
        advice = rng.choice(SCAN_ADVICE[code])
        scans.append(
            Scan(
                participant=person,
                version=1,
                made_at=_at(registered + datetime.timedelta(days=10)),
                made_by=coach,
                skills=person.skills,
                advice=advice,
                reasoning=f"Advies {advice.label}: op grond van ervaring, vaardigheden en motivatie.",
                **SCAN_TEXT,
            )
        )
        changes.append(
            StatusChange(
                participant=person,
                to_status=Status.REFERRED,
                at=_at(registered),
                by=ctx.users["planner-groningen"],
            )
        )
        state = _state(rng, enrolled, today)
        if i // every in (0, 1) and coach == main_coach:
            state = Enrolment.Status.ACTIVE
        wanted.append((person, code, coach, enrolled, state, advice))

    seeder = _Seeder(ctx, programme, routes, rng)
    for person, code, coach, enrolled, state, advice in wanted:
        advised = _advised(code, person, advice)
        reason = PILOT_REASON if advised != code else ""
        seeder.enrolment(person, code, coach, enrolled, state, advised, reason)
    Participant.objects.bulk_create(people, batch_size=500)
    Scan.objects.bulk_create(scans, batch_size=500)
    StatusChange.objects.bulk_create(changes, batch_size=500)

    # Basisbaan participants who came through the Werkprogramma's basisbaan route.
    came_through = _came_through(ctx, programme, ctx.n(8, 2))
    for person, employed_on in came_through:
        enrolled = employed_on - datetime.timedelta(days=rng.randint(100, 160))
        seeder.enrolment(
            person,
            "basisbaan",
            person.coach,
            enrolled,
            Enrolment.Status.DONE,
            "basisbaan",
            ended=employed_on - datetime.timedelta(days=rng.randint(14, 40)),
            outcome=Outcome.BASISBAAN,
        )
    seeder.save()
    records = demo_records.seed(ctx, rng, programme)
    return (
        f"{len(routes)} routes, {count} people in the Werkprogramma, "
        f"{len(seeder.enrolments)} enrolments ({len(came_through)} into a basisbaan); {records}"
    )


def _advised(code: str, person: Participant, advice: str) -> str:
    """The advice the default rules give (routes.DEFAULT_ADVICE), without queries."""
    if person.benefit_since is None:
        return "prevention"
    return {
        Scan.Advice.PRAKTIJKLEREN: "praktijkleren",
        Scan.Advice.BASISBAAN: "basisbaan",
    }.get(advice, "scan")


def _came_through(ctx, programme: Programme, count: int) -> list[tuple]:
    """In-service basisbaan participants of Groningen who started well inside the
    Werkprogramma's period: (participant, first day in service)."""
    earliest = programme.start_date + datetime.timedelta(days=200)
    found = []
    changes = (
        StatusChange.objects.filter(
            participant__municipality=ctx.municipalities[CODE],
            participant__status__in=[Status.EMPLOYED, Status.PERMANENT],
            participant__user__isnull=True,
            participant__coach__isnull=False,
            to_status=Status.EMPLOYED,
            at__date__gte=earliest,
        )
        .select_related("participant")
        .order_by("at", "pk")
    )
    for change in changes[:count]:
        found.append((change.participant, change.at.date()))
    return found
