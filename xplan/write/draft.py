"""``xplan new``: next year's plan drafted from this year's, or a skeleton of the current template.

A draft keeps what usually carries over from one year to the next — the mission, the units and
facilities, each issue's title, field, ratings, ② content, ③ background, ④ outcomes, and each
action's title and description — and links every issue to the one it continues (``lineage``).
What belongs to the old year is not carried: quarter cells, month ranges, ⑥ progress, the
retrospective, the budget, the review of the year before. Where the new year needs the planner's
words the draft says ``【要記入】`` and what to write (rule P373 lists each one), so a draft never
passes off last year's facts, or invented ones, as next year's. Labels that name the year
(``令和7年度局全体当初予算額``, ``(R7.4.1付)``) are moved on by one year.
"""

from __future__ import annotations

import copy
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xplan.plan.model import QUARTERS, TO_FILL
from xplan.plan.years import REIWA_OFFSET, year_number

LAYOUT = "current"
QUARTER_NAMES = {"q1": "第1四半期", "q2": "第2四半期", "q3": "第3四半期", "q4": "第4四半期"}


def fill(what: str) -> str:
    """A placeholder: the mark and what the planner writes there."""
    return f"{TO_FILL}{what}"


def _reiwa(year: str) -> str:
    return f"令和{year_number(year)}年度"


def shift_year(label: str, old: str, new: str) -> str:
    """A label's year moved on: 令和7年度 -> 令和8年度, R7.4.1 -> R8.4.1."""
    o, n = year_number(old), year_number(new)
    label = label.replace(f"令和{o}年度", f"令和{n}年度")
    return re.sub(rf"(?<![0-9A-Za-z])R{o}(?=\.\d)", f"R{n}", label)


def _continues(item: Any) -> bool:
    return isinstance(item, dict) and item.get("continues") is True


def _schedule_row(row: dict[str, Any] | None = None) -> dict[str, Any]:
    """A quarter row to fill: the old row's label and action numbers, each cell a placeholder.

    A row that held nothing but ``→`` (the work of the row above continuing, often across a page
    break) is one item to fill, in the quarter of its first ``→``, not four."""
    out: dict[str, Any] = {}
    for key in ("label", "actions"):
        if row and key in row:
            out[key] = copy.deepcopy(row[key])
    cells = [row.get(q) if row else None for q in QUARTERS]
    items = [i for c in cells if isinstance(c, list) for i in c]
    if items and all(_continues(i) for i in items):
        first = next(q for q, c in zip(QUARTERS, cells) if isinstance(c, list) and c)
        for q in QUARTERS:
            out[q] = [fill(f"{QUARTER_NAMES[q]}の取組（前年度は前の行からの継続「→」のみ）")] if q == first else []
        return out
    for q in QUARTERS:
        out[q] = [fill(f"{QUARTER_NAMES[q]}の取組")]
    return out


def names_year(text: str, year: str) -> bool:
    """Whether a text names the fiscal year ``year`` (R7: 令和7年度, 令和7年12月, R7年度, R7.4, 2025年度,
    今年度) — carried into next year's plan it would read as the new year's."""
    n = year_number(year)
    norm = unicodedata.normalize("NFKC", text)
    return bool(re.search(rf"令和{n}年|(?<![0-9A-Za-z])R{n}(?:年|\.[0-9])|(?<![0-9]){n + REIWA_OFFSET}年度|今年度|本年度",
                          norm))


CHECK = "# xplan: 要確認 "  # rule P391 (to-check) lists each comment that starts so
Marks = list[tuple[tuple[str | int, ...], str]]  # (JSON path of a text, why it is to check)


def year_bound(blocks: Any, year: str, pointer: tuple[str | int, ...], marks: Marks) -> None:
    """Record each text of ``blocks`` that names ``year`` (the old year), to mark it for review."""
    if isinstance(blocks, str):
        if names_year(blocks, year) and not blocks.startswith(TO_FILL):
            marks.append((pointer, f"{_reiwa(year)}を指す文: 新しい年度に合わせて書き直すか、そのままでよいか確かめる"))
    elif isinstance(blocks, list):
        for i, b in enumerate(blocks):
            year_bound(b, year, pointer + (i,), marks)
    elif isinstance(blocks, dict):
        for k, v in blocks.items():
            if k in ("heading", "items", "text", "lead", "tail"):
                year_bound(v, year, pointer + (k,), marks)


