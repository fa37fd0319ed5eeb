"""Demo community tasks: Groningen over all wijken, dorpen and categories in every state,
and Assen in its three categories.

The programme composes its approved recurring tasks to fill the contracts of the people
in service (``_Composer``): each is built around someone who still lacks hours, in or
near their wijk, at times they are free, asking only skills they hold, with places for
the colleagues who fit it too. The approved tasks beyond that are small and ask a skill.
Together they offer about 1.1 times the contract hours in place-hours a week (full
scale: about 8,000), so a published week plans nearly every contract hour, and the few
people short (those with no skill yet, for whom the programme found fewer hours) show in
the gap analysis with what blocks them. Slots are whole or half hours, mostly on weekdays.
"""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from basisbaan.communitytasks.models import (
    InboxMessage,
    MonthlyReport,
    Submission,
    Task,
    TaskEvent,
    TaskMessage,
    TaskSlot,
)
from basisbaan.core import calendar
from basisbaan.demo import data
from basisbaan.organisations.models import Organisation
from basisbaan.tenants.models import Neighbourhood, TaskCategory

S = Task.Status

# Per category code: (title patterns, likely skills, likely demands).
CATEGORY_WORK = {
    "community_centre": (
        [
            "Koffie schenken in {org}",
            "Schoonmaak na activiteiten in {org}",
            "Keukenhulp bij de buurtmaaltijd",
        ],
        ["cooking", "cleaning", "hospitality"],
        ["customer_contact", "heavy_physical"],
    ),
    "visiting_elderly": (
        [
            "Bezoek aan alleenwonende ouderen in {area}",
            "Wandelen met ouderen",
            "Boodschappen doen met ouderen",
        ],
        ["care_contact"],
        ["customer_contact", "working_alone", "outdoor"],
    ),
    "litter_picking": (
        [
            "Zwerfafval rapen in {area}",
            "Speelplaatsen schoonhouden",
            "Afvalronde rond het winkelcentrum",
        ],
        ["cleaning"],
        ["outdoor", "heavy_physical", "working_alone"],
    ),
    "decluttering": (
        [
            "Bewoners helpen opruimen in {area}",
            "Zolders en schuren leeghalen",
            "Hulp bij verhuizen binnen de wijk",
        ],
        ["cleaning", "odd_jobs"],
        ["heavy_physical", "customer_contact"],
    ),
    "odd_jobs": (
        [
            "Kleine klussen bij bewoners in {area}",
            "Tuintjes bijhouden voor ouderen",
            "Lampen en gordijnen ophangen",
        ],
        ["odd_jobs", "gardening"],
        ["heavy_physical", "customer_contact", "outdoor"],
    ),
    "neighbourhood_paper": (
        [
            "Wijkkrant {area}: adressen bijhouden",
            "Wijkkrant rondbrengen in {area}",
            "Agenda van de wijkkrant invoeren",
        ],
        ["admin", "cycling"],
        ["reading_writing", "working_alone", "outdoor"],
    ),
    "host": (
        [
            "Gastvrouw of gastheer in {org}",
            "Ontvangst bij het wijkspreekuur",
            "Gastheer bij de bibliotheekhoek",
        ],
        ["hospitality"],
        ["customer_contact"],
    ),
    "bike_steward": (
        [
            "Fietsstalling {area}: fietsen ordenen",
            "Fietsstewards helpen bij het station",
            "Weesfietsen labelen",
        ],
        ["cycling"],
        ["outdoor", "heavy_physical", "customer_contact"],
    ),
    "sports_club": (
        [
            "Kantine en materiaal bij {org}",
            "Velden klaarzetten bij {org}",
            "Hulp bij de jeugdtraining",
        ],
        ["sports", "hospitality", "cleaning"],
        ["outdoor", "customer_contact", "heavy_physical"],
    ),
    "vulnerable_residents": (
        [
            "Maatje voor kwetsbare bewoners in {area}",
            "Meegaan naar afspraken",
            "Aanwezig bij de inloop van {org}",
        ],
        ["care_contact"],
        ["customer_contact", "working_alone"],
    ),
    # Assen
    "services": (
        [
            "Boodschappendienst {area}",
            "Bezorgen van maaltijden in {area}",
            "Hulp bij de weggeefwinkel",
        ],
        ["cycling", "driving_licence", "hospitality"],
        ["customer_contact", "outdoor"],
    ),
    "visibility": (
        [
            "Aanspreekpunt bij activiteiten in {area}",
            "Wijkwandeling en signaleren in {area}",
            "Gastheer bij het wijkcentrum",
        ],
        ["hospitality", "care_contact"],
        ["customer_contact", "outdoor"],
    ),
    "maintenance": (
        [
            "Onderhoud groen in {area}",
            "Klusjes in het buurthuis",
            "Bankjes en speeltoestellen schilderen",
        ],
        ["gardening", "odd_jobs"],
        ["heavy_physical", "outdoor"],
    ),
}

