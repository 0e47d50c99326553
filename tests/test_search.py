"""Issue 27: ``xplan search`` over every text of the bundled plans.

Recall and precision are measured against a brute force computed here, from the plan files
themselves (every string of each issue, and of each plan outside its issues, after NFKC and
case folding), never against a list written down: an issue is found exactly when its texts
together contain every word of the query and none of the excluded ones.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from conftest import PLANS
from robust_helpers import xplan
from typer.testing import CliRunner

from xplan.cli import app
from xplan.plan.loader import load
from xplan.search.fold import fold, fold_with_offsets

runner = CliRunner()
# keys whose values are not text a reader searches: identifiers, ratings, dates, month ranges
NOT_TEXT = {"id", "domain", "impact", "urgency", "as_of", "period", "year", "number", "in_overview", "has_detail"}
PLAN_TEXT = ("mission", "basic_info", "review", "themes")


def _strings(value: Any, parent: str | None = None) -> list[str]:
    if isinstance(value, str):
        return [] if parent in NOT_TEXT else [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v, parent)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(v, k)]
    return []


def _nfkc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def brute_force() -> dict[tuple[str, str, str | None], str]:
    """(organisation, year, issue code or None for the plan's own text) -> all its text, normalised."""
    units: dict[tuple[str, str, str | None], str] = {}
    for f in sorted(PLANS.rglob("*.yaml")):
        data = load(f).data
        assert data is not None
        org, year = data["organisation"]["name"], data["fiscal_year"]
        units[(org, year, None)] = "\n".join(_nfkc(s) for k in PLAN_TEXT for s in _strings(data.get(k)))
        for issue in data.get("issues", []):
            units[(org, year, issue["id"])] = "\n".join(_nfkc(s) for s in _strings(issue))
    return units


def expected(positive: list[str], negative: list[str] = ()) -> set[tuple[str, str, str | None]]:
    pos = [_nfkc(w) for w in positive]
    neg = [_nfkc(w) for w in negative]
    return {u for u, text in brute_force().items()
            if all(w in text for w in pos) and not any(w in text for w in neg)}


def search(*args: str) -> dict[str, Any]:
    """Every hit (--limit 0 unless another is given): recall and precision are measured on all of them."""
    limit = [] if "--limit" in args else ["--limit", "0"]
    r = runner.invoke(app, ["search", *args, "--all", "--plans", str(PLANS), "-F", "json", *limit])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


TITLE_SECTIONS = {"課題名", "課題名（課題一覧）", "課題名（概要図）"}

QUERIES = [
    (["電子申請"], ["電子申請"], []),
    (["AI"], ["AI"], []),
    (["担い手"], ["担い手"], []),
    (["市民センター"], ["市民センター"], []),
    (["ＤＸ"], ["DX"], []),  # full width in the query, both widths in the plans
    (['"DX 推進"'], ["DX 推進"], []),  # a phrase with its space: 市民センター関連業務の DX 推進
    (["DX -AI"], ["DX"], ["AI"]),  # an exclusion, inside the quoted query
    (["デジタル", "窓口"], ["デジタル", "窓口"], []),  # two words, both in the issue
]


@pytest.mark.parametrize("query, positive, negative", QUERIES, ids=[" ".join(q) for q, _p, _n in QUERIES])
def test_every_issue_with_the_words_is_found_and_no_other(query: list[str], positive: list[str],
                                                          negative: list[str]) -> None:
    want = expected(positive, negative)
    assert want, "the query should find something in the bundled plans"
    hits = search(*query)["hits"]
    got = {(h["org"], h["year"], h["code"]) for h in hits}
    assert got == want
    for h in hits:  # each hit's highlights are the words, as written in the plan
        marks = h["highlights"]
        assert marks and len(marks) % 2 == 0
        words = {fold(h["snippet"][s:e]) for s, e in zip(marks[::2], marks[1::2])}
        assert words <= {fold(w) for w in positive}, (h, words)


@pytest.mark.parametrize("query", [q for q, _p, _n in QUERIES], ids=[" ".join(q) for q, _p, _n in QUERIES])
def test_title_hits_rank_above_body_hits_and_scores_fall(query: list[str]) -> None:
    hits = search(*query)["hits"]
    kinds = [h["section"] in TITLE_SECTIONS for h in hits]
    assert kinds == sorted(kinds, reverse=True), "a body hit ranked above a title hit"
    for group in (True, False):
        scores = [h["score"] for h, k in zip(hits, kinds) if k is group]
        assert scores == sorted(scores, reverse=True)


def test_a_title_hit_exists_for_dx_and_comes_first() -> None:
    hits = search("DX")["hits"]
    assert hits[0]["section"] in TITLE_SECTIONS and "DX" in hits[0]["title"]


def test_sections_are_named_as_the_documents_head_them() -> None:
    sections = {h["section"] for h in search("AI")["hits"]}
    assert "② 課題の内容" in sections
    assert any(s.startswith("⑤ (") and s.endswith("四半期") for s in sections), sections  # a quarter cell
    plan_level = [h for h in search("市民センター")["hits"] if h["code"] is None]
    assert {h["section"] for h in plan_level} & {"2 基本情報", "1 組織の使命"}


def test_section_option_limits_where_words_are_looked_for() -> None:
    hits = search("AI", "--section", "②")["hits"]
    assert hits and {h["section"] for h in hits} == {"② 課題の内容"}
    assert {(h["org"], h["code"]) for h in hits} < {(h["org"], h["code"]) for h in search("AI")["hits"]}


def test_domain_and_org_narrow_the_search() -> None:
    hits = search("市民センター", "--domain", "A")["hits"]
    assert hits and all(h["code"] and h["code"].startswith("A") for h in hits)
    r = runner.invoke(app, ["search", "AI", "--org", "政策局", "--plans", str(PLANS), "-F", "json"])
    assert {h["org"] for h in json.loads(r.stdout)["hits"]} == {"政策局"}


def test_count_per_organisation_and_year() -> None:
    counts = search("市民センター", "--count")["counts"]
    want = expected(["市民センター"])
    assert sum(c["issues"] for c in counts) == len(want)
    assert sum(c["hits"] for c in counts) == len(search("市民センター")["hits"])


def test_highlight_in_each_format() -> None:
    args = ["search", "ＡＩ活用", "--org", "小倉北区", "--plans", str(PLANS)]
    md = runner.invoke(app, [*args, "-F", "markdown"]).stdout
    assert "**AI活用**" in md
    page = runner.invoke(app, [*args, "-F", "html"]).stdout
    assert "<mark>AI活用</mark>" in page and page.lstrip().lower().startswith("<!doctype html")
    csv = runner.invoke(app, [*args, "-F", "csv"]).stdout
    assert "AI活用" in csv and "**" not in csv


def test_bad_queries_are_usage_errors() -> None:
    for query in (["-AI"], ['"AI']):
        r = runner.invoke(app, ["search", *query, "--plans", str(PLANS)])
        assert r.exit_code == 2 and "Traceback" not in r.output
    r = runner.invoke(app, ["search", "AI", "--section", "nowhere", "--plans", str(PLANS)])
    assert r.exit_code == 2 and "--section" in r.output


def test_fold_joins_widths_case_and_long_vowels_and_maps_back() -> None:
    assert fold("ＡＩ") == fold("ai") == "ai"
    assert fold("ｾﾝﾀｰ") == fold("センター") == fold("センタ")
    assert fold("サーバー室") == fold("サーバ室")
    assert fold("センターライン") == "センターライン"  # a mark inside a word stays
    assert fold("たのしい") != fold("タノシイ")  # hiragana and katakana are not folded into each other
    text = "市民センターＤＸの推進"
    norm, starts, ends = fold_with_offsets(text)
    at = norm.find("dx")
    assert text[starts[at]:ends[at + 1]] == "ＤＸ"
    at = norm.find(fold("センター"))
    assert text[starts[at]:ends[at + len(fold("センター")) - 1]] == "センター"


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(PLANS, tmp_path / "plans")
    return tmp_path / "plans"


def test_the_index_is_kept_in_the_cache_and_follows_edits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plans = _copy(tmp_path)
    cache = tmp_path / "cache"
    monkeypatch.setenv("XPLAN_CACHE_DIR", str(cache))
    args = ["search", "量子暗号通信", "--all", "--plans", str(plans), "-F", "json"]
    assert json.loads(runner.invoke(app, args).stdout)["hits"] == []
    index = cache / "search" / "index.sqlite3"
    assert index.is_file()
    f = plans / "R7" / "seisaku.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("title: AI・RPA", "title: 量子暗号通信・AI・RPA", 1), encoding="utf-8")
    hits = json.loads(runner.invoke(app, args).stdout)["hits"]
    assert [(h["org"], h["code"], h["section"]) for h in hits] == [("政策局", "A1", "課題名")]
    (plans / "R7" / "seisaku.yaml").unlink()
    assert json.loads(runner.invoke(app, args).stdout)["hits"] == []


def test_a_bad_index_file_is_never_believed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("XPLAN_CACHE_DIR", str(cache))
    want = search("電子申請")
    index = cache / "search" / "index.sqlite3"
    index.write_bytes(b"not a database" * 100)  # corrupt: rebuilt
    assert search("電子申請") == want
    import sqlite3

    db = sqlite3.connect(index)  # a forged table of its own: rebuilt, never used
    db.execute("CREATE TABLE evil(x)")
    db.commit()
    db.close()
    assert search("電子申請") == want
    index.unlink()
    other = tmp_path / "elsewhere.sqlite3"
    other.write_bytes(b"")
    os.symlink(other, index)  # a link: not followed, the run uses an index of its own
    assert search("電子申請") == want
    assert other.read_bytes() == b""


def test_no_cache_gives_the_same_hits() -> None:
    r = runner.invoke(app, ["search", "市民センター", "--all", "--plans", str(PLANS), "-F", "json", "--no-cache"])
    assert json.loads(r.stdout) == search("市民センター")


def test_cache_clean_removes_the_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("XPLAN_CACHE_DIR", str(cache))
    search("AI")
    assert (cache / "search" / "index.sqlite3").is_file()
    r = runner.invoke(app, ["cache", "clean", "--plans", str(PLANS)])
    assert r.exit_code == 0, r.output
    assert not (cache / "search").exists()


def test_a_warm_run_reads_no_plan_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index is built once per plan content: a second run loads no plan in full."""
    from xplan.search import store

    monkeypatch.setenv("XPLAN_CACHE_DIR", str(tmp_path / "cache"))
    search("AI")
    loaded: list[str] = []
    original = store.Store._insert
    monkeypatch.setattr(store.Store, "_insert", lambda self, pid, plan: (loaded.append(plan.path),
                                                                         original(self, pid, plan))[1])
    assert search("AI")["hits"]
    assert loaded == []


def test_the_fast_fold_agrees_with_the_careful_one() -> None:
    """fold_with_offsets takes a shortcut for texts whose characters each fold to one character; on
    every text of the bundled plans, cut at several places, and on awkward ones it gives exactly
    what folding character by character gives."""
    from xplan.plan.catalog import load_catalog
    from xplan.search.fold import _careful
    from xplan.search.texts import plan_records

    texts = [r.text for p in load_catalog(PLANS).plans for r in plan_records(p)]
    texts += ["サーバー", "センター\nライン", "ＡＢＣ　ー", "ーー", "コーヒーー", "ｶﾞｽ", "㈱テスト", "a  b", "…ー", "ア\u3000ー"]
    assert len(texts) > 500
    for text in texts:
        step = max(1, len(text) // 5)
        for k in range(0, len(text), step):
            for part in (text, text[k:], text[:k]):
                assert fold_with_offsets(part) == _careful(part), part


def test_the_terminal_table_wraps_japanese_and_fits_80_columns() -> None:
    from xplan.output.wrap import width

    r = runner.invoke(app, ["search", "担い手", "--org", "八幡東区", "--plans", str(PLANS), "--width", "80"],
                      env={"NO_COLOR": "1"})
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert all(width(line) <= 80 for line in lines)
    assert "…" not in "".join(lines[3:6]), "titles wrap at phrases instead of being cut"
    assert "新たな地域の担い手を" in r.stdout


def test_snippets_from_a_folded_prefix_are_those_of_the_whole_text() -> None:
    """A hit folds its text only as far as its snippet reaches; on every section of the bundled
    plans and several words the snippet and its highlights are those folding the whole text gives."""
    from xplan.plan.catalog import load_catalog
    from xplan.search import query as q
    from xplan.search.texts import plan_records

    plans = load_catalog(PLANS).plans
    words = ["の", "市民", "DX", "センター", "ー", "(", "AI", "する", "事業"]
    checked = 0
    for plan in plans:
        for r in plan_records(plan):
            norm = fold(r.text)
            for w in words:
                terms = [q.Term(w, fold(w))]
                if terms[0].text not in norm:
                    continue
                full, starts, ends = fold_with_offsets(r.text)
                spans = []
                at = full.find(terms[0].text)
                while at >= 0:
                    spans.append((starts[at], ends[at + len(terms[0].text) - 1]))
                    at = full.find(terms[0].text, at + 1)
                want = q._snippet(r.text, q._merge(spans))
                hit = q._hit(plan, r.code, r.title, r.kind, r.section, r.text, norm, terms, {terms[0].text: 1.0}, 100.0)
                assert (hit.snippet, hit.marks) == want, (r.text, w)
                checked += 1
    assert checked > 1000


# -- --limit: every hit ranked, only the ones listed given a snippet --------------------------------

def test_limit_lists_the_best_hits_and_the_total() -> None:
    """On the bundled plans の is in 500-odd sections: --limit N lists the first N of the whole
    ranking, with the same snippets and scores, and says how many there are in all; 100 unless
    told; --limit 0 lists them all."""
    every = search("の")
    total = len(every["hits"])
    assert every["total"] == total > 300
    for n in (1, 7, 100, total - 1, total, total + 5):
        got = search("の", "--limit", str(n))
        assert got["total"] == total
        assert got["hits"] == every["hits"][:n]
    r = runner.invoke(app, ["search", "の", "--all", "--plans", str(PLANS), "-F", "json"])
    default = json.loads(r.stdout)
    assert default["total"] == total and default["hits"] == every["hits"][:100]


def test_the_title_says_how_many_of_how_many() -> None:
    total = search("の")["total"]
    args = ["search", "の", "--all", "--plans", str(PLANS), "-n", "5"]
    ja = runner.invoke(app, [*args, "--width", "200"], env={"NO_COLOR": "1"}).stdout
    assert f"検索: の（{total:,}件中 上位5件）" in ja
    en = runner.invoke(app, ["--lang", "en", *args, "-F", "markdown"]).stdout
    assert f"## Search: の (top 5 of {total:,} hits)" in en
    assert en.count("\n| ") == 1 + 5  # the header row and five hits (the separator row starts |-)
    page = runner.invoke(app, [*args, "-F", "html"]).stdout
    assert f"（{total:,}件中 上位5件）" in page and page.count("<mark>") >= 5
    few = runner.invoke(app, ["search", "電子申請", "--all", "--plans", str(PLANS)], env={"NO_COLOR": "1"}).stdout
    assert f"検索: 電子申請（{search('電子申請')['total']}件）" in few  # all of them listed: no 上位


def test_snippets_are_built_only_for_the_hits_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    from xplan.search import query

    built: list[str] = []
    original = query._with_snippet
    monkeypatch.setattr(query, "_with_snippet", lambda *a, **k: (built.append(a[1]), original(*a, **k))[1])
    assert len(search("の", "--limit", "3")["hits"]) == 3
    assert len(built) == 3


def test_count_builds_no_snippet(monkeypatch: pytest.MonkeyPatch) -> None:
    from xplan.search import query

    want = search("市民センター", "--count")["counts"]
    hits = search("市民センター")["hits"]

    def fail(*_a: object, **_k: object) -> None:
        raise AssertionError("--count built a snippet")

    monkeypatch.setattr(query, "_with_snippet", fail)
    monkeypatch.setattr(query, "fold_with_offsets", fail)
    counts = search("市民センター", "--count")["counts"]
    assert counts == want
    assert sum(c["hits"] for c in counts) == len(hits)
    assert {(c["org"], c["year"]) for c in counts} == {(h["org"], h["year"]) for h in hits}
    for c in counts:
        assert c["hits"] == sum(1 for h in hits if (h["org"], h["year"]) == (c["org"], c["year"]))
        assert c["issues"] == len({h["code"] for h in hits if (h["org"], h["year"]) == (c["org"], c["year"])})


def test_the_ranking_is_each_hit_scored_alone() -> None:
    """The order and scores of the hits are those of scoring each section on its own (query._hit,
    which folds the whole text for its snippet): title hits first, then by score, then in plan
    and issue order."""
    from xplan.plan.catalog import load_catalog
    from xplan.search import query as q
    from xplan.search.texts import plan_records

    plans = load_catalog(PLANS).plans
    records = [(p, r) for p in plans for r in plan_records(p)]
    for word in ("市民センター", "の", "DX"):
        terms = q.parse([word])
        norms = [fold(r.text) for _p, r in records]
        containing = sum(1 for n in norms if terms[0].text in n)
        avg = sum(len(n) for n in norms) / len(norms)
        idf = {terms[0].text: math.log(1 + (len(norms) - containing + 0.5) / (containing + 0.5))}
        want = [q._hit(p, r.code, r.title, r.kind, r.section, r.text, n, terms, idf, avg)
                for (p, r), n in zip(records, norms) if terms[0].text in n]
        order = {id(p): k for k, p in enumerate(plans)}
        want.sort(key=lambda h: (h.kind != "title", -h.score, order[id(h.plan)], q._code_key(h.code)))
        got = search(word)["hits"]
        assert [h["snippet"] for h in got] == [h.snippet for h in want]
        assert [h["score"] for h in got] == [round(h.score, 4) for h in want]
        assert [(h["org"], h["year"], h["code"], h["section"]) for h in got] == [
            (h.org, h.year, h.code, h.section) for h in want]


# -- a warm search reads neither the plans nor their cache entries --------------------------------

def test_a_warm_search_selects_plans_from_the_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Plans whose content is indexed are selected from what the index keeps of them: no summary is
    read from the cache and no plan parsed; a changed plan is read as before (and only it), and the
    hits are those of --no-cache."""
    from xplan.plan import catalog

    plans = _copy(tmp_path)
    monkeypatch.setenv("XPLAN_CACHE_DIR", str(tmp_path / "cache"))
    args = ["search", "AI", "--plans", str(plans), "-F", "json", "--limit", "0"]
    cold = json.loads(runner.invoke(app, [*args, "--all"]).stdout)
    read: list[str] = []
    original = catalog.load_view
    monkeypatch.setattr(catalog, "load_view", lambda f, *a, **k: (read.append(f.name), original(f, *a, **k))[1])
    for extra in (["--all"], ["--org", "政策局"], ["--year", "R6"], []):
        r = runner.invoke(app, [*args, *extra])
        assert r.exit_code == 0, r.output
        nocache = runner.invoke(app, [*args, *extra, "--no-cache"])
        assert json.loads(r.stdout) == json.loads(nocache.stdout)
    assert json.loads(runner.invoke(app, [*args, "--all"]).stdout) == cold
    assert read == []
    f = plans / "R7" / "seisaku.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("title: AI・RPA", "title: 量子AI・RPA", 1), encoding="utf-8")
    got = json.loads(runner.invoke(app, [*args, "--all"]).stdout)
    assert read == ["seisaku.yaml"]
    assert any("量子AI" in h["title"] for h in got["hits"])
    read.clear()
    runner.invoke(app, [*args, "--all"])
    assert read == []
    # --domain selects issues: their models are read, as the table views read them
    r = runner.invoke(app, [*args, "--all", "--domain", "A"])
    assert r.exit_code == 0 and read


def test_a_warm_search_names_broken_plans_as_a_cold_one_does(tmp_path: Path) -> None:
    """The notes on stderr (a plan that fails to load, one with schema errors) are the table views',
    cold or warm, in the language of the run, whichever language the index was built in."""
    plans = _copy(tmp_path)
    target = plans / "R7" / "seisaku.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("impact: 高", "impact: 中", 1), encoding="utf-8")
    (plans / "R7" / "broken.yaml").write_text("organisation: [\n", encoding="utf-8")
    env = {"NO_COLOR": "1", "XPLAN_CACHE_DIR": str(tmp_path / "cache")}
    said: dict[str, set[str]] = {}
    for lang in ("ja", "en", "ja", "en", "ja"):
        r = runner.invoke(app, ["--lang", lang, "search", "AI", "--plans", str(plans), "-F", "json"], env=env)
        assert r.exit_code == 0, r.output
        said.setdefault(lang, set()).add(r.stderr)
        view = runner.invoke(app, ["--lang", lang, "issues", "--plans", str(plans), "-F", "json"],
                             env={"NO_COLOR": "1"})
        assert r.stderr == view.stderr
    assert len(said["ja"]) == len(said["en"]) == 1
    [ja], [en] = said["ja"], said["en"]
    assert "broken.yaml" in ja and '「impact」の値 "中" は使えません' in ja
    assert 'impact cannot be "中"' in en


def test_no_hit_is_said_in_a_line_not_an_empty_table() -> None:
    # an empty table is as narrow as its headings, and its title wrapped inside that width
    r = xplan("search", "電子申請", "-DX", "--all", env={"COLUMNS": "80"}, lang="ja")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["検索: 電子申請 -DX（0件）", "選んだ計画の文章に一致するものはありません。"]
    r = xplan("search", "量子暗号", "--all", "-F", "json")
    assert json.loads(r.stdout)["hits"] == [] and json.loads(r.stdout)["total"] == 0
