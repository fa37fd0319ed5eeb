"""Charts of the evaluation pages and the council report, drawn with matplotlib.

Every chart is drawn with matplotlib's object API (``matplotlib.figure.Figure`` on the
Agg/SVG backends, never ``pyplot``, so drawing is safe in threads) and returned as SVG
text ready to be placed inline in a page or in the report's print HTML:

- **No inline style.** The pages' Content Security Policy forbids ``style``
  attributes and ``<style>`` elements, so every ``style="..."`` matplotlib writes is
  turned into SVG presentation attributes (``fill="#..."``), which the policy allows.
- **Accessible.** The root ``<svg>`` gets ``role="img"`` and an ``aria-label``; every
  chart has a table with the same figures next to it (the caller's template).
- **Deterministic.** A fixed hash salt, no date or creator metadata and ids prefixed
  with the chart's own name (so two charts on one page never share an id): the same
  figures give the same bytes.
- **Readable.** DejaVu Sans (shipped with matplotlib), neutral colours, numbers in the
  active language's format (Dutch: decimal comma, dot for thousands).

A value of ``None`` is a figure that is hidden (fewer than five people) or missing: it
is left out of the chart (a gap in a line, no bar), never drawn as zero.
"""

import datetime
import io
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")

from django.utils import formats  # noqa: E402 - after choosing the backend
from django.utils.translation import gettext as _  # noqa: E402
from matplotlib import dates as mdates  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

# Set once at import (reading rcParams is thread-safe; rc_context is not).
matplotlib.rcParams.update(
    {
        "svg.hashsalt": "basisbaan",
        "svg.fonttype": "none",  # text stays text: searchable, small, selectable
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "text.parse_math": False,  # a "$" in a neighbourhood's name is just a "$"
        "axes.edgecolor": "#666666",
        "axes.labelcolor": "#222222",
        "xtick.color": "#444444",
        "ytick.color": "#444444",
        "text.color": "#222222",
    }
)

INK = "#1f3a5f"  # dark blue-grey: the main series
SECOND = "#8c9bab"  # light grey-blue: the second series
THIRD = "#c7a55a"  # muted ochre: a third series, distinguishable in grey print too
GRID = "#dddddd"
WIDTH_IN = 8.0
METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}

# SVG presentation attributes that may stand for a CSS declaration of the same name.
PRESENTATION = {
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-dashoffset",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
    "clip-path",
    "color",
    "visibility",
}
FONT_SHORTHAND = re.compile(
    r"^(?:(?P<style>italic|oblique|normal)\s+)?(?:(?P<weight>bold|normal|\d{3})\s+)?"
    r"(?P<size>[\d.]+(?:px|pt)?)\s+(?P<family>.+)$"
)


# --- numbers -----------------------------------------------------------------------------


def number(value, places: int = 0) -> str:
    """``value`` with the active language's separators (``1.234`` / ``12,5`` in Dutch)."""
    if value is None:
        return "–"
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
    return formats.number_format(rounded, decimal_pos=places, use_l10n=True, force_grouping=True)


def _axis_numbers(places: int = 0) -> FuncFormatter:
    return FuncFormatter(lambda value, _pos: number(value, places))


# --- SVG output --------------------------------------------------------------------------


def _family(value: str) -> str:
    """matplotlib's font family with generic fall-backs (a browser may lack DejaVu)."""
    return f"{value.replace(chr(39), '').strip()}, Verdana, sans-serif"


def _style_to_attributes(element: ET.Element) -> None:
    style = element.attrib.pop("style", None)
    if not style:
        return
    for declaration in style.split(";"):
        name, _sep, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if not name or not value:
            continue
        if name == "font":
            match = FONT_SHORTHAND.match(value)
            if match:
                element.set("font-size", match["size"])
                element.set("font-family", _family(match["family"]))
                if match["weight"]:
                    element.set("font-weight", match["weight"])
                if match["style"]:
                    element.set("font-style", match["style"])
        elif name == "font-family":
            element.set(name, _family(value))
        elif name in PRESENTATION:
            element.set(name, value)