DESCRIPTION = (
    "Extra werk in {area} dat nu blijft liggen. Je werkt samen met vrijwilligers en "
    "bewoners. Iemand van {org} legt je alles uit."
)

STATE_WEIGHTS = [
    (S.APPROVED, 78),
    (S.SUBMITTED, 4),
    (S.UNDER_ASSESSMENT, 5),
    (S.MORE_INFO, 3),
    (S.REJECTED, 4),
    (S.PAUSED, 3),
    (S.ENDED, 3),
]
# Tasks of the demo account aanbieder-groningen's organisation, in several states.
PROVIDER_STATES = [
    S.APPROVED,
    S.APPROVED,
    S.APPROVED,
    S.PAUSED,
    S.UNDER_ASSESSMENT,
    S.MORE_INFO,
    S.REJECTED,
    S.ENDED,
]
WEEKDAY_WEIGHTS = [
    ("mon", 20),
    ("tue", 20),
    ("wed", 20),
    ("thu", 20),
    ("fri", 17),
    ("sat", 2),
    ("sun", 1),
]
DURATIONS = [2.0, 2.5, 3.0, 3.5, 4.0]
# How many days ago open submissions came in, by status: the planner's steps follow
# 3 and 8 days after a submission.
OPEN_AGES = {S.SUBMITTED: (1, 12), S.UNDER_ASSESSMENT: (4, 30), S.MORE_INFO: (9, 35)}


# Liveability ratings (1-5) with their weights, in a task's first half year and after.
LIVEABILITY_FIRST_MONTHS = [(2, 10), (3, 35), (4, 40), (5, 15)]
LIVEABILITY_SETTLED = [(2, 5), (3, 20), (4, 45), (5, 30)]


# Street names for the tasks' synthetic work addresses (common in every Dutch town).
STREETS = [
    "Dorpsstraat",
    "Kerkstraat",
    "Schoolstraat",
    "Molenweg",
    "Julianalaan",
    "Wilhelminastraat",
    "Beatrixlaan",
    "Stationsweg",
    "Parkweg",
    "Lindelaan",
    "Eikenlaan",
    "Nieuwstraat",
]


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def _time(hours: float) -> datetime.time:
    return datetime.time(int(hours), 30 if hours % 1 else 0)


def _slots(ctx, task: Task) -> list[TaskSlot]:
    rng = ctx.rng
    if task.is_one_off:
        start = rng.choice([10.0, 12.0, 13.0, 14.0])
        return [
            TaskSlot(
                task=task,
                date=task.event_date,
                start=_time(start),
                end=_time(start + rng.choice([3.0, 4.0])),
                people=rng.randint(2, 4),
            )
        ]
    slots = []
    used = set()
    for _ in range(rng.choice([4, 4, 5, 5, 6])):
        weekday = _weighted(rng, WEEKDAY_WEIGHTS)
        start = rng.choice([8.0, 8.5, 9.0, 9.5, 10.0, 12.5, 13.0, 13.5, 14.0])
        if (weekday, start) in used:
            continue
        used.add((weekday, start))
        slots.append(
            TaskSlot(
                task=task,
                weekday=weekday,
                start=_time(start),
                end=_time(start + rng.choice(DURATIONS)),
                people=_weighted(rng, [(1, 25), (2, 45), (3, 30)]),
            )
        )
    return slots


