"""The diff as plain data, and its renderings: JSON dict, markdown, plain text, brief counts and
rich renderables (rich is imported only inside ``rich_parts``).

Organisations are paired by name (NFKC, white space removed). An organisation with a plan on one
side only is reported as ``only_old`` / ``only_new`` with no issue rows: its issues were not
removed or added, the other side simply has no plan of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xplan.diff.compare import ACTION, CELL, FIELD, RATING, Change, classify, compare_issues
from xplan.diff.match import Pair, match_issues
from xplan.diff.sides import Side, SideError
from xplan.diff.textdiff import DELETE, EQUAL, INSERT, Piece, marked, paragraph_diff
from xplan.i18n import N_, _, fixed, ngettext
from xplan.output.tables import Table
from xplan.plan.findings import shown_path
from xplan.plan.model import Plan
from xplan.plan.orgs import org_key
from xplan.plan.select import normalise, resolve_org

JSON_VERSION = 1
# JSON says these enumerations in ASCII; people read them in their language
CHANGE_WORDS = {"added": N_("added"), "removed": N_("removed"), "carried": N_("carried over"),
                "renamed": N_("renamed"), "moved": N_("moved to another domain")}
MATCH_WORDS = {"lineage": N_("by the lineage marker"), "id": N_("same id"), "title": N_("same title"),
               "similar": N_("similar title")}
COUNT_WORDS = {"carried": N_("{n} carried over"), "renamed": N_("{n} renamed"), "moved": N_("{n} moved"),
               "added": N_("{n} added"), "removed": N_("{n} removed")}
COUNT_KEYS = ("carried", "renamed", "moved", "added", "removed", "changed")


@dataclass
class IssueDiff:
    change: str  # added | removed | carried | renamed | moved
    pair: Pair
    changes: list[Change] = field(default_factory=list)

    @property
    def old_code(self) -> str | None:
        return self.pair.old.code if self.pair.old else None

    @property
    def new_code(self) -> str | None:
        return self.pair.new.code if self.pair.new else None

    @property
    def changed(self) -> bool:
        return self.change != "carried" or bool(self.changes)


@dataclass
class OrgDiff:
    org: str
    status: str  # both | only_old | only_new
    old_plan: Plan | None
    new_plan: Plan | None
    issues: list[IssueDiff] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        c = dict.fromkeys(COUNT_KEYS, 0)
        for d in self.issues:
            c[d.change] += 1
            if d.pair.old and d.pair.new and d.changes:
                c["changed"] += 1
        return c


@dataclass
class DiffReport:
    old: str  # side labels: R6, R7@HEAD~1, plans/R7/seisaku.yaml
    new: str
    orgs: list[OrgDiff] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # unusable files on either side

    @property
    def has_changes(self) -> bool:
        return any(o.status != "both" or any(d.changed for d in o.issues) for o in self.orgs)


# -- building -----------------------------------------------------------------------------------

# "changed to": not →, which the documents use for "the previous quarter's work continues" and
# which plan text itself contains (2種類→7種類)
CHANGED_TO = " ⇒ "

def _by_org(side: Side) -> dict[str, Plan]:
    out: dict[str, Plan] = {}
    for p in side.plans:
        key = normalise(p.org.name)
        if key in out:
            raise SideError(_("{side}: two plans of {org}: {first} and {second}; name one file instead").format(
                side=side.label, org=p.org.name, first=shown_path(out[key].path), second=shown_path(p.path)))
        out[key] = p
    return out


def diff_plans(old: Plan, new: Plan) -> list[IssueDiff]:
    """Every issue of one organisation's two plans, paired and compared."""
    out = []
    for pair in match_issues(old.issues, new.issues, old.fiscal_year or None):
        if pair.old is None:
            out.append(IssueDiff("added", pair))
        elif pair.new is None:
            out.append(IssueDiff("removed", pair))
        else:
            out.append(IssueDiff(classify(pair.old, pair.new), pair, compare_issues(pair.old, pair.new)))
    return out


def build_report(old: Side, new: Side, orgs: list[str] | None = None) -> DiffReport:
    """The whole report. ``orgs`` narrows to organisations as users type them (SelectionError)."""
    a, b = _by_org(old), _by_org(new)
    keys = list(dict.fromkeys([*a, *b]))
    if orgs:
        everyone = [*old.plans, *new.plans]
        wanted = {normalise(resolve_org(everyone, o)) for o in orgs}
        keys = [k for k in keys if k in wanted]
    report = DiffReport(old.label, new.label, skipped=list(dict.fromkeys([*old.skipped, *new.skipped])))
    for key in sorted(keys, key=lambda k: org_key((a.get(k) or b[k]).org.name, (a.get(k) or b[k]).org.kind)):
        pa, pb = a.get(key), b.get(key)
        name = (pb or pa).org.name  # type: ignore[union-attr]
        if pa and pb:
            report.orgs.append(OrgDiff(name, "both", pa, pb, diff_plans(pa, pb)))
        else:
            report.orgs.append(OrgDiff(name, "only_old" if pa else "only_new", pa, pb))
    return report


