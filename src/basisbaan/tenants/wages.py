"""Wages that follow the statutory minimum wage, day by day.

A contract's gross hourly wage on a day is the minimum wage (WML) on that day at its
employer's full-time week, plus the supplement agreed in the contract. Every WML change
therefore raises every running contract from its effective date; nothing is copied into
the contract. The employer's dated terms add the holiday allowance, other wage
components and the employer's charges.

:class:`Tables` loads the national tables once (a costing over hundreds of contracts
asks them thousands of times); :func:`wage_periods` cuts a stretch of days into the
periods in which one WML row and one set of employer terms apply.
"""

import bisect
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from basisbaan.tenants.models import BijstandsNorm, EmployerTerms, MinimumWage

HUNDRED = Decimal(100)
ONE_DAY = datetime.timedelta(days=1)


def row_on(rows: Sequence, date: datetime.date):
    """The row of ``rows`` (sorted by ``valid_from``) that applies on ``date``, or None."""
    index = bisect.bisect_right([r.valid_from for r in rows], date) - 1
    return rows[index] if index >= 0 else None


class Tables:
    """The national tables (WML, bijstand norms), loaded once, oldest row first."""

    def __init__(
        self,
        wages: Sequence[MinimumWage] | None = None,
        norms: Sequence[BijstandsNorm] | None = None,
    ) -> None:
        self.wages = list(
            wages if wages is not None else MinimumWage.objects.order_by("valid_from")
        )
        self.norms = list(
            norms if norms is not None else BijstandsNorm.objects.order_by("valid_from")
        )

    def wage_row(self, date: datetime.date) -> MinimumWage:
        row = row_on(self.wages, date)
        if row is None:
            raise LookupError(f"No minimum wage valid on {date.isoformat()}")
        return row

    def norm_row(self, date: datetime.date) -> BijstandsNorm:
        row = row_on(self.norms, date)
        if row is None:
            raise LookupError(f"No bijstand norm valid on {date.isoformat()}")
        return row


def terms_of(employer) -> list[EmployerTerms]:
    """An employer's terms, oldest first (empty for no employer)."""
    if employer is None:
        return []
    return list(employer.terms.order_by("valid_from"))


@dataclass(frozen=True)
class WagePeriod:
    """Days ``start``..``end`` (inclusive) on which one WML row and one set of terms apply."""

    start: datetime.date
    end: datetime.date
    wml: MinimumWage
    terms: EmployerTerms
    supplement: Decimal

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def minimum_hourly(self) -> Decimal:
        return self.wml.hourly_for(self.terms.full_time_hours)

    @property
    def hourly(self) -> Decimal:
        """The gross hourly wage: the WML at the employer's full-time week plus supplement."""
        return self.minimum_hourly + self.supplement

    @property
    def components(self) -> Decimal:
        """Holiday allowance and other wage components as a factor on the gross wage."""
        pct = self.terms.holiday_allowance_pct + self.terms.other_components_pct
        return 1 + pct / HUNDRED

    @property
    def charges(self) -> Decimal:
        return 1 + self.terms.employer_charges_pct / HUNDRED

    def monthly_gross(self, hours_per_week) -> Decimal:
        """Gross per month including holiday allowance: hours × 52/12 × wage × (1 + %)."""
        monthly = Decimal(hours_per_week) * Decimal(52) / Decimal(12) * self.hourly
        allowance = 1 + self.terms.holiday_allowance_pct / HUNDRED
        return (monthly * allowance).quantize(Decimal("0.01"))


def _starts(rows: Sequence, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    return [r.valid_from for r in rows if start < r.valid_from <= end]


def wage_periods(
    start: datetime.date,
    end: datetime.date,
    terms: Sequence[EmployerTerms],
    tables: Tables,
    supplement: Decimal = Decimal(0),
    breaks: Sequence[datetime.date] = (),
) -> list[WagePeriod]:
    """Cut ``start``..``end`` into periods of one WML row and one set of terms (and at
    each date of ``breaks``, e.g. month starts). Raises LookupError for a day without a
    WML row or without employer terms."""
    if end < start:
        return []
    cuts = sorted(
        {
            start,
            *_starts(tables.wages, start, end),
            *_starts(terms, start, end),
            *(d for d in breaks if start < d <= end),
        }
    )
    periods = []
    for i, begin in enumerate(cuts):
        last = cuts[i + 1] - ONE_DAY if i + 1 < len(cuts) else end
        row = tables.wage_row(begin)
        applied = row_on(terms, begin)
        if applied is None:
            raise LookupError(f"No employer terms valid on {begin.isoformat()}")
        periods.append(WagePeriod(begin, last, row, applied, Decimal(supplement)))
    return periods
