"""Issues that are about the same thing: TF-IDF over character bigrams, cosine similarity.

An issue's text for this is its title, ②–④ and its actions (titles and descriptions), folded as
for search. Its terms are the character bigrams of that text, leaving out bigrams that cross
punctuation or a space and bigrams of two hiragana (particles and endings: する, ている), so
that 電子申請 counts 電子, 子申, 申請 and 担い手 counts 担い, い手 — no word splitter needed.
Weights are sublinear TF (1 + log tf) times smoothed IDF (log((1 + N) / (1 + df)) + 1) over the
issues compared, and each vector keeps its ``KEEP`` heaviest terms (renormalised): what makes
two issues alike is their distinctive words, and short vectors make every pair of 2,000 plans
affordable through an inverted index. The score is the cosine of two such vectors.

The words two issues share are the runs of kanji, katakana, letters and digits (at least two
characters, after NFKC) found in both texts, heaviest first (by the IDF of their bigrams).

The bigram counts of each issue are kept in the search index (xplan.search.store) beside its
texts, built once per plan content; only the IDF, which depends on the plans compared, is
computed per run.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from xplan.plan.model import Plan

KINDS = ("title", "content", "background", "outcomes", "measures", "actions")
_WORD = re.compile(r"[\u3400-\u9fff\u3005\u3006\u30a1-\u30fa\u30fcA-Za-z0-9]{2,}")


_RUN = re.compile(r"[^\s\u3000-\u303f\uff00-\uffef!-/:-@\[-`{-~・…‥／]{2,}")


def bigrams(norm: str) -> Counter[str]:
    """The terms of a folded text (see the module docstring)."""
    grams: Counter[str] = Counter()
    for run in _RUN.findall(norm):  # bigrams never cross punctuation or a space
        grams.update(map(str.__add__, run, run[1:]))
    for gram in [g for g in grams if "\u3041" <= g[0] <= "\u309f" and "\u3041" <= g[1] <= "\u309f"]:
        del grams[gram]  # two hiragana: a particle or an ending
    return grams


def words(text: str) -> set[str]:
    """Runs of kanji, katakana, letters and digits, as written (after NFKC: ＤＸ is DX)."""
    import unicodedata

    return set(_WORD.findall(unicodedata.normalize("NFKC", text)))


def issue_terms(norms: Sequence[str]) -> str:
    """What the index keeps for an issue: its bigram counts as JSON (never pickle)."""
    return json.dumps(bigrams("\n".join(norms)), ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Ref:
    pid: int
    plan: Plan
    code: str
    title: str

    def to_json(self) -> dict[str, Any]:
        return {"org": self.plan.org.name, "year": self.plan.fiscal_year, "code": self.code, "title": self.title}


@dataclass(frozen=True)
class Match:
    issue: Ref
    other: Ref
    score: float
    shared: list[str]

    def to_json(self) -> dict[str, Any]:
        return {**self.other.to_json(), "score": round(self.score, 4), "shared": self.shared}

    def pair_json(self) -> dict[str, Any]:
        a, b = self.issue.to_json(), self.other.to_json()
        return {**a, **{f"other_{k}": v for k, v in b.items()}, "score": round(self.score, 4), "shared": self.shared}


def stored_vectors(store: Any, by_id: dict[int, Plan]) -> Iterator[tuple[Ref, dict[str, int]]]:
    """Each issue of the plans ``by_id`` (store id -> plan) with its bigram counts, as the index
    keeps them: plan by plan, each plan's issues in their order (a few hundred plans per query:
    SQLite's limit on host parameters)."""
    pids = list(by_id)
    for start in range(0, len(pids), 900):
        chunk = pids[start:start + 900]
        rows = store.db.execute(f"SELECT plan, code, title, terms FROM vectors WHERE plan IN "
                                f"({','.join('?' * len(chunk))}) ORDER BY plan, id", chunk)
        for pid, code, title, terms in rows:
            yield Ref(pid, by_id[pid], code, title), json.loads(terms)


