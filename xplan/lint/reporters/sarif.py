"""SARIF 2.1.0, with every rule's documentation, for code-scanning dashboards.

Locations are URIs, not bare paths: percent-encoded (RFC 3986; a space, ``%``, ``#`` or a
Japanese file name is otherwise not a valid ``uri-reference`` and Microsoft's validator rejects
the log with SARIF1002), relative to the base id ``%SRCROOT%``, which ``originalUriBaseIds``
resolves to the working directory (the directory the reported paths are relative to). A file
outside it gets an absolute ``file:`` URI. ``informationUri`` and each rule's ``helpUri`` come
from the package's project URLs (``[project.urls]`` Homepage and Documentation), when it has them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote_from_bytes

from xplan import __version__
from xplan.i18n import _
from xplan.lint.engine import LintResult

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"


def _uri_path(path: str) -> str:
    # bytes as the file system holds them: a name that is not UTF-8 is still encoded exactly
    return quote_from_bytes(os.fsencode(path), safe="/")


def artifact_location(file: str) -> dict[str, str]:
    """The SARIF artifactLocation of a reported path (relative to the working directory)."""
    p = Path(file)
    if p.is_absolute() or (p.parts and p.parts[0] == ".."):
        return {"uri": "file://" + _uri_path(Path(os.path.abspath(p)).as_posix())}
    return {"uri": _uri_path(p.as_posix()), "uriBaseId": SRCROOT}


def base_uri(directory: Path | None = None) -> str:
    """The working directory as a ``file:`` URI ending in ``/`` (SARIF §3.14.14 requires the slash)."""
    path = Path(os.path.abspath(directory or Path.cwd())).as_posix()
    return "file://" + _uri_path(path.rstrip("/") + "/")


def project_urls() -> dict[str, str]:
    """``[project.urls]`` of the installed package, by label (``Homepage``, ``Documentation``)."""
    from importlib import metadata

    try:
        entries = metadata.metadata("xplan").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return {}
    return {label.strip(): url.strip() for label, _, url in (e.partition(",") for e in entries)}


def help_uri(docs: str, code: str, name: str) -> str:
    """A rule's documentation: the Documentation URL with the rule's anchor (``#p321-missing-detail``)."""
    return f"{docs.split('#')[0]}#{code.lower()}-{name}"


def as_dict(result: LintResult) -> dict[str, object]:
    from xplan.lint.registry import all_rules

    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    urls = project_urls()
    docs = urls.get("Documentation") or urls.get("Homepage")
    results = []
    for f in result.findings:
        d = f.to_dict()
        results.append({
            "ruleId": f.code, "ruleIndex": index.get(f.code, -1), "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": artifact_location(f.file),  # the raw name: a non-UTF-8 byte is %FF
                "region": {"startLine": d["line"], "startColumn": d["column"],
                           "endLine": d["end_line"], "endColumn": d["end_column"]}}}],
            "properties": {"path": f.path, "name": f.name},
        })
    driver: dict[str, object] = {"name": "xplan", "version": __version__, "semanticVersion": __version__}
    if urls.get("Homepage"):
        driver["informationUri"] = urls["Homepage"]
    # the rules' texts are read by people, like the messages: in the chosen language
    driver["rules"] = [{"id": r.code, "name": r.name, "shortDescription": {"text": r.shown_summary()},
                        "fullDescription": {"text": r.shown_doc()}, "help": {"text": r.shown_doc()},
                        **({"helpUri": help_uri(docs, r.code, r.name)} if docs else {}),
                        "defaultConfiguration": {"level": _LEVEL[r.severity]}} for r in rules]
    return {
        "$schema": SCHEMA, "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "originalUriBaseIds": {SRCROOT: {"uri": base_uri(),
                                             "description": {"text": _("The directory xplan lint ran in.")}}},
            "columnKind": "unicodeCodePoints",  # columns count characters, as Python strings do
            "results": results,
        }],
    }


def render(result: LintResult, *, color: bool = False, statistics: bool = False, width: int | None = None) -> str:
    return json.dumps(as_dict(result), ensure_ascii=False, indent=2) + "\n"
