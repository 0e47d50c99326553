"""The matching cascade's edge cases, on small in-memory plans, and the word-level text diff."""

from __future__ import annotations

from typing import Any

from xplan.diff.compare import compare_issues, pair_actions
from xplan.diff.match import match_issues
from xplan.diff.textdiff import marked, paragraph_diff, tokens, word_diff
from xplan.plan.model import Issue, build_plan


def issues(*specs: tuple[str, str] | dict[str, Any]) -> list[Issue]:
    """("B1", "title") or a full issue dict -> Issues."""
    out = []
    for s in specs:
        d = s if isinstance(s, dict) else {"id": s[0], "domain": s[0][0], "number": int(s[0][1:]), "title": s[1]}
        out.append(d)
    return build_plan({"fiscal_year": "R8", "issues": out}, "test").issues


def derived(code: str, title: str, **lineage: str) -> dict[str, Any]:
    return {"id": code, "domain": code[0], "number": int(code[1:]), "title": title,
            "lineage": {"marker": "追加(R7B領域からの派生)", "year": "R7", "domain": "B", **lineage}}


def summary(pairs: list[Any]) -> list[tuple[str | None, str | None, str | None]]:
    return [(p.old.code if p.old else None, p.new.code if p.new else None, p.how) for p in pairs]


def test_same_id_similar_title_is_one_issue() -> None:
    pairs = match_issues(issues(("A1", "窓口の改善")), issues(("A1", "窓口の改善と周知")), "R7")
    assert summary(pairs) == [("A1", "A1", "id")]


def test_same_id_unrelated_title_is_removed_and_added(english: None) -> None:
    pairs = match_issues(issues(("A1", "窓口の改善")), issues(("A1", "公園愛護会の担い手育成")), "R7")
    assert summary(pairs) == [(None, "A1", None), ("A1", None, None)]
    assert all("despite the same id" in p.notes[0] for p in pairs)


def test_exact_title_after_nfkc_and_spaces() -> None:
    old = issues(("B3", "政策連携団体(アジア成長研究所)の在り方"))
    new = issues(("B1", "政策連携団体（アジア成長研究所） の在り方"))
    assert summary(match_issues(old, new, "R7")) == [("B3", "B1", "title")]


def test_lineage_id_beats_same_id_and_title() -> None:
    # new A1 says it comes from R7 B2, although R7 A1 has the very same title
    old = issues(("A1", "地域防災の強化"), ("B2", "防災訓練の見直し"))
    new = issues(derived("A1", "地域防災の強化", id="B2"))
    pairs = match_issues(old, new, "R7")
    assert summary(pairs) == [("B2", "A1", "lineage"), ("A1", None, None)]


def test_lineage_of_another_year_does_not_apply() -> None:
    # comparing R6 with R8: a lineage to R7 says nothing about R6, so the usual steps decide
    old = issues(("B1", "地域の担い手不足への支援"))
    new = issues(derived("A4", "地域の担い手不足への支援"))
    assert summary(match_issues(old, new, "R6")) == [("B1", "A4", "title")]


def test_lineage_domain_only_picks_the_single_best() -> None:
    old = issues(("B1", "地域の担い手不足への支援"), ("B2", "商店街のにぎわいづくり"))
    new = issues(derived("A3", "地域の担い手確保に向けた支援"))
    pairs = match_issues(old, new, "R7")
    assert summary(pairs) == [("B1", "A3", "lineage"), ("B2", None, None)]


def test_lineage_domain_only_tie_is_not_guessed(english: None) -> None:
    old = issues(("B1", "市民センターの活用"), ("B2", "市民センターの運営"))
    new = issues(derived("A2", "市民センターの改善"))
    pairs = match_issues(old, new, "R7")
    assert summary(pairs) == [(None, "A2", None), ("B1", None, None), ("B2", None, None)]
    assert "B1, B2 fit equally well" in pairs[0].notes[0]


def test_lineage_domain_only_two_claimants_neither_wins(english: None) -> None:
    old = issues(("B1", "市民センターの活用"))
    new = issues(derived("A1", "市民センターの改善"), derived("A2", "市民センターの整備"))
    pairs = match_issues(old, new, "R7")
    assert summary(pairs) == [(None, "A1", None), (None, "A2", None), ("B1", None, None)]
    assert all("equally well" in p.notes[0] for p in pairs[:2])


def test_lineage_domain_only_without_candidate_says_so(english: None) -> None:
    old = issues(("A1", "地域の担い手不足への支援"), ("B1", "庁舎の建て替え"))
    new = issues(derived("A3", "地域の担い手確保に向けた支援"))
    pairs = match_issues(old, new, "R7")
    # the A-domain issue is not taken although its title is close: the marker says "from B"
    assert summary(pairs) == [(None, "A3", None), ("A1", None, None), ("B1", None, None)]
    assert "no unpaired R7 B issue" in pairs[0].notes[0]


