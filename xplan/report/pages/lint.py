"""``lint.html``: ``xplan lint``'s findings on the plans directory, grouped by file, each finding
inside an issue linked to that issue's section on its plan page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xplan.i18n import _
from xplan.plan.findings import Finding
from xplan.plan.model import Plan
from xplan.report import links
from xplan.report.pages import Page, SiteData, real_path
from xplan.report.pages.index import file_anchor


@dataclass
class FileFindings:
    file: str
    anchor: str
    plan: Plan | None
    findings: list[tuple[Finding, str | None]] = field(default_factory=list)  # (finding, link)


def issue_target(plan: Plan | None, f: Finding, issues: dict[Any, Any]) -> str | None:
    """The issue a finding points into (``/issues/3/...``), as a link to its plan page; ``issues``
    maps an issue's pointer prefix to the issue (made once per file)."""
    if plan is None:
        return None
    if len(f.pointer) >= 2 and f.pointer[0] == "issues" and isinstance(f.pointer[1], int):
        issue = issues.get(tuple(f.pointer[:2]))
        if issue is not None:
            return links.issue_link(plan, issue)
    return links.plan_page(plan)


def build(site: SiteData) -> list[Page]:
    """The page (none without a lint result); its data is made only when it is rendered."""
    if site.lint is None:
        return []
    return [Page(links.LINT, "lint.html", _("Lint findings"), make=lambda: _context(site), nav=_("Lint"))]


def _context(site: SiteData) -> dict[str, Any]:
    assert site.lint is not None
    # every file keyed by its real path, resolved once; each finding is then one dict look-up
    files: dict[str, FileFindings] = {}
    for plan in site.plans:
        files.setdefault(real_path(plan.path), FileFindings(plan.path, file_anchor(plan.path), plan))
    unloaded = {real_path(bad) for bad in site.unloaded}
    for real, findings in site.findings_by_file.items():
        entry = files.get(real)
        if entry is None:
            # a file that did not load has no plan page, but is listed so that nothing broken hides;
            # findings of plans outside the selection are left out
            if real not in unloaded:
                continue
            entry = files[real] = FileFindings(findings[0].file, file_anchor(findings[0].file), None)
        issues = {i.pointer[:2]: i for i in entry.plan.issues} if entry.plan is not None else {}
        entry.findings += [(f, issue_target(entry.plan, f, issues)) for f in findings]
    counts = site.lint.counts()
    return {
        "files": list(files.values()), "counts": counts,
        "severity": {"error": _("error"), "warning": _("warning"), "info": _("info")},
    }