def _clean_svg(svg: str, name: str, label: str) -> str:
    """matplotlib's SVG without style attributes, metadata or shared ids, labelled."""
    root = ET.fromstring(svg)  # noqa: S314 - matplotlib's own output, made just now
    for metadata in root.findall(f"{{{SVG_NS}}}metadata"):
        root.remove(metadata)
    for parent in root.iter():
        for child in list(parent):
            if child.tag == f"{{{SVG_NS}}}style":
                parent.remove(child)
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    href = f"{{{XLINK_NS}}}href"
    for element in root.iter():
        _style_to_attributes(element)
        if element.get("id"):
            element.set("id", f"{name}-{element.get('id')}")
        for attribute in ("clip-path", "mask", "filter", "fill", "stroke"):
            value = element.get(attribute, "")
            if value.startswith("url(#") and value[5:-1] in ids:
                element.set(attribute, f"url(#{name}-{value[5:-1]})")
        # SVG 2's plain href (browsers and WeasyPrint read it): no xlink prefix needed.
        value = element.attrib.pop(href, None) or element.get("href", "")
        if value:
            if value.startswith("#") and value[1:] in ids:
                value = f"#{name}-{value[1:]}"
            element.set("href", value)
    # What the removed <style> said, as inherited presentation attributes.
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("class", "bb-eval-chart")
    root.set("focusable", "false")
    # Plain tag names and an xmlns attribute: ElementTree writes prefixes (``ns0:svg``)
    # from a process-wide registry other libraries change, which HTML cannot read.
    for element in root.iter():
        element.tag = element.tag.removeprefix(f"{{{SVG_NS}}}")
    root.set("xmlns", SVG_NS)
    return ET.tostring(root, encoding="unicode")


def _svg(figure: Figure, name: str, label: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata=METADATA, bbox_inches="tight")
    return _clean_svg(buffer.getvalue(), name, label)


def _figure(height: float = 3.4) -> tuple[Figure, object]:
    figure = Figure(figsize=(WIDTH_IN, height), layout="constrained")
    axes = figure.add_subplot()
    _tidy(axes)
    return figure, axes


def _tidy(axes) -> None:
    axes.spines["top"].set_visible(False)
    axes.spines["right"].set_visible(False)
    axes.grid(axis="y", color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)


def _nan(value) -> float:
    return math.nan if value is None else float(value)


# --- the charts ----------------------------------------------------------------------------


def headcount(points: Sequence[tuple[datetime.date, int | None, int | None]]) -> str:
    """People in service at each month's end (a line), and of them with a permanent
    contract (a second line). ``points``: (day, in service, permanent)."""
    figure, axes = _figure()
    days = [day for day, _n, _p in points]
    axes.plot(
        days,
        [_nan(n) for _d, n, _p in points],
        color=INK,
        linewidth=2,
        label=_("In service"),
    )
    axes.plot(
        days,
        [_nan(p) for _d, _n, p in points],
        color=SECOND,
        linewidth=2,
        linestyle="--",
        label=_("Of whom permanent contract"),
    )
    axes.set_ylabel(_("People"))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_formatter(_axis_numbers())
    top = max([v for _d, n, p in points for v in (n, p) if v is not None] or [0])
    axes.set_ylim(0, max(top, 4) * 1.1)
    if days:
        span = (days[-1] - days[0]).days
        if span > 3 * 366:
            axes.xaxis.set_major_locator(mdates.YearLocator())
            axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        else:
            axes.xaxis.set_major_locator(
                mdates.MonthLocator(bymonth=(1, 4, 7, 10) if span > 366 else range(1, 13))
            )
            axes.xaxis.set_major_formatter(mdates.DateFormatter("%m-%Y"))
        if len(days) == 1:
            axes.set_xlim(days[0] - datetime.timedelta(days=15), days[0] + datetime.timedelta(15))
    axes.legend(frameon=False, loc="upper left")
    if any(n is None or p is None for _d, n, p in points):
        _hidden_note(axes)
    return _svg(figure, "headcount", _("People in service at the end of each month"))


def _bar_labels(axes, bars, values, places: int = 0) -> None:
    for bar, value in zip(bars, values, strict=True):
        if value is None:
            continue
        axes.annotate(
            number(value, places),
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
        )


