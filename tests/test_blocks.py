"""The lead-in form of a text block (a sentence that introduces sub-items, the sub-items, and the
words that finish the sentence after them), on the real plans: read into the model, walked by
every reader of text, shown by every view, compared by diff."""

from __future__ import annotations

import io
import re

from conftest import PLANS as PLANS_DIR
from conftest import plan

from xplan.plan.model import Headed, LeadIn, block_texts, blocks, plain_lines
from xplan.views import blocks as fmt


def c4_progress() -> tuple[LeadIn, LeadIn]:
    c4 = plan("R7/seisaku").issue("C4")
    first, second = (cp.items for cp in c4.progress)
    assert isinstance(first[0], LeadIn) and isinstance(second[1], LeadIn)
    return first[0], second[1]


def test_lead_in_read_from_the_plan() -> None:
    shows, mentors = c4_progress()
    assert shows.lead == "令和7年1～2月で収集した423件の市民意見等を、"
    assert shows.items == ("女性の視点を活用した、女性が自分らしく輝けるまちの実現",
                           "既存の地域資源を活用した、観光大都市の実現",
                           "シェアリングエコノミーを活用した、サステナブルシティの実現")
    assert shows.tail == "など、6つの課題に整理した。"
    assert mentors.items == ("①中高生向けイベント(37名参加)", "②市幹部向け研修(地域課題解決)")
    # a lead-in whose sub-items are headed groups, and one without closing words
    b2 = plan("R7/seisaku").issue("B2")
    lead = b2.outcomes[0]
    assert isinstance(lead, LeadIn) and lead.tail is None and lead.lead.endswith("具体的な目指す成果：")
    assert [type(i) for i in lead.items] == [Headed, Headed]


def test_lead_in_in_a_sub_item_and_wrong_types_are_skipped() -> None:
    nested = blocks([{"lead": "a、", "items": [{"lead": "b、", "items": ["c"], "tail": "d。"}], "tail": "e。"}])
    assert nested == [LeadIn("a、", (LeadIn("b、", ("c",), "d。"),), "e。")]
    assert blocks([{"lead": 3, "items": ["x"]}]) == []  # the schema reports it; the model skips it
    assert blocks([{"lead": "a", "items": "x"}]) == [LeadIn("a", (), None)]


def test_block_texts_walk_lead_items_and_tail_with_their_paths() -> None:
    p = plan("R7/seisaku")
    c4 = p.issue("C4")
    texts = list(block_texts(c4.progress[0].items, c4.progress[0].pointer + ("items",)))
    base = ("issues", 10, "progress", 0, "items", 0)
    assert texts[:5] == [
        (base + ("lead",), "令和7年1～2月で収集した423件の市民意見等を、"),
        (base + ("items", 0), "女性の視点を活用した、女性が自分らしく輝けるまちの実現"),
        (base + ("items", 1), "既存の地域資源を活用した、観光大都市の実現"),
        (base + ("items", 2), "シェアリングエコノミーを活用した、サステナブルシティの実現"),
        (base + ("tail",), "など、6つの課題に整理した。"),
    ]
    # every path leads to that very string in the file's data
    for pointer, text in texts:
        node = p.raw
        for part in pointer:
            node = node[part]
        assert node == text


def test_plain_lines_indent_sub_items_and_return_for_the_closing_words() -> None:
    shows, _ = c4_progress()
    assert plain_lines([shows], "  ") == [
        "  令和7年1～2月で収集した423件の市民意見等を、",
        "    女性の視点を活用した、女性が自分らしく輝けるまちの実現",
        "    既存の地域資源を活用した、観光大都市の実現",
        "    シェアリングエコノミーを活用した、サステナブルシティの実現",
        "  など、6つの課題に整理した。",
    ]


def test_rich_shows_one_bullet_with_the_sub_items_inside() -> None:
    from rich.console import Console

    shows, _ = c4_progress()
    out = io.StringIO()
    Console(file=out, width=80, color_system=None).print(fmt.rich([shows, "これらの課題解決に向け、"]))
    lines = [line.rstrip() for line in out.getvalue().splitlines()]
    assert lines[0] == "・令和7年1～2月で収集した423件の市民意見等を、"
    assert lines[1] == "  ・女性の視点を活用した、女性が自分らしく輝けるまちの実現"
    assert lines[4] == "  など、6つの課題に整理した。"  # back under the lead-in, no bullet of its own
    assert lines[5] == "・これらの課題解決に向け、"


