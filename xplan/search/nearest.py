"""Every issue's most similar issues of other plans at once: the report's 「関連する課題」.

``xplan.search.related.related`` scores one issue against every other through an inverted index
in Python; asked for every issue of the site (the report), that is the square of the issues
times the terms they share: 220 s on 200 generated plans, hours on 2,000. Here the same cosines
come from matrix products, a block of issues at a time: the columns of the terms many issues
have as a dense float32 product (BLAS), the rest as a sparse one. Those products are exact to
within ``margin`` (a bound on float32 rounding over the longest vector); only the issues within
that margin of an issue's n-th best are then scored exactly, term by term in the issue's own
order, as ``related`` adds them up. So each list holds the issues ``related`` gives, in its
order, ties broken alike (by position in the corpus), with the same scores.

The vectors are built from the bigram counts in the search index (``xplan.search.store``) as
``related.Corpus`` builds them (sublinear TF times smoothed IDF, unit length), into flat NumPy
arrays: 2,000 plans' 25,000 issues hold some 11 million terms, which as Python dicts would be
gigabytes.
"""

from __future__ import annotations

import array
import itertools
import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from xplan.plan.model import Plan
from xplan.search.related import Ref, stored_vectors

BLOCK = 256       # issues scored together against all (a block of float32 scores: 256 × issues)...
BLOCK_BYTES = 16 * 2 ** 20  # ...fewer when a block's scores would be larger (2,000 plans: 160 issues)
DENSE_SHARE = 16  # a term in more than 1/16 of the issues goes in the dense product...
DENSE_BYTES = 96 * 2 ** 20  # ...up to this size (the most frequent terms first): 2,000 plans' would be 160 MB


