"""``basisbaan plan`` and ``basisbaan score``: the engine's CLI, without any database."""

import json
import os
import subprocess
import sys

from basisbaan.planning import export
from tests.planning.conftest import NEXT_WEEK


def _basisbaan(*args, tmp_path):
    env = {
        **os.environ,
        "DEBUG": "1",
        # A database that does not exist: the commands must not need one.
        "DATABASE_URL": f"sqlite:///{tmp_path}/missing/none.sqlite3",
    }
    return subprocess.run(
        [sys.executable, "-m", "basisbaan.manage", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_plan_and_score_commands_work_on_files_only(groningen, tmp_path):
    instance = tmp_path / "week.json"
    instance.write_text(json.dumps(export.export_week(groningen, NEXT_WEEK).data))
    plan = tmp_path / "plan.json"
    done = _basisbaan(
        "plan", str(instance), "--time-limit", "1", "--output", str(plan), tmp_path=tmp_path
    )
    assert done.returncode == 0, done.stderr
    written = json.loads(plan.read_text())
    assert written["format"] == "basisbaan-plan/1" and written["assignments"]

    scored = _basisbaan("score", str(instance), str(plan), tmp_path=tmp_path)
    assert scored.returncode == 0, scored.stderr

    # A plan that breaks a hard rule (the same pair twice) is refused with exit code 1.
    broken = tmp_path / "broken.json"
    first = written["assignments"][0]
    broken.write_text(json.dumps({**written, "assignments": [first, first]}))
    refused = _basisbaan("score", str(instance), str(broken), tmp_path=tmp_path)
    assert refused.returncode == 1
    assert not (tmp_path / "missing" / "none.sqlite3").exists()
