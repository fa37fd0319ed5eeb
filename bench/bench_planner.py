"""Benchmark of the weekly planning engine (``make bench``).

    .venv/bin/python bench/bench_planner.py [--quick] [--only NAME] [--skip-national]

For each instance: solve with the size's time limit in a fresh process (so the peak memory
is the solve's own), check and price the plan with our scorer and, where the outside
reference exists (``../shared/planning`` or $BASISBAN_SHARED_PLANNING), with its
``score.py`` too; compare with the LP floor (cached per instance file in
``~/.cache/basisbaan-planner/floors.json``, since the large floors take many minutes).

Instances: our own generator at 60 / 250 / 1,200 people plus a replanning variant of each;
the reference's ``instances/*.json`` and two instances from its ``generate.py``. Then a
partitioned "national" run: several municipalities planned in parallel worker processes.

Exit status 1 if any plan is invalid. Targets (gap to the LP floor) are printed per row.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from basisbaan_planner.generate import generate  # noqa: E402
from basisbaan_planner.model import load_instance  # noqa: E402
from basisbaan_planner.score import PlanInvalid, score  # noqa: E402

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "basisbaan-planner"
MEMORY_TARGET_MB = 2048
KNOWN_FLOORS = Path(__file__).with_name("floors.json")


def shared_dir() -> Path | None:
    env = os.environ.get("BASISBAAN_SHARED_PLANNING")
    for cand in ([Path(env)] if env else []) + [ROOT.parent / "shared" / "planning"]:
        if (cand / "score.py").is_file():
            return cand
    return None


def time_limit_for(people: int) -> float:
    """The target time limits: 5 s up to 60 people, 30 s up to 250, else 120 s."""
    if people <= 100:
        return 5.0
    if people <= 400:
        return 30.0
    return 120.0


def gap_target_for(people: int) -> float:
    if people <= 100:
        return 0.3
    if people <= 400:
        return 0.5
    return 1.0


@dataclass
class Case:
    name: str
    path: Path
    reference: bool  # also score with the reference score.py


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _known(section: str) -> dict[str, dict[str, Any]]:
    return json.loads(KNOWN_FLOORS.read_text()).get(section, {}) if KNOWN_FLOORS.exists() else {}


def known_floors() -> dict[str, dict[str, Any]]:
    """Lower bounds of the LP floor found by long runs and kept in the repository (see
    ``bench/floors.json``: each with the command that found it), by content hash."""
    return _known("floors")


def known_optima() -> dict[str, dict[str, Any]]:
    """Lower bounds of the optimum itself (branch and cut, ``basisbaan-planner bound
    --integer``), by content hash: where one lies above the gap target, no plan meets it."""
    return _known("optima")


def floor_of(
    path: Path, refresh: bool = False, time_limit: float = 1800.0
) -> tuple[float | None, str]:
    """LP floor of an instance file (cached by content hash).

    An LP floor found before (the cache) or a bound kept in ``bench/floors.json`` is used
    unless ``refresh``; a computed floor is kept in the cache.
    """
    CACHE.mkdir(parents=True, exist_ok=True)
    cache_file = CACHE / "floors.json"
    cache = json.loads(cache_file.read_text()) if cache_file.exists() else {}
    key = _sha(path)
    found = []
    if key in cache and (
        cache[key]["status"] == "optimal" or cache[key].get("time_limit", 0) >= time_limit
    ):
        found.append(cache[key])
    known = known_floors().get(key)
    if known is not None:
        found.append(known)
    if found and not refresh:
        # both are valid lower bounds of the LP floor: the exact one, else the highest
        best = max(found, key=lambda f: (f["status"] == "optimal", f["value"]))
        return best["value"], best["status"]
    if time_limit <= 0:
        return None, "skipped"
    from basisbaan_planner.bound import lp_bound

    b = lp_bound(load_instance(path), time_limit=time_limit)
    cache = json.loads(cache_file.read_text()) if cache_file.exists() else {}
    cache[key] = {
        "value": b.value,
        "status": b.status,
        "seconds": b.seconds,
        "time_limit": time_limit,
        "file": path.name,
    }
    cache_file.write_text(json.dumps(cache, indent=1))
    return b.value, b.status


def peak_mb() -> float:
    """This process's peak resident memory in MB (VmHWM; ru_maxrss survives exec and
    would include the parent's peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _solve_worker(path: str, time_limit: float, seed: int, out: str, clock: str) -> dict[str, Any]:
    """Runs in a fresh process: solve, write the plan, report time and peak memory."""
    sys.path.insert(0, str(ROOT / "src"))
    from basisbaan_planner.model import load_instance as _load
    from basisbaan_planner.solve import solve

    t0 = time.monotonic()
    inst = _load(path)
    res = solve(inst, time_limit=time_limit, seed=seed, clock=clock)
    seconds = time.monotonic() - t0
    res.plan.write(out)
    return {
        "seconds": seconds,
        "cpu": resource.getrusage(resource.RUSAGE_SELF).ru_utime
        + resource.getrusage(resource.RUSAGE_SELF).ru_stime,
        "peak_mb": peak_mb(),
        "stats": res.stats,
        "people": len(inst.participants),
    }


