"""Demo participants: Groningen's target group across the lifecycle, Assen's pilot.

Everyone who was ever in service follows the programme's history since March 2020
(``demo_history``: the published headcounts, then 50 more a year up to 250), with
yearly contracts from the first day in service and a permanent one after three years.
Full scale: ~1,250 people in Groningen (the feasibility study's target group), ~240 in
service today with complete profiles, a waiting list, 30 exits and 6 long-term sick;
Assen's 7 pilot jobs from January 2021. Small scale (tests): ~40 in Groningen, ~13 in
service.
"""

import datetime
import string

from django.utils import timezone

from basisbaan.core import calendar
from basisbaan.core.vocabulary import LIMITATIONS, SKILLS
from basisbaan.demo import data
from basisbaan.demo.context import in_the_past
from basisbaan.participants import demo_history, demo_referrals, eligibility
from basisbaan.participants.models import (
    FOLLOW_UP_MONTHS,
    EmploymentContract,
    ExitReason,
    FollowUp,
    Participant,
    Scan,
    Screening,
    Status,
    StatusChange,
    TravelMode,
)
from basisbaan.tenants.models import Neighbourhood, TaskCategory

S = Status
PSEUDONYM_ALPHABET = string.ascii_uppercase + "234567"
# The path every participant walks up to their current status.
PATH = [S.REFERRED, S.SCREENING, S.INTAKE, S.WAITING_LIST, S.MATCHING, S.EMPLOYED, S.PERMANENT]
PRIORITY_REASONS = [
    "Volunteered at the community centre for two years",
    "Coach advises: risk of isolation",
    "Task provider asked for this person",
]
ZRM_DOMAINS = [
    "finances",
    "work_education",
    "daytime",
    "housing",
    "social_network",
    "physical_health",
]


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """``hour`` o'clock on ``day``; on the day of seeding never later than now."""
    return in_the_past(timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0))))