class _Need:
    """What one participant in service still needs of a week while tasks are composed."""

    def __init__(self, person):
        self.person = person
        self.home = person.home_neighbourhood
        self.left = float(person.contract_hours or 0)
        self.per_day = float(person.max_hours_per_day or 8)
        self.day_hours: dict[str, float] = {}
        self.skills = set(person.skills or [])
        self.limited = {x[3:] for x in person.limitations or [] if x.startswith("no_")}
        self.free: dict[str, list[tuple[int, int]]] = {}
        for day, windows in (person.availability or {}).items():
            for start, end in windows:
                self.free.setdefault(day, []).append((_minutes(start), _minutes(end)))

    def room(self, day: str) -> float:
        return min(self.left, self.per_day - self.day_hours.get(day, 0.0))

    def fits(self, area, requires, demands, day, start, end, km) -> bool:
        hours = (end - start) / 60
        return (
            set(requires) <= self.skills
            and not set(demands) & self.limited
            and hours <= self.room(day) + 1e-9
            and any(a <= start and end <= b for a, b in self.free.get(day, ()))
            and km(self.home, area) <= float(self.person.max_travel_km or 0) + 1e-9
        )

    def take(self, day: str, start: int, end: int) -> None:
        hours = (end - start) / 60
        self.left -= hours
        self.day_hours[day] = self.day_hours.get(day, 0.0) + hours
        windows = []
        for a, b in self.free[day]:
            if b <= start or a >= end:
                windows.append((a, b))
                continue
            if a < start:
                windows.append((a, start))
            if end < b:
                windows.append((end, b))
        self.free[day] = windows


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


class _Composer:
    """A programme composes its tasks to fill contracts: each approved recurring task is
    built around a participant who still lacks hours (in or near their wijk, in a kind
    of work they wish for, at times they are free, asking only skills they have), and
    its places are sized for the colleagues who fit it too. Tasks made this way offer
    about the contract hours of the people in service; the other tasks (and the places
    nobody was counted for) give planning a choice and leave some people short, for
    reasons the gap analysis names."""

    def __init__(self, ctx, code: str, categories, neighbourhoods):
        self.rng = ctx.rng
        self.categories = {c.code: c for c in categories}
        self.neighbourhoods = neighbourhoods
        people = ctx.extra.get("participants_in_service", {}).get(code, [])
        self.needs = [_Need(p) for p in people if p.home_neighbourhood_id and p.availability]
        # Work is hardest to find for people who hold no skill yet (tasks from providers
        # ask one), in a village or with several limitations: for them the programme has
        # not found all the hours yet.
        hard = [n for n in self.needs if not n.skills] or sorted(
            self.needs,
            key=lambda n: (n.home.kind != "dorp", -len(n.limited), n.person.max_travel_km or 0),
        )[:1]
        for need in hard:
            need.left = max(0.0, need.left - self.rng.choice([8, 10, 12]))

    @staticmethod
    def km(a, b) -> float:
        return ((a.x_km - b.x_km) ** 2 + (a.y_km - b.y_km) ** 2) ** 0.5

    def _anchor(self):
        open_needs = [n for n in self.needs if n.left >= 2 and self._days(n)]
        if not open_needs:
            return None
        return max(open_needs, key=lambda n: n.left)

    @staticmethod
    def _days(need) -> list[str]:
        return [
            day
            for day, windows in need.free.items()
            if need.room(day) >= 2 and any(b - a >= 120 for a, b in windows)
        ]

    def compose(self):
        """(category, neighbourhood, requires, demands, [slot specs]) or None when every
        contract is covered."""
        rng = self.rng
        anchor = self._anchor()
        if anchor is None:
            return None
        wished = [c for c in sorted(anchor.person.wishes or []) if c in self.categories]
        code = rng.choice(wished) if wished and rng.random() < 0.75 else None
        code = code or rng.choice(sorted(self.categories))
        category = self.categories[code]
        _titles, skills, demands = CATEGORY_WORK[code]
        near = [
            n
            for n in self.neighbourhoods
            if self.km(anchor.home, n) <= float(anchor.person.max_travel_km or 0)
        ]
        area = anchor.home if rng.random() < 0.5 or not near else rng.choice(near)
        own = [s for s in skills if s in anchor.skills]
        requires = sorted(rng.sample(own, k=min(len(own), rng.choice([0, 1, 1]))))
        allowed = [d for d in demands if d not in anchor.limited]
        task_demands = (
            sorted(rng.sample(allowed, k=rng.randint(1, len(allowed)))) if allowed else []
        )
        specs = []
        used_days = set()
        for _ in range(rng.choice([3, 4, 4, 5, 6])):
            days = [d for d in self._days(anchor) if d not in used_days]
            if not days:
                break
            day = rng.choice(sorted(days))
            used_days.add(day)
            a, b = max(
                (w for w in anchor.free[day] if w[1] - w[0] >= 120), key=lambda w: w[1] - w[0]
            )
            limit = min(anchor.room(day), (b - a) / 60, 4.0)
            hours = max(h for h in [2.0, 2.5, 3.0, 3.5, 4.0] if h <= limit + 1e-9)
            start = a
            end = start + int(hours * 60)
            people = 0
            for need in sorted(self.needs, key=lambda n: -n.left):
                if people == 3:
                    break
                if need is anchor or need.fits(
                    area, requires, task_demands, day, start, end, self.km
                ):
                    need.take(day, start, end)
                    people += 1
            # Now and then a place more than the people counted for, on work that asks a
            # skill: room to choose for those who have it.
            if requires and people < 3 and rng.random() < 0.3:
                people += 1
            specs.append((day, start, end, people))
        if not specs:
            return None
        return category, area, requires, task_demands, specs


