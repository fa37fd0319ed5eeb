"""Server-drawn SVG charts (no script, no inline style): coordinates in a 0..100 box
(``viewBox="0 0 100 H"``, stretched to the width). Every chart has a table next to it
with the same figures, for screen readers and for reading exact values."""

from dataclasses import dataclass
from decimal import Decimal

WIDTH = Decimal(100)
HEIGHT = Decimal(50)


def _scale(value: Decimal, top: Decimal) -> Decimal:
    if not top:
        return Decimal(0)
    return (HEIGHT * max(Decimal(0), value) / top).quantize(Decimal("0.01"))


@dataclass
class Bar:
    label: str
    x: Decimal
    width: Decimal
    y: Decimal
    height: Decimal
    kind: str  # "used", "forecast", "total" or "net"


@dataclass
class Chart:
    bars: list[Bar]
    line_y: Decimal | None
    height: Decimal = HEIGHT
    width: Decimal = WIDTH


def burndown(status) -> Chart:
    """Cumulative cost per month, used (solid) with the forecast stacked on top, against
    the budget (a line)."""
    months = status.months
    top = max([status.total, *(row.cumulative for row in months)])
    slot = WIDTH / max(len(months), 1)
    bars = []
    used_so_far = Decimal(0)
    for i, row in enumerate(months):
        used_so_far += row.used
        x = (slot * i + slot / 10).quantize(Decimal("0.01"))
        width = (slot * 8 / 10).quantize(Decimal("0.01"))
        used_height = _scale(used_so_far, top)
        total_height = max(used_height, _scale(row.cumulative, top))
        label = row.month.strftime("%m-%Y")
        bars.append(Bar(label, x, width, HEIGHT - used_height, used_height, "used"))
        if total_height > used_height:
            bars.append(
                Bar(
                    label,
                    x,
                    width,
                    HEIGHT - total_height,
                    total_height - used_height,
                    "forecast",
                )
            )
    line = HEIGHT - _scale(status.total, top) if status.total else None
    return Chart(bars=bars, line_y=line)


def per_year(result) -> Chart:
    """Total cost and net cost per year, side by side."""
    years = sorted(result.by_year)
    values = [(y, result.by_year[y].total_cost, result.by_year[y].net_cost) for y in years]
    top = max([v for _y, total, net in values for v in (total, net)] or [Decimal(1)])
    slot = WIDTH / max(len(values), 1)
    bars = []
    for i, (year, total, net) in enumerate(values):
        for j, (kind, value) in enumerate((("total", total), ("net", net))):
            height = _scale(value, top)
            bars.append(
                Bar(
                    label=str(year),
                    x=(slot * i + slot * (1 + 4 * j) / 10).quantize(Decimal("0.01")),
                    width=(slot * 4 / 10).quantize(Decimal("0.01")),
                    y=HEIGHT - height,
                    height=height,
                    kind=kind,
                )
            )
    return Chart(bars=bars, line_y=None)
