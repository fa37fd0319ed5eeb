"""The engine's plans on fixed seeds with a work budget (no clock): a refactor must keep
them to the cent. ``python bench/engine_fingerprint.py`` prints one line per instance;
``--check`` compares with ``bench/engine_fingerprint.txt`` (update that file only when a
change is meant to change the plans, and say so in the commit)."""

import argparse
import hashlib
import json
import sys
from pathlib import Path

from basisbaan_planner.generate import generate
from basisbaan_planner.model import parse_instance
from basisbaan_planner.solve import solve

EXPECTED = Path(__file__).with_name("engine_fingerprint.txt")
WORK = 30


def line(name: str, instance, seed: int, work: int, **options) -> str:
    result = solve(instance, time_limit=600, seed=seed, work_limit=work, **options)
    pairs = sorted(result.plan.sorted_assignments())
    digest = hashlib.sha256(json.dumps(pairs).encode()).hexdigest()[:24]
    return (
        f"{name:<20} seed={seed} W={work} n={len(pairs)} hash={digest} "
        f"total={result.score.total:.2f} deterministic={result.stats['deterministic']}"
    )


def lines() -> list[str]:
    week60 = parse_instance(generate(60, 1))
    small = parse_instance(generate(30, 5))
    base = solve(small, time_limit=600, seed=0, work_limit=5).plan.sorted_assignments()
    pins, forbids = [base[0], base[len(base) // 2]], [base[1], base[-1]]
    return [
        line("gen-60-s1", week60, 0, WORK),
        line("gen-60-s2-replan", parse_instance(generate(60, 2, replan=True)), 3, WORK),
        line("gen-250-s1", parse_instance(generate(250, 1)), 1, WORK),
        line("gen-30-s5-pins", small, 2, WORK, pins=pins, forbids=forbids),
        line("gen-60-s1-seed7-W60", week60, 7, 60),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    found = []
    for text in lines():
        print(text, flush=True)
        found.append(text)
    if args.check:
        expected = EXPECTED.read_text().splitlines()
        if found != expected:
            print("the plans differ from bench/engine_fingerprint.txt", file=sys.stderr)
            return 1
        print("identical to bench/engine_fingerprint.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