# -- JSON ---------------------------------------------------------------------------------------

def to_json(report: DiffReport) -> dict[str, Any]:
    """The pinned contract, plus per-issue ``notes`` and per-organisation plan paths."""
    return {
        "version": JSON_VERSION,
        "old": report.old,
        "new": report.new,
        "orgs": [{
            "org": o.org,
            "status": o.status,
            "old_plan": display_path(o.old_plan.path) if o.old_plan else None,
            "new_plan": display_path(o.new_plan.path) if o.new_plan else None,
            "issues": [{
                "change": d.change,
                "old": d.old_code,
                "new": d.new_code,
                "match": d.pair.how,
                "score": d.pair.score,
                "fields": {c.key: [c.old, c.new] for c in d.changes},
                "notes": [fixed(n) for n in d.pair.notes],  # in the default language, whatever --lang says
            } for d in o.issues],
        } for o in report.orgs],
    }


def to_brief_json(report: DiffReport) -> dict[str, Any]:
    return {"version": JSON_VERSION, "old": report.old, "new": report.new,
            "orgs": [{"org": o.org, "status": o.status, "counts": o.counts()} for o in report.orgs]}


COUNT_HEADERS = {"carried": N_("Carried over"), "renamed": N_("Renamed"), "moved": N_("Moved"),
                 "added": N_("Added"), "removed": N_("Removed"), "changed": N_("Matched with changes")}


def brief_table(report: DiffReport) -> Table:
    """--brief for a spreadsheet: one row per organisation, its counts as numbers (as in the JSON)."""
    rows: list[list[Any]] = []
    for o in report.orgs:
        where = "" if o.status == "both" else _("only in {side}").format(
            side=report.old if o.status == "only_old" else report.new)
        c = o.counts()
        rows.append([o.org, where, *(c[k] for k in COUNT_KEYS)])
    return Table([_("Organisation"), _("Status"), *(_(COUNT_HEADERS[k]) for k in COUNT_KEYS)], rows,
                 justify=dict.fromkeys(range(2, 2 + len(COUNT_KEYS)), "right"))


# -- lines: one model, three renderings -----------------------------------------------------------

Seg = tuple[str, str]  # (text, style); style names: see STYLES


@dataclass
class Line:
    kind: str  # title | org | item
    level: int
    segs: list[Seg]

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.segs)


STYLES = {"": "", "add": "green", "del": "red", "chg": "yellow", "dim": "dim", "bold": "bold",
          "ins": "bold green underline", "rm": "red strike", "org": "bold cyan"}
SYMBOL = {"added": ("+", "add"), "removed": ("-", "del"), "changed": ("~", "chg"), "same": ("=", "dim")}


def _absent(value: Any, kind: str) -> str:
    if value is None:
        return _("unrated") if kind == RATING else _("(not stated)")
    return str(value)


def _cell(value: list[str] | None) -> str:
    if value is None:
        return _("(not stated)")
    # the document's → (work continues) is shown as 継続, never as an arrow: an arrow here means
    # "changed to" (CHANGED_TO), and 第4四半期: →(継続) → 【要記入】 read as two changes (issue 31)
    return " / ".join(_("continues") if v == "→" else v for v in value) if value else _("(empty)")


def display_path(path: str) -> str:
    """A plan's path relative to the working directory when it lies below it (git labels as they are)."""
    p = Path(path)
    if p.is_absolute():
        try:
            return p.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return path
    return path


def _issues(n: int) -> str:
    return ngettext("{n} issue", "{n} issues", n).format(n=n)


def _count(value: list[str] | None) -> str:
    return _("none") if value is None else ngettext("{n} paragraph", "{n} paragraphs", len(value)).format(n=len(value))


def _org_heading(o: OrgDiff, report: DiffReport) -> Line:
    if o.status == "both":
        assert o.old_plan and o.new_plan
        span = f"{o.old_plan.fiscal_year} → {o.new_plan.fiscal_year}"
        return Line("org", 0, [(f"{o.org}  ", "org"), (f"({span})", "dim")])
    plan = o.old_plan or o.new_plan
    assert plan is not None
    side = report.old if o.status == "only_old" else report.new
    other = report.new if o.status == "only_old" else report.old
    sym, style = ("-", "del") if o.status == "only_old" else ("+", "add")
    year = "" if side == plan.fiscal_year else _("{year} plan").format(year=plan.fiscal_year) + ", "
    return Line("org", 0, [(f"{sym} {o.org}  ", style),
                           (_("only in {side} ({year}{issues}, {path}); no plan in {other}").format(
                               side=side, year=year, issues=_issues(len(plan.issues)),
                               path=display_path(plan.path), other=other), "")])


