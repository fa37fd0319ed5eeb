"""Data model of the weekly planning problem: parse, validate and write the exchange format.

An instance is read from ``basisbaan-planning/1`` (see ``docs/planning.md``) into frozen
dataclasses; a plan is written as ``basisbaan-plan/1``. Every validation error is an
:class:`InstanceError` whose message starts with the path of the offending field, for
example ``participants[3].availability.mon[0]: end 09:00 is not after start 17:00``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INSTANCE_FORMAT = "basisbaan-planning/1"
PLAN_FORMAT = "basisbaan-plan/1"
DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEIGHT_KEYS: tuple[str, ...] = (
    "shortfall_hour",
    "uncovered_hour",
    "wish_miss_hour",
    "travel_km",
    "change_hour",
    "extra_task",
)
_TIME_RE = re.compile(r"^([01]\d|2[0-4]):(00|30)$")


class InstanceError(ValueError):
    """A planning instance or plan does not follow the exchange format.

    ``path`` names the offending field (``tasks[2].slots[0].end``); the message repeats it.
    """

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.reason = message
        super().__init__(f"{path}: {message}" if path else message)


def minutes(hhmm: str) -> int:
    """``"09:30"`` -> 570 (no validation; use :func:`_parse_time` for input)."""
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


@dataclass(frozen=True, slots=True)
class Weights:
    shortfall_hour: float = 100.0
    uncovered_hour: float = 10.0
    wish_miss_hour: float = 4.0
    travel_km: float = 1.0
    change_hour: float = 8.0
    extra_task: float = 3.0

    def as_dict(self) -> dict[str, float]:
        return {k: getattr(self, k) for k in WEIGHT_KEYS}


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    id: str
    name: str
    x_km: float
    y_km: float


@dataclass(frozen=True, slots=True)
class Slot:
    id: str
    task: str
    day: str
    start: int  # minutes after midnight
    end: int
    people: int

    @property
    def hours(self) -> float:
        return (self.end - self.start) / 60


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    organisation: str
    neighbourhood: str
    category: str
    priority: int
    requires: frozenset[str]
    demands: frozenset[str]
    slots: tuple[Slot, ...]


@dataclass(frozen=True, slots=True)
class Participant:
    id: str
    contract_hours: float
    home: str
    max_travel_km: float
    max_hours_per_day: float
    skills: frozenset[str]
    limitations: frozenset[str]
    wishes: frozenset[str]
    availability: Mapping[str, tuple[tuple[int, int], ...]]
    previous: tuple[str, ...]

    @property
    def limited(self) -> frozenset[str]:
        """Demands this participant may not do (``no_X`` -> ``X``)."""
        return frozenset(x[3:] for x in self.limitations if x.startswith("no_"))


@dataclass(frozen=True, slots=True)
class Instance:
    name: str
    week: str
    weights: Weights
    neighbourhoods: tuple[Neighbourhood, ...]
    participants: tuple[Participant, ...]
    tasks: tuple[Task, ...]
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    # Derived look-ups, filled by __post_init__.
    slots: Mapping[str, Slot] = field(init=False, compare=False, repr=False)
    task_by_id: Mapping[str, Task] = field(init=False, compare=False, repr=False)
    participant_by_id: Mapping[str, Participant] = field(init=False, compare=False, repr=False)
    neighbourhood_by_id: Mapping[str, Neighbourhood] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        slots: dict[str, Slot] = {}
        for t in self.tasks:
            for s in t.slots:
                slots[s.id] = s
        object.__setattr__(self, "slots", slots)
        object.__setattr__(self, "task_by_id", {t.id: t for t in self.tasks})
        object.__setattr__(self, "participant_by_id", {p.id: p for p in self.participants})
        object.__setattr__(self, "neighbourhood_by_id", {n.id: n for n in self.neighbourhoods})

    def km(self, a: str, b: str) -> float:
        """Straight-line distance between two neighbourhoods in km."""
        na, nb = self.neighbourhood_by_id[a], self.neighbourhood_by_id[b]
        return math.hypot(na.x_km - nb.x_km, na.y_km - nb.y_km)

    def fits(self, p: Participant, s: Slot) -> bool:
        """Whether rules 2, 3, 4 and 8 allow participant ``p`` in slot ``s``."""
        t = self.task_by_id[s.task]
        if not t.requires <= p.skills or t.demands & p.limited:
            return False
        if not any(a <= s.start and s.end <= b for a, b in p.availability.get(s.day, ())):
            return False
        return self.km(p.home, t.neighbourhood) <= p.max_travel_km + 1e-9


@dataclass(frozen=True, slots=True)
class Plan:
    """A set of (participant, slot) assignments for one instance."""

    instance: str
    assignments: frozenset[tuple[str, str]]

    def sorted_assignments(self) -> list[tuple[str, str]]:
        return sorted(self.assignments)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": PLAN_FORMAT,
            "instance": self.instance,
            "assignments": [{"participant": p, "slot": s} for p, s in self.sorted_assignments()],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1) + "\n"

    def write(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def of(cls, instance: str, pairs: Iterable[tuple[str, str]]) -> Plan:
        return cls(instance, frozenset(pairs))


# --------------------------------------------------------------------------- parsing helpers


def _req(obj: Mapping[str, Any], key: str, path: str) -> Any:
    if not isinstance(obj, Mapping):
        raise InstanceError(path, f"expected an object, got {type(obj).__name__}")
    if key not in obj:
        raise InstanceError(f"{path}.{key}" if path else key, "missing")
    return obj[key]


def _str(v: Any, path: str) -> str:
    if not isinstance(v, str) or not v:
        raise InstanceError(path, f"expected a non-empty string, got {v!r}")
    return v


def _num(v: Any, path: str, *, minimum: float | None = None, integer: bool = False) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise InstanceError(path, f"expected a number, got {v!r}")
    if integer and int(v) != v:
        raise InstanceError(path, f"expected a whole number, got {v!r}")
    if minimum is not None and v < minimum:
        raise InstanceError(path, f"must be at least {minimum:g}, got {v!r}")
    return v


def _list(v: Any, path: str) -> list[Any]:
    if not isinstance(v, list):
        raise InstanceError(path, f"expected a list, got {type(v).__name__}")
    return v


def _strset(v: Any, path: str) -> frozenset[str]:
    return frozenset(_str(x, f"{path}[{i}]") for i, x in enumerate(_list(v, path)))


def _parse_time(v: Any, path: str) -> int:
    if not isinstance(v, str) or not _TIME_RE.match(v) or (v.startswith("24") and v != "24:00"):
        raise InstanceError(path, f"expected HH:MM on a whole or half hour, got {v!r}")
    return minutes(v)


def _day(v: Any, path: str) -> str:
    if v not in DAYS:
        raise InstanceError(path, f"expected one of {', '.join(DAYS)}, got {v!r}")
    return v


def _parse_weights(v: Any) -> Weights:
    if not isinstance(v, Mapping):
        raise InstanceError("weights", "expected an object")
    vals = {}
    for k in WEIGHT_KEYS:
        vals[k] = float(_num(_req(v, k, "weights"), f"weights.{k}", minimum=0))
    return Weights(**vals)


def parse_instance(data: Mapping[str, Any]) -> Instance:
    """Validate a ``basisbaan-planning/1`` dict and return an :class:`Instance`.

    Raises :class:`InstanceError` naming the path of the first bad field.
    """
    if not isinstance(data, Mapping):
        raise InstanceError("", "an instance must be a JSON object")
    fmt = _req(data, "format", "")
    if fmt != INSTANCE_FORMAT:
        raise InstanceError("format", f"expected {INSTANCE_FORMAT!r}, got {fmt!r}")
    name = _str(_req(data, "name", ""), "name")
    week = data.get("week", "")
    if not isinstance(week, str):
        raise InstanceError("week", "expected a string")
    weights = _parse_weights(_req(data, "weights", ""))

    nbhs: list[Neighbourhood] = []
    seen: set[str] = set()
    for i, n in enumerate(_list(_req(data, "neighbourhoods", ""), "neighbourhoods")):
        path = f"neighbourhoods[{i}]"
        nid = _str(_req(n, "id", path), f"{path}.id")
        if nid in seen:
            raise InstanceError(f"{path}.id", f"duplicate neighbourhood id {nid!r}")
        seen.add(nid)
        nm = n.get("name", nid)
        nbhs.append(
            Neighbourhood(
                nid,
                nm if isinstance(nm, str) else nid,
                float(_num(_req(n, "x_km", path), f"{path}.x_km")),
                float(_num(_req(n, "y_km", path), f"{path}.y_km")),
            )
        )
    nb_ids = seen

    tasks: list[Task] = []
    task_ids: set[str] = set()
    slot_ids: set[str] = set()
    for i, t in enumerate(_list(_req(data, "tasks", ""), "tasks")):
        path = f"tasks[{i}]"
        tid = _str(_req(t, "id", path), f"{path}.id")
        if tid in task_ids:
            raise InstanceError(f"{path}.id", f"duplicate task id {tid!r}")
        task_ids.add(tid)
        nbh = _str(_req(t, "neighbourhood", path), f"{path}.neighbourhood")
        if nbh not in nb_ids:
            raise InstanceError(f"{path}.neighbourhood", f"unknown neighbourhood {nbh!r}")
        org = t.get("organisation", "")
        slots: list[Slot] = []
        for j, s in enumerate(_list(_req(t, "slots", path), f"{path}.slots")):
            sp = f"{path}.slots[{j}]"
            sid = _str(_req(s, "id", sp), f"{sp}.id")
            if sid in slot_ids:
                raise InstanceError(f"{sp}.id", f"duplicate slot id {sid!r}")
            slot_ids.add(sid)
            day = _day(_req(s, "day", sp), f"{sp}.day")
            a = _parse_time(_req(s, "start", sp), f"{sp}.start")
            b = _parse_time(_req(s, "end", sp), f"{sp}.end")
            if b <= a:
                raise InstanceError(f"{sp}.end", f"end {s['end']} is not after start {s['start']}")
            people = int(_num(_req(s, "people", sp), f"{sp}.people", minimum=1, integer=True))
            slots.append(Slot(sid, tid, day, a, b, people))
        tasks.append(
            Task(
                tid,
                org if isinstance(org, str) else str(org),
                nbh,
                _str(_req(t, "category", path), f"{path}.category"),
                int(_num(_req(t, "priority", path), f"{path}.priority", minimum=0, integer=True)),
                _strset(t.get("requires", []), f"{path}.requires"),
                _strset(t.get("demands", []), f"{path}.demands"),
                tuple(slots),
            )
        )

    participants: list[Participant] = []
    pids: set[str] = set()
    for i, p in enumerate(_list(_req(data, "participants", ""), "participants")):
        path = f"participants[{i}]"
        pid = _str(_req(p, "id", path), f"{path}.id")
        if pid in pids:
            raise InstanceError(f"{path}.id", f"duplicate participant id {pid!r}")
        pids.add(pid)
        home = _str(_req(p, "home", path), f"{path}.home")
        if home not in nb_ids:
            raise InstanceError(f"{path}.home", f"unknown neighbourhood {home!r}")
        av_raw = _req(p, "availability", path)
        if not isinstance(av_raw, Mapping):
            raise InstanceError(f"{path}.availability", "expected an object of day -> windows")
        avail: dict[str, tuple[tuple[int, int], ...]] = {}
        for day, wins in av_raw.items():
            dp = f"{path}.availability.{day}"
            _day(day, dp)
            out = []
            for k, w in enumerate(_list(wins, dp)):
                wp = f"{dp}[{k}]"
                if not isinstance(w, list) or len(w) != 2:
                    raise InstanceError(wp, f"expected [start, end], got {w!r}")
                a = _parse_time(w[0], f"{wp}[0]")
                b = _parse_time(w[1], f"{wp}[1]")
                if b <= a:
                    raise InstanceError(wp, f"end {w[1]} is not after start {w[0]}")
                out.append((a, b))
            avail[day] = tuple(out)
        prev = p.get("previous", [])
        participants.append(
            Participant(
                pid,
                float(_num(_req(p, "contract_hours", path), f"{path}.contract_hours", minimum=0)),
                home,
                float(_num(_req(p, "max_travel_km", path), f"{path}.max_travel_km", minimum=0)),
                float(
                    _num(_req(p, "max_hours_per_day", path), f"{path}.max_hours_per_day", minimum=0)
                ),
                _strset(p.get("skills", []), f"{path}.skills"),
                _strset(p.get("limitations", []), f"{path}.limitations"),
                _strset(p.get("wishes", []), f"{path}.wishes"),
                avail,
                tuple(
                    dict.fromkeys(
                        _str(x, f"{path}.previous[{k}]")
                        for k, x in enumerate(_list(prev, f"{path}.previous"))
                    )
                ),
            )
        )
    return Instance(name, week, weights, tuple(nbhs), tuple(participants), tuple(tasks), raw=data)


def load_instance(path: str | Path) -> Instance:
    """Read and validate an instance file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise InstanceError("", f"{path} is not valid JSON: {e}") from e
    return parse_instance(data)


def parse_plan(data: Mapping[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    """Validate the shape of a ``basisbaan-plan/1`` dict.

    Returns ``(instance name, assignments in file order)``; duplicates are kept so that the
    scorer can report them (rule 1).
    """
    if not isinstance(data, Mapping):
        raise InstanceError("", "a plan must be a JSON object")
    fmt = _req(data, "format", "")
    if fmt != PLAN_FORMAT:
        raise InstanceError("format", f"expected {PLAN_FORMAT!r}, got {fmt!r}")
    name = data.get("instance", "")
    pairs = []
    for i, a in enumerate(_list(_req(data, "assignments", ""), "assignments")):
        path = f"assignments[{i}]"
        pairs.append(
            (
                _str(_req(a, "participant", path), f"{path}.participant"),
                _str(_req(a, "slot", path), f"{path}.slot"),
            )
        )
    return str(name), pairs


def load_plan(path: str | Path) -> tuple[str, list[tuple[str, str]]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise InstanceError("", f"{path} is not valid JSON: {e}") from e
    return parse_plan(data)
