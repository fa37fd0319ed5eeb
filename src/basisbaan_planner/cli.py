"""Command line: ``plan``, ``score``, ``generate``, ``bound`` and ``warm-up``.

``main(argv)`` takes the arguments without the program name and returns an exit code, so
the Django management command can call ``basisbaan_planner.cli.main(["plan", ...])``.

Exit codes: 0 success; 1 invalid plan (``score``) or impossible pins (``plan``);
2 bad usage or an invalid instance/plan file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .bound import lp_bound, optimum_bound
from .generate import generate
from .model import InstanceError, load_instance, load_plan
from .score import PlanInvalid, score
from .solve import PinError, solve
from .warmup import warm_up


def _parse_pairs(values: Sequence[str] | None, what: str) -> list[tuple[str, str]]:
    out = []
    for v in values or ():
        pid, sep, sid = v.partition(":")
        if not sep or not pid or not sid:
            raise SystemExit(f"{what} must look like PARTICIPANT:SLOT, got {v!r}")
        out.append((pid, sid))
    return out


def _cmd_plan(a: argparse.Namespace) -> int:
    inst = load_instance(a.instance)

    def progress(frac: float, msg: str) -> None:
        if a.verbose:
            print(f"[{frac * 100:5.1f}%] {msg}", file=sys.stderr)

    try:
        res = solve(
            inst,
            time_limit=a.time_limit,
            seed=a.seed,
            pins=_parse_pairs(a.pin, "--pin"),
            forbids=_parse_pairs(a.forbid, "--forbid"),
            progress=progress,
        )
    except PinError as e:
        print(f"impossible: {e}", file=sys.stderr)
        return 1
    res.plan.write(a.output)
    sc = res.score
    print(
        f"{inst.name}: cost {sc.total:,.1f} ({sc.assignments} assignments, "
        f"{sc.hours_met_pct:.1f}% of contract hours) in {res.stats['seconds']:.1f} s"
        f" -> {a.output}"
    )
    return 0


def _cmd_score(a: argparse.Namespace) -> int:
    inst = load_instance(a.instance)
    name, pairs = load_plan(a.plan)
    if name and name != inst.name:
        print(f"warning: plan is for {name!r}, instance is {inst.name!r}", file=sys.stderr)
    try:
        sc = score(inst, pairs)
    except PlanInvalid as e:
        print(f"invalid: {e}")
        return 1
    if a.json:
        print(json.dumps(sc.as_dict()))
    else:
        for k, v in sc.as_dict().items():
            print(f"{k:>16}: {v}")
    return 0


def _cmd_generate(a: argparse.Namespace) -> int:
    inst = generate(a.people, a.seed, a.replan, a.ratio)
    text = json.dumps(inst, separators=(",", ":")) + "\n"
    if a.output == "-":
        sys.stdout.write(text)
    else:
        with open(a.output, "w", encoding="utf-8") as f:
            f.write(text)
    return 0


def _cmd_bound(a: argparse.Namespace) -> int:
    inst = load_instance(a.instance)
    if a.integer:
        plan = load_plan(a.plan)[1] if a.plan else []
        try:
            score(inst, plan)  # the start must be a valid plan
        except PlanInvalid as e:
            print(f"invalid plan: {e}", file=sys.stderr)
            return 2
        o = optimum_bound(inst, plan, time_limit=a.time_limit)
        print(
            f"{inst.name}: optimum between {o.lower:,.3f} and {o.best:,.3f} "
            f"({o.status}, {o.seconds:.1f} s)"
        )
        return 0
    b = lp_bound(inst, time_limit=a.time_limit)
    print(f"{inst.name}: LP floor {b.value:,.3f} ({b.status}, {b.seconds:.1f} s)")
    return 0 if b.status == "optimal" else 1


def _cmd_warm_up(a: argparse.Namespace) -> int:
    seconds = warm_up()
    print(f"planning kernels compiled and cached in {seconds:.1f} s")
    return 0


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="basisbaan-planner", description="Weekly planning engine.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("plan", help="plan a week")
    p.add_argument("instance")
    p.add_argument("--time-limit", type=float, default=30.0)
    p.add_argument("--output", "-o", required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--pin", action="append", metavar="PARTICIPANT:SLOT")
    p.add_argument("--forbid", action="append", metavar="PARTICIPANT:SLOT")
    p.add_argument("--verbose", "-v", action="store_true")
    p.set_defaults(fn=_cmd_plan)
    s = sub.add_parser("score", help="check a plan and print its cost")
    s.add_argument("instance")
    s.add_argument("plan")
    s.add_argument("--json", action="store_true")
    s.set_defaults(fn=_cmd_score)
    g = sub.add_parser("generate", help="make a synthetic instance")
    g.add_argument("--people", type=int, required=True)
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--replan", action="store_true")
    g.add_argument("--ratio", type=float, default=1.3)
    g.add_argument("--output", "-o", default="-")
    g.set_defaults(fn=_cmd_generate)
    b = sub.add_parser("bound", help="the LP floor: no valid plan costs less")
    b.add_argument("instance")
    b.add_argument("--time-limit", type=float, default=3600.0)
    b.add_argument(
        "--integer",
        action="store_true",
        help="bound the optimum itself by branch and cut (up to ~250 people; slow)",
    )
    b.add_argument("--plan", help="with --integer: a plan to start from")
    b.set_defaults(fn=_cmd_bound)
    w = sub.add_parser(
        "warm-up", help="compile the planning kernels once (cached on disk) before timed runs"
    )
    w.set_defaults(fn=_cmd_warm_up)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; ``argv`` excludes the program name. Returns the exit code."""
    ap = _parser()
    try:
        a = ap.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as e:
        return int(e.code or 0) if isinstance(e.code, int) else 2
    try:
        return int(a.fn(a))
    except InstanceError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
