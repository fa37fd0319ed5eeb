"""Synthetic weekly planning instances (``basisbaan-planning/1``), deterministic per seed.

The instances imitate the basisbaan programme of a municipality like Groningen: a dense
city core with outlying villages (neighbourhood codes ``WK0014xx``), participants on 24-36
hour contracts (a few on fewer hours), with health or literacy limitations (``no_X``),
wishes and bike travel limits, and recurring weekly task slots from neighbourhood
organisations. About 1.3 task-hours are offered per contracted hour, so a good plan
must choose.

``replan=True`` adds last week's plan: a plan is made for the week before (a simple
nearest-first fill, the way a planner with a spreadsheet works), then the week changes:
some tasks stop and new ones start, newcomers join, and some people lose a day.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from typing import Any

DAYS = ("mon", "tue", "wed", "thu", "fri")

# Groningen's wijken, with rough positions in km from the Grote Markt.
NEIGHBOURHOODS: tuple[tuple[str, float, float], ...] = (
    ("Centrum", 0.0, 0.0),
    ("Oud-Zuid", 0.3, -1.2),
    ("Oud-West", -1.2, 0.2),
    ("Noordwest", -0.6, 1.3),
    ("Oosterparkwijk", 1.5, 0.3),
    ("Korrewegwijk", 1.0, 1.4),
    ("De Hoogte", 1.6, 1.2),
    ("Indische Buurt", 1.9, 0.9),
    ("Oosterpoort", 1.0, -0.8),
    ("Helpman", 0.9, -2.4),
    ("De Wijert", 0.2, -2.6),
    ("Corpus den Hoorn", -1.1, -2.3),
    ("Vinkhuizen", -3.0, 0.6),
    ("Selwerd", -0.7, 2.4),
    ("Paddepoel", -1.5, 2.7),
    ("Zernike", -2.2, 3.9),
    ("Beijum", 2.8, 3.2),
    ("Lewenborg", 4.0, 2.2),
    ("Oosterhoogebrug", 3.6, 1.2),
    ("Ruischerbrug", 4.6, 0.9),
    ("Noorddijk", 5.6, 2.9),
    ("Meerstad", 6.2, -0.8),
    ("Hoogkerk", -5.2, -0.6),
    ("Haren", 1.8, -6.8),
    ("Glimmen", 2.6, -9.0),
    ("Onnen", 4.4, -7.6),
    ("Ten Boer", 9.6, 4.3),
    ("Thesinge", 7.4, 5.0),
    ("Sauwerd", -1.8, 8.0),
    ("Garmerwolde", 7.0, 2.4),
)

# category -> (demands, possible requirements, slot hours, places (min, max), evening/weekend share)
CATEGORIES: dict[
    str, tuple[tuple[str, ...], tuple[str, ...], tuple[float, ...], tuple[int, int], float]
] = {
    "community_centre": (("customer_contact",), ("cooking", "hygiene"), (3, 4), (1, 2), 0.15),
    "visiting_elderly": (("customer_contact", "working_alone"), (), (2, 2.5), (1, 1), 0.0),
    "litter_picking": (("outdoor",), (), (2, 3), (1, 3), 0.1),
    "decluttering": (("heavy_physical", "customer_contact"), (), (3,), (1, 2), 0.0),
    "odd_jobs": (("customer_contact", "working_alone"), ("handy",), (2, 3), (1, 2), 0.0),
    "neighbourhood_paper": (("reading_writing",), ("computer",), (3, 4), (1, 1), 0.0),
    "host": (("customer_contact",), (), (3, 4), (1, 2), 0.3),
    "bike_steward": (("outdoor", "customer_contact"), ("bike",), (3, 4), (1, 2), 0.2),
    "sports_club": (("heavy_physical",), ("hygiene",), (2, 3), (1, 2), 0.4),
    "vulnerable_residents": (
        ("customer_contact", "reading_writing"),
        ("first_aid",),
        (2, 3),
        (1, 1),
        0.0,
    ),
}
SKILLS: dict[str, float] = {
    "cooking": 0.25,
    "hygiene": 0.2,
    "handy": 0.3,
    "computer": 0.3,
    "bike": 0.8,
    "first_aid": 0.25,
}
LIMITATIONS: dict[str, float] = {
    "heavy_physical": 0.3,
    "customer_contact": 0.1,
    "reading_writing": 0.2,
    "outdoor": 0.1,
    "working_alone": 0.15,
}
WEIGHTS = {
    "shortfall_hour": 100,
    "uncovered_hour": 10,
    "wish_miss_hour": 4,
    "travel_km": 1,
    "change_hour": 8,
    "extra_task": 3,
}


def _hhmm(h: float) -> str:
    return f"{int(h):02d}:{int(round((h - int(h)) * 60)):02d}"


def _minutes(t: str) -> int:
    h, m = t.split(":")
    return int(h) * 60 + int(m)


def _neighbourhoods(rng: random.Random, n: int) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        name, x, y = NEIGHBOURHOODS[i % len(NEIGHBOURHOODS)]
        if i >= len(NEIGHBOURHOODS):  # split a large wijk in parts, a little apart
            part = i // len(NEIGHBOURHOODS) + 1
            name = f"{name} {part}"
            x += rng.uniform(-0.8, 0.8)
            y += rng.uniform(-0.8, 0.8)
        out.append({"id": f"WK0014{i:02d}", "name": name, "x_km": round(x, 2), "y_km": round(y, 2)})
    return out


def _participant(rng: random.Random, i: int, nbhs: list[dict[str, Any]]) -> dict[str, Any]:
    contract = rng.choices([12, 16, 20, 24, 28, 32, 36], weights=[1, 2, 3, 28, 16, 30, 20])[0]
    start, end = rng.choice([(8.5, 17.0), (9.0, 17.0), (8.0, 16.5), (9.0, 15.0), (9.5, 14.0)])
    days = list(DAYS)
    if rng.random() < 0.25:
        days.remove(rng.choice(days))
    avail: dict[str, list[list[str]]] = {}
    for d in days:
        e = end if rng.random() > 0.12 else min(end, 13.0)
        avail[d] = [[_hhmm(start), _hhmm(e)]]
    if rng.random() < 0.12:
        avail["sat"] = [["10:00", "16:00"]]
    if rng.random() < 0.1:
        for d in days[:2]:
            avail[d].append(["18:00", "21:00"])
    # the city core is where most people live
    weights = [3.0 if math.hypot(n["x_km"], n["y_km"]) < 3.5 else 1.0 for n in nbhs]
    home = rng.choices(nbhs, weights=weights)[0]["id"]
    return {
        "id": f"P{i:05d}",
        "contract_hours": contract,
        "home": home,
        "max_travel_km": rng.choice([3, 5, 5, 6, 8, 8, 12]),
        "max_hours_per_day": rng.choice([6, 8, 8, 8]),
        "skills": sorted(s for s, p in SKILLS.items() if rng.random() < p),
        "limitations": sorted("no_" + x for x, p in LIMITATIONS.items() if rng.random() < p),
        "wishes": sorted(rng.sample(sorted(CATEGORIES), rng.choice([0, 1, 2, 2, 3]))),
        "availability": avail,
        "previous": [],
    }


def _task(
    rng: random.Random, tid: str, nbhs: list[dict[str, Any]], orgs: list[str]
) -> dict[str, Any]:
    cat = rng.choice(sorted(CATEGORIES))
    demands, reqs, hours, places, odd = CATEGORIES[cat]
    h = rng.choice(hours)
    n_days = rng.choice([1, 2, 2, 3, 4, 5])
    morning = rng.random() < 0.6
    slots: list[dict[str, Any]] = []
    seen: set[tuple[str, float]] = set()
    for k, d in enumerate(sorted(rng.sample(DAYS, n_days), key=DAYS.index)):
        if rng.random() < odd:
            d, s = rng.choice([("sat", 10.0), (d, 18.5)])
        else:
            s = rng.choice([8.5, 9.0, 9.5]) if morning else rng.choice([12.5, 13.0, 13.5])
        if (d, s) in seen:
            continue
        seen.add((d, s))
        slots.append(
            {
                "id": f"{tid}.{d}.{k}",
                "day": d,
                "start": _hhmm(s),
                "end": _hhmm(s + h),
                "people": rng.randint(*places),
            }
        )
    return {
        "id": tid,
        "organisation": rng.choice(orgs),
        "neighbourhood": rng.choice(nbhs)["id"],
        "category": cat,
        "priority": rng.choices([1, 2, 3], weights=[3, 5, 2])[0],
        "requires": sorted(r for r in reqs if rng.random() < 0.5),
        "demands": sorted(x for x in demands if rng.random() < 0.85),
        "slots": slots,
    }


def _last_week(inst: dict[str, Any], rng: random.Random) -> None:
    """Fill ``previous``: each participant in turn takes fitting slots, nearest first."""
    nb = {n["id"]: (n["x_km"], n["y_km"]) for n in inst["neighbourhoods"]}
    free = {s["id"]: s["people"] for t in inst["tasks"] for s in t["slots"]}
    order = list(inst["participants"])
    rng.shuffle(order)
    for p in order:
        no = {x[3:] for x in p["limitations"]}
        hx, hy = nb[p["home"]]
        cands = []
        for t in inst["tasks"]:
            tx, ty = nb[t["neighbourhood"]]
            d = math.hypot(hx - tx, hy - ty)
            if d > p["max_travel_km"] or not set(t["requires"]) <= set(p["skills"]):
                continue
            if no & set(t["demands"]):
                continue
            for s in t["slots"]:
                a, b = _minutes(s["start"]), _minutes(s["end"])
                wins = p["availability"].get(s["day"], [])
                if any(_minutes(w0) <= a and b <= _minutes(w1) for w0, w1 in wins):
                    cands.append((d + rng.random(), s["id"], s["day"], a, b))
        cands.sort()
        total, per_day, taken = 0.0, dict.fromkeys(DAYS + ("sat", "sun"), 0.0), []
        for _, sid, day, a, b in cands:
            h = (b - a) / 60
            if free[sid] <= 0 or total + h > p["contract_hours"]:
                continue
            if per_day[day] + h > p["max_hours_per_day"]:
                continue
            if any(td == day and a < tb and ta < b for _, td, ta, tb in taken):
                continue
            taken.append((sid, day, a, b))
            free[sid] -= 1
            total += h
            per_day[day] += h
        p["previous"] = sorted(sid for sid, _, _, _ in taken)


def generate(
    people: int = 250,
    seed: int = 1,
    replan: bool = False,
    ratio: float = 1.3,
    churn: float = 0.1,
    name: str | None = None,
) -> dict[str, Any]:
    """A synthetic instance dict with ``people`` participants (plus newcomers if replanning)."""
    if people < 1:
        raise ValueError("people must be at least 1")
    rng = random.Random(f"basisbaan-{people}-{seed}-{ratio}-{replan}-{churn}")
    n_nbh = max(6, min(90, people // 25))
    nbhs = _neighbourhoods(rng, n_nbh)
    orgs = [f"O{i:04d}" for i in range(max(5, people // 6))]
    participants = [_participant(rng, i, nbhs) for i in range(people)]
    need = ratio * sum(p["contract_hours"] for p in participants)
    tasks: list[dict[str, Any]] = []
    hours = 0.0
    while hours < need:
        t = _task(rng, f"T{len(tasks):05d}", nbhs, orgs)
        tasks.append(t)
        hours += sum(
            (_minutes(s["end"]) - _minutes(s["start"])) / 60 * s["people"] for s in t["slots"]
        )
    inst: dict[str, Any] = {
        "format": "basisbaan-planning/1",
        "name": name or f"bb-{people}-s{seed}" + ("-replan" if replan else ""),
        "week": "2026-W48",
        "weights": dict(WEIGHTS),
        "neighbourhoods": nbhs,
        "participants": participants,
        "tasks": tasks,
    }
    if replan:
        _last_week(inst, rng)
        n_drop = int(len(tasks) * churn)
        for t in rng.sample(tasks, n_drop):
            tasks.remove(t)
        for k in range(n_drop):
            tasks.append(_task(rng, f"T{100000 + k:06d}", nbhs, orgs))
        for k in range(int(people * churn / 2)):
            participants.append(_participant(rng, people + k, nbhs))
        for p in rng.sample(participants, int(len(participants) * churn / 2)):
            if len(p["availability"]) > 1:
                del p["availability"][rng.choice(sorted(p["availability"]))]
    return inst


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="basisbaan-planner generate", description=__doc__)
    ap.add_argument("--people", type=int, default=250)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--replan", action="store_true")
    ap.add_argument("--ratio", type=float, default=1.3)
    ap.add_argument("--output", "-o", default="-")
    a = ap.parse_args(argv)
    text = json.dumps(generate(a.people, a.seed, a.replan, a.ratio), separators=(",", ":"))
    if a.output == "-":
        sys.stdout.write(text + "\n")
    else:
        with open(a.output, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    return 0
