"""The query language, matching, BM25 ranking and snippets of ``xplan search``.

A query is words separated by spaces: every word must occur (AND), ``"…"`` keeps words with their
spaces as one phrase, ``-word`` leaves out what contains it. Words and texts are compared after
``fold`` (NFKC, case, long-vowel and dash variants), as substrings: no word splitter decides
where a Japanese word starts, so 申請 finds 電子申請 and 申請書.

The unit that must contain every word (and none of the excluded) is an issue — its title, ②–④,
actions, quarter cells, ⑥, ⑦⑧ together — or, for text outside the issues, the plan's own
sections (mission, basic information, review). Each section of such a unit that contains a word
is a hit.

Ranking is BM25 (k1 = 1.2, b = 0.75) with each section as a document and each query word as a
term: the word's occurrences in the section (its frequency as a character n-gram of its own
length), the number of sections of the selected plans that contain it, and the section's length
against the average. Hits in titles come first, then the rest, each by score.

Every hit is scored from the folded text the scan reads, and ranked; only the ones listed
(``--limit``, 100 by default) are read in full and given a snippet, folded again with offsets
back into the original text (on 2,000 plans a common word has 27,000 hits, and their snippets
were two thirds of a search). ``--count`` neither scores nor builds snippets.
"""

from __future__ import annotations

import math
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from xplan.i18n import _
from xplan.plan.model import Issue, Plan
from xplan.plan.select import SelectionError
from xplan.search.fold import fold, fold_with_offsets
from xplan.search.store import Store
from xplan.search.texts import SECTION_ALIASES, SECTIONS

K1 = 1.2
B = 0.75
SNIPPET_CONTEXT = 36  # characters of original text either side of the first match
CHUNK = 900  # SQLite's limit on host parameters is 999 in old builds


class QueryError(SelectionError):
    """A query that cannot be searched: exit 2 with the reason."""


@dataclass(frozen=True)
class Term:
    raw: str
    text: str  # folded
    exclude: bool = False


def parse(words: Sequence[str]) -> list[Term]:
    """The query's terms: ``"…"`` phrases, ``-word`` exclusions (also ＂…＂ and －word, after NFKC)."""
    import unicodedata

    line = unicodedata.normalize("NFKC", " ".join(words))
    line = line.replace("“", '"').replace("”", '"')
    try:
        parts = shlex.split(line, posix=True)
    except ValueError:
        raise QueryError(_("the query has an unmatched quote (\"): {query}").format(query=line)) from None
    terms: list[Term] = []
    for part in parts:
        exclude = part.startswith("-") and len(part) > 1
        raw = part[1:] if exclude else part
        text = fold(raw).strip()
        if text:
            terms.append(Term(raw, text, exclude))
    if not any(not t.exclude for t in terms):
        raise QueryError(_("give at least one word to search for (a word starting with - only excludes)"))
    return terms


def parse_sections(values: Sequence[str] | None) -> set[str] | None:
    """--section values (content, ②, progress, ⑥, …) -> record kinds."""
    if not values:
        return None
    out = set()
    for v in values:
        import unicodedata

        key = unicodedata.normalize("NFC", v).strip()
        key = SECTION_ALIASES.get(key, key.lower())
        if key not in SECTIONS:
            raise QueryError(_("--section {value!r}: choose from {choices}").format(
                value=v, choices=", ".join(list(SECTIONS) + ["②", "③", "④", "⑤", "⑥", "⑦⑧"])))
        out.add(key)
    if "outcomes" in out:  # ④ is 目指す成果 in the current template and 課題に対する取組み in the R6 one
        out.add("measures")
    return out


