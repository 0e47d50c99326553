"""Lint's part of the cache (xplan.plan.cache): each file's single-file result.

What one file tells on its own — load, schema and plan-rule findings, already located, and the
slim plan the cross-file rules read — depends only on the file's bytes, its path, xplan's code
(version and package fingerprint, which covers the rule set), the schema, the language of the
messages and the settings that switch on rules off by default (progress-as-of), and all of these
are in the entry's key. The configuration (select, ignore, severity,
per-file ignores) and inline suppressions are applied after, on every run, and the cross-file
rules always run on the slim plans; so a changed configuration never meets a stale answer.

A cached file is read and hashed but not parsed; its suppressions and, when it has findings, its
source lines come from those same bytes.
"""

from __future__ import annotations

from typing import Any

from xplan.lint.single import FileResult, fill_snippets, lint_file, lint_loaded
from xplan.plan.cache import Cache, Probe, finding_from_json, finding_to_json, probe
from xplan.plan.codec import ORGANISATION, SLIM_ISSUE
from xplan.plan.model import Plan

KIND = "lint"


def _extra(options: dict[str, str] | None = None) -> str:
    """Key parts beyond the environment: the language the messages were written in, and the
    settings of rules that are off by default (they change which findings a file has)."""
    from xplan.i18n import language

    extra = f"lang={language()}"
    if options:
        extra += ";" + ";".join(f"{k}={v}" for k, v in sorted(options.items()))
    return extra


# -- to JSON -------------------------------------------------------------------------------

def _plan_json(plan: Plan) -> dict[str, Any]:
    """The slim plan (single._slim): what the cross-file rules read (codec.SLIM_ISSUE)."""
    return {"org": ORGANISATION.encode(plan.org), "fiscal_year": plan.fiscal_year, "template": plan.template,
            "layout": plan.layout, "issues": [SLIM_ISSUE.encode(i) for i in plan.issues]}


def to_payload(result: FileResult) -> dict[str, Any]:
    return {"findings": [finding_to_json(f) for f in result.findings],
            "plan": None if result.plan is None else _plan_json(result.plan),
            "anchors": [[list(p), list(span)] for p, span in result.anchors.items()]}


# -- from JSON (an entry passed its hash check, but is still checked field by field) --------

class _Bad(Exception):
    pass


def _str(v: Any) -> str:
    if not isinstance(v, str):
        raise _Bad
    return v


def _int(v: Any) -> int:
    if not isinstance(v, int) or isinstance(v, bool):
        raise _Bad
    return v


def _pointer(v: Any) -> tuple[str | int, ...]:
    if not isinstance(v, list) or not all(isinstance(p, (str, int)) and not isinstance(p, bool) for p in v):
        raise _Bad
    return tuple(v)


def _plan(v: Any, path: str) -> Plan:
    if not isinstance(v, dict) or not isinstance(v.get("issues"), list):
        raise _Bad
    try:
        org, issues = ORGANISATION.decode(v.get("org")), [SLIM_ISSUE.decode(i) for i in v["issues"]]
    except (TypeError, ValueError):
        raise _Bad from None
    return Plan(path, org, _str(v.get("fiscal_year")), _str(v.get("template")), _str(v.get("layout")), raw={},
                issues=issues, mission=[], themes=[])


def from_payload(payload: Any, found: Probe) -> FileResult | None:
    """The FileResult an entry describes, for the file as named now; None if it is malformed."""
    from xplan.lint.suppress import parse as parse_suppressions
    from xplan.plan.loader import decode

    try:
        if not isinstance(payload, dict) or not isinstance(payload.get("findings"), list):
            raise _Bad
        findings = [finding_from_json(f, found.path) for f in payload["findings"]]
        plan = None if payload.get("plan") is None else _plan(payload["plan"], found.path)
    except (_Bad, TypeError, ValueError):
        return None
    try:
        anchors = {_pointer(p): _span(span) for p, span in payload.get("anchors") or []}
    except (_Bad, TypeError, ValueError):
        return None
    text = decode(found.path, found.data)[0] or ""
    result = FileResult(found.path, findings, plan, parse_suppressions(text),
                        text.splitlines() if findings and text else None, anchors=anchors)
    fill_snippets(result, text)
    return result


def _span(v: Any) -> tuple[int, int, int, int]:
    if not isinstance(v, list) or len(v) != 4:
        raise _Bad
    return _int(v[0]), _int(v[1]), _int(v[2]), _int(v[3])


# -- the two calls the engine makes ----------------------------------------------------------

def lookup(cache: Cache, path: str, options: dict[str, str] | None = None) -> FileResult | None:
    """The cached result for an unchanged file, else None."""
    found = probe(path)
    if found is None:
        return None
    payload = cache.get(KIND, found, _extra(options))
    return None if payload is None else from_payload(payload, found)


def lint_file_cached(path: str, cache: Cache, options: dict[str, str] | None = None,
                     whole: bool = False) -> FileResult:
    """``single.lint_file``, through the cache: a hit is returned as is; a miss is linted from the
    bytes just hashed and stored, together with the plan's summary for the table views (and, with
    ``whole``, the whole plan, for a command that reads every plan next: ``xplan export``)."""
    from xplan.plan.loader import load_bytes

    found = probe(path)
    if found is None:
        return lint_file(path, options)
    payload = cache.get(KIND, found, _extra(options))
    if payload is not None:
        hit = from_payload(payload, found)
        if hit is not None:
            return hit
    loaded = load_bytes(found.path, found.data)
    result = lint_loaded(found.path, loaded, options)
    cache.put(KIND, found, to_payload(result), _extra(options))
    if loaded.data is not None:
        from xplan.plan.schema import SCHEMA_RULES

        # the table views' summary, so that they are warm after a lint; not the whole plan, whose
        # 40 KB of JSON would make a cold lint 10 % slower for the commands that show one plan
        doubts = [f for f in result.findings if f.code in SCHEMA_RULES]
        cache.put_view(found, loaded, doubts)
        if whole:
            cache.put_plan(found, loaded, doubts)
    return result
