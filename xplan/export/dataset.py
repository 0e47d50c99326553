"""The plans as the rows of the data set's tables (xplan.export.tables), computed once.

Everything comes from the typed plan (xplan.plan.model) and the views' own readings of it (the
schedule's rows, the sections of ``show``); nothing is parsed again. Keys are text made of the
plan's own names (``R7/seisaku/A1``), so a row keeps its key whatever else is exported with it,
and exporting the same plans twice gives the same rows in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from xplan.export import tables as T
from xplan.export.clean import clean_row
from xplan.plan.findings import Finding
from xplan.plan.model import (
    CONTINUES,
    QUARTER_LABELS,
    QUARTERS,
    Block,
    Issue,
    Plan,
    ScheduleRow,
    block_texts,
    plain_lines,
)
from xplan.plan.years import western

NOTHING = "ー"  # an empty list: the document prints ー (None, a section it does not have, is NULL)

# (key in the plan, the section's name in the document) for the texts table
_ISSUE_SECTIONS = (("approach", "課題に対する取り組み"), ("content", "② 課題の内容"),
                   ("background", "③ 課題の背景や現状"), ("outcomes", "④ 目指す成果"),
                   ("measures", "④ 課題に対する取組み"), ("actions_intro", "⑤ 取組内容"),
                   ("achieved", "⑦ 実現した変革"), ("fell_short", "⑧ 不十分だった項目"))
_REVIEW = (("overall", "3 振り返り：全体の振り返り(総評)"), ("achieved", "3 振り返り：変革が実現した課題"),
           ("fell_short", "3 振り返り：取組・進捗が十分でなかった項目"))


def text(items: list[Block] | tuple[Block, ...] | None) -> str | None:
    """A section's blocks as one text: a line per paragraph or item, sub-items indented."""
    if items is None:
        return None
    return "\n".join(plain_lines(items)) if items else NOTHING


def _joined(value: Any) -> str | None:
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return value if isinstance(value, str) else None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def plan_id(plan: Plan) -> str:
    return f"{plan.fiscal_year}/{plan.org.slug or plan.org.name}"


def relative_file(plan: Plan, root: Path | None) -> str:
    """The plan's file below the plans folder (``R7/seisaku.yaml``), the same from any directory."""
    path = Path(plan.path)
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            pass
    return path.as_posix()


def _blocks_of(value: Any) -> list[Block] | None:
    from xplan.plan.model import blocks

    return blocks(value)