def _issue_line(d: IssueDiff) -> Line:
    p = d.pair
    if d.change == "added":
        sym = SYMBOL["added"]
    elif d.change == "removed":
        sym = SYMBOL["removed"]
    else:
        sym = SYMBOL["changed"] if d.changed else SYMBOL["same"]
    issue = p.new or p.old
    assert issue is not None
    codes = (d.old_code or "") if d.new_code is None else (
        d.new_code if d.old_code in (None, d.new_code) else f"{d.old_code}{CHANGED_TO}{d.new_code}")
    title = issue.title or issue.overview_title or _("(untitled issue)")
    how = ""
    if p.how:
        how = f"; {_(MATCH_WORDS[p.how])}"
        ln = p.new.lineage if p.new else None
        if p.how == "lineage" and ln is not None:
            how += "".join(f" {x}" for x in (ln.marker, f"({ln.year} {ln.id})" if ln.id else None) if x)
        if p.score is not None and p.how in ("similar", "lineage", "id") and p.score < 1:
            how += ", " + _("score {score}").format(score=f"{p.score:.2f}")
    word = _(CHANGE_WORDS[d.change])
    if d.change == "moved" and p.old and p.new:
        word += f" {p.old.domain}{CHANGED_TO.strip()}{p.new.domain}"
    return Line("item", 1, [(f"{sym[0]} {codes}  ", sym[1]), (title, "bold" if sym[1] != "dim" else "dim"),
                            (f"  ({word}{how})", "dim")])


def _change_lines(c: Change, text: bool) -> list[Line]:
    if c.kind in (FIELD, RATING):
        return [Line("item", 2, [(f"{c.label}: ", ""), (_absent(c.old, c.kind), "del"), (CHANGED_TO, ""),
                                 (_absent(c.new, c.kind), "add")])]
    if c.kind == CELL:
        return [Line("item", 2, [(f"{c.label}: ", ""), (_cell(c.old), "del"), (CHANGED_TO, ""), (_cell(c.new), "add")])]
    if c.kind == ACTION:
        v = c.new if c.old is None else c.old
        title = v.get("title") or _("(untitled action)")
        if c.old is None:
            return [Line("item", 2, [(f"+ {c.label} {_('added')}: ", "add"), (title, "")])]
        return [Line("item", 2, [(f"- {c.label} {_('removed')}: ", "del"), (title, "")])]
    # text: sections, action descriptions, progress checkpoints
    if c.old is None:
        head = [(f"+ {c.label} {_('added')} ({_count(c.new)})", "add")]
    elif c.new is None:
        head = [(f"- {c.label} {_('removed')} ({_count(c.old)})", "del")]
    else:
        head = [(f"{c.label}: {_('changed')} ({_count(c.old)}{CHANGED_TO}{_count(c.new)})", "chg")]
    out = [Line("item", 2, head)]
    if text:
        for pieces in paragraph_diff(c.old, c.new):
            out.append(Line("item", 3, _piece_segs(pieces)))
    return out


def _piece_segs(pieces: list[Piece]) -> list[Seg]:
    # the markers stay in every rendering, so a deletion is visible without colour too
    return [(marked([p]), {EQUAL: "", DELETE: "rm", INSERT: "ins"}[p.kind]) for p in pieces]


def report_lines(report: DiffReport, text: bool = False, everything: bool = False) -> list[Line]:
    """The report as lines; issues carried over unchanged only with ``everything`` (--all)."""
    out = [Line("title", 0, [(f"xplan diff {report.old} → {report.new}", "bold")])]
    if not report.orgs:
        out.append(Line("item", 0, [(_("(no organisations to compare)"), "dim")]))
    for o in report.orgs:
        out.append(_org_heading(o, report))
        if o.status != "both":
            continue
        counts = o.counts()
        out.append(Line("item", 1, [(_counts_text(counts), "dim")]))
        for d in o.issues:
            if not d.changed and not d.pair.notes and not everything:
                continue
            out.append(_issue_line(d))
            for note in d.pair.notes:
                out.append(Line("item", 2, [(_("note: {note}").format(note=note), "dim")]))
            for c in d.changes:
                out.extend(_change_lines(c, text))
    if not report.has_changes:
        out.append(Line("item", 0, [(_("no changes"), "dim")]))
    return out


def _counts_text(c: dict[str, int]) -> str:
    parts = [_(COUNT_WORDS[k]).format(n=c[k]) for k in ("carried", "renamed", "moved", "added", "removed") if c[k]]
    if not parts:
        return _("no issues compared")
    return ", ".join(parts) + _("; ") + _("{n} matched with changes").format(n=c["changed"])


