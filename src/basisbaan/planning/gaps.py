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
from basisbaan.core.vocabulary import WEEKDAY_CHOICES, WEEKDAYS
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
class Analysis:
    short_people: int = 0
    short_hours: float = 0.0
    categories: list = field(default_factory=list)
    neighbourhoods: list = field(default_factory=list)
    windows: list = field(default_factory=list)
    no_reach: int = 0  # short participants without a single possible task in the week
    obstacles: list = field(default_factory=list)  # main reason open places did not fit


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

    def ordered(lines):
        return sorted(lines, key=lambda line: (-line.hours, line.label))

    result.categories = ordered(categories.values())
    result.neighbourhoods = ordered(neighbourhoods.values())
    result.windows = ordered(windows.values())
    result.obstacles = [line for line in ordered(obstacle_lines.values()) if line.people]
    return result


def as_csv(analysis: Analysis) -> str:
    """The analysis as one CSV table (semicolons, for Dutch spreadsheets)."""
    sections = (
        (_("main reason"), analysis.obstacles),
        (_("kind of work"), analysis.categories),
        (_("neighbourhood"), analysis.neighbourhoods),
        (_("day and time"), analysis.windows),
    )
    return exports.csv_text(
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
        delimiter=";",
        decimals=1,
    )
