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
from xplan.plan.years import year_number

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


def _schedule_row(row: dict[str, Any] | None = None) -> dict[str, Any]:
    """A quarter row to fill: the old row's label and action numbers, each cell a placeholder."""
    out: dict[str, Any] = {}
    for key in ("label", "actions"):
        if row and key in row:
            out[key] = copy.deepcopy(row[key])
    for q in QUARTERS:
        out[q] = [fill(f"{QUARTER_NAMES[q]}の取組")]
    return out


def _action(old: dict[str, Any], year: str, issue_has_table: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("number", "title", "description"):
        if key in old:
            out[key] = copy.deepcopy(old[key])
    if "description" not in out:
        out["description"] = [fill(f"{_reiwa(year)}の取組内容")]
    if not issue_has_table:
        rows = old.get("schedule") or [None]
        out["schedule"] = [_schedule_row(r) for r in rows if r is None or "period" not in r] or [_schedule_row()]
    return out


# overview_title is left behind: it records how one year's document worded its overview table
CARRIED = ("id", "domain", "number", "title", "field", "in_overview", "has_detail", "approach",
           "theme", "sub_theme", "impact", "urgency", "content", "background", "outcomes", "actions_intro")


def _issue(old: dict[str, Any], old_year: str, year: str, lineage: bool) -> dict[str, Any]:
    out = {k: copy.deepcopy(old[k]) for k in CARRIED if k in old}
    if lineage:
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
    actions = [_action(a, year, table) for a in old.get("actions") or [] if isinstance(a, dict)]
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


def _review(year: str) -> dict[str, Any]:
    prev = _reiwa(f"R{year_number(year) - 1}")
    return {"overall": [fill(f"{prev}の振り返り（総評）")],
            "achieved": [fill("変革が実現した課題・取組内容・市民にもたらされた効果")],
            "fell_short": [fill("取組・進捗が十分でなかった項目・内容(理由)・次年度に向けた考え")]}


def draft_from(old: dict[str, Any], old_path: str, year: str) -> dict[str, Any]:
    """Next year's plan (``year``) drafted from ``old``, the plan data of an earlier year."""
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
    else:
        data["mission"] = [fill("組織の使命")]
    data["basic_info"] = _basic_info(old.get("basic_info") or {}, old_year, year)
    data["review"] = _review(year)
    data["issues"] = [_issue(i, old_year, year, lineage) for i in old.get("issues") or [] if isinstance(i, dict)]
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


def render(data: dict[str, Any], modeline: str | None) -> str:
    """The draft's text in the canonical layout, under the schema modeline."""
    from xplan.plan.schema import load_schema
    from xplan.write.order import order
    from xplan.write.tree import Document, Map, from_data
    from xplan.write.tree import render as render_doc

    root = from_data(data)
    assert isinstance(root, Map)
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
        first = old_text.split("\n", 1)[0]
        if first.startswith("# yaml-language-server:"):
            return first.rstrip()
    return None


@dataclass
class Draft:
    path: Path
    text: str
    source: str | None  # the plan it was drafted from, or None for a skeleton
    to_fill: int  # how many 【要記入】 marks it holds


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
    try:
        name = resolve_org(known, org) if known else None
    except SelectionError as exc:
        if kind is None:
            raise DraftError(f"{exc}\n" + _("For an organisation without a plan, give --kind bureau|ward "
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
            raise DraftError(_("{org} has no {want} plan; its latest before {year} is {latest}: "
                               "give --from {latest}").format(org=name, want=want, year=year, latest=latest))
        if old is None and from_year is not None:
            raise DraftError(_("{org} has no {want} plan (plans: {years})").format(
                org=name, want=want, years=", ".join(sorted({p.fiscal_year for p in mine}, key=year_number))))
    if old is None and kind is None:
        raise DraftError(_("{org} has no plan before {year} to draft from; give --kind bureau|ward "
                           "to write a skeleton").format(org=name or org, year=year))
    if old is not None:
        from xplan.plan.loader import load

        loaded = load(old.path)
        assert loaded.data is not None
        data = draft_from(loaded.data, old.path, year)
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
        old_text = None
    target = output or plans / year / f"{the_slug}.yaml"
    if (target.exists() or target.is_symlink()) and not force:
        raise DraftError(_("{path} exists; give --force to overwrite it").format(path=target))
    text = render(data, modeline_for(target, old_text))
    return Draft(target, text, old.path if old else None, count_to_fill(data))


def count_to_fill(data: Any) -> int:
    """How many texts start with the 【要記入】 mark (what rule P373 reports)."""
    if isinstance(data, dict):
        return sum(count_to_fill(v) for v in data.values())
    if isinstance(data, list):
        return sum(count_to_fill(v) for v in data)
    return int(isinstance(data, str) and data.startswith(TO_FILL))
