"""SARIF 2.1.0, with every rule's documentation, for code-scanning dashboards."""

from __future__ import annotations

import json

from xplan import __version__
from xplan.lint.engine import LintResult

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def as_dict(result: LintResult) -> dict[str, object]:
    from xplan.lint.registry import all_rules

    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    results = []
    for f in result.findings:
        d = f.to_dict()
        results.append({
            "ruleId": f.code, "ruleIndex": index.get(f.code, -1), "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": str(d["file"]).replace("\\", "/")},
                "region": {"startLine": d["line"], "startColumn": d["column"],
                           "endLine": d["end_line"], "endColumn": d["end_column"]}}}],
            "properties": {"path": f.path, "name": f.name},
        })
    return {
        "$schema": SCHEMA, "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "xplan", "version": __version__, "semanticVersion": __version__,
                "rules": [{"id": r.code, "name": r.name, "shortDescription": {"text": r.summary},
                           "fullDescription": {"text": r.doc}, "help": {"text": r.doc},
                           "defaultConfiguration": {"level": _LEVEL[r.severity]}} for r in rules]}},
            "results": results,
        }],
    }


def render(result: LintResult, *, color: bool = False, statistics: bool = False, width: int | None = None) -> str:
    return json.dumps(as_dict(result), ensure_ascii=False, indent=2) + "\n"