def _answers(ctx, status: str, org: Organisation) -> dict:
    """Additionality answers consistent with the outcome (risky answers get rejected)."""
    rng = ctx.rng
    answers = {
        "paid_staff": Submission.PaidStaff.NO,
        "has_budget": False,
        "volunteers_structurally": rng.random() < 0.1,
        "participatiebaan_work": False,
        "otherwise_not_done": True,
    }
    if status == S.REJECTED:
        answers[rng.choice(["paid_staff", "has_budget", "participatiebaan_work"])] = True
        if answers["paid_staff"] is True:
            answers["paid_staff"] = Submission.PaidStaff.NOW
    elif status in (S.UNDER_ASSESSMENT, S.MORE_INFO, S.SUBMITTED):
        roll = rng.random()
        if roll < 0.3:
            answers["paid_staff"] = Submission.PaidStaff.RECENTLY
        elif roll < 0.45:
            answers["has_budget"] = True
        elif roll < 0.6:
            answers["otherwise_not_done"] = False
    return answers


def _contact(ctx, org: Organisation) -> dict:
    # A provider's contact person is never named like a participant: the demo's people
    # are made up, and one name for two of them would read as one person.
    if "participant_names" not in ctx.extra:
        from basisbaan.participants.models import Participant

        ctx.extra["participant_names"] = {
            (first.lower(), surname.lower())
            for first, surname in Participant.objects.values_list("first_name", "surname")
        }
    for _try in range(100):  # about a fifth of the name pairs is still free: enough
        first = ctx.rng.choice(data.FIRST_NAMES)
        prefix, surname = ctx.rng.choice(data.SURNAMES)
        if (first.lower(), surname.lower()) not in ctx.extra["participant_names"]:
            break
    return {
        "contact_name": " ".join(p for p in (first, prefix, surname) if p),
        "contact_email": f"{slugify(first)}.{slugify(surname)}@{slugify(org.name)[:30]}.example.org",
        "contact_phone": f"06{ctx.rng.randint(10000000, 99999999)}",
    }


def _org_for(ctx, orgs: list[Organisation], area: str) -> Organisation:
    local = [o for o in orgs if o.name.endswith(area)]
    if local and ctx.rng.random() < 0.8:
        return ctx.rng.choice(local)
    return ctx.rng.choice(orgs)


