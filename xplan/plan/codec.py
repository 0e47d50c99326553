"""One encoding of the model for the caches: each record's fields named once, in one table.

The plan cache keeps the table views' model as rows (``summary.to_rows``), the lint cache keeps the
slim plan the cross-file rules read and every finding (``lint/cache.py``, ``plan/cache.py``). Each
used to list the fields by position in its own encoder and decoder; here a ``Record`` names a
class's fields and how each is written to JSON, and both directions are made from it, so adding a
field is one edit in a table below.

Decoding is on the hot path of every warm view (25,000 issues for 2,000 plans), so a record's
encoder and decoder are generated as plain functions from its table, as ``dataclasses`` makes
``__init__``: the same tuple unpacking and ``type(x) is str`` checks a hand-written decoder has.
A decoder checks every value's type and raises ValueError for anything else: an entry passed its
hash check, but a forged one must claim no more than a plan file could.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from xplan.plan.findings import SEVERITIES, Finding
from xplan.plan.model import Action, Issue, Lineage, Organisation


@dataclass(frozen=True)
class Kind:
    """How one field is checked and converted, as Python expressions of ``{v}``."""

    check: str
    decode: str = "{v}"
    encode: str = "{v}"
    env: tuple[tuple[str, Any], ...] = ()  # the names the expressions call (a nested record's functions)


STR = Kind("type({v}) is str")
OPT_STR = Kind("({v} is None or type({v}) is str)")
INT = Kind("type({v}) is int")
OPT_INT = Kind("({v} is None or type({v}) is int)")
BOOL = Kind("type({v}) is bool")
DICT = Kind("type({v}) is dict")
STRS = Kind("(type({v}) is list and all(type(x) is str for x in {v}))")
POINTER = Kind("(type({v}) is list and all(type(p) is str or type(p) is int for p in {v}))",
               decode="tuple({v})", encode="list({v})")
ISSUE_INDEX = Kind("type({v}) is int", decode="('issues', {v})", encode="{v}[1]")  # ("issues", i) as i
SEVERITY = Kind("{v} in SEVERITIES")
# ("issues", i, "actions", j) as [i, j]
ACTION_POINTER = Kind("(type({v}) is list and len({v}) == 2 and type({v}[0]) is int and type({v}[1]) is int)",
                      decode="('issues', {v}[0], 'actions', {v}[1])", encode="[{v}[1], {v}[3]]")


class Record:
    """A class's fields as a JSON array, in the order given; the class's other fields keep their
    defaults (``fixed`` names the ones a decoder is given, such as a finding's file)."""

    def __init__(self, name: str, cls: type, *fields: tuple[str, Kind], fixed: tuple[str, ...] = ()) -> None:
        import dataclasses

        self.name, self.cls, self.fields = name, cls, fields
        names = [f for f, _k in fields]
        env: dict[str, Any] = {"cls": cls, "SEVERITIES": SEVERITIES}
        for _f, kind in fields:
            env.update(kind.env)
        checks = " and ".join(k.check.format(v=f) for f, k in fields)
        values = ", ".join(k.encode.format(v=f"o.{f}") for f, k in fields)
        # the class built positionally (faster than keywords): its fields in order up to the last one
        # given, a field the table leaves out taking its default
        decoded = {f: k.decode.format(v=f) for f, k in fields} | {f: f for f in fixed}
        order = [f.name for f in dataclasses.fields(cls)]
        last = max(order.index(f) for f in decoded)
        args = []
        for f in dataclasses.fields(cls)[:last + 1]:
            if f.name in decoded:
                args.append(decoded[f.name])
            elif f.default_factory is not dataclasses.MISSING:
                env[f"FACTORY_{f.name}"] = f.default_factory
                args.append(f"FACTORY_{f.name}()")
            else:
                env[f"DEFAULT_{f.name}"] = f.default
                args.append(f"DEFAULT_{f.name}")
        source = (f"def decode(row{''.join(', ' + f for f in fixed)}):\n"
                  f"    {', '.join(names)}, = row\n"
                  f"    if not ({checks}):\n"
                  f"        raise ValueError({name!r})\n"
                  f"    return cls({', '.join(args)})\n"
                  f"def encode(o):\n"
                  f"    return [{values}]\n")
        exec(source, env)  # generated from the tables in this module only
        self.decode: Callable[..., Any] = env["decode"]
        self.encode: Callable[[Any], list[Any]] = env["encode"]


def nested(record: Record, *, many: bool = False) -> Kind:
    """A field holding another record (or a list of them, ``many``), or None."""
    dec, enc = f"DECODE_{record.name}", f"ENCODE_{record.name}"
    env = ((dec, record.decode), (enc, record.encode))
    if many:
        return Kind("({v} is None or type({v}) is list)", decode=f"None if {{v}} is None else [{dec}(x) for x in {{v}}]",
                    encode=f"None if {{v}} is None else [{enc}(x) for x in {{v}}]", env=env)
    return Kind("({v} is None or type({v}) is list)", decode=f"None if {{v}} is None else {dec}({{v}})",
                encode=f"None if {{v}} is None else {enc}({{v}})", env=env)


ORGANISATION = Record("organisation", Organisation, ("name", STR), ("kind", STR), ("slug", STR), ("aliases", STRS))
LINEAGE = Record("lineage", Lineage, ("year", OPT_STR), ("marker", OPT_STR), ("domain", OPT_STR), ("id", OPT_STR))
ACTION = Record("action", Action, ("pointer", ACTION_POINTER), ("number", OPT_INT))  # an action counts; its texts are not kept

# what the table views read of an issue (plan/summary.py): the plan cache's rows
SUMMARY_ISSUE = Record(
    "summary_issue", Issue, ("pointer", ISSUE_INDEX), ("id", STR), ("domain", STR), ("number", INT), ("title", OPT_STR),
    ("overview_title", OPT_STR), ("field", OPT_STR), ("in_overview", BOOL), ("has_detail", BOOL),
    ("lineage", nested(LINEAGE)), ("theme", OPT_STR), ("sub_theme", OPT_STR), ("impact", OPT_STR),
    ("urgency", OPT_STR), ("actions", nested(ACTION, many=True)))

# what the cross-file rules read of an issue (lint/single.py's slim plan): the lint cache's plan
SLIM_ISSUE = Record("slim_issue", Issue, ("pointer", POINTER), ("id", STR), ("domain", STR), ("number", INT),
                    ("title", OPT_STR), ("lineage", nested(LINEAGE)))

# a finding without its file (named as it is given on each run): the lint cache and the plan cache
FINDING = Record("finding", Finding, ("code", STR), ("name", STR), ("severity", SEVERITY), ("message", STR),
                 ("pointer", POINTER), ("at_key", BOOL), ("line", INT), ("column", INT), ("end_line", INT),
                 ("end_column", INT), ("extra", DICT), fixed=("file",))
