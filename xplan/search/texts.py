"""Every text of a plan as a search record: which issue (or the plan itself), which section, what text.

A record is one section of one issue as the document divides it (② 課題の内容, ⑤ (2) 第3四半期,
⑥ 進捗状況(令和7年12月時点), …) or a part of the plan outside the issues (1 組織の使命, 2 基本情報,
3 振り返り). Its text is the section's strings, one per line, in document order. What is not
text — ids, domains, ratings, dates, month ranges — is not searched.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from xplan.plan.model import QUARTERS, Block, Issue, Plan, ScheduleRow, block_texts

QUARTER_NAMES = {"q1": "第1四半期", "q2": "第2四半期", "q3": "第3四半期", "q4": "第4四半期"}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"

# --section names: the kind of each record (and the circled numbers the documents use)
SECTIONS = {
    "title": "課題名", "field": "政策分野", "theme": "テーマ", "approach": "課題に対する取り組み（課題一覧）",
    "content": "② 課題の内容", "background": "③ 課題の背景", "outcomes": "④ 目指す成果",
    "measures": "④ 課題に対する取組み", "actions": "⑤ 取組内容", "schedule": "⑤ 四半期",
    "progress": "⑥ 進捗状況", "retrospective": "⑦⑧ 振り返り",
    "mission": "1 組織の使命", "basic_info": "2 基本情報", "review": "3 前年度の振り返り",
}
SECTION_ALIASES = {"①": "title", "②": "content", "③": "background", "④": "outcomes", "⑤": "actions",
                   "⑥": "progress", "⑦": "retrospective", "⑧": "retrospective", "⑦⑧": "retrospective",
                   "1": "mission", "2": "basic_info", "3": "review", "lineage": "title"}


@dataclass(frozen=True)
class Record:
    code: str | None  # the issue (A1), or None for the plan's own sections
    title: str  # the issue's title; the plan's name for plan-level text
    kind: str  # a key of SECTIONS
    section: str  # as the document heads it: ② 課題の内容, ⑤ (2) 第3四半期
    text: str


def _lines(items: list[Block] | tuple[Block, ...] | None) -> str:
    return "\n".join(t for _p, t in block_texts(items, ()))


def _strings(value: Any) -> Iterator[str]:
    """Every string inside plain data (basic information, themes), in order."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)


def plan_records(plan: Plan) -> list[Record]:
    """The plan's own sections, then each issue's, in document order; empty texts left out."""
    name = f"{plan.org.name} {plan.fiscal_year}"
    out = [Record(None, name, "mission", SECTIONS["mission"], _lines(plan.mission))]
    info = plan.raw.get("basic_info")
    if isinstance(info, dict):
        out.append(Record(None, name, "basic_info", SECTIONS["basic_info"], "\n".join(_strings(info))))
    review = plan.raw.get("review")
    if isinstance(review, dict):
        from xplan.plan.model import blocks

        for key, heading in (("overall", "全体の振り返り(総評)"), ("achieved", "変革が実現した課題・取組内容"),
                             ("fell_short", "取組・進捗が十分でなかった項目")):
            out.append(Record(None, name, "review", f"3 振り返り {heading}", _lines(blocks(review.get(key)))))
    for t in plan.themes:
        out.append(Record(None, name, "theme", f"テーマ {t.get('name', '')}".strip(),
                          "\n".join(_strings({k: v for k, v in t.items() if k != "number"}))))
    for issue in plan.issues:
        out.extend(issue_records(plan, issue))
    return [r for r in out if r.text.strip()]


def _cells(row: ScheduleRow, prefix: str) -> Iterator[tuple[str, str]]:
    label = f"{row.label} " if row.label else ""
    for q in QUARTERS:
        items = [i for i in row.cells.get(q) or [] if isinstance(i, str)]  # → carries no text
        if items:
            yield f"{prefix}{label}{QUARTER_NAMES[q]}", "\n".join(items)


def issue_records(plan: Plan, issue: Issue) -> list[Record]:
    title = issue.display_title or issue.label
    code = issue.code
    out: list[Record] = []

    def add(kind: str, section: str, text: str) -> None:
        out.append(Record(code, title, kind, section, text))

    current = plan.layout == "current"
    if issue.title:
        add("title", SECTIONS["title"], issue.title)
    if issue.overview_title:
        add("title", "課題名（課題一覧）" if current else "課題名（概要図）", issue.overview_title)
    if issue.field:
        add("field", SECTIONS["field"], issue.field)
    if issue.theme or issue.sub_theme:
        add("theme", "テーマ", "\n".join(t for t in (issue.theme, issue.sub_theme) if t))
    if issue.lineage and issue.lineage.marker:
        add("approach", "課題一覧の注記", issue.lineage.marker)
    add("approach", "課題に対する取り組み（課題一覧）" if current else "課題に対する取り組み（概要図）",
        _lines(issue.approach))
    add("content", "② 課題の内容", _lines(issue.content))
    add("background", "③ 課題の背景や現状" if current else "③ 課題の背景", _lines(issue.background))
    add("outcomes", "④ 目指す成果", _lines(issue.outcomes))
    add("measures", "④ 課題に対する取組み", _lines(issue.measures))
    add("actions", "⑤ 取組内容", _lines(issue.actions_intro))
    for action in issue.actions or []:
        number = f"({action.number}) " if action.number is not None else ""
        add("actions", f"⑤ {number}".strip(), "\n".join([action.title or "", _lines(action.description)]).strip())
        for row in action.schedule or []:
            for section, text in _cells(row, f"⑤ {number}"):
                add("schedule", section, text)
    for row in issue.schedule or []:
        for section, text in _cells(row, "⑤ "):
            add("schedule", section, text)
    for i, c in enumerate(issue.progress):
        label = c.label or (f"進捗状況({c.as_of})" if c.as_of else "進捗状況")
        if label[:1] not in CIRCLED:
            label = ("⑥ " if plan.layout != "retrospective" or 4 + i >= len(CIRCLED) else CIRCLED[4 + i]) + label
        add("progress", label + (f" 取組({c.action})" if c.action is not None else ""), _lines(c.items))
    add("retrospective", "⑦ 変革が実現した課題・取組内容・市民にもたらされた効果", _lines(issue.achieved))
    add("retrospective", "⑧ 取組・進捗が十分でなかった項目・内容(理由)", _lines(issue.fell_short))
    return out