def test_lineage_id_missing_in_old_plan() -> None:
    new = issues(derived("C1", "公園愛護会の活動支援", id="B9"))
    pairs = match_issues(issues(("B2", "公園愛護会の活動支援")), new, "R7")
    assert summary(pairs) == [(None, "C1", None), ("B2", None, None)]
    assert "B9" in pairs[0].notes[0]


def test_similar_best_pairs_first_one_to_one() -> None:
    old = issues(("C1", "将来の区役所のあり方検討"), ("C2", "将来の市民センターのあり方"))
    new = issues(("C3", "将来の区役所のあり方の検討"), ("C4", "将来の区役所のあり方の検討と試行"))
    pairs = match_issues(old, new, "R7")
    # C3 is closest to C1 and takes it; C4 does not fall back on a weaker pair below the threshold
    assert summary(pairs)[0] == ("C1", "C3", "similar")
    assert ("C2", "C4", "similar") not in summary(pairs)
    assert pairs[0].score is not None and pairs[0].score > 0.9


def test_unrelated_titles_are_never_paired() -> None:
    old = issues(("B4", "区民まつりの運営体制の見直し"))
    new = issues(("B2", "大学生と連携した地域イベントの企画"))
    assert summary(match_issues(old, new, "R7")) == [(None, "B2", None), ("B4", None, None)]


def test_actions_renumbered_keep_identity() -> None:
    def one(actions: list[dict[str, Any]]) -> Issue:
        return issues({"id": "A1", "domain": "A", "number": 1, "title": "t", "actions": actions})[0]

    old = one([{"number": 1, "title": "調査"}, {"number": 2, "title": "試行"}])
    new = one([{"number": 1, "title": "準備"}, {"number": 2, "title": "調査"}, {"number": 3, "title": "試行"}])
    pairs = [(a.title if a else None, b.title if b else None, k) for a, b, k in pair_actions(old.actions or [],
                                                                                             new.actions or [])]
    assert pairs == [(None, "準備", "1"), ("調査", "調査", "2"), ("試行", "試行", "3")]
    keys = {c.key: [c.old, c.new] for c in compare_issues(old, new)}
    assert keys == {"actions.1": [None, {"number": 1, "title": "準備"}], "actions.2.number": [1, 2],
                    "actions.3.number": [2, 3]}


def test_absent_and_empty_cells_differ() -> None:
    def one(q3: Any) -> Issue:
        row = {"q1": ["a"], "q2": ["b"], "q4": ["d"]} | ({} if q3 is None else {"q3": q3})
        return issues({"id": "A1", "domain": "A", "number": 1, "title": "t",
                       "actions": [{"number": 1, "schedule": [row]}]})[0]

    keys = {c.key: [c.old, c.new] for c in compare_issues(one(None), one([]))}
    assert keys == {"actions.1.schedule.1.q3": [None, []]}  # not printed -> printed empty
    assert compare_issues(one([{"continues": True}]), one([{"continues": True}])) == []


# -- word-level diff --------------------------------------------------------------------------------

def test_tokens_are_runs_of_one_script() -> None:
    assert tokens("令和7年度はAI・RPAを検討する。") == ["令和", "7", "年度", "は", "AI", "・", "RPA", "を", "検討",
                                                      "する", "。"]
    assert tokens("ローコードツール") == ["ローコードツール"]


def test_word_diff_reads_as_words() -> None:
    assert marked(word_diff("支援を検討する。", "支援を実施する。")) == "支援を[-検討-]{+実施+}する。"
    pieces = word_diff("地域の担い手不足への支援", "地域の担い手確保に向けた支援の拡充")
    assert "".join(p.text for p in pieces if p.kind != "insert") == "地域の担い手不足への支援"
    assert "".join(p.text for p in pieces if p.kind != "delete") == "地域の担い手確保に向けた支援の拡充"


def test_paragraph_diff_shows_changed_paragraphs_only() -> None:
    out = [marked(p) for p in paragraph_diff(["同じ段落。", "古い段落です。", "消える。"],
                                             ["同じ段落。", "古い段落でした。", "新しい段落。"])]
    assert "同じ段落。" not in out
    assert out[0] == "古い段落[-です-]{+でした+}。"
    assert marked(paragraph_diff(None, ["追加。"])[0]) == "{+追加。+}"


def test_renumbering_is_not_mistaken_for_a_rename() -> None:
    # an issue inserted at A2 shifts the others: new A3 is old A2, new A4 is old A3, although the
    # titles at the same numbers share enough words to pass the same-id check
    old = issues(("A2", "市民センターの利用促進"), ("A3", "市民センターの運営改善"))
    new = issues(("A2", "窓口の混雑緩和"), ("A3", "市民センターの利用促進"), ("A4", "市民センターの運営改善"))
    assert summary(match_issues(old, new, "R7")) == [(None, "A2", None), ("A2", "A3", "title"), ("A3", "A4", "title")]
