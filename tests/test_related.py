"""Issue 27: ``xplan related`` on the bundled plans.

小倉北区 R8 A2 (市民サービス向上やまちづくりにつながる業務改革) is about DX and AI in the ward office:
its ② asks for 「DX・AI活用の推進」 in windows and paperwork, its actions bring AI into 区役所窓口業務
and build on the スマラく区役所 work. The other plans' issues on the same ground are:

- 政策局 R7 A1 AI・RPA・ローコードツール等による業務効率化の拡大 — AI to cut manual work, city-wide;
- 保健福祉局 R6 B8 「スマらく区役所」推進による区役所窓口等の改革と事務集約化 — the ward windows' reform;
- 保健福祉局 R6 A1 デジタル活用等による市民・事業者向けサービスの向上 — digital services at the windows;
- 八幡東区 R6 B1 窓口業務の電子申請への移行 — ward window procedures online;
- 政策局 R7 B6 「デジタルで快適・便利な幸せなまち」の実現 — the city's digital strategy.

Issues that share nothing of that — rebuilding the city hall, the lifelong learning centre,
community welfare networks, park volunteers, medical care — must rank below every one of them.
"""

from __future__ import annotations

import itertools
import json
import unicodedata
from typing import Any

import pytest
from conftest import PLANS
from typer.testing import CliRunner

from xplan.cli import app

runner = CliRunner()

DX_AI = {("政策局", "A1"), ("保健福祉局", "B8"), ("保健福祉局", "A1"), ("八幡東区", "B1"), ("政策局", "B6")}
ALSO_DX = {("政策局", "C4"), ("保健福祉局", "A2"), ("総務市民局", "B2"), ("八幡東区", "B4"), ("八幡東区", "A8")}
UNRELATED = {("総務市民局", "C1"), ("総務市民局", "C2"), ("保健福祉局", "C1"), ("八幡東区", "B3"), ("保健福祉局", "B6")}