class _Builder:
    def __init__(self, ctx, code: str):
        self.ctx = ctx
        self.rng = ctx.rng
        self.code = code
        self.municipality = ctx.municipalities[code]
        self.programme = ctx.programmes[code]
        self.neighbourhoods = list(Neighbourhood.objects.filter(municipality=self.municipality))
        self.categories = list(
            TaskCategory.objects.filter(municipality=self.municipality).values_list(
                "code", flat=True
            )
        )
        self.counter = 0

    def pseudonym(self) -> str:
        return "P" + "".join(self.rng.choice(PSEUDONYM_ALPHABET) for _ in range(10))

    def person(self, status: str, registered: datetime.date, **extra) -> Participant:
        rng, today = self.rng, self.ctx.today
        self.counter += 1
        first = rng.choice(data.FIRST_NAMES)
        prefix, surname = rng.choice(data.SURNAMES)
        # People who passed screening meet the published rules; the rest vary.
        passed = status not in (S.REFERRED, S.SCREENING)
        young = not passed and rng.random() < 0.08
        age = rng.randint(23, 26) if young else rng.randint(30 if passed else 27, 64)
        birth = today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
        benefit_years = rng.choice([0.5, 1, 2, 3, 4, 5, 6, 8, 10, 12])
        benefit_since = min(
            registered - datetime.timedelta(days=(800 if passed else 30)),
            today - datetime.timedelta(days=int(benefit_years * 365)),
        )
        postcode_base = 9711 if self.code == "GM0014" else 9401
        values = {
            "municipality": self.municipality,
            "programme": self.programme,
            "bsn": self.ctx.next_bsn(),
            "initials": f"{first[0]}.",
            "first_name": first,
            "prefix": prefix,
            "surname": surname,
            "birth_date": birth,
            "postcode": f"{postcode_base + rng.randint(0, 35)} {rng.choice('ABCDEGHJKLMNPRST')}"
            f"{rng.choice('ABCDEGHJKLMNPRST')}",
            "house_number": str(rng.randint(1, 220)),
            "phone": f"06{rng.randint(10000000, 99999999)}",
            "email": f"deelnemer{self.code[2:]}.{self.counter}@example.org",
            "benefit_since": benefit_since,
            "reintegration_route": not passed and rng.random() < 0.1,
            "status": status,
            "status_changed_at": _at(registered),
            "home_neighbourhood": rng.choice(self.neighbourhoods),
            "registered_at": _at(registered),
            "pseudonym": self.pseudonym(),
        }
        values.update(extra)
        return Participant(**values)

    def profile(self, participant: Participant, hours: int | None = None) -> None:
        rng = self.rng
        hours = hours or rng.choice([24, 28, 32, 32, 36, 36])
        per_day = rng.choice([6, 7, 8, 8])
        # A health limit on the hours per day bounds the contract: nobody gets a contract
        # that cannot be worked in five days.
        hours = min(hours, 5 * per_day)
        participant.contract_hours = hours
        if hours < 24:
            participant.hours_agreement = "Fewer hours by agreement: combines work with care."
        participant.max_hours_per_day = per_day
        participant.max_travel_km = float(rng.choice([3, 5, 5, 8, 10]))
        participant.travel_mode = rng.choice(
            [TravelMode.BIKE, TravelMode.BIKE, TravelMode.WALK, TravelMode.PUBLIC_TRANSPORT]
        )
        participant.wishes = rng.sample(self.categories, k=min(len(self.categories), 3))
        # A few have no skill the catalogue names yet (new to work): training material.
        skills = rng.sample(list(SKILLS), k=rng.randint(2, 4))
        participant.skills = skills if rng.random() >= 0.06 else []
        participant.limitations = rng.sample(list(LIMITATIONS), k=rng.choice([0, 0, 1, 1, 2]))
        days = ["mon", "tue", "wed", "thu", "fri"]
        # Available on the days the contract needs and, where the week allows, one more,
        # from 8 or 9 o'clock for the hours of a day plus a break.
        needed_days = min(5, -(-hours // per_day) + 1)
        chosen = sorted(rng.sample(days, k=needed_days), key=days.index)
        start_hour = rng.choice([8, 9])
        participant.availability = {
            day: [[f"{start_hour:02d}:00", f"{start_hour + per_day + 1:02d}:00"]] for day in chosen
        }


def _history(p: Participant, dates: list[tuple[str, datetime.date]], by) -> list[StatusChange]:
    changes = []
    previous = ""
    for status, day in dates:
        changes.append(
            StatusChange(
                participant=p,
                from_status=previous,
                to_status=status,
                at=_at(day, 9 + len(changes)),
                by=by,
                exit_reason=p.exit_reason if status == S.EXITED else "",
                follow_up_date=p.follow_up_date if status == S.EXITED else None,
            )
        )
        previous = status
    return changes


ASSEN_PILOT_START = datetime.date(2021, 1, 4)
# Assen's pilot: 7 jobs, all started in its first weeks (January and February 2021).
ASSEN = demo_history.Trajectory(
    start=ASSEN_PILOT_START,
    anchors=(
        demo_history.Anchor(datetime.date(2021, 1, 31), 5),
        demo_history.Anchor(datetime.date(2021, 2, 28), 7),
    ),
    growth_per_year=0,
    cap=7,
    exits=0,
    long_term_sick=0,
)
# The statuses of people who were ever in service, in the order they are made.
SERVED = [S.EMPLOYED, S.PERMANENT, S.LONG_TERM_SICK, S.EXITED]
# The steps before employment of people who are not (yet) in service.
PIPELINE_PATHS = {
    S.REFERRED: [],
    S.SCREENING: [S.SCREENING],
    S.INTAKE: [S.SCREENING, S.INTAKE],
    S.WAITING_LIST: [S.SCREENING, S.INTAKE, S.WAITING_LIST],
    S.MATCHING: [S.SCREENING, S.INTAKE, S.WAITING_LIST, S.MATCHING],
}
EXIT_REASONS = [
    ExitReason.REGULAR_JOB,
    ExitReason.REGULAR_JOB,
    ExitReason.EDUCATION,
    ExitReason.MOVED,
    ExitReason.OWN_CHOICE,
    ExitReason.HEALTH,
    ExitReason.END_OF_CONTRACT,
]
EARLY_EXIT_REASONS = [ExitReason.REGULAR_JOB, ExitReason.REGULAR_JOB, ExitReason.EDUCATION]
# What became of people who left, in turn (no randomness: the demo's draws stay as they are).
FOLLOW_UP_OUTCOMES = [
    FollowUp.Outcome.WORK,
    FollowUp.Outcome.WORK,
    FollowUp.Outcome.OUT_OF_BIJSTAND,
    FollowUp.Outcome.BACK_ON_BIJSTAND,
    FollowUp.Outcome.UNKNOWN,
]


def _follow_ups(people, timelines, by, today: datetime.date) -> list[FollowUp]:
    """Follow-ups 6 and 12 months after each exit; those already due are recorded."""
    made = []
    turn = 0
    for index, steps in sorted(timelines.items()):
        p = people[index]
        if p.status != S.EXITED or p.exit_reason == ExitReason.DECEASED:
            continue
        exit_day = steps[-1][1]
        for months in FOLLOW_UP_MONTHS:
            due = calendar.months_after(exit_day, months)
            follow_up = FollowUp(participant=p, months=months, due_date=due)
            recorded = due + datetime.timedelta(days=6)
            if recorded <= today:
                follow_up.outcome = FOLLOW_UP_OUTCOMES[turn % len(FOLLOW_UP_OUTCOMES)]
                follow_up.recorded_on, follow_up.recorded_by = recorded, by
                follow_up.reminded_on = due
                turn += 1
            made.append(follow_up)
    return made


def _status_now(career: demo_history.Career, today: datetime.date) -> str:
    if career.leave is not None and career.leave <= today:
        return S.EXITED if career.leave_kind == "exit" else S.LONG_TERM_SICK
    return S.PERMANENT if career.permanent_on(today) else S.EMPLOYED


def _contract_terms(career: demo_history.Career, status: str, today: datetime.date):
    """(start, end, kind) of the contracts of a career: yearly temporary contracts up to
    the third anniversary, then a permanent one; the last ends on the exit day."""
    end = career.leave if status == S.EXITED else None
    reference = end or today
    permanent_from = career.anniversary if career.anniversary <= reference else None
    terms, year = [], 0
    while True:
        begin = calendar.add_years(career.start, year)
        if begin > reference or (permanent_from is not None and begin >= permanent_from):
            break
        term_end = calendar.add_years(career.start, year + 1) - datetime.timedelta(days=1)
        if end is not None and end <= term_end:
            term_end = end
        terms.append((begin, term_end, EmploymentContract.Kind.TEMPORARY))
        year += 1
    if permanent_from is not None:
        terms.append((permanent_from, end, EmploymentContract.Kind.PERMANENT))
    return terms


def _seed_municipality(ctx, code: str, plan: dict, trajectory) -> dict:
    """``plan``: how many people per status before employment; the people who were
    ever in service follow ``trajectory`` (see ``demo_history``). Returns counts."""
    b = _Builder(ctx, code)
    rng, today = ctx.rng, ctx.today
    planner = ctx.users.get("planner-groningen" if code == "GM0014" else "planner-assen")
    eligibility.ensure_default_rules(b.programme)

    coaches = sorted(
        (
            u
            for name, u in ctx.users.items()
            if name.startswith("coach")
            and name.endswith("-groningen" if code == "GM0014" else "-assen")
        ),
        key=lambda u: u.username != ("coach-groningen" if code == "GM0014" else "coach-assen"),
    )
    guidance = ctx.guidance[code]

    people: list[Participant] = []
    timelines: dict[int, list[tuple[str, datetime.date]]] = {}
    careers: dict[int, demo_history.Career] = {}
    history = demo_history.plan(trajectory, today, rng)
    served = sorted(
        ((_status_now(career, today), career) for career in history.careers),
        key=lambda pair: (SERVED.index(pair[0]), pair[1].start),
    )
    entries = [(status, None) for status, count in plan.items() for _ in range(count)]
    early_exits = 0
    for status, career in [*entries, *served]:
        if career is not None:
            start = career.start
            registered = start - datetime.timedelta(days=rng.randint(90, 300))
        else:
            start = None
            registered = today - datetime.timedelta(days=rng.randint(5, 600))
        p = b.person(status, registered)
        index = len(people)
        people.append(p)
        steps = [(S.REFERRED, registered)]
        path = PATH[1:5] if career is not None else PIPELINE_PATHS[status]
        for step in path:
            if step == S.MATCHING and start:
                day = start - datetime.timedelta(days=25)
            else:
                last = steps[-1][1]
                cap = (start - datetime.timedelta(days=26)) if start else today
                day = min(cap, last + datetime.timedelta(days=rng.randint(7, 45)))
                day = max(day, last)
            steps.append((step, day))
        if career is not None:
            careers[index] = career
            steps.append((S.EMPLOYED, start))
            permanent = career.permanent_on(career.leave or today)
            if permanent is not None:
                steps.append((S.PERMANENT, permanent))
            if status in (S.EXITED, S.LONG_TERM_SICK):
                steps.append((status, career.leave))
        if status == S.EXITED:
            if career.early:
                # The early leavers of the first cohort went on to a job or education.
                p.exit_reason = EARLY_EXIT_REASONS[early_exits % len(EARLY_EXIT_REASONS)]
                early_exits += 1
            else:
                p.exit_reason = rng.choice(EXIT_REASONS)
            p.follow_up_date = today + datetime.timedelta(days=rng.randint(14, 120))
        p.status_changed_at = _at(steps[-1][1])
        if status == S.WAITING_LIST:
            p.registered_at = _at(steps[-1][1])
        timelines[index] = steps

    # Profiles, coaches and guidance for everyone from intake on.
    with_coach = [
        i for i, p in enumerate(people) if p.status not in (S.REFERRED, S.SCREENING, S.EXITED)
    ]
    in_service = [i for i, p in enumerate(people) if p.status in (S.EMPLOYED, S.PERMANENT)]
    profiled = with_coach + [i for i, p in enumerate(people) if p.status == S.EXITED]
    for i in profiled:
        b.profile(people[i], hours=rng.choice([12, 16, 20, 24]) if code == "GM0106" else None)
    # The named coach gets a realistic caseload; the others share the rest.
    main_share = ctx.n(25, 6) if code == "GM0014" else len(with_coach)
    ordered = in_service + [i for i in with_coach if i not in in_service]
    for n, i in enumerate(ordered):
        if n < main_share or len(coaches) == 1:
            people[i].coach = coaches[0]
        else:
            people[i].coach = coaches[1 + (n - main_share) % (len(coaches) - 1)]
    guided = [
        i
        for i in ordered
        if people[i].status in (S.EMPLOYED, S.PERMANENT, S.LONG_TERM_SICK, S.MATCHING)
    ]
    first_share = ctx.n(50, 5) if code == "GM0014" else len(guided)
    for n, i in enumerate(guided):
        if n < first_share or len(guidance) == 1:
            people[i].guidance_organisation = guidance[0]
        else:
            people[i].guidance_organisation = guidance[1 + (n - first_share) % (len(guidance) - 1)]
    waiting = [i for i, p in enumerate(people) if p.status == S.WAITING_LIST]
    for n, i in enumerate(waiting[:3]):
        people[i].priority_reason = PRIORITY_REASONS[n % len(PRIORITY_REASONS)]

    # The demo participant's own login: in service, with the demo coach and guidance org.
    if code == "GM0014" and "deelnemer-groningen" in ctx.users:
        own = next(
            people[i]
            for i in in_service
            if people[i].coach == coaches[0] and people[i].guidance_organisation == guidance[0]
        )
        own.user = ctx.users["deelnemer-groningen"]
        own.first_name, own.initials, own.prefix, own.surname = "Dirk", "D.", "", "Deelnemer"
        # Whatever the day, the demo participant has a week card: a home in the centre
        # with room to travel and no limitation that rules out most tasks.
        own.home_neighbourhood = next(
            (n for n in b.neighbourhoods if n.name == "Centrum"), own.home_neighbourhood
        )
        own.max_travel_km = max(own.max_travel_km or 0, 10.0)
        own.limitations = []

    Participant.objects.bulk_create(people, batch_size=500)

    changes = []
    for index, steps in timelines.items():
        changes.extend(_history(people[index], steps, planner))
    StatusChange.objects.bulk_create(changes, batch_size=1000)
    FollowUp.objects.bulk_create(_follow_ups(people, timelines, planner, today))

    # Contracts: a yearly temporary contract from the first day in service (the last one
    # ends on the exit day of those who left); after three years a permanent one.
    contracts = []
    for i, career in careers.items():
        p = people[i]
        for begin, end, kind in _contract_terms(career, p.status, today):
            contracts.append(
                EmploymentContract(
                    participant=p,
                    start_date=begin,
                    end_date=end,
                    hours_per_week=p.contract_hours or 32,
                    kind=kind,
                    employer=b.programme.employer,
                )
            )
    EmploymentContract.objects.bulk_create(contracts, batch_size=500)

    # Scans and screenings for everyone past screening.
    assessed = [p for p in people if p.status not in (S.REFERRED,)]
    scans = []
    for p in assessed:
        advice = Scan.Advice.BASISBAAN
        if p.status == S.SCREENING and rng.random() < 0.25:
            advice = rng.choice([Scan.Advice.PRAKTIJKLEREN, Scan.Advice.NONE_YET])
        scans.append(
            Scan(
                participant=p,
                version=1,
                made_at=in_the_past(p.registered_at + datetime.timedelta(days=10)),
                made_by=planner,
                work_history="Worked in cleaning and a warehouse until 2015; since then no paid work.",
                skills=p.skills or rng.sample(list(SKILLS), k=2),
                interests="Being outdoors, contact with neighbours.",
                personality="Reliable, a little shy at first; works well in a small team.",
                limitations=p.limitations,
                zrm_scores={d: rng.randint(2, 5) for d in ZRM_DOMAINS}
                if rng.random() < 0.6
                else {},
                advice=advice,
                reasoning="No realistic route to regular work within two years; motivated for "
                "useful work in the own neighbourhood with a fixed weekly rhythm.",
            )
        )
    Scan.objects.bulk_create(scans, batch_size=500)
    screenings = []
    for p in assessed:
        if p.status == S.SCREENING:
            continue
        results = eligibility.evaluate(p, b.programme, today=p.registered_at.date())
        eligible = all(r["passed"] for r in results)
        screenings.append(
            Screening(
                participant=p,
                programme=b.programme,
                at=in_the_past(p.registered_at + datetime.timedelta(days=14)),
                by=planner,
                results=results,
                eligible=eligible,
                override_eligible=None if eligible else True,
                override_reason=""
                if eligible
                else "Fewer hours by agreement; the coach knows the person well.",
                overridden_by=None if eligible else planner,
                overridden_at=None
                if eligible
                else in_the_past(p.registered_at + datetime.timedelta(days=15)),
            )
        )
    Screening.objects.bulk_create(screenings, batch_size=500)
    ctx.extra.setdefault("participants_in_service", {})[code] = [people[i] for i in in_service]
    return {"total": len(people), "in_service": len(in_service), "waiting": len(waiting)}


def seed(ctx) -> str:
    groningen_plan = {
        S.REFERRED: ctx.n(855, 12),
        S.SCREENING: ctx.n(40, 3),
        S.INTAKE: ctx.n(20, 2),
        S.WAITING_LIST: ctx.n(45, 4),
        S.MATCHING: ctx.n(15, 2),
    }
    trajectory = demo_history.GRONINGEN_SMALL if ctx.small else demo_history.GRONINGEN
    groningen = _seed_municipality(ctx, "GM0014", groningen_plan, trajectory)
    assen = _seed_municipality(ctx, "GM0106", {}, ASSEN)
    referrals = demo_referrals.seed(ctx)
    return (
        f"Groningen {groningen['total']} in the target group, {groningen['in_service']} in "
        f"service, {groningen['waiting']} waiting; Assen {assen['in_service']} in service, "
        f"{referrals} referrals by partners"
    )
