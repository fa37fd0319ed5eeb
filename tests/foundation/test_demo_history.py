"""The demo's programme history follows Groningen's published headcounts.

The plan itself (``participants.demo_history``) is checked on several days; the seeded
demo is checked through the figure the monitor shows (``participants.figures.headcounts``),
on the small test world here and on the full demo (``make demo``'s world) in a
database of its own.
"""

import datetime
import json
import os
import random
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.utils import timezone

from basisbaan.core import calendar
from basisbaan.participants import demo_history, figures
from basisbaan.participants.models import EmploymentContract, Participant, Status
from basisbaan.tenants.models import Municipality

REPO = Path(__file__).resolve().parents[2]
PUBLISHED = {  # ../shared/domain.md: in service, of whom permanent
    datetime.date(2020, 6, 30): (9, None),
    datetime.date(2021, 1, 31): (25, None),
    datetime.date(2023, 3, 31): (56, None),
    datetime.date(2024, 4, 30): (132, 20),
    datetime.date(2025, 4, 30): (160, None),
}
DAYS = [
    datetime.date(2025, 6, 2),
    datetime.date(2026, 12, 5),
    datetime.date(2027, 3, 28),
    datetime.date(2027, 12, 31),
    datetime.date(2028, 2, 29),
    datetime.date(2031, 7, 1),
]


@pytest.mark.parametrize("today", DAYS)
@pytest.mark.parametrize("trajectory", [demo_history.GRONINGEN, demo_history.GRONINGEN_SMALL])
def test_the_plan_meets_every_anchor_and_month_end(trajectory, today):
    history = demo_history.plan(trajectory, today, random.Random(7))
    for anchor in trajectory.anchors:
        in_service, permanent = history.headcount_on(anchor.day)
        assert in_service == anchor.in_service, anchor
        if anchor.permanent is not None:
            assert permanent == anchor.permanent, anchor
    for end in calendar.month_ends(trajectory.start, today):
        assert history.headcount_on(end)[0] == round(trajectory.target(end)), end
    # Nobody leaves in the first three years; the counts of leavers are the trajectory's.
    no_exit_until = calendar.months_after(trajectory.start, trajectory.no_exit_months)
    leavers = [c for c in history.careers if c.leave is not None]
    assert all(no_exit_until <= c.leave <= today for c in leavers)
    assert sum(c.leave_kind == "exit" for c in leavers) == trajectory.exits
    assert sum(c.leave_kind == "long_term_sick" for c in leavers) == trajectory.long_term_sick


def test_growth_after_the_last_anchor_is_fifty_a_year_up_to_250():
    trajectory = demo_history.GRONINGEN
    assert trajectory.target(datetime.date(2026, 4, 30)) == 210
    assert trajectory.target(datetime.date(2027, 4, 30)) == 250
    assert trajectory.target(datetime.date(2030, 1, 1)) == 250


def test_early_leavers_left_before_their_permanent_contract():
    history = demo_history.plan(
        demo_history.GRONINGEN, datetime.date(2026, 12, 5), random.Random(3)
    )
    early = [c for c in history.careers if c.early]
    assert len(early) == 5
    assert all(c.leave < c.anniversary and c.permanent_on(c.leave) is None for c in early)


@pytest.mark.django_db
def test_the_test_world_headcount_follows_its_trajectory():
    from tests.conftest import WORLD_TODAY

    groningen = Municipality.objects.get(cbs_code="GM0014")
    trajectory = demo_history.GRONINGEN_SMALL
    days = [anchor.day for anchor in trajectory.anchors] + [WORLD_TODAY]
    counts = figures.headcounts(groningen, days)
    for anchor, count in zip(trajectory.anchors, counts, strict=False):
        assert count.in_service == anchor.in_service
        if anchor.permanent is not None:
            assert count.permanent == anchor.permanent
    assert counts[-1].in_service == figures.in_service(groningen)
    assert counts[-1].permanent == groningen.participants.filter(status=Status.PERMANENT).count()
    # Contracts on record from the first day in service (no gap before a known wage).
    first = Participant.objects.filter(municipality=groningen, status=Status.PERMANENT).first()
    first_contract = first.contracts.order_by("start_date").first()
    assert first_contract.kind == EmploymentContract.Kind.TEMPORARY
    assert first_contract.start_date == timezone.localdate(
        first.status_changes.filter(to_status=Status.EMPLOYED).get().at
    )


CHECK = """
import datetime, json
from basisbaan.participants import figures
from basisbaan.tenants.models import Municipality
groningen = Municipality.objects.get(cbs_code="GM0014")
days = [datetime.date.fromisoformat(d) for d in {days!r}]
print(json.dumps([[h.day.isoformat(), h.in_service, h.permanent]
                  for h in figures.headcounts(groningen, days)]))
"""


def test_the_full_demo_follows_the_published_headcounts():
    """``make demo``'s world, seeded in a database of its own (about a minute)."""
    path = REPO / "var" / f"history-{uuid.uuid4().hex[:8]}.sqlite3"
    path.parent.mkdir(exist_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "DEBUG": "1"}
    env.pop("PYTEST_VERSION", None)
    manage = [sys.executable, "-m", "basisbaan.manage"]
    try:
        subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True)
        subprocess.run([*manage, "seed_demo"], env=env, check=True, capture_output=True)
        days = [day.isoformat() for day in PUBLISHED]
        result = subprocess.run(
            [*manage, "shell", "-v0", "-c", CHECK.format(days=days)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    counts = {datetime.date.fromisoformat(d): (n, p) for d, n, p in json.loads(result.stdout)}
    for day, (in_service, permanent) in PUBLISHED.items():
        assert counts[day][0] == in_service, day
        if permanent is not None:
            assert counts[day][1] == permanent, day
