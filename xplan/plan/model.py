"""The typed, in-memory plan that every command shares.

Built from the plain data of a loaded file. The builder is tolerant: a value of the wrong
type is skipped (the schema check reports it), so the rules still see everything else.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from xplan.plan.years import year_number

QUARTERS = ("q1", "q2", "q3", "q4")
QUARTER_LABELS = {"q1": "第1四半期(4～6月)", "q2": "第2四半期(7～9月)",
                  "q3": "第3四半期(10～12月)", "q4": "第4四半期(1～3月)"}
RATINGS = ("高", "低")  # as the documents print them; JSON and every view use these values
QUADRANTS = ("高/高", "高/低", "低/高", "低/低")  # <impact>/<urgency>, as Issue.quadrant


class Continues:
    """The document's → in a quarter cell: the previous cell's work continues."""

    _instance: Continues | None = None

    def __new__(cls) -> Continues:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "→"

    def __str__(self) -> str:
        return "→"


CONTINUES = Continues()

# What `xplan new` writes where a draft still needs the planner's words; rule P373 (to-fill)
# lists every text that starts with it, so a draft's lint run is its to-do list.
TO_FILL = "【要記入】"
CellItem = str | Continues


@dataclass(frozen=True)
class Headed:
    heading: str
    items: tuple[Block, ...]


@dataclass(frozen=True)
class Dated:
    text: str
    period: str


@dataclass(frozen=True)
class LeadIn:
    """A sentence that introduces sub-items, the sub-items, and the words that finish it.

    「…市民意見等を、」 + three examples + 「など、6つの課題に整理した。」 is one sentence in the
    document; kept as siblings, each sub-item would read as a sentence of its own.
    """

    lead: str
    items: tuple[Block, ...]
    tail: str | None = None


Block = str | Headed | Dated | LeadIn
Pointer = tuple[str | int, ...]


@dataclass
class ScheduleRow:
    pointer: Pointer
    label: str | None = None
    actions: tuple[int, ...] = ()
    cells: dict[str, list[CellItem] | None] = dc_field(default_factory=dict)
    period: str | None = None

    @property
    def is_period_row(self) -> bool:
        return self.period is not None


@dataclass
class Action:
    pointer: Pointer
    number: int | None = None
    title: str | None = None
    period: str | None = None
    description: list[Block] = dc_field(default_factory=list)
    schedule: list[ScheduleRow] | None = None


@dataclass
class Checkpoint:
    pointer: Pointer
    as_of: str | None = None
    label: str | None = None
    action: int | None = None
    items: list[Block] = dc_field(default_factory=list)


@dataclass
class Lineage:
    year: str | None = None
    marker: str | None = None
    domain: str | None = None
    id: str | None = None


@dataclass
class Issue:
    pointer: Pointer
    id: str
    domain: str
    number: int
    title: str | None = None
    overview_title: str | None = None
    field: str | None = None
    in_overview: bool = True
    has_detail: bool = True
    approach: list[Block] | None = None
    lineage: Lineage | None = None
    theme: str | None = None
    sub_theme: str | None = None
    impact: str | None = None
    urgency: str | None = None
    content: list[Block] | None = None
    background: list[Block] | None = None
    outcomes: list[Block] | None = None
    measures: list[Block] | None = None
    actions_intro: list[Block] | None = None
    actions: list[Action] | None = None
    schedule: list[ScheduleRow] | None = None
    progress: list[Checkpoint] = dc_field(default_factory=list)
    achieved: list[Block] | None = None
    fell_short: list[Block] | None = None

    @property
    def code(self) -> str:
        """ASCII code such as ``A1``."""
        return f"{self.domain}{self.number}"

    @property
    def label(self) -> str:
        """The document's way of naming it: 課題A（1）."""
        return f"課題{self.domain}（{self.number}）"

    @property
    def display_title(self) -> str | None:
        """The issue's title: the detail heading's, else the overview's (no detail page)."""
        return self.title or self.overview_title

    @property
    def quadrant(self) -> str | None:
        """``高/低`` (impact/urgency) etc.; None unless both ratings are given."""
        if self.impact in RATINGS and self.urgency in RATINGS:
            return f"{self.impact}/{self.urgency}"
        return None

    @property
    def action_count(self) -> int:
        return len(self.actions or [])

    def schedules(self) -> Iterator[tuple[Action | None, ScheduleRow]]:
        """Every schedule row, with the action it belongs to (None for a shared table)."""
        for action in self.actions or []:
            for row in action.schedule or []:
                yield action, row
        for row in self.schedule or []:
            yield None, row