def test_markdown_keeps_the_closing_words_in_the_outer_item() -> None:
    from markdown_it import MarkdownIt  # CommonMark, as GitHub and most minutes tools read it

    shows, _ = c4_progress()
    html = MarkdownIt("commonmark").render("\n".join(fmt.markdown([shows, "これらの課題解決に向け、"])) + "\n")
    flat = re.sub(r"\s+", "", html)
    assert "<li><p>令和7年1～2月で収集した423件の市民意見等を、</p><ul><li>女性の視点" in flat
    assert "サステナブルシティの実現</li></ul><p>など、6つの課題に整理した。</p></li>" in flat


def test_diff_sees_a_sub_item_moved_out_of_its_lead_in() -> None:
    import copy

    from xplan.diff.compare import compare_issues
    from xplan.plan.model import build_plan

    p = plan("R7/seisaku")
    changed = copy.deepcopy(p.raw)
    lead = changed["issues"][10]["progress"][0]["items"][0]
    lead["items"].pop()  # the third example flattened back into a sibling, as before issue 15
    changed["issues"][10]["progress"][0]["items"].insert(1, "シェアリングエコノミーを活用した、サステナブルシティの実現")
    new = build_plan(changed, p.path)
    changes = {c.key: c for c in compare_issues(p.issue("C4"), new.issue("C4"))}
    assert list(changes) == ["progress.2025-12.action1"]
    old_lines, new_lines = changes["progress.2025-12.action1"].old, changes["progress.2025-12.action1"].new
    assert "  シェアリングエコノミーを活用した、サステナブルシティの実現" in old_lines
    assert "シェアリングエコノミーを活用した、サステナブルシティの実現" in new_lines


def test_a_mistyped_lead_in_is_reported_at_its_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Not "must be a string": the mapping is plainly a lead-in, so say what is wrong with it."""
    from conftest import PLANS

    from xplan.lint.engine import lint_file

    text = (PLANS / "R7/seisaku.yaml").read_text(encoding="utf-8")
    text, n1 = re.subn(r"(- lead: 具体的には、\n\s+)items:", r"\1itms:", text, count=1)
    text, n2 = re.subn(r"(\s)tail: など、6つの課題に整理した。", r"\1tial: など、6つの課題に整理した。", text, count=1)
    assert n1 == n2 == 1
    target = tmp_path / "R7" / "seisaku.yaml"
    target.parent.mkdir()
    target.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    errors = sorted((f.line, f.code, f.message) for f in lint_file(str(target)).findings if f.severity == "error")
    lead_line = next(i for i, text_line in enumerate(lines, 1) if text_line.strip().startswith("- lead: 具体的には、"))
    tial_line = next(i for i, text_line in enumerate(lines, 1) if "tial:" in text_line)
    assert [(line, code) for line, code, _ in errors] == [(lead_line, "S202"), (lead_line + 1, "S201"),
                                                         (tial_line, "S201")]
    assert "'items'" in errors[0][2] and "'items' の誤り" in errors[1][2] and "'tail' の誤り" in errors[2][2]


def test_a_lead_in_without_sub_items_shows_no_nothing_marker() -> None:
    """ー is the document's "nothing" for a section; a lead-in with no items is still text."""
    from rich.console import Console

    empty = LeadIn("次のとおり。", (), "以上。")
    assert fmt.markdown([empty]) == ["- 次のとおり。", "", "  以上。"]
    out = io.StringIO()
    Console(file=out, width=40, color_system=None).print(fmt.rich([empty]))
    assert [line.rstrip() for line in out.getvalue().splitlines()] == ["・次のとおり。", "  以上。"]


def test_report_page_keeps_the_closing_words_after_the_sub_items() -> None:
    from xplan.report.site import make_site

    _, docs = make_site(PLANS_DIR, orgs=["政策局"])
    page = re.sub(r"\s+", "", docs["R7/seisaku.html"])
    assert ("令和7年1～2月で収集した423件の市民意見等を、<ulclass=\"blocks\"><li>女性の視点を活用した、"
            "女性が自分らしく輝けるまちの実現</li>") in page
    assert "サステナブルシティの実現</li></ul><spanclass=\"tail\">など、6つの課題に整理した。</span></li>" in page