def related(*args: str) -> dict[str, Any]:
    r = runner.invoke(app, ["related", *args, "--plans", str(PLANS), "-F", "json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_dx_and_ai_issues_of_other_plans_come_first() -> None:
    out = related("--org", "小倉北区", "A2")
    assert out["issue"] == {"org": "小倉北区", "year": "R8", "code": "A2",
                            "title": "市民サービス向上やまちづくりにつながる業務改革"}
    top = [(r["org"], r["code"]) for r in out["related"]]
    assert len(top) == 5 and set(top) <= DX_AI | ALSO_DX, top
    ranking = [(r["org"], r["code"]) for r in related("--org", "小倉北区", "A2", "-n", "200")["related"]]
    worst_dx = max(ranking.index(k) for k in DX_AI)
    best_unrelated = min(ranking.index(k) for k in UNRELATED)
    assert worst_dx < best_unrelated, ranking
    scores = [r["score"] for r in related("--org", "小倉北区", "A2", "-n", "200")["related"]]
    assert scores == sorted(scores, reverse=True)


def _text(org: str, code: str) -> str:
    from xplan.plan.loader import load

    for f in PLANS.rglob("*.yaml"):
        data = load(f).data
        if data and data["organisation"]["name"] == org:
            issue = next(i for i in data["issues"] if i["id"] == code)
            return unicodedata.normalize("NFKC", json.dumps(issue, ensure_ascii=False))
    raise AssertionError(org)


def test_shared_words_are_in_both_issues_and_never_the_same_plan() -> None:
    out = related("--org", "政策局", "A1", "-n", "10")
    me = _text("政策局", "A1")
    for r in out["related"]:
        assert (r["org"], r["year"]) != ("政策局", "R7")
        other = _text(r["org"], r["code"])
        assert r["shared"], r
        for word in r["shared"]:
            assert word in me and word in other, word


def test_all_pairs_are_every_cross_organisation_pair_above_the_threshold() -> None:
    """Against every pair computed one by one (each issue's own related list, all of it)."""
    threshold = 0.12
    pairs = related("--all-pairs", "--all", "--threshold", str(threshold))["pairs"]
    got = {frozenset({(p["org"], p["code"]), (p["other_org"], p["other_code"])}): p["score"] for p in pairs}
    assert all(p["org"] != p["other_org"] for p in pairs)
    issues = json.loads(runner.invoke(app, ["issues", "--all", "--plans", str(PLANS), "-F", "json"]).stdout)["issues"]
    want: dict[frozenset[tuple[str, str]], float] = {}
    for issue in issues:
        for r in related("--org", issue["org"], "--year", issue["year"], issue["code"], "-n", "500")["related"]:
            if r["org"] != issue["org"] and r["score"] >= threshold:
                want[frozenset({(issue["org"], issue["code"]), (r["org"], r["code"])})] = r["score"]
    assert got.keys() == want.keys()
    for k, score in got.items():
        assert score == pytest.approx(want[k], abs=1e-3)
    assert [p["score"] for p in pairs] == sorted((p["score"] for p in pairs), reverse=True)


@pytest.mark.parametrize("args", [["A2"], ["--org", "小倉北区"], ["--org", "小倉北区", "Z9"],
                                  ["--org", "小倉北区", "C9"], ["--all-pairs", "A1"]])
def test_usage_errors(args: list[str]) -> None:
    r = runner.invoke(app, ["related", *args, "--plans", str(PLANS)])
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output


def test_every_pair_once() -> None:
    pairs = related("--all-pairs", "--all", "--threshold", "0.05")["pairs"]
    keys = [frozenset({(p["org"], p["year"], p["code"]), (p["other_org"], p["other_year"], p["other_code"])})
            for p in pairs]
    assert len(keys) == len(set(keys))
    assert not any(a == b for a, b in itertools.pairwise(keys))


def _store_of(plans_dir: Any) -> tuple[Any, list[tuple[int, Any]]]:
    from xplan.plan.catalog import load_catalog
    from xplan.search.store import open_index

    cat = load_catalog(plans_dir)
    store, by_id = open_index(cat.plans, cat.digests, None)
    return store, sorted(by_id.items())


@pytest.mark.parametrize("generated", [False, True])
def test_every_issues_list_at_once_is_what_related_gives_for_it(generated: bool, tmp_path: Any) -> None:
    """The report's 「関連する課題」 come from xplan.search.nearest, all issues at once by matrix
    products (200 plans: 220 s one by one, 2 s at once); each list must be ``related``'s for that
    issue, the same issues in the same order with the same scores, ties included (generated plans
    are made of the same sentences, so they have many issues alike)."""
    from xplan.search.nearest import Vectors
    from xplan.search.related import Corpus
    from xplan.search.related import related as one

    if generated:
        import sys
        from pathlib import Path

        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
        from generate import generate

        generate(tmp_path / "plans", 12)
    store, plans = _store_of(tmp_path / "plans" if generated else PLANS)
    try:
        corpus, vectors = Corpus(store, plans), Vectors(store, plans)
        assert [(r.pid, r.code) for r in vectors.refs] == [(r.pid, r.code) for r in corpus.refs]
        found = vectors.nearest(range(vectors.n), 5)
        assert len(found) == vectors.n > 50
        for i, ref in enumerate(corpus.refs):
            want = [(corpus.find(m.other.pid, m.other.code), m.score) for m in one(corpus, ref.pid, ref.code, 5)]
            assert found[i] == want, ref
        assert all(len(v) == 5 for v in found.values())
    finally:
        store.close()


def test_the_report_without_numpy_gives_the_same_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    """NumPy and SciPy are the optional ``related`` extra: without them (and for a few plans, where
    importing them costs more than it saves) the report makes each issue's list one at a time
    (xplan.search.related) — the same lists as at once, never an internal error."""
    import sys

    from xplan.plan.catalog import load_catalog
    from xplan.report import search_data

    plans = load_catalog(PLANS).plans
    shown = plans[:3]
    at_once = search_data.related_lists(plans, shown, at_once=True)
    assert search_data.related_lists(plans, shown, at_once=False) == at_once
    assert search_data.related_lists(plans, shown) == at_once  # a few plans: one by one
    assert sum(len(v) for v in at_once.values()) > 0
    assert {path for path, _code in at_once} == {p.path for p in shown}
    assert search_data._matrices()
    monkeypatch.setitem(sys.modules, "numpy", None)  # import numpy now raises ImportError
    monkeypatch.setitem(sys.modules, "scipy", None)
    assert not search_data._matrices()
    monkeypatch.setattr(search_data, "AT_ONCE_PAIRS", 0)  # many issues, but no NumPy: one by one
    assert search_data.related_lists(plans, shown) == at_once
