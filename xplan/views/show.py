"""``xplan show``: one plan, or one issue, in full, in the document's own section order.

Current layout: 1 組織の使命, 2 基本情報, 3 前年度の振り返り, then each issue with ①–⑥.
Older ward layout (八幡東区 R6): the vision's themes, then each issue with its theme/sub-theme and
①課題名 ②課題の内容 ③課題の背景 ④課題に対する取組み. Retrospective sheet (保健福祉局 R6):
①–④, the progress checkpoints ⑤⑥, and ⑦⑧. A section the plan file leaves out shows as
(記載なし); one the document prints as ー shows as ー.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from xplan.i18n import N_, _
from xplan.output.tables import Table, tabulated
from xplan.output.view import Section as TableSection
from xplan.output.view import ViewOutput
from xplan.plan.model import QUARTER_LABELS, QUARTERS, Block, Checkpoint, Issue, Plan, as_list, as_mapping, blocks
from xplan.plan.select import Selection
from xplan.plan.years import year_number
from xplan.views import blocks as fmt_blocks
from xplan.views import schedule as sched
from xplan.views.common import absent, by_plan, find_issue, plan_label, rating_label, unset_field

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
KINDS = {"ward": N_("ward"), "bureau": N_("bureau")}
LAYOUTS = {"current": N_("current"), "ward_themes": N_("ward themes"), "retrospective": N_("retrospective")}
FACILITY_KINDS = (("direct", "直営"), ("designated_manager", "指定管理"), ("other", "その他"))


@dataclass
class Fields:
    """Short labelled facts (a rating, a budget line): (label, value) pairs."""

    pairs: list[tuple[str, str]]

    def lines(self) -> list[str]:
        return [f"{k}: {v}" if k and v else k or v for k, v in self.pairs]


@dataclass
class Prose:
    """A text section of the plan: blocks, or None when the plan does not have it."""

    blocks: list[Block] | None


@dataclass
class Sched:
    schedule: sched.IssueSchedule


@dataclass
class Section:
    heading: str
    items: list[Fields | Prose | Sched | Section] = field(default_factory=list)
    kind: str = "sub"         # plan | part | issue | approach (the overview's bullets) | sub
    code: str | None = None   # the issue a section belongs to (for table output)


@dataclass
class PlanDoc:
    plan: Plan
    section: Section
    issues: list[Issue]
    whole_plan: bool


# -- building ---------------------------------------------------------------------------------

def _reiwa(year: str, delta: int = 0) -> str | None:
    try:
        return f"令和{year_number(year) + delta}年度"
    except (ValueError, IndexError):
        return None


def _header(plan: Plan) -> Fields:
    org = plan.org
    reiwa = _reiwa(plan.fiscal_year)
    about = [_(KINDS[org.kind]) if org.kind in KINDS else org.kind, org.slug]
    if org.aliases:
        about.append(_("also {aliases}").format(aliases="、".join(org.aliases)))
    template = [_(LAYOUTS[plan.layout]) if plan.layout in LAYOUTS else plan.layout]
    template += [] if plan.has_matrix else [_("no matrix")]
    template += [] if plan.has_schedule else [_("no quarterly table")]
    pairs = [(_("Organisation"), f"{org.name} ({', '.join(about)})"),
             (_("Year"), plan.fiscal_year + (f" ({reiwa})" if reiwa else "")),
             (_("Template"), f"{plan.template} ({', '.join(template)})")]
    source = as_mapping(plan.raw.get("source"))
    if isinstance(source.get("title"), str):
        pairs.append((_("Document title"), source["title"]))
    if isinstance(source.get("document"), str):
        pairs.append((_("Source"), source["document"]))
    return Fields(pairs)


def _basic_info(plan: Plan) -> list[Fields | Prose | Sched | Section]:
    info = plan.raw.get("basic_info")
    if not isinstance(info, dict):
        return [Prose(None)]
    pairs: list[tuple[str, str]] = []
    budget = info.get("budget")
    if isinstance(budget, dict):
        pairs.append((f"(1) {budget.get('label') or '当初予算額'}", str(budget.get("text", absent()))))
    else:
        pairs.append(("(1) 当初予算額", absent()))
    units = info.get("units")
    if isinstance(units, dict):
        names = as_list(units.get("names"))
        pairs.append((f"(2) {units.get('label') or '組織'}", "、".join(str(n) for n in names) or absent()))
    else:
        pairs.append(("(2) 組織", absent()))
    partners = info.get("partner_bodies")
    if isinstance(partners, list):
        partners = "、".join(str(p) for p in partners)
    pairs.append(("(3) 所管の政策連携団体", partners if isinstance(partners, str) and partners else absent()))
    facilities = info.get("facilities")
    if isinstance(facilities, dict):
        pairs.append(("(4) 所管の主な公共施設", ""))
        for key, label in FACILITY_KINDS:  # a kind the document has no row for is left out, as in the file
            if isinstance(facilities.get(key), list):
                pairs.append((f"　　{label}", "、".join(str(f) for f in facilities[key])))
    else:
        pairs.append(("(4) 所管の主な公共施設", absent()))
    return [Fields(pairs)]


def _review(plan: Plan) -> Section:
    review = plan.raw.get("review") if isinstance(plan.raw.get("review"), dict) else None
    prev = _reiwa(plan.fiscal_year, -1) or "前年度"
    this_year = _reiwa(plan.fiscal_year) or "今年度"  # the review looks ahead to the plan's own year
    part = Section(f"3 {prev}局区X方針の振り返り", kind="part")
    if review is None:
        part.items.append(Prose(None))
        return part
    for key, heading in (("overall", "全体の振り返り(総評)"),
                         ("achieved", "変革が実現した課題・取組内容・市民にもたらされた効果"),
                         ("fell_short", f"取組・進捗が十分でなかった項目・内容(理由)・{this_year}に向けた考え")):
        part.items.append(Section(heading, [Prose(blocks(review.get(key)))]))
    return part


def _themes(plan: Plan) -> Section:
    part = Section("テーマ", kind="part")
    for t in plan.themes:
        number = t.get("number")
        mark = CIRCLED[number - 1] if isinstance(number, int) and 1 <= number <= len(CIRCLED) else ""
        sub = Section(f"{mark} {t.get('name', '')}".strip(), [Prose(blocks(t.get("description")))])
        if isinstance(t.get("sub_themes"), list):
            sub.items.append(Fields([("サブテーマ", "、".join(str(s) for s in t["sub_themes"]))]))
        part.items.append(sub)
    return part


def _checkpoint_heading(c: Checkpoint, index: int, layout: str) -> str:
    label = c.label or f"進捗状況({c.as_of})"
    if layout == "retrospective" and label[:1] not in CIRCLED:
        label = CIRCLED[4 + index] + label if 4 + index < len(CIRCLED) else label  # the sheet's ⑤, ⑥ columns
    return label + (f" 取組({c.action})" if c.action is not None else "")


def _actions(plan: Plan, issue: Issue) -> Section:
    s = sched.issue_schedule(issue)
    year = _reiwa(plan.fiscal_year)
    part = Section(f"⑤ {year}の取組内容(四半期間隔)" if year else "⑤ 取組内容(四半期間隔)")
    if issue.actions_intro is not None:
        part.items.append(Prose(issue.actions_intro))
    if issue.actions is None and issue.schedule is None:
        part.items.append(Prose(None))
    for action in issue.actions or []:
        heading = sched.action_label(action) + (f" {action.period}" if action.period else "")
        sub = Section(heading)
        if action.description:
            sub.items.append(Prose(action.description))
        rows = [r for r in s.rows if r.action is action and not r.no_table]
        if rows:
            sub.items.append(Sched(sched.IssueSchedule(issue, rows)))
        part.items.append(sub)
    shared = [r for r in s.rows if r.action is None]
    if shared:
        part.items.append(Section("四半期表（課題の表）", [Sched(sched.IssueSchedule(issue, shared))]))
    return part


def issue_section(plan: Plan, issue: Issue) -> Section:
    title = issue.display_title or ""
    heading = f"{issue.label}{title}"
    if issue.field:
        heading += f"【政策分野：{issue.field}】"
    sec = Section(heading, kind="issue", code=issue.code)
    facts: list[tuple[str, str]] = []
    if plan.layout == "current" and not issue.field:
        facts.append(("政策分野", unset_field()))
    if issue.theme or issue.sub_theme:
        facts += [("テーマ", issue.theme or absent()), ("サブテーマ", issue.sub_theme or absent())]
    if issue.overview_title:
        facts.append((f"{'課題一覧' if plan.layout == 'current' else '概要図'}の課題名", issue.overview_title))
    if issue.lineage:
        ln = issue.lineage
        facts.append((_("Lineage"), ln.marker or f"{ln.year or '?'} {ln.domain or ''}{ln.id or ''}".strip()))
    if not issue.in_overview and plan.layout == "current":
        facts.append((_("Overview"), _("not listed")))
    if not issue.has_detail:
        facts.append((_("Detail page"), _("none (overview only)")))
    if facts:
        sec.items.append(Fields(facts))
    if issue.approach is not None or plan.layout == "current":
        where = "課題一覧" if plan.layout == "current" else "概要図"
        sec.items.append(Section(f"課題に対する取り組み（{where}）", [Prose(issue.approach)], kind="approach"))
    if not issue.has_detail:
        return sec
    if plan.layout == "current":
        rating = Fields([("インパクト", rating_label(issue.impact)), ("緊急度", rating_label(issue.urgency))])
        sec.items += [
            Section("① インパクト(政策課題)と緊急度のマトリクス", [rating]),
            Section("② 課題の内容", [Prose(issue.content)]),
            Section("③ 課題の背景や現状", [Prose(issue.background)]),
            Section("④ 目指す成果", [Prose(issue.outcomes)]),
        ]
        if issue.measures is not None:  # an R6-style ④ inside a current plan: show it, never drop it
            sec.items.append(Section("④ 課題に対する取組み", [Prose(issue.measures)]))
        sec.items.append(_actions(plan, issue))
        if not issue.progress:
            sec.items.append(Section("⑥ 進捗状況", [Prose(None)]))
        for i, c in enumerate(issue.progress):  # each label is the document's own ⑥ heading
            sec.items.append(Section(_checkpoint_heading(c, i, plan.layout), [Prose(c.items)]))
        return sec
    sec.items += [
        Section("① 課題名", [Fields([("", title or absent())])]),
        Section("② 課題の内容", [Prose(issue.content)]),
        Section("③ 課題の背景", [Prose(issue.background)]),
        Section("④ 課題に対する取組み", [Prose(issue.measures)]),
    ]
    if issue.actions or issue.schedule:  # not in the R6 template; shown if a file has them
        sec.items.append(_actions(plan, issue))
    for i, c in enumerate(issue.progress):
        sec.items.append(Section(_checkpoint_heading(c, i, plan.layout), [Prose(c.items)]))
    if plan.layout == "retrospective" or issue.achieved is not None or issue.fell_short is not None:
        next_year = _reiwa(plan.fiscal_year, 1) or "次年度"
        sec.items += [
            Section("⑦ 変革が実現した課題・取組内容・市民にもたらされた効果", [Prose(issue.achieved)]),
            Section(f"⑧ 取組・進捗が十分でなかった項目・内容(理由)・{next_year}に向けた考え", [Prose(issue.fell_short)]),
        ]
    return sec


def plan_section(plan: Plan, issues: list[Issue], whole_plan: bool) -> Section:
    top = Section(plan_label(plan), [_header(plan)], kind="plan")
    if whole_plan:
        if plan.layout == "current" or plan.mission:
            mission = Prose(plan.mission if plan.raw.get("mission") is not None else None)
            top.items.append(Section("1 組織の使命" if plan.layout == "current" else "組織の使命", [mission], kind="part"))
        if plan.layout == "current" or "basic_info" in plan.raw:
            top.items.append(Section("2 基本情報", _basic_info(plan), kind="part"))
        if plan.layout == "current" or "review" in plan.raw:
            top.items.append(_review(plan))
        if plan.themes:
            top.items.append(_themes(plan))
    part = Section("4 課題" if plan.layout == "current" else "課題", kind="part")
    part.items += [issue_section(plan, i) for i in issues]
    top.items.append(part)
    if whole_plan:
        source = as_mapping(plan.raw.get("source"))
        notes = blocks(source.get("notes"))
        if notes:
            top.items.append(Section("出典についての注記", [Prose(notes)], kind="part"))
    return top


def build(selection: Selection, issue_ref: str | None = None) -> list[PlanDoc]:
    docs = []
    for plan, issues in by_plan(selection):
        chosen = [find_issue(plan, issue_ref)] if issue_ref else issues
        docs.append(PlanDoc(plan, plan_section(plan, chosen, issue_ref is None), chosen, issue_ref is None))
    return docs


# -- output -----------------------------------------------------------------------------------

def to_json(docs: list[PlanDoc]) -> dict[str, Any]:
    """The plan's own data: the whole file (issues limited to the selection), or the issue."""
    out = []
    for d in docs:
        raw_issues = d.plan.raw.get("issues") or []
        issues = [raw_issues[i.pointer[1]] for i in d.issues if isinstance(i.pointer[1], int)]
        if d.whole_plan:
            entry = {k: v for k, v in d.plan.raw.items() if k != "issues"}
            entry["issues"] = issues
        else:
            entry = {"organisation": d.plan.raw.get("organisation"), "fiscal_year": d.plan.fiscal_year,
                     "issues": issues}
        out.append(entry)
    return {"version": 1, "plans": out}


