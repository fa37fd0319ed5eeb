"""The command line entry point (argv-driven, returns exit codes)."""

from __future__ import annotations

import json

from conftest import plan_dict, tiny_instance

from basisbaan_planner.cli import main


def test_generate_plan_score_roundtrip(tmp_path, capsys) -> None:
    inst, plan = tmp_path / "i.json", tmp_path / "p.json"
    assert main(["generate", "--people", "15", "--seed", "2", "--output", str(inst)]) == 0
    data = json.loads(inst.read_text())
    assert data["format"] == "basisbaan-planning/1"
    assert all(n["id"].startswith("WK0014") for n in data["neighbourhoods"])
    assert main(["plan", str(inst), "--time-limit", "5", "--output", str(plan)]) == 0
    out = json.loads(plan.read_text())
    assert out["format"] == "basisbaan-plan/1" and out["instance"] == data["name"]
    assert out["assignments"] == sorted(
        out["assignments"], key=lambda a: (a["participant"], a["slot"])
    )
    capsys.readouterr()
    assert main(["score", str(inst), str(plan), "--json"]) == 0
    assert "total" in json.loads(capsys.readouterr().out)


def test_score_reports_broken_rule(tmp_path, capsys) -> None:
    inst, plan = tmp_path / "i.json", tmp_path / "p.json"
    inst.write_text(json.dumps(tiny_instance()))
    plan.write_text(json.dumps(plan_dict("tiny", [("P1", "B.mon")])))
    assert main(["score", str(inst), str(plan)]) == 1
    assert "rule 3" in capsys.readouterr().out


def test_bad_instance_and_usage(tmp_path, capsys) -> None:
    inst = tmp_path / "i.json"
    data = tiny_instance()
    data["tasks"][0]["slots"][0]["start"] = "25:00"
    inst.write_text(json.dumps(data))
    assert main(["plan", str(inst), "--output", str(tmp_path / "p.json")]) == 2
    assert "tasks[0].slots[0].start" in capsys.readouterr().err
    assert main(["frobnicate"]) == 2


def test_plan_with_pins(tmp_path) -> None:
    inst, plan = tmp_path / "i.json", tmp_path / "p.json"
    inst.write_text(json.dumps(tiny_instance()))
    args = ["plan", str(inst), "--time-limit", "2", "--output", str(plan)]
    assert main([*args, "--pin", "P2:C.mon"]) == 0
    pairs = {(a["participant"], a["slot"]) for a in json.loads(plan.read_text())["assignments"]}
    assert ("P2", "C.mon") in pairs
    assert main([*args, "--pin", "P1:B.mon"]) == 1


def test_bound(tmp_path, capsys) -> None:
    inst = tmp_path / "i.json"
    inst.write_text(json.dumps(tiny_instance()))
    assert main(["bound", str(inst)]) == 0
    assert "LP floor" in capsys.readouterr().out


def test_integer_bound_refuses_an_invalid_start_and_brackets_the_optimum(tmp_path, capsys) -> None:
    inst, bad, good = tmp_path / "i.json", tmp_path / "bad.json", tmp_path / "good.json"
    inst.write_text(json.dumps(tiny_instance()))
    bad.write_text(json.dumps(plan_dict("tiny", [("P1", "B.mon")])))
    assert main(["bound", str(inst), "--integer", "--plan", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "invalid plan" in err and "rule 3" in err
    assert main(["plan", str(inst), "--time-limit", "2", "--output", str(good)]) == 0
    capsys.readouterr()
    assert main(["bound", str(inst), "--integer", "--plan", str(good), "--time-limit", "30"]) == 0
    out = capsys.readouterr().out
    assert "optimum between" in out and "Optimal" in out