def _make_tasks(ctx, code: str, count: int, fixed: list[tuple[Organisation, str]]) -> dict:
    municipality = ctx.municipalities[code]
    rng = ctx.rng
    categories = list(TaskCategory.objects.filter(municipality=municipality))
    neighbourhoods = list(Neighbourhood.objects.filter(municipality=municipality))
    orgs = ctx.providers[code]
    today = ctx.today
    plans = list(fixed)
    while len(plans) < count:
        plans.append((None, _weighted(rng, STATE_WEIGHTS)))
    one_offs = ctx.n(8, 2) if code == "GM0014" else 1
    fixed_orgs = {o.pk for o, _ in fixed if o is not None}

    composer = _Composer(ctx, code, categories, neighbourhoods)
    composed: dict[int, list] = {}  # task index -> slot specs of a composed task
    extra: set[int] = set()  # approved recurring tasks beyond those composed
    tasks, submissions, slots, events = [], [], [], []
    for index, (org, status) in enumerate(plans):
        # Cycle categories and areas so that every one of them has tasks.
        category = categories[index % len(categories)]
        area = neighbourhoods[(index * 7) % len(neighbourhoods)]
        is_one_off = index >= len(plans) - one_offs
        if is_one_off:
            status = S.APPROVED
        composition = composer.compose() if status == S.APPROVED and not is_one_off else None
        if composition is not None:
            category, area, requires, task_demands, composed[index] = composition
        elif status == S.APPROVED and not is_one_off and composer.needs:
            extra.add(index)
        org = org or _org_for(ctx, orgs, area.name)
        titles, skills, demands = CATEGORY_WORK[category.code]
        if composition is None:
            # Tasks not composed for anyone ask more: a skill or two that training gives.
            requires = sorted(set(rng.sample(skills, k=rng.randint(1, min(2, len(skills))))))
            task_demands = sorted(set(rng.sample(demands, k=rng.randint(1, len(demands)))))
        start = today - datetime.timedelta(days=rng.randint(30, 900))
        end = None
        if status == S.ENDED:
            end = today - datetime.timedelta(days=rng.randint(7, 120))
            start = min(start, end - datetime.timedelta(days=60))
        elif status in (S.SUBMITTED, S.UNDER_ASSESSMENT, S.MORE_INFO):
            start = today + datetime.timedelta(days=rng.randint(14, 60))
        elif rng.random() < 0.1:
            end = today + datetime.timedelta(days=rng.randint(60, 400))
        event_date = None
        title = rng.choice(titles).format(area=area.name, org=org.name)
        if is_one_off:
            event_date = today + datetime.timedelta(days=rng.randint(5, 40))
            start = end = event_date
            title = rng.choice(
                ["Buurtfeest {area}", "Opschoondag {area}", "Kerstmarkt {area}", "Burendag {area}"]
            ).format(area=area.name)
        # Submitted a month before the start, and never in the future: open submissions
        # came in recently (unconfirmed ones within the 14 days they are kept), approved
        # one-off events were assessed well before the day.
        created = start - datetime.timedelta(days=30)
        if status in OPEN_AGES:
            created = today - datetime.timedelta(days=rng.randint(*OPEN_AGES[status]))
        else:
            created = min(created, today - datetime.timedelta(days=rng.randint(14, 30)))
        task = Task(
            municipality=municipality,
            # A synthetic work address (from the index, not rng: the draws stay as they were).
            address=f"{STREETS[index % len(STREETS)]} {index * 7 % 140 + 1}",
            # Open submissions from outside get their organisation on approval.
            organisation=org if status not in Task.OPEN_STATUSES or org.pk in fixed_orgs else None,
            neighbourhood=area,
            category=category,
            title=title[:150],
            description=DESCRIPTION.format(area=area.name, org=org.name),
            status=status,
            priority=_weighted(rng, [(1, 80), (2, 15), (3, 5)]),
            requires=requires,
            demands=task_demands,
            start_date=start,
            end_date=end,
            is_one_off=is_one_off,
            event_date=event_date,
            created_at=timezone.make_aware(
                datetime.datetime.combine(created, datetime.time(rng.randint(8, 16)))
            ),
        )
        if status in (S.APPROVED, S.PAUSED, S.ENDED):
            task.suitability = rng.choice(
                [Task.Suitability.SUITABLE] * 4 + [Task.Suitability.WITH_SUPPORT]
            )
            task.suitability_by = ctx.users[
                "planner-" + ("groningen" if code == "GM0014" else "assen")
            ]
            task.suitability_at = task.created_at + datetime.timedelta(days=10)
        tasks.append((task, org))
    Task.objects.bulk_create([t for t, _ in tasks])

    planner = ctx.users["planner-" + ("groningen" if code == "GM0014" else "assen")]
    messages = []
    unconfirmed = False
    for index, (task, org) in enumerate(tasks):
        if index in composed:
            slots.extend(
                TaskSlot(
                    task=task,
                    weekday=day,
                    start=_time(start / 60),
                    end=_time(end / 60),
                    people=people,
                )
                for day, start, end, people in composed[index]
            )
        elif index in extra:
            # Once the contracts are covered, further approved work from providers is
            # small: one or two slots for one or two people with the skill it asks.
            for slot in _slots(ctx, task)[: rng.choice([1, 2])]:
                slot.people = min(slot.people, 2)
                slots.append(slot)
        else:
            slots.extend(_slots(ctx, task))
        submitted_at = task.created_at
        # Some submitters have not confirmed their e-mail address yet (at least one).
        verified = task.status != S.SUBMITTED or (rng.random() < 0.6 and unconfirmed)
        unconfirmed = unconfirmed or not verified
        submissions.append(
            Submission(
                task=task,
                organisation_name=org.name,
                organisation_kind=org.kind,
                kvk_number=org.kvk_number,
                submitted_at=submitted_at,
                email_verified_at=submitted_at + datetime.timedelta(hours=2) if verified else None,
                **_contact(ctx, org),
                **_answers(ctx, task.status, org),
            )
        )
        events.append(
            TaskEvent(
                task=task, kind=TaskEvent.Kind.SUBMITTED, actor_label="submitter", at=submitted_at
            )
        )
        if not verified:
            continue
        events.append(
            TaskEvent(
                task=task,
                kind=TaskEvent.Kind.VERIFIED,
                actor_label="submitter",
                at=submitted_at + datetime.timedelta(hours=2),
            )
        )
        if task.status == S.SUBMITTED:
            continue
        step_at = submitted_at + datetime.timedelta(days=3)

        def step(source, target, reason="", _task=task):
            nonlocal step_at
            events.append(
                TaskEvent(
                    task=_task,
                    kind=TaskEvent.Kind.TRANSITION,
                    from_status=source,
                    to_status=target,
                    actor=planner,
                    actor_label=planner.username,
                    reason=reason,
                    at=step_at,
                )
            )
            step_at += datetime.timedelta(days=5)

        step(S.SUBMITTED, S.UNDER_ASSESSMENT)
        if task.status == S.MORE_INFO:
            question = "Hoeveel uur per week doen vrijwilligers dit werk nu?"
            step(S.UNDER_ASSESSMENT, S.MORE_INFO, question)
            messages.append(
                TaskMessage(
                    task=task,
                    direction=TaskMessage.Direction.QUESTION,
                    text=question,
                    author=planner,
                    # Asked with the step that asked for more information.
                    at=step_at - datetime.timedelta(days=5),
                )
            )
        elif task.status == S.REJECTED:
            step(
                S.UNDER_ASSESSMENT,
                S.REJECTED,
                "Dit werk wordt nu door betaalde krachten gedaan; een basisbaan zou dat werk verdringen.",
            )
        elif task.status in (S.APPROVED, S.PAUSED, S.ENDED):
            step(
                S.UNDER_ASSESSMENT, S.APPROVED, "Extra werk voor de leefbaarheid, geen verdringing."
            )
            if task.status == S.PAUSED:
                step(S.APPROVED, S.PAUSED, "De locatie is tijdelijk dicht voor een verbouwing.")
            elif task.status == S.ENDED:
                step(S.APPROVED, S.ENDED, "De aanbieder heeft het werk niet meer nodig.")
    TaskSlot.objects.bulk_create(slots)
    Submission.objects.bulk_create(submissions)
    TaskEvent.objects.bulk_create(events)
    TaskMessage.objects.bulk_create(messages)

    # Monthly confirmations and liveability ratings for the last two years: providers rate
    # their neighbourhood better once a task has run for half a year.
    reports = []
    months = [calendar.add_months(today, -back) for back in range(1, ctx.n(24, 2) + 1)]
    for task, _org in tasks:
        if task.status not in (S.APPROVED, S.PAUSED) or task.is_one_off:
            continue
        for m in months:
            if m < calendar.month_start(task.start_date) or rng.random() < 0.25:
                continue
            # Reported in the first days of the next month; not yet when that lies ahead.
            reported_on = calendar.next_month(m) + datetime.timedelta(days=rng.randint(0, 9))
            if reported_on >= today:
                continue
            reports.append(
                MonthlyReport(
                    task=task,
                    month=m,
                    work_done=_weighted(rng, [("yes", 80), ("partly", 15), ("no", 5)]),
                    liveability=_weighted(
                        rng,
                        LIVEABILITY_SETTLED
                        if m >= calendar.add_months(task.start_date, 6)
                        else LIVEABILITY_FIRST_MONTHS,
                    ),
                    comment=rng.choice(
                        ["", "", "Bewoners merken het verschil.", "Fijne samenwerking."]
                    ),
                    reported_at=timezone.make_aware(
                        datetime.datetime.combine(reported_on, datetime.time(9))
                    ),
                )
            )
    MonthlyReport.objects.bulk_create(reports)
    return len(tasks)


