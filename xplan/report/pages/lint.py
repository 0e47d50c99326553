"""``lint.html``: ``xplan lint``'s findings on the plans directory, grouped by file, each finding
inside an issue linked to that issue's section on its plan page."""

from __future__ import annotations

from dataclasses import dataclass, field

from xplan.i18n import _
from xplan.plan.findings import Finding
from xplan.plan.model import Plan
from xplan.report import links
from xplan.report.pages import Page, SiteData
from xplan.report.pages.index import file_anchor, same_file


@dataclass
class FileFindings:
    file: str
    anchor: str
    plan: Plan | None
    findings: list[tuple[Finding, str | None]] = field(default_factory=list)  # (finding, link)


def issue_target(plan: Plan | None, f: Finding) -> str | None:
    """The issue a finding points into (``/issues/3/...``), as a link to its plan page."""
    if plan is None:
        return None
    if len(f.pointer) >= 2 and f.pointer[0] == "issues" and isinstance(f.pointer[1], int):
        issue = next((i for i in plan.issues if i.pointer[:2] == f.pointer[:2]), None)
        if issue is not None:
            return links.issue_link(plan, issue)
    return links.plan_page(plan)


def build(site: SiteData) -> list[Page]:
    if site.lint is None:
        return []
    files: dict[str, FileFindings] = {}
    for plan in site.plans:
        files[plan.path] = FileFindings(plan.path, file_anchor(plan.path), plan)
    for f in site.lint.findings:
        key = next((k for k in files if same_file(k, f.file)), None)
        if key is None:
            # a file that did not load has no plan page, but is listed so that nothing broken hides;
            # findings of plans outside the selection are left out
            if not any(same_file(f.file, bad) for bad in site.unloaded):
                continue
            key = f.file
            files.setdefault(key, FileFindings(f.file, file_anchor(f.file), None))
        files[key].findings.append((f, issue_target(files[key].plan, f)))
    counts = site.lint.counts()
    return [Page(links.LINT, "lint.html", _("Lint findings"), {
        "files": list(files.values()), "counts": counts,
        "severity": {"error": _("error"), "warning": _("warning"), "info": _("info")},
    }, nav=_("Lint"))]