def _schedule_table(s: sched.IssueSchedule) -> Table:
    body = []
    for i, r in enumerate(s.rows):
        first = i == 0 or s.rows[i - 1].label != r.label
        label = "\n".join(x for x in ((r.label if first and r.action is None else ""), r.row_label or "") if x)
        body.append([label, *(sched.cell_text(r.cell(q)) for q in QUARTERS)])
    if not any(row[0] for row in body):  # an action's own table: no label column
        return Table(sched.quarter_headers(), [row[1:] for row in body])
    return Table(["", *sched.quarter_headers()], body)


def _markdown(sec: Section, level: int) -> list[str]:
    out = [f"{'#' * min(level, 6)} {fmt_blocks.markdown_escape(sec.heading)}", ""]
    for item in sec.items:
        if isinstance(item, Section):
            out += _markdown(item, level + 1)
        elif isinstance(item, Fields):
            for k, v in item.pairs:  # a label indented with 　 is a sub-item of the one before
                indent = "  " if k.startswith("　") else ""
                k = k.strip("　 ")
                line = f"**{fmt_blocks.markdown_escape(k)}**: {fmt_blocks.markdown_escape(v)}" if k and v else \
                    fmt_blocks.markdown_escape(k or v)
                out.append(f"{indent}- {line}")
            out.append("")
        elif isinstance(item, Prose):
            out += fmt_blocks.markdown(item.blocks) + [""]
        else:
            out += [tabulated(_schedule_table(item.schedule), "github").rstrip("\n"), ""]
    return out