def _action(old: dict[str, Any], old_year: str, year: str, issue_has_table: bool, pointer: tuple[str | int, ...],
            marks: Marks) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("number", "title", "description"):
        if key in old:
            out[key] = copy.deepcopy(old[key])
    if "description" in out:
        year_bound(out["description"], old_year, pointer + ("description",), marks)
    if "description" not in out:
        out["description"] = [fill(f"{_reiwa(year)}の取組内容")]
    if not issue_has_table:
        rows = old.get("schedule") or [None]
        out["schedule"] = [_schedule_row(r) for r in rows if r is None or "period" not in r] or [_schedule_row()]
    return out


# overview_title is carried too: dropped, `xplan diff` would report a retitling nobody made
CARRIED = ("id", "domain", "number", "title", "overview_title", "field", "in_overview", "has_detail", "approach",
           "theme", "sub_theme", "impact", "urgency", "content", "background", "outcomes", "actions_intro")
TEXTS = ("approach", "content", "background", "outcomes", "actions_intro")  # checked for the old year


def _issue(old: dict[str, Any], old_year: str, year: str, lineage: bool, pointer: tuple[str | int, ...],
           marks: Marks) -> dict[str, Any]:
    out = {k: copy.deepcopy(old[k]) for k in CARRIED if k in old}
    for key in TEXTS:
        if key in out:
            year_bound(out[key], old_year, pointer + (key,), marks)
    if lineage and "domain" in old and "id" in old:
        out["lineage"] = {"year": old_year, "domain": old["domain"], "id": old["id"]}
    # the current template lists every issue in the overview table and gives each a detail page
    out["in_overview"], out["has_detail"] = True, True
    if not old.get("approach"):
        out["approach"] = [fill("課題に対する取り組み（一覧表）")]
    for key, what in (("title", "課題名"), ("field", "政策分野"), ("content", "②課題の内容"),
                      ("background", "③課題の背景や現状"), ("outcomes", "④目指す成果")):
        if not out.get(key):
            out[key] = fill(what) if key in ("title", "field") else [fill(what)]
    table = bool(old.get("schedule"))
    actions = [_action(a, old_year, year, table, pointer + ("actions", n), marks)
               for n, a in enumerate(a for a in old.get("actions") or [] if isinstance(a, dict))]
    if not actions:
        actions = [{"title": fill("取組名"), "description": [fill(f"{_reiwa(year)}の取組内容")],
                    "schedule": [_schedule_row()]}]
    out["actions"] = actions
    if table:
        out["schedule"] = [_schedule_row(r) for r in old["schedule"] if "period" not in r] or [_schedule_row()]
    return out