def _hidden_note(axes) -> None:
    """Under the x axis, right-aligned: why some points or bars are missing."""
    axes.set_xlabel(
        _("Groups of fewer than 5 people are not drawn."), fontsize=7, color="#555555", loc="right"
    )


def starts_and_exits(rows: Sequence[tuple[str, int | None, int | None]]) -> str:
    """Starts and exits per year, side by side. ``rows``: (year label, starts, exits)."""
    figure, axes = _figure(3.2)
    labels = [label for label, _s, _e in rows]
    positions = range(len(rows))
    width = 0.38
    starts = [s for _l, s, _e in rows]
    exits = [e for _l, _s, e in rows]
    bars = axes.bar(
        [p - width / 2 for p in positions],
        [0 if s is None else s for s in starts],
        width,
        color=INK,
        label=_("Started"),
    )
    _bar_labels(axes, bars, starts)
    bars = axes.bar(
        [p + width / 2 for p in positions],
        [0 if e is None else e for e in exits],
        width,
        color=SECOND,
        label=_("Left service"),
    )
    _bar_labels(axes, bars, exits)
    axes.set_xticks(list(positions), labels)
    axes.set_ylabel(_("People"))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_formatter(_axis_numbers())
    top = max([v for v in (*starts, *exits) if v is not None] or [0])
    axes.set_ylim(0, max(top, 4) * 1.2)
    axes.legend(frameon=False, loc="upper left")
    if None in starts or None in exits:
        _hidden_note(axes)
    return _svg(figure, "starts-exits", _("People who started and who left service per year"))


def before_and_after(rows: Sequence[tuple[str, float | None, float | None, int]]) -> str:
    """Per measure the mean at T0 and the mean now, one small panel each (the measures
    have their own scales). ``rows``: (measure, before, after, decimals)."""
    shown = [row for row in rows if row[1] is not None and row[2] is not None]
    columns = 3
    lines = max(1, math.ceil(len(shown) / columns))
    figure = Figure(figsize=(WIDTH_IN, 2.3 * lines), layout="constrained")
    if not shown:
        axes = figure.add_subplot()
        axes.set_axis_off()
        axes.text(0.5, 0.5, _("No measure has enough people yet."), ha="center", va="center")
    for index, (label, before, after, places) in enumerate(shown):
        axes = figure.add_subplot(lines, columns, index + 1)
        _tidy(axes)
        bars = axes.bar([0, 1], [before, after], 0.6, color=[SECOND, INK])
        _bar_labels(axes, bars, [before, after], places)
        axes.set_xticks([0, 1], [_("T0"), _("Now")])
        axes.set_title(label, fontsize=9, wrap=True)
        axes.yaxis.set_major_formatter(_axis_numbers(0 if max(before, after) > 10 else 1))
        axes.yaxis.set_major_locator(MaxNLocator(4))
        axes.margins(y=0.2)
    return _svg(figure, "before-after", _("Mean per measure at T0 and now"))


def liveability(rows: Sequence[tuple[str, float | None]]) -> str:
    """The average liveability rating (1-5) per neighbourhood, as horizontal bars.
    ``rows``: (neighbourhood, average); neighbourhoods without reports are left out."""
    rated = [(name, value) for name, value in rows if value is not None]
    figure, axes = _figure(max(1.6, 0.28 * len(rated) + 0.8))
    axes.grid(axis="y", visible=False)
    axes.grid(axis="x", color=GRID, linewidth=0.8)
    if not rated:
        axes.set_axis_off()
        axes.text(0.5, 0.5, _("No liveability reports in this period."), ha="center")
    else:
        names = [name for name, _v in rated][::-1]
        values = [float(value) for _n, value in rated][::-1]
        bars = axes.barh(range(len(rated)), values, 0.6, color=INK)
        axes.set_yticks(range(len(rated)), names, fontsize=8)
        for bar, value in zip(bars, values, strict=True):
            axes.annotate(
                number(value, 1),
                (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )
        axes.set_xlim(0, 5.5)
        axes.set_xticks([0, 1, 2, 3, 4, 5])
        axes.xaxis.set_major_formatter(_axis_numbers())
        axes.set_xlabel(_("Average rating (1-5)"))
    return _svg(figure, "liveability", _("Average liveability rating per neighbourhood"))
