"""Bundle the plan schema into the output schemas that refer to it, so that each output schema
validates on its own with no network (``check-jsonschema --schemafile schema/output/show.schema.json``).

An output schema refers to the plan schema relatively (``../plan.schema.json#/properties/…``). Every
schema's ``$id`` shares one base, so with an ``https`` base a validator would fetch that address;
the plan schema is therefore embedded, unchanged and under its own ``$id``, in the output schema's
``$defs`` (a JSON Schema 2020-12 compound document): the reference resolves to the embedded copy.

Run after changing schema/plan.schema.json: ``python tests/bundle_schemas.py``
(tests/test_output_schemas.py fails while an embedded copy differs from the file).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "schema" / "plan.schema.json"
OUTPUT = ROOT / "schema" / "output"
PLAN_REF = "../plan.schema.json"
KEY = "plan.schema.json"  # where in $defs the plan schema is embedded


def refers_to_plan(node: Any) -> bool:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(PLAN_REF):
            return True
        return any(refers_to_plan(v) for k, v in node.items() if k != "$defs")
    if isinstance(node, list):
        return any(refers_to_plan(v) for v in node)
    return False


def bundled(schema: dict[str, Any], plan: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with the plan schema in its ``$defs`` when it refers to it (and only then)."""
    out = dict(schema)
    defs = {k: v for k, v in (out.get("$defs") or {}).items() if k != KEY}
    if refers_to_plan(out):
        defs[KEY] = plan
    if defs:
        out["$defs"] = defs
    else:
        out.pop("$defs", None)
    return out


def main() -> int:
    plan = json.loads(PLAN.read_text(encoding="utf-8"))
    changed = 0
    for path in sorted(OUTPUT.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        new = bundled(schema, plan)
        if new != schema:
            path.write_text(json.dumps(new, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            changed += 1
            print(f"bundled the plan schema into {path.relative_to(ROOT)}")
    if not changed:
        print("every output schema is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
