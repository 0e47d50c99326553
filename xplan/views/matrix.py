"""``xplan matrix``: the documents' 2×2 impact/urgency grid (インパクト(政策課題)と緊急度のマトリクス).

Rows are インパクト 高/低, columns 緊急度 高/低, each quadrant lists its issues and their count.
An issue goes into the grid only with both ratings; every other issue is listed under 未評価
with the reason: the plan's template had no matrix (R6), the issue has no detail page (where the
ratings are printed), or only one of the two ratings is given (which is shown).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from xplan.i18n import N_, _
from xplan.output.tables import Table
from xplan.output.view import Section, ViewOutput
from xplan.plan.model import QUADRANTS, Issue, Plan
from xplan.plan.select import Selection
from xplan.views.common import by_plan, plan_label, unrated

RATINGS = ("高", "低")  # the documents' own values: rows are impact, columns urgency
TITLE = N_("impact and urgency matrix")


def impact_label(value: str) -> str:
    return _("Impact: {rating}").format(rating=value)


def urgency_label(value: str) -> str:
    return _("Urgency: {rating}").format(rating=value)


def count_label(n: int) -> str:
    return _("{n} issues").format(n=n)


@dataclass
class Entry:
    """One issue as the grid lists it; ``plan`` names it in a combined grid."""

    plan: Plan
    issue: Issue
    reason: str | None = None  # for 未評価 entries: why it is not in the grid

    @property
    def title(self) -> str:
        return self.issue.display_title or ""


@dataclass
class Grid:
    plans: list[Plan]
    quadrants: dict[str, list[Entry]] = field(default_factory=lambda: {q: [] for q in QUADRANTS})
    unrated: list[Entry] = field(default_factory=list)

    @property
    def combined(self) -> bool:
        return len(self.plans) > 1

    @property
    def without_matrix(self) -> list[Plan]:
        """Plans whose template has no matrix at all (R6)."""
        return [p for p in self.plans if not p.has_matrix]

    @property
    def title(self) -> str:
        names = ", ".join(plan_label(p) for p in self.plans) if self.plans else "-"
        return f"{names} {_(TITLE)}"


def unrated_reason(plan: Plan, issue: Issue) -> str:
    """Why an issue has no place in the grid, in terms of what the plan does say."""
    if not plan.has_matrix:
        return _("no matrix in the {template} template").format(template=plan.template)
    given = [label(value) for label, value in ((impact_label, issue.impact), (urgency_label, issue.urgency))
             if value is not None]
    if given:
        return _("only {ratings}").format(ratings=", ".join(given))
    if not issue.has_detail:
        return _("no detail page")
    return _("not stated")


def build(selection: Selection, combined: bool = False) -> list[Grid]:
    """One grid per selected plan, or a single grid for all of them when ``combined``."""
    groups = by_plan(selection)
    grids = [Grid([p for p, _ in groups])] if combined else [Grid([p]) for p, _ in groups]
    for plan, issues in groups:
        grid = grids[0] if combined else next(g for g in grids if g.plans[0] is plan)
        for issue in issues:
            q = issue.quadrant
            if q is None:
                grid.unrated.append(Entry(plan, issue, unrated_reason(plan, issue)))
            else:
                grid.quadrants[q].append(Entry(plan, issue))
    return grids


def to_json(grids: list[Grid]) -> dict[str, Any]:
    """The contract: per plan, quadrant keys 高/高 … 低/低 (impact/urgency) listing codes, and unrated codes."""
    plans = []
    for grid in grids:
        for plan in grid.plans:
            plans.append({
                "org": plan.org.name, "year": plan.fiscal_year,
                "quadrants": {q: [e.issue.code for e in grid.quadrants[q] if e.plan is plan] for q in QUADRANTS},
                "unrated": [e.issue.code for e in grid.unrated if e.plan is plan],
            })
    return {"version": 1, "plans": plans}


def _code(grid: Grid, e: Entry) -> str:
    """The issue code; in a combined grid prefixed with the organisation (and the year when the
    grid holds several years of that organisation)."""
    if not grid.combined:
        return e.issue.code
    years = sum(1 for p in grid.plans if p.org.name == e.plan.org.name)
    prefix = plan_label(e.plan) if years > 1 else e.plan.org.name
    return f"{prefix} {e.issue.code}"


def _show_reasons(grid: Grid) -> bool:
    """A single plan without a matrix says why once, in its note, not on every line."""
    return grid.combined or any(e.plan.has_matrix for e in grid.unrated)


def _note(grid: Grid) -> list[str]:
    return [_("{plan}: the {template} template had no impact/urgency matrix, so every issue is unrated").format(
        plan=plan_label(p), template=p.template) for p in grid.without_matrix]


def _grid_needed(grid: Grid) -> bool:
    """An empty grid for plans whose template had none says nothing: the note says it in one line."""
    return len(grid.without_matrix) < len(grid.plans)


def tables(grid: Grid) -> list[Table]:
    """The grid as a table (multi-line cells), then the unrated list."""
    rows = []
    for imp in RATINGS:
        row: list[Any] = [impact_label(imp)]
        for urg in RATINGS:
            entries = grid.quadrants[f"{imp}/{urg}"]
            row.append("\n".join([f"({count_label(len(entries))})"] + [f"{_code(grid, e)} {e.title}" for e in entries]))
        rows.append(row)
    out = [Table(["", *(urgency_label(u) for u in RATINGS)], rows, title=grid.title)] if _grid_needed(grid) else []
    if grid.unrated:
        reasons = _show_reasons(grid)
        out.append(Table([_("Issue"), _("Title"), *([_("Reason")] if reasons else [])],
                         [[_code(grid, e), e.title, *([e.reason] if reasons else [])] for e in grid.unrated],
                         title=f"{unrated()} ({count_label(len(grid.unrated))})"))
    return out


def flat_table(grids: list[Grid]) -> Table:
    """For csv/tsv: one row per issue, its quadrant (高/低 …) or "unrated" and the reason."""
    body = []
    for grid in grids:
        for q in QUADRANTS:
            for e in grid.quadrants[q]:
                body.append([e.plan.org.name, e.plan.fiscal_year, e.issue.code, e.title,
                             e.issue.impact, e.issue.urgency, q, ""])
        for e in grid.unrated:
            body.append([e.plan.org.name, e.plan.fiscal_year, e.issue.code, e.title,
                         e.issue.impact, e.issue.urgency, unrated(), e.reason])
    return Table([_("Organisation"), _("Year"), _("Issue"), _("Title"), _("Impact"), _("Urgency"), _("Quadrant"),
                  _("Reason")], body)


def sections(grids: list[Grid]) -> list[Section]:
    """Each grid as a table (a plan whose issues are all unrated: its note as the heading instead)."""
    return [Section(tables(g), notes=_note(g)) if _grid_needed(g) else Section(tables(g), heading=" ".join(_note(g)))
            for g in grids]


def output(grids: list[Grid], documents: Mapping[str, Callable[[], str]] | None = None) -> ViewOutput:
    return ViewOutput("matrix", _("Matrix"), lambda: renderables(grids), lambda: to_json(grids),
                      lambda: sections(grids), lambda: flat_table(grids), documents or {})


def _issue_list(grid: Grid, entries: list[Entry], reasons: bool = False, expand: bool = True) -> Any:
    from rich.table import Table as RichTable
    from rich.text import Text

    from xplan.output.wrap import JaText, width

    codes = [_code(grid, e) for e in entries]
    t = RichTable.grid(padding=(0, 1), expand=expand)
    # the codes' width is known without rich measuring every cell (grids nest: it measures them twice)
    t.add_column(no_wrap=True, width=max(map(width, codes), default=0))
    t.add_column(ratio=1)
    if reasons:
        t.add_column(style="dim")
    for code, e in zip(codes, entries):
        # titles (and reasons) are Japanese prose: wrapped at phrases with kinsoku, never mid-word
        cells: list[Text | JaText] = [Text(code, style="bold"), JaText(e.title)]
        if reasons:
            cells.append(JaText(e.reason or "", style="dim"))
        t.add_row(*cells)
    return t


def renderables(grids: list[Grid]) -> list[Any]:
    from rich.console import Group
    from rich.table import Table as RichTable
    from rich.text import Text

    from xplan.output.wrap import JaText, width

    out: list[Any] = []
    for n, grid in enumerate(grids):
        if n:
            out.append(Text(""))
        if not _grid_needed(grid):  # R6: say so in one line first, then the unrated issues
            for note in _note(grid):  # wrapped at phrases: the note is Japanese prose
                out.append(JaText(note, style="bold", end="\n"))
        else:
            t = RichTable(title=grid.title, title_justify="left", title_style="bold", show_lines=True,
                          expand=True, header_style="bold")
            t.add_column("", no_wrap=True, style="bold", width=max(width(impact_label(imp)) for imp in RATINGS))
            for urg in RATINGS:
                t.add_column(urgency_label(urg), ratio=1)
            for imp in RATINGS:
                cells: list[Any] = [impact_label(imp)]
                for urg in RATINGS:
                    entries = grid.quadrants[f"{imp}/{urg}"]
                    cells.append(Group(Text(count_label(len(entries)), style="bold"), _issue_list(grid, entries)))
                t.add_row(*cells)
            out.append(t)
            for note in _note(grid):
                out.append(JaText(note, style="italic", end="\n"))
        if grid.unrated:
            out.append(Text(f"{unrated()} ({count_label(len(grid.unrated))})", style="bold"))
            out.append(_issue_list(grid, grid.unrated, reasons=_show_reasons(grid), expand=False))
    return out
