"""Pair the issues of one organisation's older and newer plan.

The cascade, each step only among issues still unpaired, each pair saying how it was made:

1. ``lineage`` — the newer issue names its origin: ``lineage: {year: R7, id: B2}`` with the
   year of the older plan.
2. ``id`` — the same id (A1 = A1) *and* titles similar enough (ID_THRESHOLD). The same id with
   an unrelated title is a different issue: both stay unpaired, with a note saying so. Skipped
   when either issue's exact title appears on the other side under another id (renumbering).
3. ``title`` — the same title after NFKC, white space removed and case folded.
4. ``lineage`` — the marker names only a domain (追加(R7B領域からの派生)): paired with the one
   older issue of that domain whose title is most similar, above LINEAGE_THRESHOLD; a tie or no
   candidate leaves it unpaired, with a note. This runs after steps 2–3 so that a fuzzy guess
   never takes an older issue which another newer issue carries on exactly.
5. ``similar`` — difflib ratio of normalised titles ≥ SIMILAR_THRESHOLD, best pairs first,
   one-to-one; reported as "likely the same, renamed" with the score.

A newer issue whose lineage applies (its year is the older plan's year) is paired only by its
lineage (steps 1 and 4): the document says where it came from, so no other step overrides that.
Whatever stays unpaired is added or removed.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

from xplan.i18n import Message
from xplan.plan.model import Issue
from xplan.plan.select import normalise

ID_THRESHOLD = 0.4  # same id: below this the titles share too little to be one issue
SIMILAR_THRESHOLD = 0.6  # different id: "likely the same, renamed"
LINEAGE_THRESHOLD = 0.3  # the marker already says "derived from a B issue": a weaker title link suffices

MatchHow = str  # "lineage" | "id" | "title" | "similar"


@dataclass
class Pair:
    """One row of the comparison: a matched pair, or an issue present on one side only."""

    old: Issue | None
    new: Issue | None
    how: MatchHow | None = None
    score: float | None = None  # title similarity of a matched pair (0..1, 3 decimals)
    notes: list[str] = field(default_factory=list)


def titles(issue: Issue) -> list[str]:
    """The normalised titles an issue goes by: detail heading and, where it differs, overview."""
    out = []
    for t in (issue.title, issue.overview_title):
        if t:
            n = normalise(t)
            if n not in out:
                out.append(n)
    return out


def similarity(a: Issue, b: Issue) -> float | None:
    """Best difflib ratio between any title of ``a`` and any of ``b``; None when one has none."""
    ta, tb = titles(a), titles(b)
    if not ta or not tb:
        return None
    return round(max(difflib.SequenceMatcher(None, x, y, autojunk=False).ratio() for x in ta for y in tb), 3)


def _lineage_applies(issue: Issue, old_year: str | None) -> bool:
    ln = issue.lineage
    return ln is not None and old_year is not None and ln.year == old_year and bool(ln.id or ln.domain)


def _lineage_text(issue: Issue) -> str:
    ln = issue.lineage
    assert ln is not None
    return ln.marker or f"lineage {ln.year} {ln.id or ln.domain}"


def match_issues(old: list[Issue], new: list[Issue], old_year: str | None) -> list[Pair]:
    """Pairs in the newer plan's order, then the older issues left over in their order."""
    by_new: dict[int, Pair] = {}
    used_old: set[int] = set()
    notes_new: dict[int, list[str]] = {id(n): [] for n in new}
    notes_old: dict[int, list[str]] = {id(o): [] for o in old}

    def pair(o: Issue, n: Issue, how: MatchHow) -> None:
        by_new[id(n)] = Pair(o, n, how, similarity(o, n))
        used_old.add(id(o))

    def free_old() -> list[Issue]:
        return [o for o in old if id(o) not in used_old]

    lineage_new = [n for n in new if _lineage_applies(n, old_year)]
    plain_new = [n for n in new if not _lineage_applies(n, old_year)]

    # 1. lineage naming an id
    for n in lineage_new:
        ln = n.lineage
        assert ln is not None
        if not ln.id:
            continue
        target = next((o for o in free_old() if o.id == ln.id or o.code == ln.id), None)
        if target is not None:
            pair(target, n, "lineage")
        else:
            notes_new[id(n)].append(Message("「{lineage}」 names {year} {id}, which is not in the older plan (or is "
                                            "already paired): left unpaired", lineage=_lineage_text(n),
                                            year=ln.year, id=ln.id))

    # 2. same id, titles similar enough. Not when either issue has its exact title on the other
    # side under another id: that is a renumbering (an issue inserted before it), left to step 3.
    def exact(a: Issue, b: Issue) -> bool:
        return bool(set(titles(a)) & set(titles(b)))

    id_conflicts: list[tuple[Issue, Issue, float]] = []
    for n in plain_new:
        o = next((o for o in free_old() if o.code == n.code), None)
        if o is None:
            continue
        if not exact(o, n) and (any(exact(o, m) for m in plain_new if m is not n)
                                or any(exact(x, n) for x in free_old() if x is not o)):
            continue
        score = similarity(o, n)
        if score is None or score >= ID_THRESHOLD:
            pair(o, n, "id")
        else:
            id_conflicts.append((o, n, score))

    # 3. same normalised title
    for n in plain_new:
        if id(n) in by_new:
            continue
        tn = set(titles(n))
        o = next((o for o in free_old() if tn & set(titles(o))), None)
        if o is not None:
            pair(o, n, "title")

    # 4. lineage naming only a domain: the single best similar issue of that domain
    _lineage_by_domain([n for n in lineage_new if n.lineage and not n.lineage.id], free_old(), pair, notes_new)

    # 5. similar titles, best pairs first, one-to-one
    candidates = []
    for n in plain_new:
        if id(n) in by_new:
            continue
        for o in free_old():
            s = similarity(o, n)
            if s is not None and s >= SIMILAR_THRESHOLD:
                # ties: prefer the same domain, then document order (deterministic)
                candidates.append((-s, o.domain != n.domain, old.index(o), new.index(n), o, n))
    for _, _, _, _, o, n in sorted(candidates, key=lambda c: c[:4]):
        if id(n) not in by_new and id(o) not in used_old:
            pair(o, n, "similar")
            by_new[id(n)].notes.append(Message("likely the same issue, renamed (title similarity {score:.2f})",
                                               score=by_new[id(n)].score))

    # said only of an issue that stays unpaired: a later step may still pair either side
    for o, n, score in id_conflicts:
        if id(n) not in by_new:
            notes_new[id(n)].append(Message("not the same issue as the older {code} despite the same id: titles "
                                            "unrelated (similarity {score:.2f} < {threshold})", code=o.code,
                                            score=score, threshold=ID_THRESHOLD))
        if id(o) not in used_old:
            notes_old[id(o)].append(Message("not the same issue as the newer {code} despite the same id: titles "
                                            "unrelated (similarity {score:.2f} < {threshold})", code=n.code,
                                            score=score, threshold=ID_THRESHOLD))

    out: list[Pair] = []
    for n in new:
        p = by_new.get(id(n)) or Pair(None, n, notes=[])
        p.notes = notes_new[id(n)] + p.notes
        out.append(p)
    for o in old:
        if id(o) not in used_old:
            out.append(Pair(o, None, notes=notes_old[id(o)]))
    return out