@dataclass
class Hit:
    org: str
    year: str
    slug: str
    code: str | None
    title: str
    kind: str
    section: str
    snippet: str
    marks: list[tuple[int, int]]  # spans of the snippet that match (code points)
    score: float
    plan: Plan = field(repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {"org": self.org, "year": self.year, "code": self.code, "title": self.title,
                "section": self.section, "snippet": self.snippet,
                # one flat list, start and end of each highlighted span in the snippet (code points),
                # so that a hit stays one JSON line (xplan.output.jsontext)
                "highlights": [n for m in self.marks for n in m],
                "score": round(self.score, 4)}


@dataclass
class Result:
    query: str
    hits: list[Hit]  # the hits shown, best first: the first ``limit`` of them, each with its snippet
    units: list[tuple[Plan, str | None]]  # the matching issues (and plans), in plan order
    total: int = 0  # every hit, shown or not
    per_plan: dict[int, int] = field(default_factory=dict)  # id() of each plan with hits -> its hits

    def counts(self) -> list[dict[str, Any]]:
        """Per organisation and year: matching issues (plan-level text counts as one) and hits."""
        out: dict[int, dict[str, Any]] = {}
        for plan, _code in self.units:
            row = out.setdefault(id(plan), {"org": plan.org.name, "year": plan.fiscal_year, "issues": 0,
                                            "hits": self.per_plan.get(id(plan), 0)})
            row["issues"] += 1
        return list(out.values())


def search(store: Store, plans: Sequence[tuple[int, Plan]], words: Sequence[str],
           issues: set[tuple[int, str]] | None = None, sections: set[str] | None = None,
           limit: int | None = None) -> Result:
    """Every hit of the query in the given plans (store ids and models); ``issues`` limits issue
    text to those (plan id, code) pairs and leaves out plan-level text (--domain, --field).

    Every hit is scored and ranked; only the first ``limit`` (all with None, none with 0: counts
    only) are read in full and given their snippet, the rest are counted (``Result.total``)."""
    terms = parse(words)
    query = " ".join(f'-{t.raw}' if t.exclude else (f'"{t.raw}"' if " " in t.raw else t.raw) for t in terms)
    by_id = dict(plans)
    db = store.db
    where, params = _selection(db, [pid for pid, _p in plans], sections)
    unit_of: dict[int, tuple[int, str | None]] = {}
    kind_of: dict[int, str] = {}
    norm_of: dict[int, str] = {}
    positive = [t for t in terms if not t.exclude]
    # one scan for every word: reading the texts is half of it. The folded text only of the
    # sections that contain a word searched for (not excluded), whose hits are scored from it,
    # and not to count (--count)
    docs_of: dict[str, set[int]] = {t.text: set() for t in terms}
    contains = "instr(norm, ?) > 0"
    before: list[str]
    if limit == 0:
        column, before = "''", []
    elif len(positive) == len(terms):
        column, before = "norm", []
    else:
        column = f"CASE WHEN {' OR '.join([contains] * len(positive))} THEN norm ELSE '' END"
        before = [t.text for t in positive]
    needles = [t.text for t in terms]
    # which words each section has (one word: the one it was found by)
    flags = ", ".join([contains] * len(terms)) if len(terms) > 1 else "1"
    sql = (f"SELECT id, plan, code, kind, {column}, {flags} FROM folded "
           f"WHERE {where} AND ({' OR '.join([contains] * len(terms))})")
    for did, pid, code, kind, norm, *has in db.execute(
            sql, [*before, *(needles if len(terms) > 1 else []), *params, *needles]):
        unit_of[did] = (pid, code)
        wanted = False
        for t, flag in zip(terms, has):
            if flag:
                docs_of[t.text].add(did)
                wanted = wanted or not t.exclude
        if wanted:
            kind_of[did] = kind
            norm_of[did] = norm
    units: set[tuple[int, str | None]] | None = None
    for t in positive:
        have = {unit_of[d] for d in docs_of[t.text]}
        units = have if units is None else units & have
    assert units is not None
    for t in terms:
        if t.exclude:
            units -= {unit_of[d] for d in docs_of[t.text]}
    if issues is not None:
        units = {u for u in units if u[1] is not None and (u[0], u[1]) in issues}
    hit_docs = {d for t in positive for d in docs_of[t.text] if unit_of[d] in units}
    n_docs, total_len = store.sizes(where, params)
    avg_len = (total_len / n_docs if n_docs else 0.0) or 1.0
    idf = {t.text: math.log(1 + (n_docs - len(docs_of[t.text]) + 0.5) / (len(docs_of[t.text]) + 0.5))
           for t in positive}
    order = {pid: n for n, (pid, _p) in enumerate(plans)}
    per_pid: dict[int, int] = {}
    for d in hit_docs:
        pid = unit_of[d][0]
        per_pid[pid] = per_pid.get(pid, 0) + 1
    per_plan = {id(by_id[pid]): n for pid, n in per_pid.items()}
    code_keys: dict[str | None, tuple[str, int]] = {}

    def code_key(code: str | None) -> tuple[str, int]:
        got = code_keys.get(code)
        if got is None:
            got = code_keys[code] = _code_key(code)
        return got

    hits: list[Hit] = []
    if limit != 0:  # --count: neither scores nor snippets
        # rank every hit: title hits first, then by score, then in plan and issue order
        ranked = sorted((kind_of[d] != "title", -score, order[unit_of[d][0]], code_key(unit_of[d][1]), d)
                        for d, score in _scores(hit_docs, norm_of, positive, idf, avg_len))
        shown = ranked if limit is None else ranked[:limit]
        texts: dict[int, tuple[str, str, str]] = {}
        for start in range(0, len(shown), CHUNK):
            chunk = [h[-1] for h in shown[start:start + CHUNK]]
            for did, title, section, text in db.execute(
                    f"SELECT id, title, section, text FROM docs WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                texts[did] = (title, section, text)
        for _title, neg, _order, _code, did in shown:
            title, section, text = texts[did]
            pid, code = unit_of[did]
            hits.append(_with_snippet(by_id[pid], code, title, kind_of[did], section, text, norm_of[did], positive,
                                      -neg))
    matched = sorted(units, key=lambda u: (order[u[0]], code_key(u[1])))
    return Result(query, hits, [(by_id[pid], code) for pid, code in matched], len(hit_docs), per_plan)


def _scores(docs: set[int], norm_of: dict[int, str], terms: list[Term], idf: dict[str, float],
            avg_len: float) -> list[tuple[int, float]]:
    """BM25 of each section (``_score``, computed for many sections at once)."""
    # whether each word can overlap itself (ーー in ーーー): then counted the long way
    words = [(t.text, idf[t.text], any(t.text[:k] == t.text[-k:] for k in range(1, len(t.text)))) for t in terms]
    out = []
    for d in docs:
        norm = norm_of[d]
        score = 0.0
        for word, weight, overlaps in words:
            tf = _occurrences(norm, word) if overlaps else norm.count(word)
            if tf:  # as _score computes it, to the last bit
                score += weight * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len(norm) / avg_len))
        out.append((d, score))
    return out


