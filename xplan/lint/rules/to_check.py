import re
import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make
from xplan.plan.findings import Finding
from xplan.plan.model import Plan

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""A reading of the document to check: a ``# xplan: 要確認`` comment, or text under ``unplaced``.

``xplan import`` turns a published document into a draft plan and never guesses: where its reading
is uncertain (a table that could serve several actions, phrases it told apart only by spaces, a
number it took from the sequence, an organisation the document does not name in a title) it keeps
the text in the nearest place and writes ``# xplan: 要確認 <why>`` on that line; text it could not
place at all goes, in document order, under ``unplaced``. Each is reported here, so ``xplan lint``
on a draft is the reviewer's checklist: compare the place with the document, fix it, and delete the
comment (or move the unplaced text where it belongs, or delete it if it is page furniture).""")

CODE = "P391"
NAME = "to-check"
SEVERITY = "warning"

_MARK = re.compile(r"#\s*xplan:\s*要確認\s*(.*)$")


def _in_quotes(line: str, end: int) -> bool:
    """Whether position ``end`` of a YAML line lies inside a quoted string (then '#' is text)."""
    single = double = False
    i = 0
    while i < end:
        ch = line[i]
        if ch == "\\" and double:
            i += 2
            continue
        if ch == '"' and not single:
            double = not double
        elif ch == "'" and not double:
            single = not single
        i += 1
    return single or double


def check(plan: Plan) -> Iterator[Finding]:
    unplaced = plan.raw.get("unplaced")
    if isinstance(unplaced, list):
        for k, text in enumerate(unplaced):
            if isinstance(text, str):
                yield make(sys.modules[__name__], plan,
                           _("text the import could not place: 「{text}」 (move it to its section, or delete it "
                             "if it is page furniture)").format(text=text), ("unplaced", k))


def check_text(plan: Plan, text: str) -> Iterator[Finding]:
    if "要確認" not in text:
        return
    for number, line in enumerate(text.splitlines(), 1):
        if "要確認" not in line:
            continue
        for m in _MARK.finditer(line):
            if line[:m.start()].strip() and not line[m.start() - 1].isspace():
                continue  # a '#' inside a word is not a comment
            if _in_quotes(line, m.start()):
                continue
            why = m.group(1).strip() or "…"
            f = make(sys.modules[__name__], plan, _("to check (要確認): {why}").format(why=why))
            f.line, f.column, f.end_line, f.end_column = number, m.start() + 1, number, len(line) + 1
            yield f
            break
