"""What changed inside one matched pair of issues, as a flat list of ``Change``s.

Every change is a JSON key with ``[old, new]``; a side on which the thing is absent is ``None``
(JSON null), never a guessed value. Keys:

- plain fields: ``id``, ``domain``, ``title``, ``overview_title``, ``field``, ``theme``,
  ``sub_theme``, ``in_overview``, ``has_detail``, ``impact``, ``urgency``, ``quadrant``;
- text sections (lists of display lines): ``approach``, ``content`` (②), ``background`` (③),
  ``outcomes`` (④), ``measures`` (④, R6 template), ``actions_intro``, ``achieved``, ``fell_short``;
- actions, keyed by number (``#k`` = k-th action when unnumbered): ``actions.2`` added/removed
  (value ``{"number", "title"}``), ``actions.2.title``, ``.number``, ``.period``, ``.description``,
  ``actions.2.schedule.1.q3`` (a quarter cell: list of items, ``→`` for the document's arrow,
  ``[]`` printed empty, null not printed), ``….schedule.1.label`` / ``.period`` / ``.actions``;
  ``schedule.1.q3`` for a table of the whole issue;
- progress checkpoints, keyed by date (and action): ``progress.2025-12``, ``progress.2025-12.action2``
  with the checkpoint's items as lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xplan.i18n import N_, _
from xplan.plan.model import QUARTERS, Action, Block, Checkpoint, Issue, ScheduleRow, plain_lines
from xplan.plan.select import normalise

# Labels of what changed, for people (translated when a change is made); JSON uses the keys.
FIELD_LABELS = {
    "id": N_("id"), "domain": N_("Domain"), "title": N_("Title"),
    "overview_title": N_("overview title"), "field": N_("Field"),
    "theme": N_("Theme"), "sub_theme": N_("sub-theme"),
    "in_overview": N_("in the overview"), "has_detail": N_("Detail page"),
    "impact": N_("Impact"), "urgency": N_("Urgency"), "quadrant": N_("Quadrant"),
}
SECTION_LABELS = {
    "approach": N_("approach (overview)"), "content": N_("② content"),
    "background": N_("③ background"), "outcomes": N_("④ outcomes"),
    "measures": N_("④ measures"), "actions_intro": N_("⑤ introduction"),
    "achieved": N_("⑦ achieved"), "fell_short": N_("⑧ fell short"),
}
QUARTER_NAMES = {"q1": N_("Q1"), "q2": N_("Q2"), "q3": N_("Q3"), "q4": N_("Q4")}

# kinds, for the renderers: how to show the values
FIELD, RATING, SECTION, ACTION, CELL, PROGRESS = "field", "rating", "section", "action", "cell", "progress"


@dataclass
class Change:
    key: str  # the JSON key
    label: str  # for people
    kind: str
    old: Any  # JSON-ready; None = absent on that side
    new: Any


def lines(items: list[Block] | None) -> list[str] | None:
    return None if items is None else plain_lines(items)


def cell_value(cell: list[Any] | None) -> list[str] | None:
    return None if cell is None else [str(c) for c in cell]  # CONTINUES prints as →


def compare_issues(old: Issue, new: Issue) -> list[Change]:
    out: list[Change] = []

    def field_change(key: str, a: Any, b: Any, kind: str = FIELD) -> None:
        if a != b:
            out.append(Change(key, _(FIELD_LABELS.get(key) or SECTION_LABELS[key]), kind, a, b))

    field_change("id", old.code, new.code)
    field_change("domain", old.domain, new.domain)
    for key in ("title", "overview_title", "field", "theme", "sub_theme", "in_overview", "has_detail"):
        field_change(key, getattr(old, key), getattr(new, key))
    for key in ("impact", "urgency", "quadrant"):
        field_change(key, getattr(old, key), getattr(new, key), RATING)
    for key in ("approach", "content", "background", "outcomes", "measures", "actions_intro", "achieved",
                "fell_short"):
        field_change(key, lines(getattr(old, key)), lines(getattr(new, key)), SECTION)
    out.extend(_compare_actions(old.actions or [], new.actions or []))
    out.extend(_compare_rows("schedule", _("(issue's table)"), old.schedule or [], new.schedule or []))
    out.extend(_compare_progress(old.progress, new.progress))
    return out


# -- actions ----------------------------------------------------------------------------------

def _action_key(a: Action, index: int) -> str:
    return str(a.number) if a.number is not None else f"#{index + 1}"


def _action_label(key: str) -> str:
    if not key.startswith("#"):
        return _("action ({number})").format(number=key)
    return _("unnumbered action {n}").format(n=key[1:])


def pair_actions(old: list[Action], new: list[Action]) -> list[tuple[Action | None, Action | None, str]]:
    """Same title first (an action renumbered keeps its identity), then same number, then unpaired."""
    keys_old = {id(a): _action_key(a, i) for i, a in enumerate(old)}
    keys_new = {id(a): _action_key(a, i) for i, a in enumerate(new)}
    partner: dict[int, Action] = {}
    used: set[int] = set()
    for a in new:
        if a.title:
            want = normalise(a.title)
            o = next((o for o in old if id(o) not in used and o.title and normalise(o.title) == want), None)
            if o is not None:
                partner[id(a)] = o
                used.add(id(o))
    for a in new:
        if id(a) not in partner:
            o = next((o for o in old if id(o) not in used and keys_old[id(o)] == keys_new[id(a)]), None)
            if o is not None:
                partner[id(a)] = o
                used.add(id(o))
    out: list[tuple[Action | None, Action | None, str]] = [(partner.get(id(a)), a, keys_new[id(a)]) for a in new]
    out.extend((o, None, keys_old[id(o)]) for o in old if id(o) not in used)
    return out


def _compare_actions(old: list[Action], new: list[Action]) -> list[Change]:
    out: list[Change] = []
    for a, b, key in pair_actions(old, new):
        base, label = f"actions.{key}", _action_label(key)
        if a is None or b is None:
            x = a or b
            assert x is not None
            value = {"number": x.number, "title": x.title}
            out.append(Change(base, label, ACTION, None if a is None else value, None if b is None else value))
            continue
        for attr, name in (("number", _("number")), ("title", _("title")), ("period", _("period"))):
            if getattr(a, attr) != getattr(b, attr):
                out.append(Change(f"{base}.{attr}", f"{label} {name}", FIELD, getattr(a, attr), getattr(b, attr)))
        if a.description != b.description:
            out.append(Change(f"{base}.description", f"{label} {_('description')}", SECTION, lines(a.description),
                              lines(b.description)))
        out.extend(_compare_rows(f"{base}.schedule", label, a.schedule or [], b.schedule or []))
    return out


def _compare_rows(base: str, label: str, old: list[ScheduleRow], new: list[ScheduleRow]) -> list[Change]:
    """Rows by position; a row present on one side has every cell absent (null) on the other."""
    out: list[Change] = []
    many = max(len(old), len(new)) > 1
    for r in range(max(len(old), len(new))):
        a = old[r] if r < len(old) else None
        b = new[r] if r < len(new) else None
        row_name = (b and b.label) or (a and a.label) or (_("row {n}").format(n=r + 1) if many else "")
        where = f"{label} {row_name}".rstrip()
        key = f"{base}.{r + 1}"
        for attr, name in (("label", _("row heading")), ("period", _("period")), ("actions", _("actions covered"))):
            va = getattr(a, attr) if a else None
            vb = getattr(b, attr) if b else None
            if attr == "actions":
                va, vb = (list(va) if va else None), (list(vb) if vb else None)
            if va != vb:
                out.append(Change(f"{key}.{attr}", f"{where} {name}", FIELD, va, vb))
        for q in QUARTERS:
            va = cell_value(a.cells.get(q)) if a else None
            vb = cell_value(b.cells.get(q)) if b else None
            if va != vb:
                out.append(Change(f"{key}.{q}", f"{where} {_(QUARTER_NAMES[q])}", CELL, va, vb))
    return out


# -- progress ---------------------------------------------------------------------------------

def _checkpoint_keys(cps: list[Checkpoint]) -> list[str]:
    keys: list[str] = []
    for i, c in enumerate(cps):
        k = f"progress.{c.as_of or f'#{i + 1}'}" + (f".action{c.action}" if c.action is not None else "")
        while k in keys:  # two checkpoints with the same date and action: keep both, numbered
            k += "+"
        keys.append(k)
    return keys


def _compare_progress(old: list[Checkpoint], new: list[Checkpoint]) -> list[Change]:
    ka, kb = _checkpoint_keys(old), _checkpoint_keys(new)
    a_by, b_by = dict(zip(ka, old)), dict(zip(kb, new))
    out: list[Change] = []
    for key in kb + [k for k in ka if k not in b_by]:
        a, b = a_by.get(key), b_by.get(key)
        va = lines(a.items) if a else None
        vb = lines(b.items) if b else None
        if va == vb:
            continue
        c = b or a
        assert c is not None
        name = c.label or _("⑥ progress ({date})").format(date=c.as_of or _("undated"))
        if c.action is not None:
            name += " " + _("action ({number})").format(number=c.action)
        out.append(Change(key, name, PROGRESS, va, vb))
    return out


def classify(old: Issue, new: Issue) -> str:
    """moved (domain changed) > renamed (title changed after normalising) > carried."""
    if old.domain != new.domain:
        return "moved"
    ta = normalise(old.title or old.overview_title or "")
    tb = normalise(new.title or new.overview_title or "")
    return "renamed" if ta != tb else "carried"
