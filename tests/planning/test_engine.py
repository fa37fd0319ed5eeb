"""The engine adapter (``planning.engine``): the one door to ``basisbaan_planner``.

Only the adapter imports the engine; pin refusals are read from the engine's structured
``PinError`` and progress from its ``Progress`` values (no regex over its messages);
publishing is one function, used by the planner's button and by an accepted replacement.
"""

import ast
import types
from pathlib import Path

import pytest

from basisbaan.planning import engine, ids, jobs, services
from basisbaan.planning.models import PlanVersion
from basisbaan_planner.solve import PinError, Progress
from tests.planning.conftest import NEXT_WEEK

SRC = Path(__file__).resolve().parents[2] / "src" / "basisbaan"
ADAPTER = SRC / "planning" / "engine.py"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_only_the_adapter_imports_the_engine():
    importers = {
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if any(
            name == "basisbaan_planner" or name.startswith("basisbaan_planner.")
            for name in _imports(path)
        )
    }
    assert importers == {"planning/engine.py"}
    # ... nor by a string (importlib): the name appears in no other module's code.
    for path in SRC.rglob("*.py"):
        if path != ADAPTER:
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    assert not node.value.startswith("basisbaan_planner."), path


def test_no_regex_reads_the_engines_messages():
    for name in ("engine.py", "services.py", "jobs.py", "unexpected.py", "gaps.py"):
        assert "re" not in _imports(SRC / "planning" / name), name


def test_the_exchange_format_is_the_engines():
    from basisbaan_planner.model import INSTANCE_FORMAT

    assert engine.FORMAT == INSTANCE_FORMAT


def test_ids_round_trip():
    assert ids.participant_pk(ids.participant_key(12)) == 12
    assert ids.parse_slot_key(ids.slot_key(3, "wed", 45)) == (3, "wed", 45)
    for bad in ("X1", "P", "Pab"):
        with pytest.raises(ValueError):
            ids.participant_pk(bad)
    for bad in ("T1.mon", "T1.xyz.2", "X1.mon.2", "T1.mon.x"):
        with pytest.raises(ValueError):
            ids.parse_slot_key(bad)


def test_a_pin_error_is_explained_from_its_fields(groningen):
    from basisbaan.communitytasks.models import TaskSlot
    from basisbaan.participants.models import Participant

    person = Participant.objects.filter(municipality=groningen).first()
    slot = TaskSlot.objects.filter(task__municipality=groningen).select_related("task").first()
    key = ids.slot_key(slot.task_id, "tue", slot.pk)
    # The message text is not read: only rule, participant and slot count.
    error = PinError("anything", rule=6, participant=ids.participant_key(person.pk), slot=key)
    text = engine.explain(error)
    assert person.display_name in text and slot.task.title in text
    assert str(engine.PIN_RULES[6]) in text
    # Without a rule (an unknown id) the engine's own words are shown.
    plain = engine.explain(PinError("pin: unknown slot T0.mon.0", None, "P1", "T0.mon.0"))
    assert "pin: unknown slot T0.mon.0" in plain


def test_the_job_line_comes_from_progress_values():
    from django.utils import translation

    with translation.override("en"):
        _job_lines()


def _job_lines():
    assert jobs.progress_text(Progress(0.0, "compiling the instance")) == "Reading the week"
    assert jobs.progress_text(Progress(0.5, "searching", cost=12345.67)) == (
        "Looking for a better plan (cost now 12345.7)"
    )
    assert jobs.progress_text(Progress(0.08, "slot prices", bound=99.0)) == (
        "Looking for a better plan"
    )
    assert jobs.progress_text(Progress(1.0, "done", cost=1.0)) == "Finishing the plan"


def test_progress_values_reach_the_job(groningen, planner):
    week = services.week_for(groningen, NEXT_WEEK)
    version = services.new_version(week, planner, time_limit=2)
    reported = []
    seen = []
    original = jobs.progress_text

    def spy(progress):
        seen.append(progress)
        return original(progress)

    job = types.SimpleNamespace(params={"version": version.pk})
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(jobs, "progress_text", spy)
        result = jobs.run_planning(job, lambda fraction, text: reported.append((fraction, text)))
    assert seen and all(isinstance(value, Progress) for value in seen)
    assert len(reported) == len(seen)
    assert [f for f, _t in reported] == [0.98 * v.fraction for v in seen]
    costs = [v for v in seen if v.cost is not None and 0.05 <= v.fraction < 0.95]
    assert costs
    assert any(f"{costs[0].cost:.1f}" in text for _f, text in reported)
    version.refresh_from_db()
    assert version.status == PlanVersion.Status.READY
    assert result["cost"] == version.cost["total"]


def test_publishing_goes_through_one_function(groningen, planner, monkeypatch):
    calls = []
    original = services.make_published

    def spy(version, user, **kwargs):
        calls.append(version.pk)
        return original(version, user, **kwargs)

    monkeypatch.setattr(services, "make_published", spy)
    week = services.week_for(groningen, NEXT_WEEK)
    version = services.plan_now(week, planner, time_limit=2, lower_bound=False)
    assert version.number == 1
    week.refresh_from_db()
    services.publish(version, planner, week.revision)
    week.refresh_from_db()
    assert calls == [version.pk] and week.published_id == version.pk
