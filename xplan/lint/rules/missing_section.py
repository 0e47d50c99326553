import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make, where
from xplan.plan.findings import Finding
from xplan.plan.model import Plan

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""A section the plan's layout calls for is absent.

Each layout has its sections: the current template has ① ratings (see ``rating-missing``),
② 課題の内容, ③ 課題の背景や現状, ④ 目指す成果, ⑤ 取組内容 and a 政策分野 for each issue, plus
the overview's approach; the older ward layout has ① 課題名 to ④ 課題に対する取組み and a theme;
the retrospective sheet has ①–⑧. Plan-level sections: 組織の使命, 基本情報, 前年度の振り返り.

A plan file leaves out what its document does not say — so on a published plan this lists the
document's gaps, and on a draft what is still to write. Issues without a detail section are
reported once by ``missing-detail`` instead.""")

CODE = "P381"
NAME = "missing-section"
SEVERITY = "warning"

# The template's headings, by layout: (attribute or key, the section's name). The names are
# messages (English here, the document's own heading in the Japanese catalog).
_ISSUE_SECTIONS = {
    "current": [("title", N_("issue title")), ("field", N_("policy field")),
                ("content", N_("② content of the issue")),
                ("background", N_("③ background and current state of the issue")),
                ("outcomes", N_("④ target outcomes")), ("actions", N_("⑤ actions"))],
    "ward_themes": [("title", N_("① issue title")), ("theme", N_("theme")),
                    ("content", N_("② content of the issue")), ("background", N_("③ background of the issue")),
                    ("measures", N_("④ measures for the issue"))],
    "retrospective": [("title", N_("① issue title")), ("content", N_("② content of the issue")),
                      ("background", N_("③ background of the issue")),
                      ("measures", N_("④ measures for the issue")), ("progress", N_("⑤⑥ progress")),
                      ("achieved", N_("⑦ issues transformed")), ("fell_short", N_("⑧ items that fell short"))],
}
_PLAN_SECTIONS = {
    "current": [("mission", N_("mission of the organisation")), ("basic_info", N_("basic information")),
                ("review", N_("review of the previous year"))],
    "ward_themes": [("mission", N_("mission of the organisation")), ("themes", N_("themes"))],
    "retrospective": [],
}


def check(plan: Plan) -> Iterator[Finding]:
    me = sys.modules[__name__]
    for key, section in _PLAN_SECTIONS.get(plan.layout, []):
        if not plan.raw.get(key):
            yield make(me, plan, _("the section “{section}” is missing").format(section=_(section)), ())
    sections = _ISSUE_SECTIONS.get(plan.layout, [])
    for issue in plan.issues:
        if issue.in_overview and plan.layout in ("current", "ward_themes") and issue.approach is None:
            yield make(me, plan, _("{where}: the overview's “approach to the issue” is missing").format(
                where=where(plan, issue.pointer)), issue.pointer)
        if not issue.has_detail:
            continue
        for attr, section in sections:
            if attr == "field" and not plan.has_matrix:
                continue
            value = getattr(issue, attr)
            if value is None or (attr == "progress" and not value):
                yield make(me, plan, _("{where}: the section “{section}” is missing; the document may be cut "
                                       "short here").format(where=where(plan, issue.pointer), section=_(section)),
                           issue.pointer)