def _basic_info(old: dict[str, Any], old_year: str, year: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    budget = old.get("budget") or {}
    out["budget"] = {"text": fill(f"{_reiwa(year)}の当初予算額")}
    if "label" in budget:
        out["budget"] = {"label": shift_year(budget["label"], old_year, year), **out["budget"]}
    units = old.get("units")
    if units:
        out["units"] = {k: v for k, v in (("label", shift_year(units["label"], old_year, year) if "label" in units else None),
                                          ("names", copy.deepcopy(units.get("names")))) if v is not None}
    for key in ("partner_bodies", "facilities"):
        if key in old:
            out[key] = copy.deepcopy(old[key])
    return out


def _written(blocks: Any) -> list[Any]:
    """The blocks of a ⑦/⑧ that are written (an item still marked 【要記入】 is not)."""
    return [copy.deepcopy(b) for b in blocks or [] if not (isinstance(b, str) and b.startswith(TO_FILL))]


def _carried_review(old: dict[str, Any] | None, key: str, mark: str, marks: Marks) -> list[Any]:
    """Each issue's ⑦ (``achieved``) or ⑧ (``fell_short``) of the old plan, under a heading naming the
    issue, marked to check: the organisation's own words, the starting point of section 3."""
    if not old:
        return []
    out: list[Any] = []
    for issue in old.get("issues") or []:
        if not isinstance(issue, dict) or not isinstance(issue.get("retrospective"), dict):
            continue
        items = _written(issue["retrospective"].get(key))
        if not items:
            continue
        name = f"課題{issue.get('domain', '')}（{issue.get('number', '')}）{issue.get('title') or issue.get('overview_title') or ''}"
        marks.append((("review", key, len(out), "heading"),
                       f"{_reiwa(old['fiscal_year'])}の振り返り{mark}を引き継いだもの: 総括として確かめるか書き直す"))
        out.append({"heading": name, "items": items})
    return out


def _review(year: str, old: dict[str, Any] | None = None, marks: Marks | None = None) -> dict[str, Any]:
    """Section 3: the review of the year before — to fill, or each issue's ⑦⑧ carried to check."""
    prev = _reiwa(f"R{year_number(year) - 1}")
    marks = [] if marks is None else marks
    return {"overall": [fill(f"{prev}の振り返り（総評）")],
            "achieved": _carried_review(old, "achieved", "⑦", marks)
            or [fill("変革が実現した課題・取組内容・市民にもたらされた効果")],
            "fell_short": _carried_review(old, "fell_short", "⑧", marks)
            or [fill("取組・進捗が十分でなかった項目・内容(理由)・次年度に向けた考え")]}


def draft_from(old: dict[str, Any], old_path: str, year: str, marks: Marks | None = None) -> dict[str, Any]:
    """Next year's plan (``year``) drafted from ``old``, the plan data of an earlier year; the texts
    to check are added to ``marks``."""
    marks = [] if marks is None else marks
    old_year = old["fiscal_year"]
    lineage = year_number(old_year) == year_number(year) - 1  # lineage is always to the previous year (P341)
    data: dict[str, Any] = {
        "schema_version": 1,
        "organisation": copy.deepcopy(old["organisation"]),
        "fiscal_year": year,
        "template": year,
        "layout": LAYOUT,
        "source": {"document": fill("転記元の文書（公表後に抽出テキストのファイル名）"),
                   "notes": [f"xplan new で{_reiwa(old_year)}の計画（{old_path}）から作成した下書き。"
                             "【要記入】の箇所を書き、引き継いだ記述を見直すこと。"]},
    }
    if old.get("mission"):
        data["mission"] = copy.deepcopy(old["mission"])
        year_bound(data["mission"], old_year, ("mission",), marks)
    else:
        data["mission"] = [fill("組織の使命")]
    data["basic_info"] = _basic_info(old.get("basic_info") or {}, old_year, year)
    data["review"] = _review(year, old, marks)
    data["issues"] = [_issue(i, old_year, year, lineage, ("issues", n), marks)
                      for n, i in enumerate(i for i in old.get("issues") or [] if isinstance(i, dict))]
    if not data["issues"]:
        data["issues"] = skeleton_issues(year)
    return data


def skeleton_issues(year: str) -> list[dict[str, Any]]:
    issues = []
    for domain in ("A", "B", "C"):
        issues.append({
            "id": f"{domain}1", "domain": domain, "number": 1, "title": fill("課題名"), "field": fill("政策分野"),
            "in_overview": True, "has_detail": True, "approach": [fill("課題に対する取り組み（一覧表）")],
            "content": [fill("②課題の内容")], "background": [fill("③課題の背景や現状")],
            "outcomes": [fill("④目指す成果")],
            "actions": [{"number": 1, "title": fill("取組名"), "description": [fill(f"{_reiwa(year)}の取組内容")],
                         "schedule": [_schedule_row()]}],
        })
    return issues


def skeleton(name: str, kind: str, slug: str, year: str) -> dict[str, Any]:
    """Every section of the current template, each to fill, for an organisation without a plan."""
    whole = "局全体" if kind == "bureau" else "区全体"
    unit = "部名" if kind == "bureau" else "課名"
    return {
        "schema_version": 1,
        "organisation": {"name": name, "kind": kind, "slug": slug},
        "fiscal_year": year,
        "template": year,
        "layout": LAYOUT,
        "source": {"document": fill("転記元の文書（公表後に抽出テキストのファイル名）"),
                   "notes": ["xplan new で作成した様式の雛形。【要記入】の箇所を書くこと。"]},
        "mission": [fill("組織の使命（どのような役割を担うのか）")],
        "basic_info": {
            "budget": {"label": f"{_reiwa(year)}{whole}当初予算額", "text": fill(f"{_reiwa(year)}の当初予算額")},
            "units": {"label": f"組織({unit}) (R{year_number(year)}.4.1付)", "names": [fill(f"組織（{unit}）")]},
            "partner_bodies": [fill("所管の政策連携団体（なければ なし）")],
            "facilities": {"direct": [fill("所管の主な公共施設（直営）")]},
        },
        "review": _review(year),
        "issues": skeleton_issues(year),
    }


def render(data: dict[str, Any], modeline: str | None, marks: Marks | None = None) -> str:
    """The draft's text in the canonical layout, under the schema modeline; each text of ``marks``
    with its ``# xplan: 要確認`` comment at the end of its line."""
    from xplan.plan.schema import load_schema
    from xplan.write.order import order
    from xplan.write.tree import Document, Entry, Item, Map, Seq, from_data
    from xplan.write.tree import render as render_doc

    root = from_data(data)
    assert isinstance(root, Map)
    for pointer, why in marks or []:
        node: Any = root
        element: Entry | Item | None = None
        for step in pointer:
            if isinstance(node, Map):
                element = next(e for e in node.entries if e.key.value == step)
            else:
                assert isinstance(node, Seq) and isinstance(step, int)
                element = node.items[step]
            node = element.value
        assert element is not None
        element.eol = CHECK + why if element.eol is None else element.eol
    schema = load_schema()
    order(root, schema, schema)
    return render_doc(Document(root, [modeline] if modeline else []))


class DraftError(Exception):
    """Something the user asked for that cannot be drafted: exit code 2, with what to do."""


def modeline_for(target: Path, old_text: str | None = None) -> str | None:
    """The yaml-language-server modeline: the nearest schema/plan.schema.json above the file,
    else the previous plan's modeline (same folder depth), else none."""
    here = target.resolve().parent
    for folder in (here, *here.parents):
        schema = folder / "schema" / "plan.schema.json"
        if schema.is_file():
            return f"# yaml-language-server: $schema={os.path.relpath(schema, here)}"
    if old_text:
        # the first line, whatever ends it (a file with CR line ends is one "line" to split("\n"))
        first = (old_text.splitlines() or [""])[0]
        if first.startswith("# yaml-language-server:"):
            return first.rstrip()
    return None


@dataclass
class Draft:
    path: Path
    text: str
    source: str | None  # the plan it was drafted from, or None for a skeleton
    to_fill: int  # how many 【要記入】 marks it holds
    to_check: int = 0  # how many carried texts have a `# xplan: 要確認` comment


def new_plan(plans: Path, org: str, year: str, from_year: str | None = None, kind: str | None = None,
             slug: str | None = None, output: Path | None = None, force: bool = False) -> Draft:
    """Draft ``org``'s plan for ``year`` (nothing is written). Raises DraftError."""
    from xplan.i18n import _
    from xplan.plan.catalog import load_catalog
    from xplan.plan.select import SelectionError, resolve_org, resolve_year

    try:
        year = resolve_year(year)
        from_year = resolve_year(from_year) if from_year else None
    except SelectionError as exc:
        raise DraftError(str(exc)) from None
    catalog = load_catalog(plans) if plans.is_dir() else None
    known = catalog.plans if catalog else []

    def no_plan(message: str) -> DraftError:
        """No plan to draft from: files that did not load may be the one meant, so name them first
        (with their first error), rather than only saying the organisation has none."""
        broken = [f"{f.file}:{f.line}:{f.column}: {f.message}" for f in (catalog.problems if catalog else [])]
        if broken:
            message = "\n".join([*broken, _("(these files could not be read as plans; if one is the plan to draft "
                                              "from, correct it first: xplan lint FILE)"), message])
        return DraftError(message)

    try:
        name = resolve_org(known, org) if known else None
    except SelectionError as exc:
        if kind is None:
            raise no_plan(f"{exc}\n" + _("For an organisation without a plan, give --kind bureau|ward "
                                           "(and --slug) to write a skeleton.")) from None
        name = None
    mine = [p for p in known if p.org.name == name] if name else []
    old = None
    if mine:
        want = from_year or f"R{year_number(year) - 1}"
        earlier = [p for p in mine if year_number(p.fiscal_year) < year_number(year)]
        old = next((p for p in mine if p.fiscal_year == want), None)
        if old is None and from_year is None and earlier and kind is None:
            latest = max(earlier, key=lambda p: year_number(p.fiscal_year)).fiscal_year
            raise no_plan(_("{org} has no {want} plan; its latest before {year} is {latest}: "
                               "give --from {latest}").format(org=name, want=want, year=year, latest=latest))
        if old is None and from_year is not None:
            raise no_plan(_("{org} has no {want} plan (plans: {years})").format(
                org=name, want=want, years=", ".join(sorted({p.fiscal_year for p in mine}, key=year_number))))
    if old is None and kind is None:
        raise no_plan(_("{org} has no plan before {year} to draft from; give --kind bureau|ward "
                           "to write a skeleton").format(org=name or org, year=year))
    if old is not None:
        from xplan.plan.loader import load

        loaded = load(old.path)
        source_problem(loaded, old.path)
        assert loaded.data is not None
        marks: Marks = []
        data = draft_from(loaded.data, old.path, year, marks)
        old_text = loaded.text
        the_slug: str | None = old.org.slug
    else:
        the_slug = slug or (mine[0].org.slug if mine else None)
        if not the_slug:
            raise DraftError(_("give --slug, the ASCII name of the file (e.g. kokurakita)"))
        if not re.fullmatch(r"[a-z][a-z0-9-]*", the_slug):
            raise DraftError(_("--slug {slug!r}: lower-case ASCII letters, digits and hyphens, starting with a letter")
                             .format(slug=the_slug))
        assert kind is not None
        data = skeleton(name or unicodedata.normalize("NFKC", org).strip(), kind, the_slug, year)
        old_text, marks = None, []
    target = output or plans / year / f"{the_slug}.yaml"
    if (target.exists() or target.is_symlink()) and not force:
        raise DraftError(_("{path} exists; give --force to overwrite it").format(path=target))
    text = render(data, modeline_for(target, old_text), marks)
    check_draft(text, data, str(target), old.path if old else None)
    return Draft(target, text, old.path if old else None, count_to_fill(data), len(marks))


def source_problem(loaded: Any, path: str) -> None:
    """Refuse a source plan that does not load or breaks the schema: its first error, located."""
    from xplan.i18n import _
    from xplan.plan.catalog import schema_errors

    errors = [f for f in loaded.findings if f.severity == "error"]
    if loaded.data is not None and not errors:
        errors = schema_errors(loaded, path)
    if errors or loaded.data is None:
        first = errors[0] if errors else None
        where = f"{path}:{first.line}:{first.column}" if first else path
        message = first.message if first else _("the file cannot be read as a plan")
        raise DraftError(_("{where}: {message} — no draft was written; correct the plan first "
                           "(xplan lint {path})").format(where=where, message=message, path=path))


def check_draft(text: str, data: dict[str, Any], target: str, source: str | None) -> None:
    """The draft as lint reads it: it must load as exactly the data drafted and conform to the
    schema; otherwise it is not written (DraftError naming the draft's first error)."""
    from xplan.i18n import _
    from xplan.plan import schema
    from xplan.plan.loader import parse

    loaded = parse(target, text)
    errors = [f for f in loaded.findings if f.severity == "error"]
    if loaded.data is not None and not errors:
        errors = schema.check(loaded.data, target)
    if not errors and loaded.data != data:
        raise DraftError(_("{source}: the draft would not read back as drafted; no draft was written "
                           "(please report this)").format(source=source or target))
    if errors:
        first = errors[0]
        raise DraftError(_("{source}: cannot be carried into a draft safely: {message} (at {pointer} of the draft); "
                           "no draft was written").format(source=source or target, message=first.message,
                                                          pointer="/" + "/".join(map(str, first.pointer))))


def count_to_fill(data: Any, mark: str = TO_FILL) -> int:
    """How many texts start with the 【要記入】 mark, or another (what rule P373 reports)."""
    if isinstance(data, dict):
        return sum(count_to_fill(v, mark) for v in data.values())
    if isinstance(data, list):
        return sum(count_to_fill(v, mark) for v in data)
    return int(isinstance(data, str) and data.startswith(mark))
