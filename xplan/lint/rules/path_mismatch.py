import re
import sys
from collections.abc import Iterator
from pathlib import Path

from xplan.i18n import N_, _
from xplan.lint.rules import make
from xplan.plan.findings import Finding, shown_path
from xplan.plan.model import Plan

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""The file's path disagrees with the plan inside it.

Plans live at ``plans/<fiscal_year>/<slug>.yaml``. When the folder names a different year, or
the file name a different organisation slug, someone looking for the plan by path finds the
wrong one. Only checked when the folder name is a year such as ``R7``.""")

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
        yield make(me, plan, _("fiscal_year {year} but the folder is {folder}; move the file to {year}/").format(
                                 year=plan.fiscal_year, folder=folder), ("fiscal_year",))
    if plan.org.slug and path.stem != plan.org.slug:
        yield make(me, plan, _("the file name {name} does not match the slug {slug}; rename the file to "
                               "{slug}{suffix}").format(name=shown_path(path.name), slug=plan.org.slug,
                                                        suffix=path.suffix), ("organisation", "slug"))
