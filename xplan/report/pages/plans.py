"""One page per plan, in the order and words of its document.

The content is ``xplan show``'s section tree (``views.show.plan_section``) – 1 組織の使命, 2 基本情報,
3 振り返り, then the issues – with the 課題一覧 table of each domain put before the issues, as the
document has it. What a document does not have is left out instead of shown as empty: a section
whose only content is absent (no ⑥ in a template without one) is pruned, and the overview's
approach bullets, which the 課題一覧 table already shows, are not repeated under each issue.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from xplan.i18n import _
from xplan.plan.model import QUARTERS, Issue, Plan
from xplan.report import links
from xplan.report.pages import Page, SiteData, real_path
from xplan.views import schedule as sched
from xplan.views import show
from xplan.views.common import by_plan, plan_label

DOMAINS = ("A", "B", "C")


@dataclass
class Cell:
    """A quarter cell: None when the document does not print it; items otherwise (→ as ``continues``)."""

    items: list[dict[str, Any]] | None


@dataclass
class SchedRow:
    label: str | None        # the 取組 column: shown on the first row of an action in a shared table
    row_label: str | None
    cells: list[Cell]
    no_table: bool = False


@dataclass
class SchedTable:
    headers: list[str]
    label_column: bool
    rows: list[SchedRow] = field(default_factory=list)


@dataclass
class OverviewRow:
    issue: Issue
    title: str
    link: str | None


@dataclass
class Overview:
    domain: str
    rows: list[OverviewRow]


def schedule_table(s: sched.IssueSchedule) -> SchedTable:
    """``xplan schedule``'s rows as a table: a month range fills its first quarter and continues."""
    labels = any(r.shared for r in s.rows)
    table = SchedTable(sched.quarter_headers(), labels or any(r.row_label for r in s.rows))
    for i, r in enumerate(s.rows):
        first = i == 0 or s.rows[i - 1].label != r.label
        cells = []
        for q in QUARTERS:
            items = r.cell(q)
            cells.append(Cell(None if items is None else
                              [{"continues": True, "text": "→"} if it is sched.CONTINUES else {"continues": False, "text": str(it)}
                               for it in items]))
        table.rows.append(SchedRow(r.label if labels and first else None, r.row_label, cells, r.no_table))
    return table


def _absent(item: Any) -> bool:
    return isinstance(item, show.Prose) and item.blocks is None


def prune(sec: show.Section, layout: str) -> show.Section | None:
    """The section without what the document does not have; None when nothing is left."""
    items: list[Any] = []
    for item in sec.items:
        if isinstance(item, show.Section):
            if item.kind == "approach" and layout == "current":
                continue  # shown in the 課題一覧 table
            kept = prune(item, layout)
            if kept is not None:
                items.append(kept)
        elif isinstance(item, show.Sched):
            items.append(schedule_table(item.schedule))
        elif not _absent(item):
            items.append(item)
    if not items and sec.kind in ("sub", "approach"):
        return None
    return show.Section(sec.heading, items, sec.kind, sec.code)  # dataclasses.replace: 10 µs a section


def overview(plan: Plan, issues: list[Issue]) -> list[Overview]:
    """The 課題一覧 table of each domain: the issues the overview lists, with its wording."""
    out = []
    for d in DOMAINS:
        rows = [OverviewRow(i, i.overview_title or i.title or "", links.issue_anchor(i))
                for i in issues if i.domain == d and i.in_overview]
        if rows:
            out.append(Overview(d, rows))
    return out


NOTES_HEADING = "出典についての注記"


@dataclass
class TranscriberNotes:
    """What the transcriber wrote about the document (``source.notes``) and the file transcribed:
    internals for whoever checks a transcription, not part of the plan. Shown folded at the end
    of the page on screen, never printed."""

    document: str | None
    notes: list[Any]


def handout(tree: show.Section, plan: Plan) -> tuple[show.Section, TranscriberNotes | None]:
    """The plan's tree without the transcriber's notes and the source file's name (a hashed
    extract name): the header keeps the published document's title (``source.title``, only
    where the document prints one)."""
    raw = plan.raw.get("source")
    source: dict[str, Any] = raw if isinstance(raw, dict) else {}
    document = source.get("document") if isinstance(source.get("document"), str) else None
    items: list[Any] = []
    notes: list[Any] = []
    for item in tree.items:
        if isinstance(item, show.Section) and item.heading == NOTES_HEADING:
            notes = [b for prose in item.items if isinstance(prose, show.Prose) for b in prose.blocks or []]
            continue
        if isinstance(item, show.Fields) and document is not None:
            item = show.Fields([(k, v) for k, v in item.pairs if not (k == _("Source") and v == document)])
        items.append(item)
    extra = TranscriberNotes(document, notes) if notes or document else None
    return replace(tree, items=items), extra


def plan_context(plan: Plan, issues: list[Issue], related: dict[tuple[str, str], Any] | None = None) -> dict[str, Any]:
    tree = prune(show.plan_section(plan, issues, True), plan.layout)
    assert tree is not None  # a plan section always keeps its header
    if related:
        from xplan.report.search_data import add_related

        add_related(tree, plan, related)  # 「関連する課題」 under each issue
    tree, notes = handout(tree, plan)
    return {"plan": plan, "tree": tree, "issues": issues, "transcriber": notes,
            "overview": overview(plan, issues) if plan.has_overview else []}


def plan_page(plan: Plan, issues: list[Issue], file_hash: str | None = None,
              related: dict[tuple[str, str], Any] | None = None) -> Page:
    """The page, built only when it is rendered; its key is what it shows: the plan file's content
    (and the file's name, which the page does not print but the lint links use), and the related
    issues listed under its issues (which other plans' changes can change)."""
    shown = repr([[(e.label, e.title, e.target) for e in related.get((plan.path, i.code), [])] for i in issues]
                 ) if related else ""
    return Page(links.plan_page(plan), "plan.html", plan_label(plan),
                key=None if file_hash is None else f"plan {plan.path} {file_hash} {[i.code for i in issues]} {shown}",
                make=lambda: plan_context(plan, issues, related))


def build(site: SiteData) -> list[Page]:
    hashes: dict[str, str] = site.extra.get("file_hashes", {})
    related = site.extra.get("related")
    return [plan_page(plan, issues, hashes.get(real_path(plan.path)), related)
            for plan, issues in by_plan(site.selection)]