class Corpus:
    """The issues of some plans as pruned TF-IDF vectors, with an inverted index."""

    def __init__(self, store: Any, plans: Sequence[tuple[int, Plan]]) -> None:
        by_id = dict(plans)
        self.store = store
        self.refs: list[Ref] = []
        counts: list[dict[str, int]] = []
        for ref, terms in stored_vectors(store, by_id):
            self.refs.append(ref)
            counts.append(terms)
        self.counts = counts
        df: Counter[str] = Counter()
        for c in counts:
            df.update(c.keys())
        n = len(counts)
        self.idf = {t: math.log((1 + n) / (1 + d)) + 1 for t, d in df.items()}
        self._vectors: list[dict[str, float]] | None = None
        self._postings: dict[str, list[tuple[int, float]]] | None = None
        self._words: dict[int, set[str]] = {}
        self._index = {(r.pid, r.code): i for i, r in enumerate(self.refs)}

    @property
    def vectors(self) -> list[dict[str, float]]:
        """Each issue's TF-IDF vector, of unit length."""
        if self._vectors is None:
            idf = self.idf
            out = []
            for c in self.counts:
                weights = {t: (1 + math.log(tf)) * idf[t] for t, tf in c.items()}
                norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
                out.append({t: w / norm for t, w in weights.items()})
            self._vectors = out
        return self._vectors

    @property
    def postings(self) -> dict[str, list[tuple[int, float]]]:
        if self._postings is None:
            postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
            for i, vec in enumerate(self.vectors):
                for t, w in vec.items():
                    postings[t].append((i, w))
            self._postings = postings
        return self._postings

    def matrix(self) -> Any:
        """The same vectors as the rows of a SciPy sparse matrix (for --all-pairs)."""
        import numpy as np
        from scipy import sparse  # type: ignore[import-untyped]

        vocab = {t: k for k, t in enumerate(self.idf)}
        indptr = [0]
        indices: list[int] = []
        tfs: list[int] = []
        for c in self.counts:
            indices.extend(map(vocab.__getitem__, c.keys()))
            tfs.extend(c.values())
            indptr.append(len(indices))
        cols = np.asarray(indices, dtype=np.int64)
        idf = np.asarray(list(self.idf.values()))
        data = (1 + np.log(np.asarray(tfs, dtype=np.float64))) * idf[cols]
        m = sparse.csr_matrix((data, cols, np.asarray(indptr)), shape=(len(self.counts), len(vocab)))
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.diags(1 / norms) @ m

    def find(self, pid: int, code: str) -> int | None:
        return self._index.get((pid, code))

    def scores(self, i: int) -> dict[int, float]:
        """Cosine of issue ``i`` with every issue sharing a term with it."""
        acc: dict[int, float] = defaultdict(float)
        for t, w in self.vectors[i].items():
            for j, v in self.postings[t]:
                acc[j] += w * v
        acc.pop(i, None)
        return acc

    def shared(self, i: int, j: int, limit: int = 5) -> list[str]:
        a, b = self._words_of(i), self._words_of(j)
        both = a & b

        def weight(word: str) -> float:
            return sum(self.idf.get(word[k:k + 2], 0.0) for k in range(len(word) - 1))

        out: list[str] = []
        for word in sorted(both, key=lambda w: (-weight(w), w)):
            if any(word in kept for kept in out):
                continue
            out.append(word)
            if len(out) == limit:
                break
        return out

    def _words_of(self, i: int) -> set[str]:
        if i not in self._words:
            ref = self.refs[i]
            kinds = ",".join("?" * len(KINDS))
            norms = [n for (n,) in self.store.db.execute(
                f"SELECT text FROM docs WHERE plan = ? AND code = ? AND kind IN ({kinds})",
                (ref.pid, ref.code, *KINDS))]
            self._words[i] = words("\n".join(norms))
        return self._words[i]


def related(corpus: Corpus, pid: int, code: str, n: int = 5) -> list[Match]:
    """The ``n`` issues most like the given one, from other plans (other organisations, and the
    same organisation's other years), best first."""
    i = corpus.find(pid, code)
    if i is None:
        return []
    me = corpus.refs[i]
    scored = [(s, j) for j, s in corpus.scores(i).items() if corpus.refs[j].pid != pid and s > 0]
    scored.sort(key=lambda x: (-x[0], x[1]))
    return [Match(me, corpus.refs[j], s, corpus.shared(i, j)) for s, j in scored[:n]]


def all_pairs(corpus: Corpus, threshold: float, block: int = 512) -> list[Match]:
    """Every pair of issues of different organisations whose score is at least ``threshold``,
    best first.

    The cosines are the rows of the TF-IDF matrix multiplied by its transpose, a block of rows
    at a time. Term by term that costs the sum of the squares of the terms' document
    frequencies, almost all of it in the few terms most issues have: so those columns (a term
    in more than ``COMMON`` issues) are multiplied as a dense matrix (NumPy's BLAS, float32)
    and the rest as a sparse one (SciPy), and the two products added — the same cosines, on
    2,500 issues a fraction of the time of one sparse product."""
    import numpy as np

    n = len(corpus.refs)
    full = corpus.matrix().tocsc()
    df = np.diff(full.indptr)
    common = np.flatnonzero(df > COMMON)
    rare = np.flatnonzero(df <= COMMON)
    dense = full[:, common].toarray().astype(np.float32)
    sparse_rows = full[:, rare].tocsr()
    sparse_cols = sparse_rows.T.tocsc()
    org_ids: dict[str, int] = {}
    orgs = np.asarray([org_ids.setdefault(r.plan.org.name, len(org_ids)) for r in corpus.refs])
    found: list[tuple[float, int, int]] = []
    for start in range(0, n, block):
        stop = min(n, start + block)
        # only the columns from `start` on: the pairs (i, j) with j > i
        scores = dense[start:stop] @ dense[start:].T
        scores += (sparse_rows[start:stop] @ sparse_cols[:, start:]).toarray()
        rows = np.arange(start, stop)[:, None]
        cols = np.arange(start, n)[None, :]
        keep = (scores >= threshold) & (cols > rows) & (orgs[start:stop, None] != orgs[None, start:])
        for i, j in zip(*np.nonzero(keep)):
            found.append((float(scores[i, j]), int(start + i), int(start + j)))
    found.sort(key=lambda p: (-p[0], p[1], p[2]))
    return [Match(corpus.refs[i], corpus.refs[j], s, corpus.shared(i, j)) for s, i, j in found]


COMMON = 256  # a term in more issues than this is multiplied densely (bench/search.py)