def solve_in_child(
    path: Path, time_limit: float, seed: int, out: Path, clock: str
) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(_solve_worker, (str(path), time_limit, seed, str(out), clock))


def reference_check(ref: Path, inst: Path, plan: Path) -> str:
    r = subprocess.run(  # noqa: S603 (our interpreter, the reference's own script)
        [sys.executable, str(ref / "score.py"), str(inst), str(plan), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if r.returncode == 0:
        return f"ok {json.loads(r.stdout)['total']:.2f}"
    return "INVALID " + r.stdout.strip()


def make_cases(work: Path, quick: bool) -> list[Case]:
    cases: list[Case] = []
    sizes = [60] if quick else [60, 250, 1200]
    for n in sizes:
        for replan in (False, True):
            data = generate(n, 1, replan)
            p = work / f"{data['name']}.json"
            p.write_text(json.dumps(data))
            cases.append(Case(data["name"], p, reference=True))
    ref = shared_dir()
    if ref is not None:
        for p in sorted((ref / "instances").glob("*.json")):
            if quick and "-s-" not in p.name:
                continue
            cases.append(Case(p.stem, p, reference=True))
        extra = [("s", 2, False)] if quick else [("s", 2, False), ("m", 3, True)]
        for size, seed, replan in extra:
            args = [sys.executable, str(ref / "generate.py"), "--size", size, "--seed", str(seed)]
            if replan:
                args.append("--replan")
            text = subprocess.run(  # noqa: S603 (the reference's generate.py)
                args, capture_output=True, text=True, check=True
            ).stdout
            name = json.loads(text)["name"]
            p = work / f"ref-{name}.json"
            p.write_text(text)
            cases.append(Case(f"ref-{name}", p, reference=True))
    return cases


def _national_worker(args: tuple[int, int, float, str, str]) -> dict[str, Any]:
    people, seed, time_limit, work, clock = args
    sys.path.insert(0, str(ROOT / "src"))
    from basisbaan_planner.generate import generate as _gen
    from basisbaan_planner.model import parse_instance
    from basisbaan_planner.score import score as _score
    from basisbaan_planner.solve import solve

    data = _gen(people, seed, False, name=f"gemeente-{seed}")
    inst = parse_instance(data)
    t0 = time.monotonic()
    res = solve(inst, time_limit=time_limit, seed=seed, clock=clock)
    valid = True
    try:
        _score(inst, res.plan.sorted_assignments())
    except PlanInvalid:
        valid = False
    path = Path(work) / f"gemeente-{seed}.json"
    path.write_text(json.dumps(data))
    return {
        "name": inst.name,
        "people": len(inst.participants),
        "cost": res.score.total,
        "hours_met": res.score.hours_met_pct,
        "seconds": time.monotonic() - t0,
        "valid": valid,
        "peak_mb": peak_mb(),
        "path": str(path),
    }


def national(
    parts: int, people: int, time_limit: float, floors: bool, work: Path, clock: str
) -> bool:
    print(f"\nPartitioned national run: {parts} municipalities x {people} people, 2 workers")
    t0 = time.monotonic()
    ctx = mp.get_context("spawn")
    jobs = [(people, 100 + k, time_limit, str(work), clock) for k in range(parts)]
    with ctx.Pool(2) as pool:
        rows = pool.map(_national_worker, jobs)
    wall = time.monotonic() - t0
    ok = True
    print(
        f"{'partition':<16}{'people':>7}{'cost':>13}{'floor':>13}{'gap %':>8}{'s':>7}{'hours %':>8}  valid"
    )
    for r in rows:
        fl = floor_of(Path(r["path"]))[0] if floors else None
        gap = f"{100 * (r['cost'] - fl) / fl:.2f}" if fl else "n/a"
        fls = f"{fl:,.1f}" if fl else "n/a"
        print(
            f"{r['name']:<16}{r['people']:>7}{r['cost']:>13,.1f}{fls:>13}{gap:>8}"
            f"{r['seconds']:>7.1f}{r['hours_met']:>8.1f}  {r['valid']}"
        )
        ok &= r["valid"]
    total = sum(r["people"] for r in rows)
    peak = max(r["peak_mb"] for r in rows)
    print(f"total people {total:,}, wall time {wall:.1f} s, peak memory per worker {peak:,.0f} MB")
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="small subset (development)")
    ap.add_argument("--only", help="only instances whose name contains this")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-people", type=int, default=0, help="skip larger instances (0: all)")
    ap.add_argument("--time-scale", type=float, default=1.0, help="multiply the time limits")
    ap.add_argument("--skip-national", action="store_true")
    ap.add_argument("--national-parts", type=int, default=8)
    ap.add_argument("--national-people", type=int, default=1500)
    ap.add_argument("--national-time", type=float, default=60.0)
    ap.add_argument(
        "--national-floors", action="store_true", help="also compute their floors (slow)"
    )
    ap.add_argument("--refresh-floors", action="store_true")
    ap.add_argument(
        "--floor-time", type=float, default=1800.0, help="time limit per LP floor (0: skip)"
    )
    ap.add_argument(
        "--clock",
        choices=["wall", "cpu"],
        default="wall",
        help="measure the time limits in wall seconds, or in the solver's CPU seconds "
        "(fair on a machine shared with other work)",
    )
    a = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="bb-bench-"))
    ref = shared_dir()
    cases = make_cases(work, a.quick)
    if a.only:
        cases = [c for c in cases if a.only in c.name]
    print(f"reference: {ref if ref else 'absent (own scorer only)'}; work dir {work}")
    from basisbaan_planner.warmup import warm_up

    # compile the kernels once (cached on disk); the timed runs then only load them
    print(f"planning kernels compiled in {warm_up():.1f} s (not part of any run)")
    print(
        f"time limits in {a.clock} seconds (x{a.time_scale}); load average {os.getloadavg()[0]:.1f}"
    )
    head = (
        f"{'instance':<22}{'people':>7}{'cost':>13}{'floor':>13}{'gap %':>8}{'target':>7}"
        f"{'s':>7}{'cpu s':>7}{'hours %':>8}{'MB':>7}  valid / reference"
    )
    print(head)
    print("-" * len(head))
    all_valid = True
    met: list[tuple[str, bool]] = []
    for c in cases:
        inst = load_instance(c.path)
        people = len(inst.participants)
        if a.max_people and people > a.max_people:
            continue
        tl = time_limit_for(people) * a.time_scale
        plan = work / f"{c.name}.plan.json"
        run = solve_in_child(c.path, tl, a.seed, plan, a.clock)
        pairs = [(x["participant"], x["slot"]) for x in json.loads(plan.read_text())["assignments"]]
        try:
            sc = score(inst, pairs)
            valid, cost, hours = "valid", sc.total, sc.hours_met_pct
        except PlanInvalid as e:
            valid, cost, hours = f"INVALID ({e})", float("nan"), float("nan")
            all_valid = False
        refcheck = reference_check(ref, c.path, plan) if (ref and c.reference) else "-"
        if refcheck.startswith("INVALID"):
            all_valid = False
        fl, status = floor_of(c.path, a.refresh_floors, a.floor_time)
        if fl is not None and fl > cost + 1e-6:
            # no valid plan costs less than the floor: this one is broken, never use it
            print(f"  floor {fl:,.1f} of {c.name} lies above a valid plan's cost: ignored")
            fl, status = None, "invalid"
        # a floor that stopped on time is still a valid (weaker) lower bound
        gap = 100 * (cost - fl) / fl if fl and fl > float("-inf") else None
        target = gap_target_for(people)
        ok = gap is not None and gap <= target
        # below a floor that is only a lower bound of the LP floor, the gap is at most this
        gap_text = "n/a" if gap is None else f"{'' if status == 'optimal' else '<='}{gap:.2f}"
        # where the optimum itself is known to lie above the target, no plan can meet it
        optimum = known_optima().get(_sha(c.path))
        beyond = ""
        if not ok and optimum is not None and fl and status == "optimal":
            least = 100 * (optimum["lower"] - fl) / fl
            if least > target:
                beyond = f"; unattainable: every plan is >= {least:.2f} % above the floor"
        if gap is not None:
            met.append((c.name + beyond, ok))
        mem_ok = people < 1000 or run["peak_mb"] < MEMORY_TARGET_MB
        if people >= 1000:
            met.append((f"{c.name} memory", mem_ok))
        print(
            f"{c.name:<22}{people:>7}{cost:>13,.1f}"
            f"{(f'{fl:,.1f}' if fl else 'n/a'):>13}{gap_text:>8}"
            f"{target:>7.1f}{run['seconds']:>7.1f}{run['cpu']:>7.1f}{hours:>8.1f}"
            f"{run['peak_mb']:>7.0f}"
            f"  {valid} / {refcheck}  [{'met' if ok else 'NOT met'}{beyond}; {run['stats']['mode']},"
            f" {run['stats'].get('search_iterations', 0):,} search steps,"
            f" {run['stats']['subproblems']} sub-MIPs, stopped by {run['stats']['stopped_by']}"
            f"{'' if status == 'optimal' else ', floor ' + status}]",
            flush=True,
        )
    national_ok = True
    if not a.skip_national and not a.only:
        if a.quick:
            national_ok = national(2, 200, 10.0, a.national_floors, work, a.clock)
        else:
            national_ok = national(
                a.national_parts,
                a.national_people,
                a.national_time,
                a.national_floors,
                work,
                a.clock,
            )
    print("\nTargets:")
    for name, ok in met:
        print(f"  {'met' if ok else 'NOT met':<9}{name}")
    all_valid &= national_ok
    print(f"all plans valid: {all_valid}")
    return 0 if all_valid else 1


if __name__ == "__main__":
    sys.exit(main())