@dataclass
class Organisation:
    name: str
    kind: str
    slug: str
    aliases: list[str] = dc_field(default_factory=list)


@dataclass
class Plan:
    path: str
    org: Organisation
    fiscal_year: str
    template: str
    layout: str
    raw: dict[str, Any]
    issues: list[Issue] = dc_field(default_factory=list)
    mission: list[Block] = dc_field(default_factory=list)
    themes: list[dict[str, Any]] = dc_field(default_factory=list)

    @property
    def has_matrix(self) -> bool:
        """R7 onwards the template asks for impact/urgency; R6 had no matrix."""
        return _edition(self.template) >= 7

    @property
    def has_schedule(self) -> bool:
        """R7 onwards the template has the quarterly table; R6 had none."""
        return _edition(self.template) >= 7

    @property
    def has_overview(self) -> bool:
        return self.layout == "current"

    @property
    def key(self) -> tuple[str, str]:
        return self.org.name, self.fiscal_year

    def issue(self, code: str) -> Issue | None:
        return next((i for i in self.issues if i.code == code or i.id == code), None)


def _edition(template: str) -> int:
    try:
        return year_number(template)
    except (ValueError, IndexError):
        return 7


# -- building -------------------------------------------------------------------------------

def _str(v: Any) -> str | None:
    return v if isinstance(v, str) else None


def _int(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _list(v: Any) -> list[Any]:
    """A list value, or nothing: ``issues: 5`` / ``.nan`` / ``true`` is the schema's to report."""
    return v if isinstance(v, list) else []


def as_mapping(v: Any) -> dict[str, Any]:
    """A value of the raw plan data that should be a mapping, or an empty one (the schema reports it)."""
    return v if isinstance(v, dict) else {}


def as_list(v: Any) -> list[Any]:
    """A value of the raw plan data that should be a list, or an empty one (the schema reports it)."""
    return v if isinstance(v, list) else []


_ID = re.compile(r"([ABC])([1-9][0-9]{0,3})")


def _number(d: dict[str, Any]) -> int:
    """The issue number; when it is absent or not a number, the one its id carries (``A2``).

    The id is always the domain letter and the number (rules P332/P333), so a mistyped
    ``number: "one"`` gets one S203 and the issue keeps its name (課題A（2）) instead of
    becoming 課題A（0） with a cascade of numbering findings.
    """
    number = _int(d.get("number"))
    if number is not None:
        return number
    m = _ID.fullmatch(d["id"]) if isinstance(d.get("id"), str) else None
    return int(m.group(2)) if m else 0


def blocks(v: Any) -> list[Block] | None:
    if not isinstance(v, list):
        return None
    out: list[Block] = []
    for item in v:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict) and isinstance(item.get("heading"), str):
            out.append(Headed(item["heading"], tuple(blocks(item.get("items")) or [])))
        elif isinstance(item, dict) and isinstance(item.get("lead"), str):
            out.append(LeadIn(item["lead"], tuple(blocks(item.get("items")) or []), _str(item.get("tail"))))
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            out.append(Dated(item["text"], str(item.get("period", ""))))
    return out


def _cell(v: Any) -> list[CellItem] | None:
    if not isinstance(v, list):
        return None
    cell: list[CellItem] = []
    for item in v:
        if isinstance(item, str):
            cell.append(item)
        elif isinstance(item, dict) and item.get("continues") is True:
            cell.append(CONTINUES)
    return cell


def _schedule(v: Any, pointer: Pointer) -> list[ScheduleRow] | None:
    if not isinstance(v, list):
        return None
    rows = []
    for i, r in enumerate(v):
        if not isinstance(r, dict):
            continue
        acts = tuple(a for a in r.get("actions", []) if _int(a)) if isinstance(r.get("actions"), list) else ()
        rows.append(ScheduleRow(
            pointer=pointer + (i,), label=_str(r.get("label")), actions=acts,
            cells={q: _cell(r[q]) if q in r else None for q in QUARTERS},
            period=_str(r.get("period"))))
    return rows


_BLOCK_KEYS = ("approach", "content", "background", "outcomes", "measures", "actions_intro")


_ISSUE_TEXTS = ("title", "overview_title", "field", "theme", "sub_theme", "impact", "urgency")