def _lineage_by_domain(wanting: list[Issue], free: list[Issue], pair: Callable[[Issue, Issue, MatchHow], None],
                       notes: dict[int, list[str]]) -> None:
    """Step 4. Refuses ties: an issue with two equally good origins is left unpaired, never guessed."""
    scored: list[tuple[float, int, Issue, Issue]] = []
    for k, n in enumerate(wanting):
        for o in free:
            s = similarity(o, n)
            if o.domain == n.lineage.domain and s is not None and s >= LINEAGE_THRESHOLD:  # type: ignore[union-attr]
                scored.append((s, k, o, n))
    scored.sort(key=lambda t: (-t[0], t[1]))
    done_new: set[int] = set()
    done_old: set[int] = set()
    for s, _, o, n in scored:
        if id(n) in done_new or id(o) in done_old:
            continue
        rivals_old = [x for t, _, x, m in scored if m is n and t == s and x is not o and id(x) not in done_old]
        rivals_new = [m for t, _, x, m in scored if x is o and t == s and m is not n and id(m) not in done_new]
        if rivals_old:  # two origins fit this issue equally well
            codes = ", ".join(x.code for x in [o, *rivals_old])
            notes[id(n)].append(Message("「{lineage}」: {codes} fit equally well (similarity {score:.2f}): left "
                                        "unpaired rather than guessed", lineage=_lineage_text(n), codes=codes, score=s))
            done_new.add(id(n))
            continue
        if rivals_new:  # two derived issues claim this origin equally: neither gets it
            claimants = ", ".join(x.code for x in [n, *rivals_new])
            for m in [n, *rivals_new]:
                notes[id(m)].append(Message("「{lineage}」: {code} fits {claimants} equally well (similarity "
                                            "{score:.2f}): left unpaired rather than guessed",
                                            lineage=_lineage_text(m), code=o.code, claimants=claimants, score=s))
                done_new.add(id(m))
            done_old.add(id(o))
            continue
        pair(o, n, "lineage")
        done_new.add(id(n))
        done_old.add(id(o))
    for n in wanting:
        if id(n) not in done_new:
            ln = n.lineage
            assert ln is not None
            notes[id(n)].append(Message("「{lineage}」: no unpaired {year} {domain} issue has a similar enough title "
                                        "(≥ {threshold}): left unpaired", lineage=_lineage_text(n), year=ln.year,
                                        domain=ln.domain, threshold=LINEAGE_THRESHOLD))
