"""``xplan checkpoint``: the ⑥ progress entries of a date, to fill, added to a plan.

Each action gets an entry for the date (``as_of: 2025-12``) under its issue's ``progress`` — or the
issue as a whole gets one, where its document reports per issue: an issue with one action (as
政策局's ⑥ does), or an issue whose earlier entries name no action. An entry holds the label in the
document's words (``⑥進捗状況(令和7年12月時点)``, or the label the plan already uses for that
date), the date, and one ``【要記入】`` item saying what to write (rule P373 lists it). Above it a
comment quotes what the schedule planned up to the date, from the quarter cells, so whoever
writes it sees what was promised.

An entry already present for the date (for that action, or for the issue as a whole) is left
alone, so running it twice changes nothing. Issues without actions (a detail page that stops
before ⑤, an issue listed only in the overview) get none: there is nothing they promised.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xplan.cycle.edit import Added, Edit, comment_lines, edit_plan, issue_maps, seq_of
from xplan.i18n import _
from xplan.plan.model import TO_FILL, Issue, Plan, build_plan
from xplan.plan.years import REIWA_OFFSET, fiscal_quarter, month_in_year
from xplan.write.tree import Document, Item, from_data


def reiwa_month(as_of: str) -> str:
    """``2025-12`` -> ``令和7年12月`` (the calendar year in the 令和 era, as the documents date ⑥)."""
    y, m = (int(p) for p in as_of.split("-")[:2])
    return f"令和{y - REIWA_OFFSET}年{m}月"


def default_label(as_of: str) -> str:
    """The current template's heading of ⑥ for a date."""
    return f"⑥進捗状況({reiwa_month(as_of)}時点)"


def plan_label(data: dict[str, Any], as_of: str) -> str:
    """The label the plan already uses for entries of this date, else the template's."""
    for issue in data.get("issues") or []:
        for c in issue.get("progress") or []:
            if str(c.get("as_of", ""))[:7] == as_of and isinstance(c.get("label"), str):
                return str(c["label"])
    return default_label(as_of)


def year_of(as_of: str) -> str:
    """The fiscal year a month falls in: 2025-12 -> R7; 2026-02 -> R7."""
    return fiscal_quarter(as_of)[0]


@dataclass
class Unit:
    """What one entry reports on: an action (its number), or the issue as a whole (None)."""

    issue: Issue
    action: int | None


def units(issue: Issue, raw: dict[str, Any]) -> list[Unit]:
    """The entries an issue's ⑥ has at a date: per action, or one for the whole issue."""
    actions = issue.actions or []
    if not actions:
        return []
    earlier = [c for c in raw.get("progress") or [] if isinstance(c, dict)]
    numbered = [a.number for a in actions if a.number is not None]
    per_issue = (len(actions) == 1 or len(numbered) < len(actions)
                 or (earlier and all("action" not in c for c in earlier)))
    if per_issue:
        return [Unit(issue, None)]
    return [Unit(issue, n) for n in numbered]


def present(raw: dict[str, Any], unit: Unit, as_of: str) -> bool:
    """Whether the issue already has an entry of the date for the unit (one for the whole issue
    covers every action)."""
    for c in raw.get("progress") or []:
        if isinstance(c, dict) and str(c.get("as_of", ""))[:7] == as_of and (
                "action" not in c or c.get("action") == unit.action):
            return True
    return False


def what_to_write(unit: Unit, as_of: str) -> str:
    if unit.action is None:
        return f"{TO_FILL}{reiwa_month(as_of)}時点の進捗状況"
    return f"{TO_FILL}取組({unit.action})の{reiwa_month(as_of)}時点の進捗状況"


def planned_comment(plan: Plan, unit: Unit, as_of: str) -> list[str]:
    """What the schedule planned for the unit up to the date, as comment lines (in Japanese, the
    plan's language, whatever ``--lang`` says)."""
    from xplan.i18n import speaking
    from xplan.views.progress import issue_rows, planned_lines

    with speaking("ja"):
        rows = issue_rows(plan, unit.issue, as_of)
        if unit.action is not None:
            # the action's own rows, and a table shared by the issue's actions (取組共通)
            rows = [r for r in rows if r.action is None or r.action.number == unit.action]
        out = [f"予定（{as_of}まで、四半期表より）:"]
        for r in rows:
            if r.action is None and r.planned == [] and unit.action is not None:
                continue  # a shared table with nothing planned yet says nothing about this action
            if len(rows) > 1 or unit.action is not None:
                out.append(f"  {r.label}")
                out += [f"    {line}" for line in planned_lines(r)]
            else:
                out += [f"  {line}" for line in planned_lines(r)]
    return out


def add_checkpoints(doc: Document, data: dict[str, Any], path: str, as_of: str) -> list[Added]:
    """Add the date's missing ⑥ entries to the tree; what was added."""
    plan = build_plan(data, path)
    label = plan_label(data, as_of)
    added: list[Added] = []
    raws = [i for i in data.get("issues") or [] if isinstance(i, dict)]
    for issue, raw, node in zip(plan.issues, raws, issue_maps(doc)):
        todo = [u for u in units(issue, raw) if not present(raw, u, as_of)]
        if not todo:
            continue
        progress = seq_of(node, "progress")
        for unit in todo:
            entry: dict[str, Any] = {"label": label, "as_of": as_of}
            if unit.action is not None:
                entry["action"] = unit.action
            entry["items"] = [what_to_write(unit, as_of)]
            progress.items.append(Item(from_data(entry), before=comment_lines(planned_comment(plan, unit, as_of))))
            added.append(Added(issue.code, unit.action, label))
    return added


class DateError(ValueError):
    """The date is not in the plan's fiscal year: exit 2."""


def checkpoint(path: Path, as_of: str) -> Edit:
    """The plan at ``path`` with the ⑥ entries of ``as_of`` (``YYYY-MM``) added (nothing is written).

    Raises EditError (a file it cannot change safely), DateError, UnsafeEdit (a bug)."""

    def change(doc: Document, data: dict[str, Any]) -> list[Added]:
        year = str(data.get("fiscal_year"))
        if not month_in_year(year, as_of):
            raise DateError(_("{path}: {date} is not in the plan's fiscal year {year}; give a month "
                              "between April and March of that year").format(path=path, date=as_of, year=year))
        return add_checkpoints(doc, data, str(path), as_of)

    return edit_plan(path, change)