def _code_key(code: str | None) -> tuple[str, int]:
    if code is None:
        return ("", 0)
    m = re.fullmatch(r"([A-Z]+)(\d+)", code)
    return (m.group(1), int(m.group(2))) if m else (code, 0)


def _selection(db: Any, pids: list[int], sections: set[str] | None) -> tuple[str, list[Any]]:
    """A WHERE clause on ``folded`` for the selected plans and sections."""
    clauses = []
    params: list[Any] = []
    total = db.execute("SELECT count(*) FROM plans").fetchone()[0]
    if len(pids) != total:
        db.execute("CREATE TEMP TABLE IF NOT EXISTS chosen(id INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM temp.chosen")
        db.executemany("INSERT INTO temp.chosen VALUES (?)", [(p,) for p in pids])
        clauses.append("plan IN (SELECT id FROM temp.chosen)")
    if sections:
        kinds = sorted(sections)
        clauses.append(f"kind IN ({','.join('?' * len(kinds))})")
        params.extend(kinds)
    return (" AND ".join(clauses) or "1"), params


def _occurrences(norm: str, word: str) -> int:
    """How often ``word`` occurs in ``norm``, overlapping occurrences included (ーー in ーーー: 2)."""
    n = norm.count(word)
    if n == 0 or not any(word[:k] == word[-k:] for k in range(1, len(word))):
        return n  # a word that cannot overlap itself: str.count's non-overlapping count is the count
    n = 0
    at = norm.find(word)
    while at >= 0:
        n += 1
        at = norm.find(word, at + 1)
    return n


