"""Charts for the report pages: inline SVG drawn at build time, with a table beside it for screen readers.

Why drawn here (geometry in Python, markup in ``templates/chart.html``) rather than through a
charting library: the charts are horizontal bars and one 2×2 grid, a few dozen lines of
geometry; what matters is what libraries do not do for Japanese — the label column sized by the
labels' display width (a kanji takes two cells, ``rich.cells.cell_len``), never by ``len()`` —
and plain static SVG with no script and no external font or file, which prints as it shows.
Vega-Lite (vl-convert) or matplotlib would add tens of MB and measure CJK labels by their own
font metrics or not at all; pygal's SVG needs its script for labels.

Colours are the Okabe–Ito palette (distinguishable with every common colour-vision deficiency),
every bar carries its number, and each chart's numbers are also in a table (visually hidden,
read by screen readers; ``aria-hidden`` on the SVG so the numbers are not read twice).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

# Okabe & Ito (2008): blue, orange, bluish green, sky blue, vermillion, reddish purple, yellow
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#56B4E9", "#D55E00", "#CC79A7", "#F0E442")
DARK = {"#0072B2", "#009E73", "#D55E00"}  # white text on these; black on the lighter ones

FONT = 13              # px, the labels
CELL = FONT * 0.55     # px per display cell: a half-width character (a kanji takes two)
BAR = 16               # px, one bar's height
GAP = 8                # px between rows
WIDTH = 720            # the SVG's own width; it scales down to the page (max-width: 100%)
MAX_LABEL_CELLS = 28   # a longer label is cut with … (the whole label is in the table and the tooltip)


def cells(text: str) -> int:
    from rich.cells import cell_len

    return int(cell_len(text))


def clip(text: str, limit: int = MAX_LABEL_CELLS) -> str:
    """``text`` cut to ``limit`` display cells, ending in …"""
    if cells(text) <= limit:
        return text
    out = ""
    for ch in text:
        if cells(out + ch) > limit - 1:
            break
        out += ch
    return out + "…"


@dataclass
class Segment:
    series: str
    value: int
    x: float = 0
    width: float = 0
    colour: str = ""
    text_colour: str = ""
    show_value: bool = True


@dataclass
class Bar:
    segments: list[Segment]
    y: float = 0

    @property
    def total(self) -> int:
        return sum(s.value for s in self.segments)


@dataclass
class Row:
    label: str
    bars: list[Bar]
    href: str | None = None
    values: dict[str, int] = field(default_factory=dict)  # series -> value, for the table
    shown: str = ""      # the label as drawn (cut to fit)
    y: float = 0
    height: float = 0


@dataclass
class BarChart:
    """Horizontal bars: one row per label; a row holds one stacked bar (``stacked``) or one bar
    per series side by side."""

    id: str
    title: str
    series: list[str]
    rows: list[Row]
    stacked: bool
    unit: str = ""
    kind: str = "bars"
    width: float = WIDTH
    height: float = 0
    label_width: float = 0
    plot_x: float = 0
    plot_width: float = 0
    colours: dict[str, str] = field(default_factory=dict)
    legend: list[tuple[str, str, float]] = field(default_factory=list)  # series, colour, x
    scale: float = 0


def _layout(chart: BarChart) -> BarChart:
    chart.colours = {s: PALETTE[n % len(PALETTE)] for n, s in enumerate(chart.series)}
    for r in chart.rows:
        r.shown = clip(r.label)
        r.values = {s.series: s.value for b in r.bars for s in b.segments}
    longest = max((cells(r.shown) for r in chart.rows), default=4)
    chart.label_width = longest * CELL + 12
    top = 28  # the legend
    x = 0.0
    for s in chart.series:
        chart.legend.append((s, chart.colours[s], x))
        x += 18 + cells(s) * CELL + 16
    biggest = max((b.total for r in chart.rows for b in r.bars), default=0)
    digits = len(str(biggest)) * CELL + 8
    chart.plot_x = chart.label_width
    chart.plot_width = max(chart.width - chart.label_width - digits - 4, 80)
    chart.scale = chart.plot_width / biggest if biggest else 0
    y = float(top)
    for r in chart.rows:
        r.y = y
        for b in r.bars:
            b.y = y
            x = chart.plot_x
            for seg in b.segments:
                seg.x, seg.width = x, seg.value * chart.scale
                seg.colour = chart.colours[seg.series]
                seg.text_colour = "#fff" if seg.colour in DARK else "#000"
                # a number inside its segment only where it fits; the bar's total is always drawn after it
                seg.show_value = seg.value > 0 and seg.width >= len(str(seg.value)) * CELL + 4
                x += seg.width
            y += BAR + (2 if not chart.stacked else 0)
        r.height = y - r.y
        y += GAP
    chart.height = y + 4
    return chart


def stacked(id_: str, title: str, series: list[str], rows: Sequence[tuple[str, dict[str, int], str | None]]) -> BarChart:
    """One stacked bar per row: ``rows`` are (label, series -> value, link)."""
    return _layout(BarChart(id_, title, series, [
        Row(label, [Bar([Segment(s, values.get(s, 0)) for s in series])], href) for label, values, href in rows],
        stacked=True))


def grouped(id_: str, title: str, series: list[str], rows: list[tuple[str, dict[str, int | None], str | None]]) -> BarChart:
    """One bar per series in each row (a value None draws no bar: no plan that year)."""
    return _layout(BarChart(id_, title, series, [
        Row(label, [Bar([Segment(s, v)]) for s in series if (v := values.get(s)) is not None], href)
        for label, values, href in rows], stacked=False))


@dataclass
class Quadrant:
    key: str        # 高/高
    count: int
    x: float
    y: float
    fill: str
    text_colour: str


@dataclass
class GridChart:
    """The impact/urgency 2×2 with the number of issues in each quadrant (darker: more)."""

    id: str
    title: str
    quadrants: list[Quadrant]
    unrated: int
    impact_label: str
    urgency_label: str
    high: str
    low: str
    unrated_label: str
    kind: str = "grid"
    size: float = 110


def grid(id_: str, title: str, counts: dict[str, int], unrated: int, labels: dict[str, str]) -> GridChart:
    """``counts``: quadrant key (impact/urgency, ``高/低``) -> issues; ``labels`` names the axes."""
    biggest = max(counts.values(), default=0) or 1
    ramp = ("#eef5fb", "#cfe3f3", "#9ecae1", "#4a98c9", "#0072B2")  # light to the palette's blue
    quads = []
    for impact, row in (("高", 0), ("低", 1)):
        for urgency, col in (("低", 0), ("高", 1)):
            key = f"{impact}/{urgency}"
            n = counts.get(key, 0)
            shade = ramp[min(len(ramp) - 1, round(n / biggest * (len(ramp) - 1)))] if n else "#ffffff"
            quads.append(Quadrant(key, n, 60 + col * 110, 30 + row * 110, shade,
                                  "#fff" if shade in ("#4a98c9", "#0072B2") else "#000"))
    return GridChart(id_, title, quads, unrated, labels["impact"], labels["urgency"], labels["high"],
                     labels["low"], labels["unrated"])


def render(chart: BarChart | GridChart, caption: str | None = None) -> Markup:
    from xplan.report.render import render as render_template

    return Markup(render_template("chart.html", chart=chart, caption=caption or chart.title))


# -- the charts of the pages ---------------------------------------------------------------------

def field_chart(view: Any) -> Markup:
    """rollup.html: issues per 政策分野, stacked by domain."""
    from xplan.i18n import _

    rows = [(gv.label, gv.domains, f"#{gv.id}") for gv in view.groups]
    return render(stacked("chart-fields", _("Issues per policy field, by domain"),
                          ["A", "B", "C"], rows))


def plans_chart(site: Any) -> Markup:
    """index.html: issues per organisation and year (one bar per plan), stacked by domain."""
    from xplan.i18n import _
    from xplan.report import links

    rows = []
    counts: dict[int, dict[str, int]] = {}
    for p, i in site.selection.issues:
        c = counts.setdefault(id(p), {})
        c[i.domain] = c.get(i.domain, 0) + 1
    for p in site.ordered:
        rows.append((f"{p.org.name} {p.fiscal_year}", counts.get(id(p), {}), links.plan_page(p)))  # index.html is at the root
    return render(stacked("chart-plans", _("Issues per organisation and year, by domain"), ["A", "B", "C"], rows))


def quadrant_charts(site: Any) -> list[Markup]:
    """matrix.html: one impact/urgency 2×2 per fiscal year, every selected plan of the year together."""
    from xplan.i18n import _
    from xplan.plan.years import year_sort_key

    per_year: dict[str, dict[str, int]] = {}
    unrated: dict[str, int] = {}
    for p, i in site.selection.issues:
        counts = per_year.setdefault(p.fiscal_year, {})
        if i.quadrant is None:
            unrated[p.fiscal_year] = unrated.get(p.fiscal_year, 0) + 1
        else:
            counts[i.quadrant] = counts.get(i.quadrant, 0) + 1
    labels = {"impact": "インパクト", "urgency": "緊急度", "high": "高", "low": "低", "unrated": _("unrated")}
    out = []
    for year in sorted(per_year, key=year_sort_key, reverse=True):
        plans = sum(1 for p in site.plans if p.fiscal_year == year)
        title = _("%(year)s: issues per quadrant (%(n)s plans)") % {"year": year, "n": plans}
        out.append(render(grid(f"chart-quadrants-{year}", title, per_year[year], unrated.get(year, 0), labels)))
    return out


def progress_chart(year: str, plans: list[Any]) -> Markup | None:
    """review/<year>.html: per plan with a ⑥ checkpoint, its actions against those reported on."""
    from xplan.i18n import _
    from xplan.report import links

    page = links.review_page(year)  # the chart's links are relative to the page that holds it
    rows: list[tuple[str, dict[str, int | None], str | None]] = [
        (f"{pp.plan.org.name} {pp.plan.fiscal_year}", {_("Actions"): pp.units, _("With progress"): pp.with_progress},
         links.rel(links.plan_page(pp.plan), page)) for pp in plans if pp.has_section]
    if not rows:
        return None
    return render(grouped(f"chart-progress-{year}", _("Actions and the actions reported on, per plan"),
                          [_("Actions"), _("With progress")], rows))


def diff_chart(old: str, new: str, orgs: list[Any]) -> Markup:
    """diff/<old>-<new>.html: each organisation's issue count in the two years (no bar: no plan)."""
    from xplan.i18n import _

    rows: list[tuple[str, dict[str, int | None], str | None]] = []
    for o in orgs:
        rows.append((o.org, {old: len(o.old_plan.issues) if o.old_plan is not None else None,
                             new: len(o.new_plan.issues) if o.new_plan is not None else None}, None))
    return render(grouped(f"chart-diff-{old}-{new}", _("Issues per organisation, %(old)s and %(new)s") % {
        "old": old, "new": new}, [old, new], rows))