def _rows(d: PlanDoc, sec: Section, path: list[str], code: str, out: list[list[Any]]) -> None:
    code = sec.code or code
    for item in sec.items:
        if isinstance(item, Section):
            sub_path = {"plan": path, "issue": []}.get(item.kind, [*path, item.heading])
            _rows(d, item, sub_path, code, out)
            continue
        where = " / ".join(path) or (sec.heading if sec.kind != "plan" else "")
        if isinstance(item, Fields):
            out.append([d.plan.org.name, d.plan.fiscal_year, code, where or _("Plan"),
                        "\n".join(x.strip("　 ") for x in item.lines())])
        elif isinstance(item, Prose):
            out.append([d.plan.org.name, d.plan.fiscal_year, code, where, fmt_blocks.plain(item.blocks)])
        else:
            for r in item.schedule.rows:
                cells = [f"{QUARTER_LABELS[q]}: {sched.cell_text(r.cell(q))}" for q in QUARTERS]
                label = " ".join(x for x in (r.row_label,) if x)
                out.append([d.plan.org.name, d.plan.fiscal_year, code, " ".join(x for x in (where, _("quarterly table"), label) if x),
                            "\n".join(cells)])


def table(docs: list[PlanDoc]) -> Table:
    rows: list[list[Any]] = []
    for d in docs:
        _rows(d, d.section, [], "", rows)
    return Table([_("Organisation"), _("Year"), _("Issue"), _("Section"), _("Content")], rows)