def _score(norm: str, terms: list[Term], idf: dict[str, float], avg_len: float) -> float:
    """BM25 of a section (its folded text) for the query's words."""
    score = 0.0
    for t in terms:
        tf = _occurrences(norm, t.text)
        if tf:
            score += idf[t.text] * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len(norm) / avg_len))
    return score


def _hit(plan: Plan, code: str | None, title: str, kind: str, section: str, text: str, norm: str,
         terms: list[Term], idf: dict[str, float], avg_len: float) -> Hit:
    """A hit: its BM25 score from the folded text the index keeps, and its snippet."""
    return _with_snippet(plan, code, title, kind, section, text, norm, terms, _score(norm, terms, idf, avg_len))


def _with_snippet(plan: Plan, code: str | None, title: str, kind: str, section: str, text: str, norm: str,
                  terms: list[Term], score: float) -> Hit:
    """A scored hit with its snippet from the original text, folded again only as far as the
    snippet reaches (a section can be long)."""
    first = min((at for t in terms if (at := norm.find(t.text)) >= 0), default=len(norm))
    longest = max(len(t.text) for t in terms)
    need = first + longest + 3 * SNIPPET_CONTEXT + 16
    while True:
        whole = need >= len(text)
        pnorm, starts, ends = fold_with_offsets(text if whole else text[:need])
        # the folded prefix is the folded text's prefix but for its last characters (a final ー is
        # dropped only when what follows is not katakana): matches there are not trusted
        limit = len(pnorm) if whole else max(0, len(pnorm) - 2)
        trusted = len(text) if whole else (ends[limit - 1] if limit else 0)
        spans = []
        for t in terms:
            at = pnorm.find(t.text)
            while at >= 0 and at + len(t.text) <= limit:
                spans.append((starts[at], ends[at + len(t.text) - 1]))
                at = pnorm.find(t.text, at + 1)
        spans = _merge(spans)
        # enough when every match the snippet can show is in the trusted part
        if whole or (spans and spans[0][1] + 2 * SNIPPET_CONTEXT + longest < trusted):
            break
        need *= 2
    snippet, marks = _snippet(text, spans)
    return Hit(plan.org.name, plan.fiscal_year, plan.org.slug, code, title, kind, section, snippet, marks, score,
               plan)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _snippet(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """The text around the first match (lines joined by ／), and the matches' spans in it."""
    first = spans[0] if spans else (0, 0)
    lo = max(0, first[0] - SNIPPET_CONTEXT)
    hi = min(len(text), max(first[1], lo) + SNIPPET_CONTEXT * 2)
    for s, e in spans:  # never cut a match in two
        if s < hi < e:
            hi = e
    body = text[lo:hi]
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    snippet = prefix + body.replace("\n", "／") + suffix
    marks = [(max(s, lo) - lo + len(prefix), min(e, hi) - lo + len(prefix)) for s, e in spans if s < hi and e > lo]
    return snippet, marks


def marked(snippet: str, marks: list[tuple[int, int]], before: str, after: str,
           escape: Any = None) -> str:
    """The snippet with each match between ``before`` and ``after`` (``escape`` for the rest)."""
    esc = escape or (lambda s: s)
    out = []
    pos = 0
    for s, e in marks:
        out.append(esc(snippet[pos:s]))
        out.append(before + esc(snippet[s:e]) + after)
        pos = e
    out.append(esc(snippet[pos:]))
    return "".join(out)


def issue_of(plan: Plan, code: str | None) -> Issue | None:
    return plan.issue(code) if code else None
