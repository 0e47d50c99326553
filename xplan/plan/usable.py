"""Whether the views can show a plan that loaded (catalog and cache both ask; below both)."""

from __future__ import annotations

from xplan.i18n import _
from xplan.plan.findings import Finding
from xplan.plan.loader import Loaded
from xplan.plan.years import is_year

# Values every view relies on: a plan with one of these wrong is skipped (and named) rather than
# shown half-understood. Other schema errors (a rating of 中) are shown as they are.
_STRUCTURAL = ("S203",)


def unusable(loaded: Loaded, errors: list[Finding]) -> Finding | None:
    """Why the views cannot show a plan that loaded, as a located finding; None if they can.

    A value of the wrong kind (``issues: 5``, ``progress: true``), a fiscal year that is not
    R<n>, and a number JSON cannot carry (``.inf``, ``.nan``) are reported by lint as S203/S204;
    a view skips such a plan and names it, instead of crashing or printing invalid JSON.
    """
    data = loaded.data
    if data is None:
        return None
    bad = [f for f in errors if f.code in _STRUCTURAL or f.pointer == ("fiscal_year",)
           or f.extra.get("non_finite")]
    if not bad and not is_year(data.get("fiscal_year")):
        bad = [Finding(loaded.path, "S204", "invalid-value", "error",
                       _("the fiscal year must be written R7 (令和7年度)"), ("fiscal_year",))]
    if not bad:
        return None
    first = bad[0]
    if loaded.text and not first.located:
        from xplan.plan.locate import Locator

        first.line, first.column, first.end_line, first.end_column = Locator(loaded.text, loaded.node).span(
            first.pointer, first.at_key)
    return first
