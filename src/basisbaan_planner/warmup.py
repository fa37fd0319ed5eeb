"""Compile the planning kernels ahead of the first real run (``basisbaan-planner warm-up``)."""

from __future__ import annotations

import time

from .generate import generate
from .model import parse_instance
from .solve import solve


def warm_up() -> float:
    """Compile every kernel (numba caches them on disk, so later processes only load them)
    by planning a tiny synthetic week; returns the seconds it took.

    The first planning run after an installation otherwise pays the compilation (some tens
    of seconds) out of its own time limit. Set ``NUMBA_CACHE_DIR`` where the package
    directory is not writable.
    """
    t0 = time.monotonic()
    solve(parse_instance(generate(6, 1, replan=True)), time_limit=60, work_limit=1)
    return time.monotonic() - t0
