"""The file's path disagrees with the plan inside it.

Plans live at ``plans/<fiscal_year>/<slug>.yaml``. When the folder names a different year, or
the file name a different organisation slug, someone looking for the plan by path finds the
wrong one. Only checked when the folder name is a year such as ``R7``.
"""

import re
import sys
from collections.abc import Iterator
from pathlib import Path

from xplan.plan.findings import Finding, shown_path
from xplan.plan.model import Plan
from xplan.lint.rules import make

CODE = "P361"
NAME = "path-mismatch"
SEVERITY = "error"


def check(plan: Plan) -> Iterator[Finding]:
    me = sys.modules[__name__]
    path = Path(plan.path)
    folder = path.parent.name
    if not re.fullmatch(r"R\d+", folder):
        return
    if plan.fiscal_year and folder != plan.fiscal_year:
        yield make(me, plan, f"年度{plan.fiscal_year}のファイルがフォルダ{folder}にあります "
                             f"(fiscal_year {plan.fiscal_year} but the folder is {folder}; move it to "
                             f"{plan.fiscal_year}/)", ("fiscal_year",))
    if plan.org.slug and path.stem != plan.org.slug:
        yield make(me, plan, f"ファイル名{shown_path(path.name)}がスラッグ「{plan.org.slug}」と一致しません "
                             f"(rename the file to {plan.org.slug}{path.suffix})", ("organisation", "slug"))
