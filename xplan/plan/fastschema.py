"""A fast yes/no check of plan data against our schema, compiled once into closures.

jsonschema is the authority: it explains every error (xplan.plan.schema). But importing it and
walking a 40 KB plan with it costs ~0.1 s, which a pre-commit hook pays on every run. Most files
are valid, so this compiles exactly the keywords our schema uses and answers "valid?" quickly;
only a file that fails here is handed to jsonschema. Any keyword it does not know makes
``compile_schema`` raise Unsupported, and the caller then always uses jsonschema — so the fast
path can never accept what jsonschema would reject (tests/test_fastschema.py compares the two).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]
ANNOTATIONS = {"title", "description", "$schema", "$id", "$defs", "$comment", "examples", "default",
               "errorMessage",  # yaml-language-server's message for a failing subschema; no effect on validity
               "then", "else"}  # read with "if"; without an "if" they have no effect


class Unsupported(Exception):
    """The schema uses a keyword this module does not implement."""


def _is_type(value: Any, name: str) -> bool:
    if name == "string":
        return isinstance(value, str)
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if name == "number":
        return isinstance(value, (int, float))
    raise Unsupported(f"type {name}")


def _json_equal(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1, and 1 equals 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def compile_schema(root: dict[str, Any]) -> Check:
    refs: dict[str, Check] = {}

    def ref(pointer: str) -> Check:
        if pointer not in refs:
            if not pointer.startswith("#/"):
                raise Unsupported(f"$ref {pointer}")
            node: Any = root
            for part in pointer[2:].split("/"):
                node = node[part]
            refs[pointer] = lambda v: False  # placeholder while compiling recursive refs
            compiled = build(node)
            refs[pointer] = compiled
        return lambda v: refs[pointer](v)

    def build(s: Any) -> Check:
        if s is True:
            return lambda v: True
        if s is False:
            return lambda v: False
        # Callable[..., bool]: the checks bind their operands as default arguments
        checks: list[Callable[..., bool]] = []
        for key, arg in s.items():
            if key in ANNOTATIONS:
                continue
            if key == "type":
                names = [arg] if isinstance(arg, str) else list(arg)
                checks.append(lambda v, n=names: any(_is_type(v, t) for t in n))
            elif key == "properties":
                props = {k: build(sub) for k, sub in arg.items()}
                checks.append(lambda v, p=props: not isinstance(v, dict)
                              or all(k not in v or c(v[k]) for k, c in p.items()))
            elif key == "required":
                checks.append(lambda v, r=tuple(arg): not isinstance(v, dict) or all(k in v for k in r))
            elif key == "additionalProperties":
                allowed = frozenset(s.get("properties", {}))
                if "patternProperties" in s:
                    raise Unsupported("patternProperties")
                extra = build(arg)
                checks.append(lambda v, a=allowed, e=extra: not isinstance(v, dict)
                              or all(e(x) for k, x in v.items() if k not in a))
            elif key == "items":
                item = build(arg)
                checks.append(lambda v, c=item: not isinstance(v, list) or all(c(x) for x in v))
            elif key == "enum":
                checks.append(lambda v, e=arg: any(_json_equal(v, x) for x in e))
            elif key == "const":
                checks.append(lambda v, c=arg: _json_equal(v, c))
            elif key == "pattern":
                rx = re.compile(arg)
                checks.append(lambda v, r=rx: not isinstance(v, str) or r.search(v) is not None)
            elif key == "minimum":
                checks.append(lambda v, m=arg: not _is_type(v, "number") or v >= m)
            elif key == "minLength":
                checks.append(lambda v, m=arg: not isinstance(v, str) or len(v) >= m)
            elif key == "anyOf":
                subs = [build(x) for x in arg]
                checks.append(lambda v, ss=subs: any(c(v) for c in ss))
            elif key == "if":
                cond, then, other = build(arg), build(s.get("then", True)), build(s.get("else", True))
                checks.append(lambda v, c=cond, t=then, e=other: t(v) if c(v) else e(v))
            elif key == "not":
                sub = build(arg)
                checks.append(lambda v, c=sub: not c(v))
            elif key == "$ref":
                checks.append(ref(arg))
            else:
                raise Unsupported(key)
        every = tuple(checks)
        return lambda v: all(c(v) for c in every)

    return build(root)
