"""JSON: the view's own document (``"version": 1``), one record per line (xplan.output.jsontext)."""

from __future__ import annotations

from xplan.output.jsontext import dumps
from xplan.output.view import Options, ViewOutput


def render(view: ViewOutput, options: Options) -> str:
    return dumps(view.json())