# -- renderings ---------------------------------------------------------------------------------

def render_plain(lines: list[Line]) -> str:
    out = []
    for ln in lines:
        if ln.kind == "org":
            out.append("")
        out.append("  " * ln.level + ln.text)
    return "\n".join(out) + "\n"


def _md_escape(text: str) -> str:
    from xplan.output.escape import markdown_text

    # [-…-] is the word diff's mark for deleted text, kept readable in minutes
    text = markdown_text(text).replace("\\[", "[").replace("\\]", "]")
    if text[:1] in ("+", "-", "#", "="):  # "- + x" would start a nested list
        text = "\\" + text
    return text


def render_markdown(lines: list[Line]) -> str:
    out: list[str] = []
    for ln in lines:
        text = _md_escape(ln.text)
        if ln.kind == "title":
            out.append(f"# {text}")
        elif ln.kind == "org":
            out.extend(["", f"## {text}", ""])
        else:
            out.append("  " * max(ln.level - 1, 0) + f"- {text}")
    text = "\n".join(out)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.rstrip("\n") + "\n"


def render_brief(report: DiffReport) -> str:
    out = [f"xplan diff {report.old} → {report.new}"]
    total = dict.fromkeys(COUNT_KEYS, 0)
    for o in report.orgs:
        if o.status == "both":
            c = o.counts()
            for k in COUNT_KEYS:
                total[k] += c[k]
            out.append(f"{o.org}: {_counts_text(c)}")
        else:
            plan = o.old_plan or o.new_plan
            assert plan is not None
            side = report.old if o.status == "only_old" else report.new
            out.append(f"{o.org}: " + _("only in {side} ({issues})").format(side=side, issues=_issues(len(plan.issues))))
    only = sum(o.status != "both" for o in report.orgs)
    out.append(_("total: {n} organisations ({only} on one side only); {counts}").format(
        n=len(report.orgs), only=only, counts=_counts_text(total)))
    return "\n".join(out) + "\n"


def render_html(lines: list[Line]) -> str:
    """An HTML fragment: the title, a heading per organisation, a nested list of changes."""
    import html

    out: list[str] = []
    depth = 0

    def to(level: int) -> None:
        nonlocal depth
        while depth < level:
            out.append("<ul>")
            depth += 1
        while depth > level:
            out.append("</ul>")
            depth -= 1

    for ln in lines:
        text = "".join(f'<span class="{s}">{html.escape(t)}</span>' if s else html.escape(t) for t, s in ln.segs)
        if ln.kind in ("title", "org"):
            to(0)
            out.append(f"<h{1 if ln.kind == 'title' else 2}>{text}</h{1 if ln.kind == 'title' else 2}>")
        else:
            to(max(ln.level, 1))
            out.append(f"<li>{text}</li>")
    to(0)
    return "\n".join(out) + "\n"


def changes_table(report: DiffReport, everything: bool = False) -> Table:
    """One row per changed value (csv/tsv and tabulate formats): status and change stay ASCII-free
    labels in the chosen language, as in the other human outputs."""
    rows: list[list[Any]] = []
    for o in report.orgs:
        if o.status != "both":
            side = report.old if o.status == "only_old" else report.new
            rows.append([o.org, _("only in {side}").format(side=side), "", "", "", "", "", ""])
            continue
        for d in o.issues:
            if not d.changed and not everything:
                continue
            issue = d.pair.new or d.pair.old
            title = (issue.title or issue.overview_title or "") if issue else ""
            base = [o.org, _(CHANGE_WORDS[d.change]), d.old_code or "", d.new_code or "", title]
            if not d.changes:
                rows.append([*base, "", "", ""])
            for c in d.changes:
                rows.append([*base, c.label, _cell_text(c.old, c.kind), _cell_text(c.new, c.kind)])
    headers = [_("Organisation"), _("Change"), f"{_('Issue')} {report.old}", f"{_('Issue')} {report.new}",
               _("Title"), _("What"), report.old, report.new]
    return Table(headers, rows, title=f"xplan diff {report.old} → {report.new}")


def _cell_text(value: Any, kind: str) -> str:
    if kind == CELL:
        return _cell(value)
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("title") or "")
    return _absent(value, kind)


def rich_parts(lines: list[Line]) -> list[Any]:
    from rich.padding import Padding
    from rich.rule import Rule
    from rich.text import Text

    parts: list[Any] = []
    for ln in lines:
        text = Text.assemble(*[(t, STYLES[s]) for t, s in ln.segs])
        if ln.kind == "org":
            parts.append(Rule(style="dim"))
            parts.append(text)
        else:
            parts.append(Padding(text, (0, 0, 0, 2 * ln.level), expand=False) if ln.level else text)
    return parts