class Vectors:
    """The issues of some plans (``Ref``, in ``related.Corpus``'s order) and their TF-IDF vectors:
    row ``i`` is ``cols[ptr[i]:ptr[i+1]]`` with weights ``weights[...]``, in the order of the
    issue's terms in the index (the order ``related`` adds them in)."""

    def __init__(self, store: Any, plans: Sequence[tuple[int, Plan]]) -> None:
        import numpy as np

        by_id = dict(plans)
        self.refs: list[Ref] = []
        # each distinct term's column, in order of appearance; the columns and counts as C ints
        # (2,000 plans have 11 million terms: as a list of Python strings or ints, gigabytes)
        vocab: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        cols = array.array("i")
        tfs = array.array("i")
        lengths = array.array("q")
        for ref, counts in stored_vectors(store, by_id):
            self.refs.append(ref)
            cols.extend(map(vocab.__getitem__, counts))
            tfs.extend(counts.values())
            lengths.append(len(counts))
        self.n = len(self.refs)
        self.terms = len(vocab)
        del vocab
        self.ptr = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(np.frombuffer(lengths, dtype=np.int64), out=self.ptr[1:])
        self.cols = np.frombuffer(cols, dtype=np.int32).copy()
        del cols
        tf = np.frombuffer(tfs, dtype=np.int32)
        self.df = np.bincount(self.cols, minlength=self.terms)
        # the same floats as related.Corpus: math.log of each distinct count and document frequency
        table = np.zeros(int(tf.max(initial=0)) + 1)
        for t in np.unique(tf):
            table[t] = 1 + math.log(int(t))
        idf = np.asarray([math.log((1 + self.n) / (1 + int(d))) + 1 for d in self.df])
        self.weights = table[tf]
        del tf, tfs
        lengths_ = np.diff(self.ptr)
        for start, stop in self._chunks():  # in place, a slice at a time: no array as big again
            a, b = self.ptr[start], self.ptr[stop]
            self.weights[a:b] *= idf[self.cols[a:b]]
        norms = self._norms(self.weights)
        for start, stop in self._chunks():
            a, b = self.ptr[start], self.ptr[stop]
            self.weights[a:b] /= np.repeat(norms[start:stop], lengths_[start:stop])
        self.pid = np.asarray([r.pid for r in self.refs], dtype=np.int64)
        self._index = {(r.pid, r.code): i for i, r in enumerate(self.refs)}
        self._tables: tuple[Any, Any] | None = None

    def _chunks(self, size: int = 4096) -> Iterator[tuple[int, int]]:
        for start in range(0, self.n, size):
            yield start, min(self.n, start + size)

    def _norms(self, weights: Any) -> Any:
        """Each row's Euclidean length, its squares added in order (as ``related.Corpus`` does):
        a slice of rows at a time as a rectangle, each row's squares first, then zeros, summed
        along the row by ``cumsum`` (which adds left to right, unlike ``sum``)."""
        import numpy as np

        out = np.empty(self.n)
        for start, stop in self._chunks():
            lengths = np.diff(self.ptr[start:stop + 1])
            width = int(lengths.max(initial=0))
            if not width:
                out[start:stop] = 0.0
                continue
            part = weights[self.ptr[start]:self.ptr[stop]]
            padded = np.zeros((stop - start, width))
            padded[np.arange(width)[None, :] < lengths[:, None]] = part * part
            out[start:stop] = np.sqrt(np.cumsum(padded, axis=1)[:, -1])
        out[out == 0] = 1.0
        return out

    def find(self, pid: int, code: str) -> int | None:
        return self._index.get((pid, code))

    def _parts(self) -> tuple[Any, Any]:
        """The vectors in float32, in two parts: the terms in more than 1/``DENSE_SHARE`` of the
        issues (as many of the most frequent as ``DENSE_BYTES`` holds) as a dense terms × issues
        array, the others as a sparse issues × terms matrix."""
        import numpy as np
        from scipy import sparse  # type: ignore[import-untyped]

        frequent = np.flatnonzero(self.df > max(self.n // DENSE_SHARE, 1))
        cap = max(DENSE_BYTES // (4 * max(self.n, 1)), 1)
        if len(frequent) > cap:
            frequent = np.sort(frequent[np.argsort(-self.df[frequent], kind="stable")[:cap]])
        slot = np.full(self.terms, -1, dtype=np.int32)
        slot[frequent] = np.arange(len(frequent), dtype=np.int32)
        dense_t = np.zeros((len(frequent), self.n), dtype=np.float32)
        # int32 positions (while they fit): SciPy would otherwise widen the column indices to int64 too
        indptr = np.zeros(self.n + 1, dtype=np.int32 if len(self.cols) < 2 ** 31 else np.int64)
        data, indices = [], []
        for start, stop in self._chunks():  # a slice of rows at a time: no temporary as big as all terms
            a, b = self.ptr[start], self.ptr[stop]
            of_term = slot[self.cols[a:b]]
            rows = np.repeat(np.arange(start, stop, dtype=np.int32), np.diff(self.ptr[start:stop + 1]))
            dense = of_term >= 0
            dense_t[of_term[dense], rows[dense]] = self.weights[a:b][dense]
            rare = ~dense
            data.append(self.weights[a:b][rare].astype(np.float32))
            indices.append(self.cols[a:b][rare])
            indptr[start + 1:stop + 1] = np.bincount(rows[rare] - start, minlength=stop - start)
        np.cumsum(indptr, out=indptr)
        sparse_part = sparse.csr_matrix((np.concatenate(data) if data else np.zeros(0, np.float32),
                                         np.concatenate(indices) if indices else np.zeros(0, np.int32), indptr),
                                        shape=(self.n, self.terms))
        return dense_t, sparse_part

    def margin(self) -> float:
        """A bound on the float32 products' error: each score is a sum of at most the longest
        row's products of weights of unit vectors (so of at most 1 in all), rounded a step per
        term, plus the rounding of the weights and of the two parts' sum."""
        longest = int(max((self.ptr[1:] - self.ptr[:-1]).max(initial=0), 1))
        return 4.0 * (longest + 8) * 2.0 ** -24

    def nearest(self, rows: Sequence[int], n: int) -> dict[int, list[tuple[int, float]]]:
        """Row -> the ``n`` rows of other plans most like it (score above 0), best first: what
        ``related.related`` gives for each of ``rows``, as (row, score)."""
        import numpy as np

        out: dict[int, list[tuple[int, float]]] = {}
        if not rows or n < 1:
            return out
        dense_t, rare = self._parts()
        rare_t = rare.T.tocsr()
        margin = self.margin()
        wanted = np.asarray(sorted(set(rows)), dtype=np.int64)
        size = max(16, min(BLOCK, BLOCK_BYTES // (4 * self.n)))
        for start in range(0, len(wanted), size):
            block = wanted[start:start + size]
            scores = dense_t[:, block].T @ dense_t
            scores += (rare[block] @ rare_t).toarray()
            scores[self.pid[block][:, None] == self.pid[None, :]] = -1.0  # the issue's own plan
            k = self.n - min(n, self.n)  # the n-th largest of each row (no negated copy of the block)
            nth = np.partition(scores, k, axis=1)[:, k]
            keep = (scores > 0) & (scores >= (nth - margin)[:, None])
            at, cand = np.nonzero(keep)
            exact = self._exact(block, at, cand)
            good = exact > 0
            at, cand, exact = at[good], cand[good], exact[good]
            order = np.lexsort((cand, -exact, at))  # per row: best first, then by position (as related)
            at, cand, exact = at[order], cand[order], exact[order]
            bounds = np.searchsorted(at, np.arange(len(block) + 1))
            for local, i in enumerate(block.tolist()):
                first = int(bounds[local])
                last = min(int(bounds[local + 1]), first + n)
                out[i] = list(zip(cand[first:last].tolist(), exact[first:last].tolist()))
        return out

    def _ranges(self, rows: Any) -> Any:
        """The positions in ``cols``/``weights`` of the terms of ``rows``, row after row."""
        import numpy as np

        starts = self.ptr[rows]
        lengths = self.ptr[rows + 1] - starts
        before = np.cumsum(lengths) - lengths
        return np.repeat(starts - before, lengths) + np.arange(int(lengths.sum())), lengths

    def _exact(self, block: Any, at: Any, cand: Any) -> Any:
        """The score of each pair (block[at[k]], cand[k]): the products of the first row's
        weights with the second's, added in the first row's order (the sums ``related`` makes)."""
        import numpy as np

        out = np.zeros(len(at))
        if not len(at):
            return out
        idx, lengths = self._ranges(block)
        width = int(lengths.max(initial=0))
        rows = np.repeat(np.arange(len(block)), lengths)
        place = np.arange(len(idx)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        # each row of the block spread over every term: its weight, and the term's place in the row
        # (terms it does not have: weight 0, place -1)
        if self._tables is None or self._tables[0].shape[0] < len(block):
            # made once and cleaned after each block: a fresh pair of tables per block would cost
            # more in page faults than the scoring itself
            self._tables = (np.zeros((len(block), self.terms)), np.full((len(block), self.terms), -1, dtype=np.int32))
        dense, rank = self._tables
        terms = self.cols[idx]
        dense[rows, terms] = self.weights[idx]
        rank[rows, terms] = place
        del idx, place
        for start in range(0, len(at), 4096):
            left, right = at[start:start + 4096], cand[start:start + 4096]
            ridx, rlengths = self._ranges(right)
            pair = np.repeat(np.arange(len(right)), rlengths)
            cols = self.cols[ridx]
            lrow = left[pair]
            at_place = rank[lrow, cols]
            shared = at_place >= 0  # the first row's terms the second one has
            products = np.zeros((len(right), width))
            products[pair[shared], at_place[shared]] = self.weights[ridx[shared]] * dense[lrow[shared], cols[shared]]
            out[start:start + len(right)] = np.cumsum(products, axis=1)[:, -1]
        dense[rows, terms] = 0.0
        rank[rows, terms] = -1
        return out