class _Builder:
    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.data = {t.name: T.TableData(t) for t in T.TABLES}
        self.text_id = 0
        self.orgs: set[str] = set()
        self.issue_ids: dict[str, list[str]] = {}  # per plan, in plan order: a finding's /issues/N

    def add(self, table: T.TableDef, row: tuple[object, ...]) -> None:
        self.data[table.name].rows.append(clean_row(row))

    def texts(self, plan: Plan, issue_id: str | None, section: str,
              found: Iterable[tuple[tuple[str | int, ...], str]]) -> None:
        for pointer, value in found:
            self.text_id += 1
            # a JSON Pointer; its parts are the schema's keys and list positions, which hold no ~ or /
            path = "/" + "/".join(map(str, pointer))
            self.add(T.TEXTS, (self.text_id, plan_id(plan), issue_id, plan.org.name, plan.fiscal_year, section,
                               path, value))

    # -- one plan ------------------------------------------------------------------------------

    def plan(self, plan: Plan) -> None:
        org_id = plan.org.slug or plan.org.name
        if org_id not in self.orgs:
            self.orgs.add(org_id)
            self.add(T.ORGANISATIONS, (org_id, plan.org.name, plan.org.kind or None,
                                       "、".join(plan.org.aliases) or None))
        raw = plan.raw
        pid = plan_id(plan)
        source, info, review = _dict(raw.get("source")), _dict(raw.get("basic_info")), _dict(raw.get("review"))
        budget, units, facilities = _dict(info.get("budget")), _dict(info.get("units")), _dict(info.get("facilities"))
        try:
            start: int | None = western(plan.fiscal_year)
        except ValueError:
            start = None
        self.add(T.PLANS, (
            pid, org_id, plan.org.name, plan.fiscal_year, start, plan.template or None, plan.layout or None,
            relative_file(plan, self.root), _joined(source.get("document")), _joined(source.get("title")),
            text(plan.mission) if raw.get("mission") is not None else None,
            _joined(budget.get("label")), _joined(budget.get("text")),
            _joined(units.get("label")), _joined(units.get("as_of")), _joined(units.get("names")),
            _joined(info.get("partner_bodies")),
            _joined(facilities.get("direct")), _joined(facilities.get("designated_manager")),
            _joined(facilities.get("other")),
            *(text(_blocks_of(review.get(k))) if k in review else None for k, _ in _REVIEW),
            len(plan.issues)))
        self.texts(plan, None, "1 組織の使命", block_texts(plan.mission, ("mission",)))
        for key, section in _REVIEW:
            self.texts(plan, None, section, block_texts(_blocks_of(review.get(key)), ("review", key)))
        for i, theme in enumerate(plan.themes):
            name = theme.get("name")
            if isinstance(name, str):
                self.texts(plan, None, "テーマ", [(("themes", i, "name"), name)])
            self.texts(plan, None, "テーマ", block_texts(_blocks_of(theme.get("description")),
                                                       ("themes", i, "description")))
        seen: set[str] = set()
        for position, issue in enumerate(plan.issues, 1):
            self.issue(plan, issue, position, seen)

    def issue(self, plan: Plan, issue: Issue, position: int, seen: set[str]) -> None:
        iid = f"{plan_id(plan)}/{issue.code}"
        if iid in seen:  # two issues with one code (lint P332): both kept, the second told apart
            iid = f"{iid}#{position}"
        seen.add(iid)
        self.issue_ids.setdefault(plan_id(plan), []).append(iid)
        ln = issue.lineage
        self.add(T.ISSUES, (
            iid, plan_id(plan), plan.org.name, plan.fiscal_year, position, issue.code, issue.domain, issue.number,
            issue.label, issue.display_title, issue.overview_title, issue.field, issue.impact, issue.urgency,
            issue.quadrant, issue.in_overview, issue.has_detail, issue.theme, issue.sub_theme,
            ln.marker if ln else None, ln.year if ln else None, ln.domain if ln else None, ln.id if ln else None,
            *(text(getattr(issue, key)) for key, _ in _ISSUE_SECTIONS),
            issue.action_count))
        pointer = issue.pointer
        for key, value in (("title", issue.title), ("overview_title", issue.overview_title)):
            if value is not None:
                self.texts(plan, iid, "課題名", [(pointer + (key,), value)])
        for key, section in _ISSUE_SECTIONS:
            self.texts(plan, iid, section, block_texts(getattr(issue, key), pointer + (key,)))
        by_number: dict[int, str] = {}
        rows = 0
        for n, action in enumerate(issue.actions or [], 1):
            aid = f"{iid}/{n}"
            if action.number is not None:
                by_number.setdefault(action.number, aid)
            self.add(T.ACTIONS, (aid, iid, n, action.number, action.title, action.period,
                                 text(action.description) if action.description else None))
            if action.title is not None:
                self.texts(plan, iid, "⑤ 取組名", [(action.pointer + ("title",), action.title)])
            self.texts(plan, iid, "⑤ 取組内容", block_texts(action.description, action.pointer + ("description",)))
            for row in action.schedule or []:
                rows += 1
                self.schedule_row(plan, iid, aid, rows, row)
        for row in issue.schedule or []:
            rows += 1
            self.schedule_row(plan, iid, None, rows, row)
        for n, c in enumerate(issue.progress, 1):
            progress_action = by_number.get(c.action) if c.action is not None else None
            self.add(T.PROGRESS, (f"{iid}/p{n}", iid, progress_action, n, c.action, c.as_of, c.label, text(c.items)))
            self.texts(plan, iid, c.label or "⑥ 進捗状況", block_texts(c.items, c.pointer + ("items",)))

    def schedule_row(self, plan: Plan, iid: str, aid: str | None, position: int, row: ScheduleRow) -> None:
        rid = f"{iid}/r{position}"
        numbers = "、".join(str(a) for a in row.actions) or None
        self.add(T.SCHEDULE_ROWS, (rid, iid, aid, position, row.label, row.period, numbers))
        if row.label is not None:
            self.texts(plan, iid, "⑤ 四半期表", [(row.pointer + ("label",), row.label)])
        for q_number, q in enumerate(QUARTERS, 1):
            cell = row.cells.get(q)
            if cell is None:  # not printed in the document: no cell
                continue
            items = [i for i in cell if i is not CONTINUES]
            self.add(T.SCHEDULE_CELLS, (f"{rid}/{q}", rid, q_number, QUARTER_LABELS[q],
                                        "\n".join(str(i) for i in cell), CONTINUES in cell, len(items)))
            self.texts(plan, iid, f"⑤ 四半期表 {QUARTER_LABELS[q]}",
                       ((row.pointer + (q, k), v) for k, v in enumerate(cell) if isinstance(v, str)))

    def findings(self, findings: Iterable[Finding], by_file: dict[str, Plan]) -> None:
        counts: dict[str, int] = {}
        for f in findings:
            plan = by_file.get(f.file)
            if plan is None:
                continue
            pid = plan_id(plan)
            counts[pid] = counts.get(pid, 0) + 1
            issue_id = None
            if len(f.pointer) >= 2 and f.pointer[0] == "issues" and isinstance(f.pointer[1], int):
                ids = self.issue_ids.get(pid, [])
                issue_id = ids[f.pointer[1]] if 0 <= f.pointer[1] < len(ids) else None
            self.add(T.FINDINGS, (f"{pid}/f{counts[pid]}", pid, issue_id, relative_file(plan, self.root),
                                  f.line or 1, f.column or 1, f.code, f.name, f.severity, f.message,
                                  f.path or None))


