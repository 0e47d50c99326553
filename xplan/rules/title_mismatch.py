"""The overview table and the detail heading give the issue different titles.

Documents sometimes shorten or reword a title between the 課題一覧 table and the detail
heading (小倉北区 R8, A(2) and A(4)). Both are kept (``title`` and ``overview_title``); this
reports the difference so that it is a decision, not an accident. Says so when the two differ
only in full-width/half-width forms or spacing.
"""

import sys
import unicodedata
from collections.abc import Iterator

from xplan.findings import Finding
from xplan.model import Plan
from xplan.rules import make, where

CODE = "P323"
NAME = "title-mismatch"
SEVERITY = "info"


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def check(plan: Plan) -> Iterator[Finding]:
    me = sys.modules[__name__]
    for issue in plan.issues:
        if issue.overview_title is None or issue.title is None or issue.overview_title == issue.title:
            continue
        kind = ("表記の違いのみ (differs only in width or spacing)" if _norm(issue.overview_title) == _norm(issue.title)
                else "(titles differ)")
        yield make(me, plan, f"{where(plan, issue.pointer)}: 一覧表の課題名「{issue.overview_title}」と"
                             f"詳細見出し「{issue.title}」が異なります {kind}", issue.pointer + ("overview_title",))
