"""Validate plan data against schema/plan.schema.json and phrase errors in the planners' terms.

``課題B（3）: 緊急度が未記入です`` (in English ``課題B（3）: urgency is missing``) rather than
``'urgency' is a required property``: unknown keys are reported at the key, missing keys at the mapping that should hold
them, and anyOf/oneOf failures by their best-matching branch.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from xplan.i18n import N_, _, language
from xplan.plan.findings import Finding
from xplan.plan.fixes import nfkc, with_fix

SCHEMA_RULES: dict[str, tuple[str, str]] = {
    "S201": ("unknown-key", N_("a key the format does not have (often a typo)")),
    "S202": ("missing-key", N_("a key the format requires is absent")),
    "S203": ("wrong-type", N_("a value of the wrong kind (text, list, mapping, number)")),
    "S204": ("invalid-value", N_("a value outside what the format allows")),
    "S205": ("schema", N_("any other schema violation")),
}
# JSON Schema's type names as a planner would say them
_TYPE_NAMES = {"string": N_("text"), "array": N_("a list"), "object": N_("a mapping"), "integer": N_("a whole number"),
               "number": N_("a number"), "boolean": N_("true or false"), "null": N_("empty")}
# where in the plan, outside the issues (the issue labels 課題B（3） 取組(2) are the documents' own)
_SECTIONS = {"organisation": N_("organisation"), "basic_info": N_("basic information"), "review": N_("review"),
             "source": N_("source"), "themes": N_("themes")}


# The schema's patterns in words: a planner is never shown a regular expression (issue 31)
_PATTERNS = {
    "^[a-z][a-z0-9-]*$": N_("lower-case ASCII letters, digits and hyphens, starting with a letter (kokurakita)"),
    "^R[1-9][0-9]?$": N_("R and the Reiwa year in ASCII (R7)"),
    "^(1[0-2]|[1-9])[～~〜-](1[0-2]|[1-9])月$": N_("a month range such as 6～12月"),
    "^[ABC][1-9][0-9]*$": N_("the domain letter and the number in ASCII (A1)"),
    "^20[0-9]{2}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?$": N_("a year and month (2025-12) or a date (2025-12-01)"),
}
def _pattern_words(schema: dict[str, Any]) -> str:
    words = _PATTERNS.get(schema.get("pattern", ""))
    if words is not None:
        return _(words)
    description = schema.get("description")  # a pattern added later: the schema's own description
    return _in_language(description) if isinstance(description, str) else _("the form the schema describes")


def _type_name(name: str) -> str:
    return _(_TYPE_NAMES[name]) if name in _TYPE_NAMES else name


def schema_path() -> Path:
    """The schema: inside the installed package, or the repository's schema/ when run from source."""
    package = Path(__file__).resolve().parent.parent  # xplan/
    for candidate in (package / "_data" / "plan.schema.json", package.parent / "schema" / "plan.schema.json"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("plan.schema.json not found next to the xplan package")


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    return json.loads(schema_path().read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema())


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    for py, name in ((str, "string"), (list, "array"), (dict, "object"), (float, "number")):
        if isinstance(value, py):
            return name
    return "null"


def _in_language(text: str) -> str:
    """The current language's half of a schema text written 'ja / en' (titles, errorMessage)."""
    ja, sep, en = text.partition(" / ")
    return (en or ja) if sep and language() == "en" else ja


def _title(schema: dict[str, Any], prop: str) -> tuple[str, str]:
    """Japanese and English labels of a property from its schema title 'ja / en'."""
    sub = schema.get("properties", {}).get(prop, {})
    title = sub.get("title") or ""
    if not title and "$ref" in sub:
        title = _resolve(sub["$ref"]).get("title", "")
    ja, _, en = title.partition(" / ")
    return (ja or prop), (en.lower() if en else prop)


def _resolve(ref: str) -> dict[str, Any]:
    node: Any = load_schema()
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node


def _issue_label(issue: dict[str, Any]) -> str:
    """課題A（2） from the issue's domain and number, or from its id when either is mistyped
    (``number: "one"`` must not turn into a second name, 課題A（one）, beside the view's 課題A（2））."""
    domain, number, ident = issue.get("domain"), issue.get("number"), issue.get("id")
    if domain in ("A", "B", "C") and isinstance(number, int) and not isinstance(number, bool):
        return f"課題{domain}（{number}）"
    if isinstance(ident, str) and len(ident) > 1 and ident[0] in "ABC" and ident[1:].isascii() and ident[1:].isdigit():
        return f"課題{ident[0]}（{int(ident[1:])}）"
    return f"課題{domain if isinstance(domain, str) else '?'}（?）"


def context(data: Any, pointer: tuple[str | int, ...]) -> str:
    """Where in the plan, as a planner would say it: 課題B（3） / 課題B（3） 取組(2)."""
    if len(pointer) >= 2 and pointer[0] == "issues" and isinstance(pointer[1], int):
        try:
            issue = data["issues"][pointer[1]]
            where = _issue_label(issue)
        except (KeyError, IndexError, TypeError, AttributeError):
            where = f"課題[{pointer[1]}]"
        if len(pointer) >= 4 and pointer[2] == "actions" and isinstance(pointer[3], int):
            try:
                num = data["issues"][pointer[1]]["actions"][pointer[3]].get("number")
            except (KeyError, IndexError, TypeError, AttributeError):
                num = None
            where += f" 取組({num})" if num else f" 取組[{pointer[3] + 1}]"
        return where
    return _(_SECTIONS.get(str(pointer[0]) if pointer else "", N_("the plan")))


def _at(data: Any, pointer: tuple[Any, ...]) -> Any:
    for part in pointer:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _error_message(error: Any) -> str | None:
    """The ``errorMessage`` of the nearest schema object on the failing keyword's path."""
    root = load_schema()
    node: Any = root
    found = None
    for part in error.absolute_schema_path:
        while isinstance(node, dict) and "$ref" in node and part not in node:
            target: Any = root
            for ref_part in node["$ref"][2:].split("/"):
                target = target[ref_part]
            node = target
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return found
        if isinstance(node, dict) and isinstance(node.get("errorMessage"), str):
            found = node["errorMessage"]
    return found


def _branch_for_keys(error: Any) -> int | None:
    """The anyOf/oneOf branch whose keys a mapping shares most (a text block written as
    ``{lead: …, itms: […]}`` is a lead-in with a typo, not a string), or None."""
    if not isinstance(error.instance, dict):
        return None
    overlap = []
    for i, sub in enumerate(error.validator_value):
        node = _resolve(sub["$ref"]) if isinstance(sub, dict) and "$ref" in sub else sub
        keys = set(node.get("properties", {})) if isinstance(node, dict) else set()
        overlap.append((len(keys & set(error.instance)), i))
    best, index = max(overlap, key=lambda t: (t[0], -t[1]))
    return index if best > 0 else None


def _describe(error: Any, data: Any, file: str) -> list[Finding]:
    from jsonschema.exceptions import best_match

    validator_name = error.validator
    if validator_name in ("anyOf", "oneOf") and error.context:
        branch = _branch_for_keys(error)
        if branch is not None:  # a mapping that is plainly meant as that branch: say all that is wrong
            errors = [e for e in error.context if e.relative_schema_path and e.relative_schema_path[0] == branch]
            return [f for e in errors for f in _describe(e, data, file)]
        return _describe(best_match(error.context), data, file)
    pointer = tuple(error.absolute_path)
    where = context(data, pointer)
    inst, schema = error.instance, error.schema
    if validator_name == "additionalProperties" and isinstance(inst, dict):
        allowed = list(schema.get("properties", {}))
        out = []
        for key in inst:
            if key in allowed:
                continue
            near = difflib.get_close_matches(str(key), allowed, n=1)
            message = (_("{where}: unknown key {key!r}; did you mean {near!r}?").format(where=where, key=key, near=near[0])
                       if near else _("{where}: unknown key {key!r}; allowed keys: {allowed}").format(
                           where=where, key=key, allowed=", ".join(allowed)))
            out.append(Finding(file, "S201", "unknown-key", "error", message, pointer + (key,), at_key=True))
        return out
    if validator_name == "required" and isinstance(inst, dict):
        out = []
        for prop in error.validator_value:
            if prop not in inst:
                ja, en = _title(schema, prop)
                out.append(Finding(file, "S202", "missing-key", "error",
                                   _("{where}: {title} is missing: add the {key!r} key").format(
                                       where=where, title=en if language() == "en" else ja, key=prop), pointer))
        return out
    if not pointer:
        label = "document"
    elif isinstance(pointer[-1], int):
        label = f"{pointer[-2] if len(pointer) > 1 else 'item'}[{pointer[-1]}]"
    else:
        label = str(pointer[-1])
    if validator_name == "type":
        want: str = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
        return [Finding(file, "S203", "wrong-type", "error",
                        _("{where}: {label} must be {want}, not {got}").format(
                            where=where, label=label, want=_type_name(want), got=_type_name(_json_type(inst))),
                        pointer)]
    if error.schema is False:
        # a key a branch forbids (the schedule row's if/then): the schema's errorMessage says why,
        # the same words the editor shows
        forbidden = _error_message(error)
        parent = _at(data, pointer)
        # jsonschema names the mapping, not the key: the key is the one holding this very value
        held = next((k for k, v in parent.items() if v is inst), None) if isinstance(parent, dict) else None
        if forbidden:
            return [Finding(file, "S204", "invalid-value", "error", f"{where}: {_in_language(forbidden)}",
                            pointer + ((held,) if held is not None else ()), at_key=held is not None)]
    if validator_name in ("enum", "const", "pattern", "minimum", "minLength", "not"):
        v = error.validator_value
        expected = {"enum": lambda: _("one of {values}").format(values=", ".join(map(str, v))),
                   "const": lambda: _("exactly {value!r}").format(value=v),
                   "pattern": lambda: _pattern_words(error.schema),
                   "minimum": lambda: _("at least {minimum}").format(minimum=v),
                   "minLength": lambda: _("not empty"),
                   "not": lambda: _("either quarters (q1–q4) or a period, not both")}[validator_name]()
        shown = json.dumps(inst, ensure_ascii=False) if not isinstance(inst, (dict, list)) else _type_name(_json_type(inst))
        found = Finding(file, "S204", "invalid-value", "error",
                        _("{where}: {label} cannot be {value}: it must be {allowed}").format(
                            where=where, label=label, value=shown, allowed=expected), pointer)
        # full-width letters and digits (Ａ１, Ｒ７) where the NFKC form is what the schema asks for
        norm = nfkc(inst)
        if norm is not None and ((validator_name == "pattern" and re.search(v, norm))
                                 or (validator_name == "enum" and norm in v)):
            with_fix(found, norm)
        return [found]
    # jsonschema's own wording (English): any other keyword the schema may gain
    return [Finding(file, "S205", "schema", "error",
                    _("{where}: does not match the schema: {detail}").format(where=where, detail=error.message),
                    pointer)]


@lru_cache(maxsize=1)
def fast_check() -> Any:
    """The compiled yes/no check, or None when the schema uses what it cannot compile."""
    from xplan.plan.fastschema import Unsupported, compile_schema

    try:
        return compile_schema(load_schema())
    except Unsupported:
        return None


def non_finite(data: Any, file: str) -> list[Finding]:
    """``.inf`` / ``.nan`` where a number belongs: JSON Schema's "number" accepts them, but JSON
    cannot carry them (``show -F json`` would print ``Infinity``) and no amount is infinite."""
    out: list[Finding] = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    seen: set[int] = set()
    while stack:
        value, pointer = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            where = context(data, pointer)
            label = str(pointer[-1]) if pointer else "document"
            out.append(Finding(file, "S204", "invalid-value", "error",
                               _("{where}: {label} cannot be {value}: it must be a finite number").format(
                                   where=where, label=label, value=repr(value)),
                               pointer, extra={"non_finite": True}))
        elif isinstance(value, (dict, list)) and id(value) not in seen:
            seen.add(id(value))  # an alias shares its value: look at it once
            items = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend((v, pointer + (k,)) for k, v in items)
    return out


def check(data: dict[str, Any], file: str) -> list[Finding]:
    """All schema findings for one plan's data (empty for a valid plan)."""
    fast = fast_check()
    if fast is not None and fast(data):
        return non_finite(data, file)  # valid: no need to import or run jsonschema
    v = validator()
    out: list[Finding] = []
    said: set[tuple[str, tuple[str | int, ...], str]] = set()
    for error in v.iter_errors(data):
        for finding in _describe(error, data, file):
            # jsonschema raises one "required" error per missing key, each naming the whole list:
            # a plan missing five keys is five findings, not twenty-five
            key = (finding.code, tuple(finding.pointer), finding.message)
            if key not in said:
                said.add(key)
                out.append(finding)
    reported = {f.pointer for f in out}  # `issues: .nan` is one S203, not an S204 as well
    return out + [f for f in non_finite(data, file) if f.pointer not in reported]
