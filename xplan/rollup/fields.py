"""Policy fields (政策分野): normalisation, the synonym vocabulary and near-duplicate detection.

Fields are free text in the documents, so the same field can be written ``DX推進``, ``ＤＸ推進``
or ``DX 推進``, or be renamed between years. Two fields are the same when their NFKC forms
without white space match (``select.normalise``, the comparison ``--field`` uses too); a
vocabulary in ``[tool.xplan.fields]`` (canonical = [synonyms]) merges renamed ones.
``xplan fields`` lists what is there and flags names that look alike, so the vocabulary can be
curated by a person: nothing here merges fields on its own guess.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from xplan.config import Config, ConfigError
from xplan.i18n import _
from xplan.output.tables import Table
from xplan.plan.model import Issue, Plan
from xplan.plan.select import normalise
from xplan.plan.years import year_sort_key

UNSET = "(未設定)"  # the group of issues whose plan gives no 政策分野 (R6 layouts)
SIMILARITY = 0.7  # difflib ratio from which two field names are flagged as look-alikes


@lru_cache(maxsize=8192)
def display_form(text: str) -> str:
    """NFKC with runs of white space made one space: how a field is shown when grouped."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


class Vocabulary:
    """Canonical field names and the synonyms that map onto them."""

    def __init__(self, mapping: Mapping[str, Iterable[str]] | None = None) -> None:
        self.mapping: dict[str, list[str]] = {}
        self._canon: dict[str, str] = {}  # comparison key -> canonical name
        for canonical, synonyms in (mapping or {}).items():
            if isinstance(synonyms, str):
                synonyms = [synonyms]
            self.mapping[canonical] = list(synonyms)
            for name in (canonical, *synonyms):
                self._add(normalise(name), canonical, name)

    def _add(self, key: str, canonical: str, name: str) -> None:
        previous = self._canon.get(key)
        if previous is not None and previous != canonical:
            raise ConfigError(_("fields: {name!r} maps to two canonical fields: {first!r} and {second!r}").format(
                name=name, first=previous, second=canonical))
        self._canon[key] = canonical

    def canonical(self, text: str) -> str:
        """The canonical name of a field as written (its display form when not in the vocabulary)."""
        return self._canon.get(normalise(text), display_form(text))

    def key(self, text: str) -> str:
        """The comparison key of a field after the vocabulary: what ``select(field_key=)`` needs."""
        return normalise(self.canonical(text))

    def maps(self, text: str) -> bool:
        """Whether the vocabulary names this field (as canonical or synonym)."""
        return normalise(text) in self._canon


def group_names(values: Iterable[str], vocabulary: Vocabulary | None = None) -> dict[str, str]:
    """Comparison key -> the name a group is shown under: the vocabulary's canonical name, else
    the most used display form among the values (the first seen on a tie). ``DX推進`` and
    ``DX 推進`` are one group, shown once."""
    vocab = vocabulary or Vocabulary()
    seen: dict[str, Counter[str]] = {}
    for value, count in Counter(values).items():  # 25,000 issues write a few hundred fields
        canonical = vocab.canonical(value)
        seen.setdefault(normalise(canonical), Counter())[canonical] += count
    return {key: names.most_common(1)[0][0] for key, names in seen.items()}


def load_vocabulary(source: Config | Path | str | Mapping[str, Iterable[str]] | Vocabulary | None = None) -> Vocabulary:
    """The vocabulary from a Config, a config file path, a plain mapping, or (None) the config
    found from the working directory — so tests can pass synthetic configs."""
    from xplan import config

    if isinstance(source, Vocabulary):
        return source
    if isinstance(source, Config):
        return Vocabulary(source.fields)
    if isinstance(source, (str, Path)):
        return Vocabulary(config.load(Path(source)).fields)
    if source is None:
        return Vocabulary(config.find().fields)
    return Vocabulary(source)