def _action(a: dict[str, Any], p: Pointer) -> Action:
    return Action(p, _int(a.get("number")), _str(a.get("title")), _str(a.get("period")),
                  (blocks(a["description"]) or []) if "description" in a else [],
                  _schedule(a["schedule"], p + ("schedule",)) if "schedule" in a else None)


def _issue(d: dict[str, Any], pointer: Pointer) -> Issue:
    # On 2,000 plans the table views build 25,000 issues from summaries (xplan.plan.summary): the
    # keys a summary leaves out are looked at only when present, and the common ones inline.
    get = d.get
    domain = get("domain")
    if domain not in ("A", "B", "C"):
        domain = str(get("id", "?"))[:1]
    number = _number(d)
    actions = None
    if isinstance(get("actions"), list):
        actions = [_action(a, pointer + ("actions", i)) for i, a in enumerate(d["actions"]) if isinstance(a, dict)]
    progress = []
    if "progress" in d:
        for i, c in enumerate(_list(d["progress"])):
            if isinstance(c, dict):
                progress.append(Checkpoint(pointer + ("progress", i), _str(c.get("as_of")), _str(c.get("label")),
                                           _int(c.get("action")), blocks(c.get("items")) or []))
    lineage = None
    ln = get("lineage")
    if isinstance(ln, dict):
        lineage = Lineage(_str(ln.get("year")), _str(ln.get("marker")), _str(ln.get("domain")), _str(ln.get("id")))
    fields: dict[str, Any] = {k: v for k in _ISSUE_TEXTS if isinstance(v := get(k), str)}
    for k in _BLOCK_KEYS:
        if k in d:
            fields[k] = blocks(d[k])
    retro = get("retrospective")
    if isinstance(retro, dict):
        fields["achieved"] = blocks(retro.get("achieved"))
        fields["fell_short"] = blocks(retro.get("fell_short"))
    if "schedule" in d:
        fields["schedule"] = _schedule(d["schedule"], pointer + ("schedule",))
    return Issue(pointer, str(get("id", f"{domain}{number}")), str(domain), number,
                 in_overview=get("in_overview", True) is not False, has_detail=get("has_detail", True) is not False,
                 lineage=lineage, actions=actions, progress=progress, **fields)


def build_plan(data: dict[str, Any], path: str) -> Plan:
    org = as_mapping(data.get("organisation"))
    plan = Plan(
        path=path,
        org=Organisation(str(org.get("name", "")), str(org.get("kind", "")), str(org.get("slug", "")),
                         [a for a in as_list(org.get("aliases")) if isinstance(a, str)]),
        fiscal_year=str(data.get("fiscal_year", "")), template=str(data.get("template", "")),
        layout=str(data.get("layout", "current")), raw=data,
        mission=blocks(data.get("mission")) or [],
        themes=[t for t in as_list(data.get("themes")) if isinstance(t, dict)],
    )
    for i, d in enumerate(_list(data.get("issues"))):
        if isinstance(d, dict):
            plan.issues.append(_issue(d, ("issues", i)))
    return plan


def block_texts(items: list[Block] | tuple[Block, ...] | None, pointer: Pointer) -> Iterator[tuple[Pointer, str]]:
    """Every string inside a list of blocks, with its JSON path."""
    for i, b in enumerate(items or []):
        if isinstance(b, str):
            yield pointer + (i,), b
        elif isinstance(b, Headed):
            yield pointer + (i, "heading"), b.heading
            yield from block_texts(b.items, pointer + (i, "items"))
        elif isinstance(b, LeadIn):
            yield pointer + (i, "lead"), b.lead
            yield from block_texts(b.items, pointer + (i, "items"))
            if b.tail is not None:
                yield pointer + (i, "tail"), b.tail
        else:
            yield pointer + (i, "text"), b.text


def plain_lines(items: list[Block] | tuple[Block, ...] | None, indent: str = "") -> list[str]:
    """Blocks as plain lines for display: headings and lead-ins, then their items indented
    (a lead-in's closing words back at the lead-in's level)."""
    out: list[str] = []
    for b in items or []:
        if isinstance(b, str):
            out.append(indent + b)
        elif isinstance(b, Headed):
            out.append(indent + b.heading)
            out.extend(plain_lines(b.items, indent + "  "))
        elif isinstance(b, LeadIn):
            out.append(indent + b.lead)
            out.extend(plain_lines(b.items, indent + "  "))
            if b.tail is not None:
                out.append(indent + b.tail)
        else:
            out.append(f"{indent}{b.text}（{b.period}）")
    return out
