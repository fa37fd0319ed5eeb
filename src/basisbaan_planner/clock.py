"""The solve's clock: what the time limit is measured in, and how much of it is left."""

from __future__ import annotations

import time


class Clock:
    """Started when created. ``kind="wall"`` measures the time limit in wall-clock seconds,
    ``kind="cpu"`` in this process's CPU seconds (for benchmarks on a shared machine; the
    search threads run in this process, so they count too).

    HiGHS caps its runs in wall seconds; :meth:`slowdown` converts clock seconds to them.
    """

    __slots__ = ("cpu0", "kind", "now", "t0", "w0")

    def __init__(self, kind: str = "wall") -> None:
        if kind not in ("wall", "cpu"):
            raise ValueError("clock must be 'wall' or 'cpu'")
        self.kind = kind
        #: The clock's reading now (seconds, from an arbitrary origin).
        self.now = time.monotonic if kind == "wall" else time.process_time
        self.t0 = self.now()
        self.w0 = time.monotonic()
        self.cpu0 = time.process_time()

    def elapsed(self) -> float:
        """Clock seconds since the start."""
        return self.now() - self.t0

    def left(self, time_limit: float) -> float:
        """Clock seconds left of ``time_limit`` (negative once it is over)."""
        return time_limit - (self.now() - self.t0)

    def deadline(self, seconds: float) -> float:
        """The clock's reading ``seconds`` after the start (compare with :attr:`now`)."""
        return self.t0 + seconds

    def slowdown(self) -> float:
        """Wall seconds per clock second so far (1 for the wall clock)."""
        if self.kind == "wall":
            return 1.0
        used = self.now() - self.t0
        return min(20.0, max(1.0, (time.monotonic() - self.w0) / used)) if used > 0.5 else 1.0

    def wall_seconds(self) -> float:
        """Wall-clock seconds since the start."""
        return time.monotonic() - self.w0

    def cpu_seconds(self) -> float:
        """This process's CPU seconds since the start (all its threads)."""
        return time.process_time() - self.cpu0
