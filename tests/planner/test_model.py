"""Parsing, validation and plan output."""

from __future__ import annotations

import json

import pytest
from conftest import tiny_instance

from basisbaan_planner.model import (
    InstanceError,
    Plan,
    load_instance,
    parse_instance,
    parse_plan,
)


def test_parses_tiny_instance() -> None:
    inst = parse_instance(tiny_instance())
    assert inst.name == "tiny"
    assert [p.id for p in inst.participants] == ["P1", "P2"]
    assert inst.slots["A.mon"].start == 9 * 60
    assert inst.slots["A.mon"].hours == 4
    assert inst.participant_by_id["P1"].limited == frozenset({"heavy_physical"})
    assert inst.km("WK001400", "WK001401") == pytest.approx(5.0)


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d.update(format="other/1"), "format"),
        (lambda d: d.pop("weights"), "weights"),
        (lambda d: d["weights"].pop("travel_km"), "weights.travel_km"),
        (lambda d: d["participants"][1].update(home="WK999999"), "participants[1].home"),
        (lambda d: d["participants"][0].pop("contract_hours"), "participants[0].contract_hours"),
        (
            lambda d: d["participants"][0].update(contract_hours="32"),
            "participants[0].contract_hours",
        ),
        (
            lambda d: d["participants"][0]["availability"].update(mon=[["17:00", "09:00"]]),
            "participants[0].availability.mon[0]",
        ),
        (
            lambda d: d["participants"][0]["availability"].update(mon=[["9:15", "12:00"]]),
            "participants[0].availability.mon[0][0]",
        ),
        (
            lambda d: d["participants"][0]["availability"].update(xyz=[]),
            "participants[0].availability.xyz",
        ),
        (lambda d: d["participants"][1].update(id="P1"), "participants[1].id"),
        (lambda d: d["tasks"][0]["slots"][1].update(day="funday"), "tasks[0].slots[1].day"),
        (lambda d: d["tasks"][0]["slots"][1].update(end="08:00"), "tasks[0].slots[1].end"),
        (lambda d: d["tasks"][0]["slots"][1].update(people=0), "tasks[0].slots[1].people"),
        (lambda d: d["tasks"][0]["slots"][1].update(people=1.5), "tasks[0].slots[1].people"),
        (lambda d: d["tasks"][1]["slots"][0].update(id="A.mon"), "tasks[1].slots[0].id"),
        (lambda d: d["tasks"][2].update(neighbourhood="nowhere"), "tasks[2].neighbourhood"),
        (lambda d: d["tasks"][2].update(requires="cooking"), "tasks[2].requires"),
        (lambda d: d["neighbourhoods"][0].update(x_km=None), "neighbourhoods[0].x_km"),
    ],
)
def test_bad_instances_name_the_field(mutate, path: str) -> None:
    data = tiny_instance()
    mutate(data)
    with pytest.raises(InstanceError) as e:
        parse_instance(data)
    assert e.value.path == path
    assert str(e.value).startswith(path)
    assert isinstance(e.value, ValueError)


def test_not_json(tmp_path) -> None:
    p = tmp_path / "x.json"
    p.write_text("{nope")
    with pytest.raises(InstanceError, match="not valid JSON"):
        load_instance(p)


def test_plan_output_is_sorted_and_exact(tmp_path) -> None:
    plan = Plan.of("tiny", [("P2", "C.mon"), ("P1", "A.tue"), ("P1", "A.mon")])
    d = plan.to_dict()
    assert d == {
        "format": "basisbaan-plan/1",
        "instance": "tiny",
        "assignments": [
            {"participant": "P1", "slot": "A.mon"},
            {"participant": "P1", "slot": "A.tue"},
            {"participant": "P2", "slot": "C.mon"},
        ],
    }
    plan.write(tmp_path / "p.json")
    assert json.loads((tmp_path / "p.json").read_text()) == d
    assert parse_plan(d) == ("tiny", [("P1", "A.mon"), ("P1", "A.tue"), ("P2", "C.mon")])


def test_bad_plan() -> None:
    with pytest.raises(InstanceError) as e:
        parse_plan({"format": "basisbaan-plan/1", "assignments": [{"participant": "P1"}]})
    assert e.value.path == "assignments[0].slot"
