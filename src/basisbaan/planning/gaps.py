"""Task gap analysis: which kinds of tasks are lacking to fill every contract.

From a plan's shortfalls (participants with fewer hours than their contract) this
counts, per task category they wish for, per home neighbourhood and per time window
(weekday x part of the day) they are free in, how many people and hours are short. It
also lists open places, so a planner sees where tasks exist but nobody fits them. The
result is the list to bring to neighbourhood organisations.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from basisbaan.core import exports
from basisbaan.core.vocabulary import DEMANDS, SKILLS, WEEKDAY_CHOICES, WEEKDAYS
from basisbaan.planning import engine, ids
from basisbaan.planning.models import PlanVersion

PARTS_OF_DAY = [
    ("morning", _("morning (until 12:00)"), 0, 12 * 60),
    ("afternoon", _("afternoon (12:00 to 18:00)"), 12 * 60, 18 * 60),
    ("evening", _("evening (from 18:00)"), 18 * 60, 24 * 60),
]


OBSTACLES = [
    ("skills", _("lacks a skill the task needs")),
    ("limitation", _("the task asks for something a limitation rules out")),
    ("time", _("not available at the time of the task")),
    ("distance", _("too far from home")),
    ("week", _("would fit, but clashes with the rest of the week or the hours per day")),
]


@dataclass
class Line:
    key: str
    label: str
    people: int = 0
    hours: float = 0.0
    open_places: int = 0


@dataclass
class Blocker:
    """One thing that keeps a participant short from open places of the week: ``kind``
    is an OBSTACLES code, ``code`` the skill, wijk, "day-part of day" or demand it
    names (``label`` in words)."""

    kind: str
    code: str
    places: int = 0
    hours: float = 0.0
    label: str = ""


@dataclass
class PersonGap:
    participant_id: int
    hours: float  # short of the contract
    home: str
    blockers: list = field(default_factory=list)  # [Blocker], most hours first
    name: str = ""

    def by_kind(self, shown: int = 3) -> list[tuple[str, list, int]]:
        """(kind, its first ``shown`` blockers, how many more) per kind, the kind with
        the most hours of open places first."""
        kinds: dict[str, list] = {}
        for blocker in self.blockers:
            kinds.setdefault(blocker.kind, []).append(blocker)
        ordered = sorted(kinds.items(), key=lambda item: -sum(b.hours for b in item[1]))
        return [(kind, items[:shown], len(items) - shown) for kind, items in ordered]

    @property
    def grouped(self) -> list[tuple[str, list, int]]:
        return self.by_kind()


@dataclass
class Training:
    """Training ``people`` short participants in ``skill`` would open ``places`` open
    places to them: an estimated ``hours`` more work a week."""

    skill: str
    label: str
    people: int = 0
    places: int = 0
    hours: float = 0.0


@dataclass
class Analysis:
    short_people: int = 0
    short_hours: float = 0.0
    categories: list = field(default_factory=list)
    neighbourhoods: list = field(default_factory=list)
    windows: list = field(default_factory=list)
    no_reach: int = 0  # short participants without a single possible task in the week
    obstacles: list = field(default_factory=list)  # main reason open places did not fit
    people: list = field(default_factory=list)  # [PersonGap]: who is short and what blocks
    training: list = field(default_factory=list)  # [Training], most hours first


def _obstacle(instance, person, slot) -> str:
    task = instance.task_by_id[slot.task]
    if not task.requires <= person.skills:
        return "skills"
    if task.demands & person.limited:
        return "limitation"
    if not any(a <= slot.start and slot.end <= b for a, b in person.availability.get(slot.day, ())):
        return "time"
    if instance.km(person.home, task.neighbourhood) > person.max_travel_km + 1e-9:
        return "distance"
    return "week"


def _failures(instance, person, slot) -> list[tuple[str, str]]:
    """Every rule an open place breaks for ``person``, as (OBSTACLES code, what): the
    missing skills, the demand a limitation rules out, the time, the wijk."""
    task = instance.task_by_id[slot.task]
    failed = [("skills", code) for code in sorted(task.requires - person.skills)]
    failed += [("limitation", code) for code in sorted(task.demands & person.limited)]
    if not any(a <= slot.start and slot.end <= b for a, b in person.availability.get(slot.day, ())):
        failed.append(("time", f"{slot.day}-{_part_of_day(slot.start)}"))
    if instance.km(person.home, task.neighbourhood) > person.max_travel_km + 1e-9:
        failed.append(("distance", task.neighbourhood))
    return failed


def _part_of_day(minute: int) -> str:
    return next(code for code, _label, low, high in PARTS_OF_DAY if low <= minute < high)


def _room(free, hours_today: float, person, left: float, slot) -> bool:
    """Whether the slot fits in the person's free time that day, their hours per day and
    the hours still short."""
    hours = (slot.end - slot.start) / 60
    return (
        hours <= left + 1e-9
        and hours_today + hours <= person.max_hours_per_day + 1e-9
        and any(a <= slot.start and slot.end <= b for a, b in free)
    )


def _blockers_and_training(instance, short, planned, busy, open_slots, filled):
    """Per short participant the open places that break exactly one rule, grouped by
    what they name; and per skill the hours training would open (an estimate: the open
    places needing only that skill, handed out greedily to the people it blocks within
    their free time, hours per day and hours short, each place once)."""
    per_person: dict[str, dict[tuple[str, str], Blocker]] = {}
    trainable: dict[str, list] = defaultdict(list)  # skill -> [(person, slot)]
    for person in short:
        blockers: dict[tuple[str, str], Blocker] = {}
        for slot in open_slots:
            failed = _failures(instance, person, slot)
            if len(failed) != 1:
                continue
            kind, code = failed[0]
            blocker = blockers.setdefault((kind, code), Blocker(kind, code))
            blocker.places += 1
            blocker.hours += (slot.end - slot.start) / 60
            if kind == "skills":
                trainable[code].append((person, slot))
        # Places that break no rule but were not planned: longer than the hours still
        # missing, or the rest of the week is in the way.
        gap = person.contract_hours - planned[person.id]
        for slot in open_slots:
            if instance.fits(person, slot):
                kind = "size" if (slot.end - slot.start) / 60 > gap + 1e-9 else "week"
                blocker = blockers.setdefault((kind, ""), Blocker(kind, ""))
                blocker.places += 1
                blocker.hours += (slot.end - slot.start) / 60
        per_person[person.id] = blockers

    training = {}
    for skill, pairs in trainable.items():
        left = {p.id: p.contract_hours - planned[p.id] for p, _slot in pairs}
        day_hours: dict[tuple[str, str], float] = defaultdict(float)
        free = {}
        for person, slot in pairs:
            free.setdefault(
                (person.id, slot.day),
                _free_minutes(person.availability.get(slot.day, ()), busy[person.id][slot.day]),
            )
        places = {slot.id: slot.people - filled[slot.id] for _p, slot in pairs}
        gained = 0.0
        for person, slot in sorted(
            pairs, key=lambda pair: (pair[1].day, pair[1].start, pair[0].id)
        ):
            key = (person.id, slot.day)
            for_day = day_hours[key] + sum((b - a) / 60 for a, b in busy[person.id][slot.day])
            if places[slot.id] <= 0 or not _room(free[key], for_day, person, left[person.id], slot):
                continue
            hours = (slot.end - slot.start) / 60
            places[slot.id] -= 1
            left[person.id] -= hours
            day_hours[key] += hours
            free[key] = _free_minutes(free[key], [(slot.start, slot.end)])
            gained += hours
        people = {p.id for p, _slot in pairs}
        training[skill] = Training(
            skill,
            str(SKILLS.get(skill, skill)),
            people=len(people),
            places=len({slot.id for _p, slot in pairs}),
            hours=gained,
        )
    return per_person, training


def _free_minutes(windows, busy) -> list[tuple[int, int]]:
    """Availability windows minus the planned intervals."""
    free = []
    for start, end in windows:
        cursor = start
        for a, b in sorted(busy):
            if b <= cursor or a >= end:
                continue
            if a > cursor:
                free.append((cursor, a))
            cursor = max(cursor, b)
        if cursor < end:
            free.append((cursor, end))
    return free


def analyse(version: PlanVersion) -> Analysis:
    from basisbaan.tenants.models import TaskCategory

    data = version.instance
    instance = engine.instance(data)
    municipality = version.week.municipality
    names = {c.code: c.label for c in TaskCategory.objects.filter(municipality=municipality)}
    areas = {n["id"]: n.get("name", n["id"]) for n in data.get("neighbourhoods", [])}

    planned: dict[str, float] = defaultdict(float)
    busy: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    filled: dict[str, int] = defaultdict(int)
    for row in version.assignments.all().only("participant_id", "slot_key", "date", "start", "end"):
        pid = ids.participant_key(row.participant_id)
        start = row.start.hour * 60 + row.start.minute
        end = row.end.hour * 60 + row.end.minute
        planned[pid] += (end - start) / 60
        busy[pid][WEEKDAYS[row.date.weekday()]].append((start, end))
        filled[row.slot_key] += 1

    categories: dict[str, Line] = {}
    neighbourhoods: dict[str, Line] = {}
    day_names = dict(WEEKDAY_CHOICES)
    windows: dict[tuple[str, str], Line] = {}
    result = Analysis()
    for person in instance.participants:
        gap = person.contract_hours - planned[person.id]
        if gap <= 1e-9:
            continue
        result.short_people += 1
        result.short_hours += gap
        if not any(instance.fits(person, slot) for slot in instance.slots.values()):
            result.no_reach += 1
        wishes = sorted(person.wishes) or ["*"]
        for code in wishes:
            line = categories.setdefault(
                code, Line(code, names.get(code, code) if code != "*" else str(_("no wishes")))
            )
            line.people += 1
            line.hours += gap / len(wishes)
        line = neighbourhoods.setdefault(
            person.home, Line(person.home, areas.get(person.home, person.home))
        )
        line.people += 1
        line.hours += gap
        for day in WEEKDAYS:
            free = _free_minutes(person.availability.get(day, ()), busy[person.id][day])
            for code, label, low, high in PARTS_OF_DAY:
                minutes = sum(max(0, min(b, high) - max(a, low)) for a, b in free)
                if minutes >= 60:
                    line = windows.setdefault(
                        (day, code), Line(f"{day}-{code}", f"{day_names[day]}, {label}")
                    )
                    line.people += 1
                    line.hours += minutes / 60

    open_slots = [slot for slot in instance.slots.values() if slot.people - filled[slot.id] > 0]
    obstacle_lines = {code: Line(code, str(label)) for code, label in OBSTACLES}
    for person in instance.participants:
        gap = person.contract_hours - planned[person.id]
        if gap <= 1e-9 or not open_slots:
            continue
        counts: dict[str, int] = defaultdict(int)
        for slot in open_slots:
            counts[_obstacle(instance, person, slot)] += 1
        main = max(OBSTACLES, key=lambda item: counts[item[0]])[0]
        obstacle_lines[main].people += 1
        obstacle_lines[main].hours += gap

    for task in instance.tasks:
        for slot in task.slots:
            empty = slot.people - filled[slot.id]
            if empty <= 0:
                continue
            if task.category in categories:
                categories[task.category].open_places += empty
            if task.neighbourhood in neighbourhoods:
                neighbourhoods[task.neighbourhood].open_places += empty
            for code, _label, low, high in PARTS_OF_DAY:
                if low <= slot.start < high and (slot.day, code) in windows:
                    windows[(slot.day, code)].open_places += empty

    short = [p for p in instance.participants if p.contract_hours - planned[p.id] > 1e-9]
    per_person, training = _blockers_and_training(
        instance, short, planned, busy, open_slots, filled
    )
    result.people = _person_lines(instance, short, planned, per_person, areas, day_names)
    result.training = sorted(
        (line for line in training.values() if line.hours > 0),
        key=lambda line: (-line.hours, line.label),
    )

    def ordered(lines):
        return sorted(lines, key=lambda line: (-line.hours, line.label))

    result.categories = ordered(categories.values())
    result.neighbourhoods = ordered(neighbourhoods.values())
    result.windows = ordered(windows.values())
    result.obstacles = [line for line in ordered(obstacle_lines.values()) if line.people]
    return result


def _person_lines(instance, short, planned, per_person, areas, day_names) -> list[PersonGap]:
    from basisbaan.participants.models import Participant

    names = {
        p.pk: p.display_name
        for p in Participant.objects.filter(pk__in=[ids.participant_pk(p.id) for p in short])
    }
    parts = {code: label for code, label, _low, _high in PARTS_OF_DAY}
    lines = []
    for person in short:
        blockers = sorted(
            per_person.get(person.id, {}).values(), key=lambda b: (-b.hours, b.kind, b.code)
        )
        for blocker in blockers:
            blocker.label = _name(blocker, areas, day_names, parts)
        pk = ids.participant_pk(person.id)
        lines.append(
            PersonGap(
                participant_id=pk,
                hours=person.contract_hours - planned[person.id],
                home=areas.get(person.home, person.home),
                blockers=blockers,
                name=names.get(pk, person.id),
            )
        )
    return sorted(lines, key=lambda line: (-line.hours, line.name))


def _name(blocker, areas, day_names, parts) -> str:
    """What a blocker names, in words: the skill, the wijk, the day and part of the day,
    the demand."""
    if blocker.kind == "skills":
        return str(SKILLS.get(blocker.code, blocker.code))
    if blocker.kind == "limitation":
        return str(DEMANDS.get(blocker.code, blocker.code))
    if blocker.kind == "distance":
        return areas.get(blocker.code, blocker.code)
    if blocker.kind == "time":
        day, part = blocker.code.split("-")
        return f"{day_names[day]} {parts[part]}"
    return ""


def as_csv(analysis: Analysis) -> str:
    """The analysis as one CSV table for Dutch spreadsheets (core.exports.spreadsheet_csv)."""
    sections = (
        (_("main reason"), analysis.obstacles),
        (_("kind of work"), analysis.categories),
        (_("neighbourhood"), analysis.neighbourhoods),
        (_("day and time"), analysis.windows),
    )
    return exports.spreadsheet_csv(
        (
            [title, line.label, line.people, float(line.hours), line.open_places]
            for title, lines in sections
            for line in lines
        ),
        header=[
            _("part"),
            _("name"),
            _("participants short of hours"),
            _("hours short"),
            _("open places"),
        ],
        decimals=1,
    )
