"""Before and after: what changed for participants between their baseline (T0) and their
latest later measurement round.

For each measure and each person with a held baseline and a later held round (both
with that measure filled in): the change is the value in the latest later round minus
the value at T0. Per cohort (the quarter of the employment start) and for the whole
programme: the number of people, the mean at T0, the mean now, the mean change and its
95 % confidence interval (t-distribution, ``mean ± t(0.975, n-1) · sd / √n``).

A group under ``MIN_GROUP`` people is suppressed as in the monitor, and when the hidden
cohorts together hold fewer than ``MIN_GROUP`` people (so the programme's total would
give them away) enough other cohorts are hidden too, or else the total.
"""

import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Min
from django.utils.translation import gettext_lazy as _

from basisbaan.evaluation.aggregates import MIN_GROUP, ONE_DECIMAL, Figure, count, quarter_of

# Two-sided 95 % critical values of Student's t for 1-10 degrees of freedom; above
# that the Cornish-Fisher expansion around the normal quantile (error below 1e-4).
T_975 = {
    1: 12.7062,
    2: 4.3027,
    3: 3.1824,
    4: 2.7764,
    5: 2.5706,
    6: 2.4469,
    7: 2.3646,
    8: 2.3060,
    9: 2.2622,
    10: 2.2281,
}


def t_critical(df: int) -> float:
    """The 97.5th percentile of Student's t with ``df`` degrees of freedom."""
    if df < 1:
        raise ValueError("at least one degree of freedom")
    if df in T_975:
        return T_975[df]
    z = statistics.NormalDist().inv_cdf(0.975)
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


def mean_ci(values: Sequence[float]) -> tuple[float, float, float]:
    """The mean of ``values`` and its 95 % confidence interval (at least two values)."""
    n = len(values)
    if n < 2:
        raise ValueError("a confidence interval needs at least two values")
    average = statistics.fmean(values)
    margin = t_critical(n - 1) * statistics.stdev(values) / math.sqrt(n)
    return average, average - margin, average + margin


# --- the measures --------------------------------------------------------------------------


def _zrm_average(row: dict):
    scores = [v for v in (row["zrm_scores"] or {}).values() if isinstance(v, int)]
    return sum(scores) / len(scores) if scores else None


def _wage(row: dict):
    return None if not row["income_source"] else 100 if row["income_source"] == "wage" else 0


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    definition: str
    value: Callable[[dict], float | None]
    places: Decimal = ONE_DECIMAL


MEASURES = [
    Measure(
        "who5",
        _("Well-being (WHO-5, 0-100)"),
        _("Five questions about the last two weeks, each 0-5; the sum times 4."),
        lambda r: r["who5_score"],
    ),
    Measure(
        "health",
        _("Self-rated health (1-5)"),
        _("'How is your health?' from 1 (poor) to 5 (excellent)."),
        lambda r: r["self_rated_health"],
        Decimal("0.01"),
    ),
    Measure(
        "confidence",
        _("Self-confidence (1-5)"),
        _("How much the participant trusts in themselves, from 1 (very little) to 5 (very much)."),
        lambda r: r["self_confidence"],
        Decimal("0.01"),
    ),
    Measure(
        "social",
        _("Social contacts (1-5)"),
        _("Satisfaction with contacts with other people, from 1 (not at all) to 5 (very)."),
        lambda r: r["social_contacts"],
        Decimal("0.01"),
    ),
    Measure(
        "ladder",
        _("Participatieladder (1-6)"),
        _(
            "The step on the participation ladder, from isolated (1) to paid work without support (6)."
        ),
        lambda r: r["ladder_rung"],
        Decimal("0.01"),
    ),
    Measure(
        "income",
        _("Net income per month (EUR)"),
        _("Net monthly income of the participant as they report it."),
        lambda r: float(r["net_income_eur"]) if r["net_income_eur"] is not None else None,
        Decimal("1"),
    ),
    Measure(
        "wage",
        _("Income mainly from wage (%)"),
        _(
            "Share of people whose main income is a wage rather than bijstand or other income; the change is in percentage points."
        ),
        _wage,
    ),
    Measure(
        "zrm",
        _("Self-reliance (ZRM, 1-5)"),
        _(
            "The average of the ZRM domain scores filled in, from 1 (acute problem) to 5 (fully self-reliant)."
        ),
        _zrm_average,
        Decimal("0.01"),
    ),
]


# --- the arithmetic ---------------------------------------------------------------------------


@dataclass
class Change:
    """The figures of one measure over one group of people."""

    n: int
    before: Figure
    after: Figure
    change: Figure
    low: Figure
    high: Figure

    @property
    def people(self) -> Figure:
        return count(self.n)

    @property
    def suppressed(self) -> bool:
        return self.change.suppressed

    def hide(self) -> "Change":
        return suppressed_change(self.n)