@dataclass
class FieldCount:
    """One field as found in the selected issues."""

    name: str  # canonical name (or the display form of the spelling)
    count: int = 0
    spellings: Counter[str] = field(default_factory=Counter)  # as written -> issues
    orgs: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    # (organisation, year) of each plan using the field: orgs and years above are sets, and read
    # side by side they would pair an organisation with another's year (issue 16, item 11)
    plans: Counter[tuple[str, str]] = field(default_factory=Counter)  # (org, year) -> issues
    in_vocabulary: bool = False
    similar: list[str] = field(default_factory=list)  # other fields whose names look alike


def similar(a: str, b: str, threshold: float = SIMILARITY) -> bool:
    """Whether two field names look like the same field: one contains the other, or they are
    close by difflib's ratio. Compared after NFKC, without white space, case-folded."""
    x, y = normalise(a), normalise(b)
    if x == y:
        return True
    short, long_ = sorted((x, y), key=len)
    if len(short) >= 2 and short in long_:
        return True
    return difflib.SequenceMatcher(None, x, y).ratio() >= threshold


def near_duplicates(names: Iterable[str], threshold: float = SIMILARITY) -> list[tuple[str, str]]:
    """Pairs of distinct names that look alike, each pair once, in the order given."""
    items = list(dict.fromkeys(names))
    return [(a, b) for i, a in enumerate(items) for b in items[i + 1:] if similar(a, b, threshold)]


def field_counts(issues: Iterable[tuple[Plan, Issue]], vocabulary: Vocabulary | None = None,
                 threshold: float = SIMILARITY) -> tuple[list[FieldCount], int]:
    """Every field of the issues (after the vocabulary) with its counts, most used first, and the
    number of issues without a field. Look-alike names are cross-referenced in ``similar``."""
    vocab = vocabulary or Vocabulary()
    members = list(issues)
    names = group_names((i.field for _, i in members if i.field is not None), vocab)
    found: dict[str, FieldCount] = {}
    unset = 0
    for plan, issue in members:
        if issue.field is None:
            unset += 1
            continue
        name = names[vocab.key(issue.field)]
        fc = found.setdefault(name, FieldCount(name, in_vocabulary=vocab.maps(issue.field)))
        fc.count += 1
        fc.spellings[issue.field] += 1
        if plan.org.name not in fc.orgs:
            fc.orgs.append(plan.org.name)
        if plan.fiscal_year not in fc.years:
            fc.years.append(plan.fiscal_year)
        fc.plans[(plan.org.name, plan.fiscal_year)] += 1
    counts = sorted(found.values(), key=lambda f: (-f.count, f.name))
    for fc in counts:
        fc.years.sort(key=year_sort_key)
        # most issues first, like the spellings; then by year (stable: selection order within a year)
        fc.plans = Counter(dict(sorted(fc.plans.items(), key=lambda kv: (-kv[1], year_sort_key(kv[0][1])))))
    by_name = {f.name: f for f in counts}
    for a, b in near_duplicates([f.name for f in counts], threshold):
        by_name[a].similar.append(b)
        by_name[b].similar.append(a)
    return counts, unset


def fields_table(counts: list[FieldCount], unset: int) -> Table:
    """The ``xplan fields`` listing: one row per field, then (未設定), then the total."""
    rows: list[list[object]] = []
    for f in counts:
        spellings = [f"{s} ({n})" for s, n in sorted(f.spellings.items(), key=lambda kv: (-kv[1], kv[0]))]
        # one line per plan with its own count, so that it reads on its own, never across the row
        plans = [f"{org} {year} ({n})" for (org, year), n in f.plans.items()]
        rows.append([f.name, f.count, spellings, "✓" if f.in_vocabulary else "", plans, f.similar])
    if unset:
        rows.append([_("(no field)"), unset, [], "", [], []])
    total = sum(f.count for f in counts) + unset
    pairs = sum(len(f.similar) for f in counts) // 2
    return Table(headers=[_("Field"), _("Number of issues"), _("Spellings"), _("Vocabulary"), _("Plans"), _("Similar")],
                 rows=rows, title=_("Policy fields: {fields} fields, {pairs} similar pairs").format(
                     fields=len(counts), pairs=pairs),
                 footer=[[_("Total"), total, "", "", "", ""]], justify={1: "right"})
