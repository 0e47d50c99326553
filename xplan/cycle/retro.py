"""``xplan retro``: the year-end review skeleton — per issue ⑦ and ⑧ to fill.

Each issue gets ``retrospective`` with ``achieved`` (⑦ 変革が実現した課題・取組内容・市民にもたらされた
効果) and ``fell_short`` (⑧ 取組・進捗が十分でなかった項目・内容(理由)・次年度に向けた考え), each a
``【要記入】`` item (rule P373 lists them). Above them a comment quotes the issue's ⑥ progress
entries, so the review starts from what was reported during the year. A ⑦ or ⑧ already written is
left alone: running it twice changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from xplan.cycle.edit import (
    Added,
    Edit,
    comment_lines,
    edit_plan,
    entry,
    issue_maps,
    map_of,
)
from xplan.plan.model import TO_FILL, Issue, build_plan, plain_lines
from xplan.write.tree import Document, Entry, Scalar, from_data

ACHIEVED = "⑦変革が実現した課題・取組内容・市民にもたらされた効果"
FELL_SHORT = "⑧取組・進捗が十分でなかった項目・内容(理由)・次年度に向けた考え"
PARTS = (("achieved", ACHIEVED), ("fell_short", FELL_SHORT))


def progress_comment(issue: Issue) -> list[str]:
    """The issue's ⑥ entries as comment lines: label (and action), then the items."""
    if not issue.progress:
        return ["⑥進捗状況: 記載なし"]
    out = []
    for c in issue.progress:
        head = c.label or f"進捗状況({c.as_of})"
        if c.action is not None:
            head += f" 取組({c.action})"
        out.append(f"{head}:")
        lines = plain_lines(c.items)
        if all(line.strip().startswith(TO_FILL) for line in lines):
            lines = ["（未記入）"]  # an entry `xplan checkpoint` added and nobody wrote yet
        out += [f"  {line}" for line in lines]
    return out


def add_retro(doc: Document, data: dict[str, Any], path: str) -> list[Added]:
    plan = build_plan(data, path)
    added: list[Added] = []
    raws = [i for i in data.get("issues") or [] if isinstance(i, dict)]
    for issue, raw, node in zip(plan.issues, raws, issue_maps(doc)):
        have = raw.get("retrospective") or {}
        todo = [(key, what) for key, what in PARTS if key not in have]
        if not todo:
            continue
        fresh = entry(node, "retrospective") is None
        retro = map_of(node, "retrospective")
        if fresh:
            retro_entry = entry(node, "retrospective")
            assert retro_entry is not None
            retro_entry.before = comment_lines(progress_comment(issue))
        for key, what in todo:
            retro.entries.append(Entry(Scalar(key), from_data([f"{TO_FILL}{what}"])))
        added.append(Added(issue.code, None, "".join(what[0] for _key, what in todo)))
    return added


def retro(path: Path) -> Edit:
    """The plan at ``path`` with ⑦⑧ to fill for every issue (nothing is written).

    Raises EditError (a file it cannot change safely) or UnsafeEdit (a bug)."""
    return edit_plan(path, lambda doc, data: add_retro(doc, data, str(path)))