def build(plans: list[Plan], findings: Iterable[Finding] = (), root: Path | None = None) -> T.DataSet:
    """The data set of ``plans`` (in the order given) and the lint findings on their files.

    ``root``: the plans folder, so that file names read the same from any working directory."""
    b = _Builder(root)
    for plan in plans:
        b.plan(plan)
    b.findings(findings, {p.path: p for p in plans})
    return T.DataSet([b.data[t.name] for t in T.TABLES])


def records(data: T.DataSet, name: str) -> Iterator[dict[str, object]]:
    """A table's rows as dictionaries (for tests and JSON-like use)."""
    table = next(t for t in data.tables if t.table.name == name)
    for row in table.rows:
        yield dict(zip(table.table.names, row))


def lint_findings(root: Path, cfg: Any = None, cache: Any = None) -> list[Finding]:
    """The lint findings on the files under ``root`` (``xplan lint ROOT``, the configuration
    applied), always in Japanese, the default language, like every JSON output.

    Called before the plans are loaded: with a cache, lint's worker processes leave each plan they
    parse in it, so the loader then reads every plan from the cache instead of parsing it again."""
    from xplan import i18n
    from xplan.lint.engine import lint_paths

    with i18n.speaking(i18n.DEFAULT):
        return lint_paths([root], cfg, cache=cache, keep_plans=True).findings


def collect(plans: list[Plan], root: Path, cfg: Any = None, cache: Any = None) -> T.DataSet:
    """The data set of ``plans`` with the lint findings on their files (``lint_findings``)."""
    return build(plans, lint_findings(root, cfg, cache), root)