def suppressed_change(n: int) -> "Change":
    hidden = Figure(None, n, suppressed=n > 0)
    return Change(n, hidden, hidden, hidden, hidden, hidden)


def _round(value: float, places: Decimal) -> Decimal:
    return Decimal(str(value)).quantize(places, rounding=ROUND_HALF_UP)


def change(pairs: Sequence[tuple[float, float]], places: Decimal = ONE_DECIMAL) -> Change:
    """Mean before, mean after, mean change and its 95 % CI over (before, after) pairs;
    suppressed under ``MIN_GROUP`` people."""
    n = len(pairs)
    if n == 0 or n < MIN_GROUP:
        return suppressed_change(n)
    before = statistics.fmean(b for b, _a in pairs)
    after = statistics.fmean(a for _b, a in pairs)
    average, low, high = mean_ci([a - b for b, a in pairs])
    return Change(
        n,
        *(Figure(_round(v, places), n) for v in (before, after, average, low, high)),
    )


def suppress_cohorts(cohorts: dict, total: Change) -> tuple[dict, Change]:
    """Secondary suppression: the hidden cohorts must hold ``MIN_GROUP`` people together,
    else the smallest shown cohorts are hidden too, or else the total."""
    hidden = sum(c.n for c in cohorts.values() if c.suppressed)
    if not hidden or total.suppressed:
        return cohorts, total
    shown = sorted((c.n, key) for key, c in cohorts.items() if not c.suppressed)
    result = dict(cohorts)
    while hidden < MIN_GROUP and shown:
        n, key = shown.pop(0)
        result[key] = result[key].hide()
        hidden += n
    if hidden < MIN_GROUP:
        total = total.hide()
    return result, total


# --- collecting ---------------------------------------------------------------------------------

ROUND_FIELDS = (
    "pk",
    "participant_id",
    "kind",
    "held_on",
    "who5_score",
    "self_rated_health",
    "self_confidence",
    "social_contacts",
    "ladder_rung",
    "net_income_eur",
    "income_source",
    "zrm_scores",
)


def pairs_by_person(rows, measure: Measure) -> dict[int, tuple[float, float]]:
    """Per person: (value at T0, value in the latest later round with the measure)."""
    baseline: dict[int, dict] = {}
    later: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        if row["held_on"] is None:
            continue
        if row["kind"] == "baseline":
            baseline[row["participant_id"]] = row
        else:
            later[row["participant_id"]].append(row)
    result = {}
    for pid, t0 in baseline.items():
        before = measure.value(t0)
        if before is None:
            continue
        candidates = [
            r
            for r in later.get(pid, [])
            if r["held_on"] > t0["held_on"] and measure.value(r) is not None
        ]
        if not candidates:
            continue
        latest = max(candidates, key=lambda r: (r["held_on"], r["pk"]))
        result[pid] = (float(before), float(measure.value(latest)))
    return result


def table(rows: list[dict], cohort_of: dict[int, tuple[int, int]]) -> dict:
    """The before-and-after figures: per measure the whole programme and each cohort."""
    cohorts = sorted({c for c in cohort_of.values()})
    measures = []
    for measure in MEASURES:
        pairs = pairs_by_person(rows, measure)
        total = change(list(pairs.values()), measure.places)
        per_cohort = {
            key: change(
                [pair for pid, pair in pairs.items() if cohort_of.get(pid) == key], measure.places
            )
            for key in cohorts
        }
        per_cohort, total = suppress_cohorts(per_cohort, total)
        measures.append(
            {
                "measure": measure,
                "total": total,
                "cohorts": [
                    {"label": f"{year} Q{quarter}", "change": per_cohort[(year, quarter)]}
                    for year, quarter in cohorts
                ],
            }
        )
    return {"measures": measures, "cohorts": [f"{y} Q{q}" for y, q in cohorts]}


def before_and_after(municipality) -> dict:
    """The before-and-after table of ``municipality``'s participants (aggregates only)."""
    from basisbaan.guidance.models import MeasurementRound
    from basisbaan.participants.models import EmploymentContract

    rows = list(
        MeasurementRound.objects.filter(
            participant__municipality=municipality, held_on__isnull=False
        ).values(*ROUND_FIELDS)
    )
    starts = (
        EmploymentContract.objects.filter(participant__municipality=municipality)
        .values_list("participant_id")
        .annotate(first=Min("start_date"))
        .order_by()
    )
    cohort_of = {pid: quarter_of(start) for pid, start in starts}
    return table(rows, cohort_of)
