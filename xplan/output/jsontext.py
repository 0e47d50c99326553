"""JSON as the commands print it: indented, with each record on one line.

``json.dumps(indent=2)`` puts every value of every issue on a line of its own and, because
indenting is done by the pure-Python encoder, takes most of a warm ``xplan issues --all -F json``
on hundreds of plans. Here the containers are indented, but an object or list holding only
scalars (an issue row, a count per quadrant) is written on one line by the C encoder: a tenth of
the time, and one line per record suits ``grep`` and a diff of two outputs. It is the same JSON
to every parser.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

_ONE_LINE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def _record_encoder() -> Callable[[Any], str]:
    """``_ONE_LINE.encode`` for a record, without building a new C encoder for each of them (a third
    of the time on 25,000 issue rows): the encoder ``JSONEncoder.iterencode`` builds, made once.
    Records are fresh flat dicts, so the check for circular references is left out."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # a Python without the _json accelerator
        return _ONE_LINE.encode
    try:
        encoder = make(None, _ONE_LINE.default, json.encoder.encode_basestring, None, ": ", ", ",
                       False, False, True)
    except TypeError:  # the private signature changed: the public way is still right
        return _ONE_LINE.encode
    return lambda value: "".join(encoder(value, 0))


_encode_record = _record_encoder()
_SCALARS = (str, int, float, bool, type(None))
INDENT = "  "


def dumps(value: Any) -> str:
    """``value`` as JSON text with a final newline (see the module docstring for the layout)."""
    out: list[str] = []
    _write(value, "", out)
    out.append("\n")
    return "".join(out)


def _flat(value: Any) -> bool:
    """Only scalars inside (one level of lists of scalars allowed): worth one line."""
    items = value.values() if isinstance(value, dict) else value
    for v in items:
        if isinstance(v, _SCALARS):
            continue
        if isinstance(v, list) and all(isinstance(x, _SCALARS) for x in v):
            continue
        return False
    return True


def _write(value: Any, indent: str, out: list[str]) -> None:
    if isinstance(value, dict) and value and not _flat(value):
        inner = indent + INDENT
        out.append("{\n")
        last = len(value) - 1
        for i, (k, v) in enumerate(value.items()):
            out.append(f"{inner}{_ONE_LINE.encode(str(k))}: ")
            _write(v, inner, out)
            out.append(",\n" if i < last else "\n")
        out.append(indent + "}")
    elif isinstance(value, list) and value and not _flat(value):
        inner = indent + INDENT
        out.append("[\n")
        last = len(value) - 1
        encode = _encode_record
        for i, v in enumerate(value):
            out.append(inner)
            if isinstance(v, dict) and _flat(v):  # the common case, a record: no recursion
                out.append(encode(v))
            else:
                _write(v, inner, out)
            out.append(",\n" if i < last else "\n")
        out.append(indent + "]")
    else:
        out.append(_ONE_LINE.encode(value))