def _seed_inbox(ctx) -> int:
    groningen = ctx.municipalities["GM0014"]
    rows = []
    for i in range(ctx.n(12, 3)):
        first = data.FIRST_NAMES[(i * 5) % len(data.FIRST_NAMES)]
        prefix, surname = data.SURNAMES[(i * 3) % len(data.SURNAMES)]
        cofinancing = i % 3 == 2
        org = [
            "Gemeente Emmen",
            "Woningcorporatie Noord",
            "Fonds Leefbaar Groningen",
            "Gemeente Leeuwarden",
        ][i % 4]
        rows.append(
            InboxMessage(
                municipality=groningen,
                kind=InboxMessage.Kind.COFINANCING if cofinancing else InboxMessage.Kind.INFO_DAY,
                name=" ".join(p for p in (first, prefix, surname) if p),
                organisation=org,
                role="beleidsmedewerker" if not cofinancing else "fondsenwerver",
                email=f"{slugify(first)}.{slugify(surname)}@{slugify(org)}.example.org",
                interests=[]
                if cofinancing
                else ctx.rng.sample([c for c, _ in InboxMessage.Interest.choices], k=2),
                amount_indication="EUR 5.000 per baan per jaar" if cofinancing else "",
                message="Wij willen graag meer weten over de basisbaan.",
                received_at=timezone.make_aware(
                    datetime.datetime.combine(
                        ctx.today - datetime.timedelta(days=i * 4 + 1), datetime.time(11)
                    )
                ),
            )
        )
    InboxMessage.objects.bulk_create(rows)
    return len(rows)


def seed(ctx) -> str:
    provider_org = ctx.providers["GM0014"][0]
    # The provider's own tasks, and two fresh submissions from elsewhere to assess.
    fixed = [(provider_org, status) for status in PROVIDER_STATES] + [(None, S.SUBMITTED)] * 2
    groningen = _make_tasks(ctx, "GM0014", ctx.n(500, 40), fixed)
    assen = _make_tasks(ctx, "GM0106", ctx.n(30, 8), [])
    inbox = _seed_inbox(ctx)
    approved = Task.objects.approved().filter(
        municipality=ctx.municipalities["GM0014"], is_one_off=False
    )
    hours = sum(s.place_hours for s in TaskSlot.objects.filter(task__in=approved))
    ctx.extra["communitytasks_weekly_place_hours"] = hours
    return (
        f"{groningen} Groningen tasks ({approved.count()} approved recurring, "
        f"{hours:.0f} place-hours a week), {assen} Assen tasks, {inbox} inbox messages"
    )
