"""A section the plan's layout calls for is absent.

Each layout has its sections: the current template has ① ratings (see ``rating-missing``),
② 課題の内容, ③ 課題の背景や現状, ④ 目指す成果, ⑤ 取組内容 and a 政策分野 for each issue, plus
the overview's approach; the older ward layout has ① 課題名 to ④ 課題に対する取組み and a theme;
the retrospective sheet has ①–⑧. Plan-level sections: 組織の使命, 基本情報, 前年度の振り返り.

A plan file leaves out what its document does not say — so on a published plan this lists the
document's gaps, and on a draft what is still to write. Issues without a detail section are
reported once by ``missing-detail`` instead.
"""

import sys
from collections.abc import Iterator

from xplan.plan.findings import Finding
from xplan.plan.model import Plan
from xplan.lint.rules import make, where

CODE = "P381"
NAME = "missing-section"
SEVERITY = "warning"

_ISSUE_SECTIONS = {
    "current": [("title", "課題名", "title"), ("field", "政策分野", "policy field"),
                ("content", "②課題の内容", "content"), ("background", "③課題の背景や現状", "background"),
                ("outcomes", "④目指す成果", "target outcomes"), ("actions", "⑤取組内容", "actions")],
    "ward_themes": [("title", "①課題名", "title"), ("theme", "テーマ", "theme"), ("content", "②課題の内容", "content"),
                    ("background", "③課題の背景", "background"), ("measures", "④課題に対する取組み", "measures")],
    "retrospective": [("title", "①課題名", "title"), ("content", "②課題の内容", "content"),
                      ("background", "③課題の背景", "background"), ("measures", "④課題に対する取組み", "measures"),
                      ("progress", "⑤⑥進捗状況", "progress"), ("achieved", "⑦変革が実現した課題", "achieved"),
                      ("fell_short", "⑧十分でなかった項目", "fell short")],
}
_PLAN_SECTIONS = {
    "current": [("mission", "組織の使命", "mission"), ("basic_info", "基本情報", "basic information"),
                ("review", "前年度の振り返り", "review of the previous year")],
    "ward_themes": [("mission", "組織の使命", "mission"), ("themes", "テーマ", "themes")],
    "retrospective": [],
}


def check(plan: Plan) -> Iterator[Finding]:
    me = sys.modules[__name__]
    for key, ja, en in _PLAN_SECTIONS.get(plan.layout, []):
        if not plan.raw.get(key):
            yield make(me, plan, f"{ja}がありません ({en} is missing)", ())
    sections = _ISSUE_SECTIONS.get(plan.layout, [])
    for issue in plan.issues:
        if issue.in_overview and plan.layout in ("current", "ward_themes") and issue.approach is None:
            yield make(me, plan, f"{where(plan, issue.pointer)}: 一覧の「課題に対する取り組み」がありません "
                                 "(the overview's approach is missing)", issue.pointer)
        if not issue.has_detail:
            continue
        for attr, ja, en in sections:
            if attr == "field" and not plan.has_matrix:
                continue
            value = getattr(issue, attr)
            if value is None or (attr == "progress" and not value):
                yield make(me, plan, f"{where(plan, issue.pointer)}: {ja}がありません ({en} is missing; "
                                     "the document may be cut short here)", issue.pointer)
