"""Fixtures for the planning engine tests (pure Python: no Django, no database)."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))


def shared_planning() -> Path | None:
    """The outside reference (``../shared/planning`` or $BASISBAAN_SHARED_PLANNING)."""
    env = os.environ.get("BASISBAAN_SHARED_PLANNING")
    for cand in ([Path(env)] if env else []) + [ROOT.parent / "shared" / "planning"]:
        if (cand / "score.py").is_file():
            return cand
    return None


def reference_score(instance: dict[str, Any], plan: dict[str, Any], tmp: Path) -> dict | str:
    """Run the reference ``score.py``: its JSON result, or its 'invalid: ...' line."""
    ref = shared_planning()
    assert ref is not None
    ip, pp = tmp / "instance.json", tmp / "plan.json"
    ip.write_text(json.dumps(instance))
    pp.write_text(json.dumps(plan))
    out = subprocess.run(
        [sys.executable, str(ref / "score.py"), str(ip), str(pp), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode == 1:
        return out.stdout.strip()
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def tiny_instance() -> dict[str, Any]:
    """Two participants, three tasks, five slots; every rule can be broken in it."""
    return {
        "format": "basisbaan-planning/1",
        "name": "tiny",
        "week": "2026-W48",
        "weights": {
            "shortfall_hour": 100,
            "uncovered_hour": 10,
            "wish_miss_hour": 4,
            "travel_km": 1,
            "change_hour": 8,
            "extra_task": 3,
        },
        "neighbourhoods": [
            {"id": "WK001400", "name": "Centrum", "x_km": 0.0, "y_km": 0.0},
            {"id": "WK001401", "name": "Beijum", "x_km": 3.0, "y_km": 4.0},
            {"id": "WK001402", "name": "Haren", "x_km": 0.0, "y_km": -9.0},
        ],
        "participants": [
            {
                "id": "P1",
                "contract_hours": 8,
                "home": "WK001400",
                "max_travel_km": 6,
                "max_hours_per_day": 6,
                "skills": ["cooking"],
                "limitations": ["no_heavy_physical"],
                "wishes": ["community_centre"],
                "availability": {"mon": [["09:00", "17:00"]], "tue": [["09:00", "13:00"]]},
                "previous": ["A.mon", "GONE.slot"],
            },
            {
                "id": "P2",
                "contract_hours": 6,
                "home": "WK001401",
                "max_travel_km": 14,
                "max_hours_per_day": 8,
                "skills": [],
                "limitations": [],
                "wishes": [],
                "availability": {"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]]},
                "previous": [],
            },
        ],
        "tasks": [
            {
                "id": "A",
                "organisation": "O1",
                "neighbourhood": "WK001400",
                "category": "community_centre",
                "priority": 2,
                "requires": ["cooking"],
                "demands": ["customer_contact"],
                "slots": [
                    {"id": "A.mon", "day": "mon", "start": "09:00", "end": "13:00", "people": 1},
                    {"id": "A.tue", "day": "tue", "start": "09:00", "end": "13:00", "people": 1},
                ],
            },
            {
                "id": "B",
                "organisation": "O1",
                "neighbourhood": "WK001401",
                "category": "litter_picking",
                "priority": 1,
                "requires": [],
                "demands": ["heavy_physical"],
                "slots": [
                    {"id": "B.mon", "day": "mon", "start": "12:00", "end": "15:00", "people": 2},
                ],
            },
            {
                "id": "C",
                "organisation": "O2",
                "neighbourhood": "WK001401",
                "category": "host",
                "priority": 3,
                "requires": [],
                "demands": [],
                "slots": [
                    {"id": "C.mon", "day": "mon", "start": "13:00", "end": "16:00", "people": 1},
                    {"id": "C.tue", "day": "tue", "start": "13:00", "end": "17:00", "people": 1},
                ],
            },
            {
                "id": "D",
                "organisation": "O2",
                "neighbourhood": "WK001402",
                "category": "host",
                "priority": 1,
                "requires": [],
                "demands": [],
                "slots": [
                    {"id": "D.tue", "day": "tue", "start": "09:00", "end": "11:00", "people": 1},
                ],
            },
        ],
    }


@pytest.fixture
def tiny() -> dict[str, Any]:
    return copy.deepcopy(tiny_instance())


def plan_dict(name: str, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "format": "basisbaan-plan/1",
        "instance": name,
        "assignments": [{"participant": p, "slot": s} for p, s in pairs],
    }