def markdown(docs: list[PlanDoc]) -> str:
    """The plans as a markdown document: headings by level, prose as paragraphs and lists."""
    return "\n".join("\n".join(_markdown(d.section, 1)).rstrip("\n") + "\n" for d in docs)


def output(docs: list[PlanDoc], width: int | None = None,
           documents: Mapping[str, Callable[[], str]] | None = None,
           files: Mapping[str, Callable[[], bytes]] | None = None) -> ViewOutput:
    """A plan is a document, not a table: its own markdown; as a table (csv, tabulate's formats) one
    row per block, the text column wrapped to fit ``width``."""
    def wrapped() -> Table:
        t = table(docs)
        t.max_col_width = max(20, ((width or 100) - 40) // 2)
        return t

    return ViewOutput("show", _("Plan"), lambda: renderables(docs), lambda: to_json(docs),
                      lambda: [TableSection([wrapped()])], lambda: table(docs),
                      {"markdown": lambda: markdown(docs), **(documents or {})}, files or {}, page=True)


def _rich_fields(item: Fields) -> Any:
    """Labels in one column, values wrapping beside them."""
    from rich.table import Table as RichTable
    from rich.text import Text as RText

    from xplan.output.wrap import JaText

    if not any(k for k, _ in item.pairs):
        return JaText("\n".join(v for _, v in item.pairs), end="\n")
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for k, v in item.pairs:  # values are the plans' prose: phrases and kinsoku (xplan.output.wrap)
        grid.add_row(RText(k + ("" if not k or not v else ":")), JaText(v))
    return grid


def _rich(sec: Section, depth: int) -> list[Any]:
    from rich.console import Group
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.rule import Rule
    from rich.text import Text as RText

    body: list[Any] = []
    for item in sec.items:
        if isinstance(item, Section):
            if sec.kind == "plan":
                continue  # a plan's parts follow its header panel, not inside it
            body += _rich(item, depth + 1)
        elif isinstance(item, Fields):
            body.append(_rich_fields(item))
        elif isinstance(item, Prose):
            body.append(fmt_blocks.rich(item.blocks))
        else:
            rows = item.schedule.rows  # an action's own table needs no 取組 column; a shared one may
            labels = any(r.shared for r in rows)
            body.append(sched.issue_renderable(item.schedule, title=False, labels=labels))
    if sec.kind == "plan":
        out: list[Any] = [Panel(Group(*body), title=RText(sec.heading, style="bold"), title_align="left")]
        for item in sec.items:
            if isinstance(item, Section):
                out += _rich(item, depth + 1)
        return out
    if sec.kind == "part":
        return [RText(""), Rule(RText(sec.heading, style="bold"), align="left"), *body]
    from xplan.output.wrap import JaText  # headings are the plans' words too: phrases and kinsoku

    if sec.kind == "issue":
        head = JaText(sec.heading, style="bold", end="\n")
        return [Panel(Group(head, *body), title=RText(sec.code or "", style="bold"), title_align="left")]
    return [JaText(sec.heading, style="bold underline" if depth <= 3 else "bold", end="\n"),
            Padding(Group(*body), (0, 0, 0, 2))]


def renderables(docs: list[PlanDoc]) -> list[Any]:
    out: list[Any] = []
    for d in docs:
        out += _rich(d.section, 0)
    return out
