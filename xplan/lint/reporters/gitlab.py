"""GitLab Code Quality: the findings as the JSON array GitLab reads from a job's
``artifacts:reports:codequality`` file, shown in the merge request's Code Quality widget.

GitLab reads a subset of the Code Climate issue format (GitLab's documentation, "Code Quality report
format"): ``description``, ``check_name``, ``fingerprint``, ``severity`` (info, minor, major,
critical, blocker) and ``location.path`` with ``location.lines.begin`` — every other key is ignored.
The path is relative to the repository root, where the job runs.

The fingerprint identifies a finding across pipelines: the widget compares the fingerprints of the
merge request's report with those of the target branch to say which findings are new or fixed. It is
therefore built from the file, the rule and the message, not the line (a finding that only moved when
lines were added above it is the same finding); a second identical finding in the same file gets its
occurrence number, so no two findings share a fingerprint.
"""

from __future__ import annotations

import hashlib
import json

from xplan.lint.engine import LintResult

# error blocks the merge request (major: GitLab's default for a failing check), warning is minor
_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def fingerprint(path: str, code: str, message: str, occurrence: int) -> str:
    key = "\0".join((path, code, message, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def issues(result: LintResult) -> list[dict[str, object]]:
    """One Code Quality issue per finding, in the findings' order."""
    seen: dict[tuple[str, str, str], int] = {}
    out: list[dict[str, object]] = []
    for f in result.findings:
        d = f.to_dict()
        path = str(d["file"]).removeprefix("./")
        key = (path, f.code, f.message)
        seen[key] = seen.get(key, 0) + 1
        out.append({
            "type": "issue",
            "check_name": f"xplan/{f.code} {f.name}",
            "description": f"{f.code} {f.message}",
            "categories": ["Style" if f.severity == "info" else "Bug Risk"],
            "fingerprint": fingerprint(path, f.code, f.message, seen[key]),
            "severity": _SEVERITY.get(f.severity, "info"),
            "location": {"path": path, "lines": {"begin": d["line"], "end": d["end_line"]}},
        })
    return out


def render(result: LintResult, *, color: bool = False, statistics: bool = False, width: int | None = None) -> str:
    return json.dumps(issues(result), ensure_ascii=False, indent=2) + "\n"
