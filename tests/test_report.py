"""``xplan report``: the site built from the real plans, as data and HTML (the browser tests are in
tests/test_report_browser.py)."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLANS, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from xplan.report.site import make_site, write_site


@pytest.fixture(scope="module")
def built() -> tuple[object, dict[str, str]]:
    return make_site(PLANS)


def text_of(document: str) -> str:
    """The visible text, roughly: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", document))


def test_the_site_has_every_page(built) -> None:
    _site, docs = built
    plans = sorted(p.relative_to(PLANS).with_suffix(".html").as_posix() for p in PLANS.rglob("*.yaml"))
    assert sorted(k for k in docs if re.match(r"R\d+/", k)) == plans
    assert {"index.html", "matrix.html", "rollup.html", "lint.html", "diff/R6-R7.html", "diff/R7-R8.html"} <= set(docs)
    years = {p.split("/")[0] for p in plans}
    assert {f"review/{y}.html" for y in years} <= set(docs)  # progress and agenda, one page per year
    assert len(docs) == len(plans) + 6 + len(years)


def test_every_page_is_a_complete_japanese_document(built) -> None:
    _, docs = built
    for path, doc in docs.items():
        assert doc.startswith("<!DOCTYPE html>"), path
        assert '<html lang="ja">' in doc and '<meta charset="utf-8">' in doc, path
        depth = path.count("/")
        assert f'href="{"../" * depth}report.css"' in doc, path


def test_plan_page_follows_the_document_order(built) -> None:
    _, docs = built
    text = text_of(docs["R7/seisaku.html"])
    marks = ["1 組織の使命", "2 基本情報", "3 令和6年度局区X方針の振り返り", "課題一覧", "課題A（1）",
             "① インパクト", "② 課題の内容", "③ 課題の背景や現状", "④ 目指す成果", "⑤ 令和7年度の取組内容", "⑥進捗状況",
             "課題B（1）"]
    at = 0
    for m in marks:  # each found after the one before (課題A（1） is in 課題一覧 first, then its section)
        assert m in text[at:], m
        at = text.index(m, at) + len(m)


def test_what_a_document_lacks_is_not_shown_empty(built) -> None:
    _, docs = built
    # 小倉北区 R8's document has no ⑥ column (source.notes); 政策局 R7's has one per issue
    sixth = re.compile(r"<h\d>⑥")
    assert not sixth.search(docs["R8/kokurakita.html"])
    assert len(sixth.findall(docs["R7/seisaku.html"])) == sum(len(i.progress) for i in seisaku(built).issues)
    assert "(記載なし)" not in text_of(docs["R8/kokurakita.html"])


def seisaku(built):  # type: ignore[no-untyped-def]
    return next(p for p in built[0].plans if p.org.slug == "seisaku")


def test_overview_table_lists_each_domain_in_the_overview_words(built) -> None:
    site, docs = built
    plan = next(p for p in site.plans if p.org.slug == "kokurakita")
    doc = docs["R8/kokurakita.html"]
    for issue in plan.issues:
        if issue.in_overview:
            assert html.escape(issue.overview_title or issue.title, quote=False) in doc
    assert doc.count('<caption>課題') == len({i.domain for i in plan.issues if i.in_overview})


def test_continuations_are_bars_one_per_arrow_in_the_schedule(built) -> None:
    _, docs = built
    out = subprocess.run([sys.executable, "-m", "xplan", "schedule", "--all", "--org", "政策局", "-F", "json"],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    arrows = out.count('"continues": true')
    assert arrows > 0
    assert docs["R7/seisaku.html"].count('class="cont"') == arrows


def test_index_counts_are_the_issues(built) -> None:
    site, docs = built
    doc = docs["index.html"]
    for plan in site.plans:
        cell = re.search(rf'data-org="{plan.org.name}" data-year="{plan.fiscal_year}">(.*?)</td>', doc, re.S)
        assert cell, plan.path
        for d in "ABC":
            n = sum(1 for i in plan.issues if i.domain == d)
            assert f'data-domain="{d}" data-count="{n}"' in cell.group(1)


def test_lint_findings_link_to_their_issue(built) -> None:
    site, docs = built
    doc = docs["lint.html"]
    linked = re.findall(r'<a href="(R\d+/[\w-]+\.html)#([ABC]\d+)">', doc)
    assert linked, "findings inside issues link to them"
    ids = {(k, m) for k, d in docs.items() for m in re.findall(r'<article class="issue" id="([ABC]\d+)"', d)}
    assert all(link in ids for link in linked)
    assert doc.count("<tr class=\"sev-") == len(site.lint.findings)


def test_diff_page_has_what_xplan_diff_reports(built) -> None:
    _, docs = built
    out = subprocess.run([sys.executable, "-m", "xplan", "diff", "R7", "R8", "-F", "plain", "--text"],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    page = text_of(docs["diff/R7-R8.html"])
    for line in out.splitlines()[1:]:
        if line.strip():
            assert line.strip() in page


def test_rollup_counts_link_to_lists_of_exactly_those_issues(built) -> None:
    _site, docs = built
    doc = docs["rollup.html"]
    for target, n in re.findall(r'<td class="num"><a href="#([\w-]+)">(\d+)</a></td>', doc):
        block = re.search(rf'<(div|section) id="{re.escape(target)}"[^>]*>(.*?)</\1>', doc, re.S)
        assert block, target
        assert block.group(2).count("<li>") == int(n), target


def test_plan_text_is_escaped(tmp_path: Path) -> None:
    from ruamel.yaml import YAML

    yaml = YAML()
    (tmp_path / "R7").mkdir()
    data = yaml.load((PLANS / "R7" / "seisaku.yaml").read_text(encoding="utf-8"))
    data["issues"][0]["title"] = '<script>alert("x")</script> & "quotes" \'too\''
    with (tmp_path / "R7" / "seisaku.yaml").open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)
    _, docs = make_site(tmp_path)
    doc = docs["R7/seisaku.html"]
    assert "<script>" not in doc
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;quotes&#34; &#39;too&#39;" in doc


def test_report_command_writes_the_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "xplan", "report", "-o", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert (out / "index.html").is_file() and (out / "report.css").is_file()
    assert (out / "R7" / "seisaku.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "index.html" in r.stderr


def test_report_command_usage_errors(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "xplan", "report", "-o", str(tmp_path / "s"), "--org", "門司区"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and "門司区" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "s").exists()
    (tmp_path / "file").write_text("x")
    r = subprocess.run([sys.executable, "-m", "xplan", "report", "-o", str(tmp_path / "file")],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert (tmp_path / "file").read_text() == "x"


def test_selection_narrows_the_site() -> None:
    site, docs = make_site(PLANS, orgs=["seisaku"], years=["R7"])
    assert [p.org.name for p in site.plans] == ["政策局"]
    assert not any(k.startswith("diff/") for k in docs)
    assert "R7/seisaku.html" in docs and "R8/kokurakita.html" not in docs
    json.dumps(sorted(docs))


VIEW_COMMANDS = [["matrix"], ["issues"], ["show", "--org", "seisaku"], ["schedule", "--org", "seisaku"], ["orgs"],
                 ["rollup"], ["fields"], ["matrix", "--combined", "--all"]]


def xplan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xplan", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.mark.parametrize("command", VIEW_COMMANDS, ids=lambda c: "-".join(c))
def test_every_view_in_html_is_a_complete_document(command: list[str]) -> None:
    r = xplan(*command, "-F", "html")
    assert r.returncode == 0, r.stderr
    doc = r.stdout
    assert doc.startswith("<!DOCTYPE html>") and doc.rstrip().endswith("</html>")
    assert '<html lang="ja">' in doc and '<meta charset="utf-8">' in doc
    assert "<style>" in doc and "&#34;Noto Sans CJK JP&#34;" not in doc  # the stylesheet, inline and unescaped
    assert "<table" in doc and "<link" not in doc and "<script" not in doc


def test_matrix_html_lists_each_issue_on_its_own() -> None:
    doc = xplan("matrix", "--org", "seisaku", "-F", "html").stdout
    cell = re.search(r'<td class="quadrant q-high-high">(.*?)</td>', doc, re.S).group(1)
    assert cell.count("<li>") == 12  # 政策局 R7: twelve issues rated 高/高, one item each


def test_schedule_html_draws_each_arrow_as_a_bar() -> None:
    doc = xplan("schedule", "--org", "seisaku", "-F", "html").stdout
    arrows = xplan("schedule", "--org", "seisaku", "-F", "json").stdout.count('"continues": true')
    assert doc.count('class="cont"') == arrows > 0
    assert "→" not in text_of(doc.split("<main>")[1])


@pytest.mark.parametrize("command", [["matrix", "--org", "seisaku"], ["issues"], ["rollup"], ["orgs"]],
                         ids=lambda c: "-".join(c))
def test_export_html_uses_real_tables(command: list[str], tmp_path: Path) -> None:
    out = tmp_path / "view.html"
    r = xplan(*command, "--export", str(out))
    assert r.returncode == 0, r.stderr
    doc = out.read_text(encoding="utf-8")
    assert doc.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in doc
    assert "<table" in doc and "<td" in doc
    assert not re.search("[─━│┃┏┓┗┛┡┩╇╋]", doc), "box-drawing characters"


def test_export_html_of_issues_has_every_issue_in_a_row(tmp_path: Path) -> None:
    out = tmp_path / "issues.html"
    xplan("issues", "--export", str(out))
    n = len(json.loads(xplan("issues", "-F", "json").stdout)["issues"])
    assert out.read_text(encoding="utf-8").count("<tr>") == n + 1  # the header row, then one per issue


def _issue_texts(plan):  # type: ignore[no-untyped-def]
    from xplan.plan.model import block_texts

    for issue in plan.issues:
        if not issue.has_detail:
            continue
        for name in ("content", "background", "outcomes", "measures"):
            for _, text in block_texts(getattr(issue, name), ()):
                yield issue.code, text
    for _, text in block_texts(plan.mission, ()):
        yield "mission", text


def test_every_sentence_of_every_plan_is_on_its_page(built) -> None:
    site, docs = built
    checked = 0
    for plan in site.plans:
        page = text_of(docs[f"{plan.fiscal_year}/{plan.org.slug}.html"])
        for where, text in _issue_texts(plan):
            assert text in page, f"{plan.path} {where}: {text[:40]}"
            checked += 1
    assert checked > 300


def test_a_lead_in_sentence_keeps_its_sub_items_and_its_ending(tmp_path: Path) -> None:
    from ruamel.yaml import YAML

    yaml = YAML()
    (tmp_path / "R7").mkdir()
    data = yaml.load((PLANS / "R7" / "seisaku.yaml").read_text(encoding="utf-8"))
    data["issues"][0]["content"] = [{"lead": "市民意見等を、", "items": ["例その一", "例その二"],
                                     "tail": "など、6つの課題に整理した。"}]
    with (tmp_path / "R7" / "seisaku.yaml").open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)
    _, docs = make_site(tmp_path)
    doc = docs["R7/seisaku.html"]
    m = re.search(r"<li>市民意見等を、\s*<ul class=\"blocks\">\s*<li>例その一\s*</li>\s*<li>例その二\s*</li>\s*</ul>\s*"
                  r"<span class=\"tail\">など、6つの課題に整理した。</span>", doc)
    assert m, "the lead, its sub-items nested under it, then the words that finish the sentence"


def test_a_second_run_removes_only_its_own_stale_pages(tmp_path: Path) -> None:
    out = tmp_path / "site"
    _, docs = make_site(PLANS)
    write_site(out, docs)
    (out / "notes.html").write_text("<p>the team's own page</p>", encoding="utf-8")
    _, narrow = make_site(PLANS, orgs=["seisaku"])
    write_site(out, narrow)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")) == sorted([*narrow, "notes.html"])
    assert (out / "notes.html").read_text(encoding="utf-8") == "<p>the team's own page</p>"
    assert not (out / "R6").exists() and not (out / "diff").exists()


def test_the_search_index_is_written_a_plan_at_a_time_as_one_json_array(built) -> None:
    """search-index.js is made while it is written (2,000 plans' is some 100 MB), a plan per
    chunk: the chunks make exactly the script of the whole records array at once."""
    from xplan.report import links
    from xplan.report.search_data import INDEX_FILE, index_chunks
    from xplan.search.texts import plan_records

    site, _docs = built
    plans = site.plans
    chunks = list(index_chunks(plans))
    assert len(chunks) == len(plans) + 2  # the head, a chunk per plan (each has texts), the tail
    records = [[f"{links.plan_page(p)}#{r.code}" if r.code else links.plan_page(p), p.org.name, p.fiscal_year,
                r.code, r.title, r.section, r.text] for p in plans for r in plan_records(p)]
    whole = ("// Made by xplan: the report's search index (search.js reads it).\nwindow.XPLAN_SEARCH_INDEX = "
             + json.dumps(records, ensure_ascii=False, separators=(",", ":")) + ";\n")
    assert "".join(chunks) == whole
    assert "".join(site.extra["files"][INDEX_FILE]()) == whole


def test_pruning_a_section_keeps_all_its_fields() -> None:
    """``pages.plans.prune`` makes each kept section anew (faster than dataclasses.replace): a field
    added to ``views.show.Section`` must come through too."""
    from dataclasses import fields

    from xplan.report.pages.plans import prune
    from xplan.views.show import Prose, Section

    values = {"heading": "課題B（1）", "items": [Prose(["本文"])], "kind": "issue", "code": "B1"}
    assert [f.name for f in fields(Section)] == list(values)
    kept = prune(Section(**values), "current")
    assert kept is not None and {f.name: getattr(kept, f.name) for f in fields(Section)} == values


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet=st.sampled_from("&<>\"'課題 a;#\u3000") | st.characters()), st.none(), st.integers()))
def test_the_plan_pages_escape_text_as_jinja_does(value: object) -> None:
    """plan_html writes the plan's text as Jinja's autoescape would (markupsafe.escape), byte for byte."""
    from markupsafe import escape

    from xplan.report.plan_html import _e

    assert _e(value) == str(escape(value))


def test_the_review_page_is_the_reviewed_one(tmp_path: Path) -> None:
    """``review/R7.html`` of the bundled plans with one issue's progress section removed (its
    actions 'not reported') and markup characters in a title and a checkpoint: byte for byte the
    page the Jinja template made before its loops moved to xplan/report/review_html.py (golden
    file; after an intended change, review the diff and copy the new page over it)."""
    import shutil

    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    seisaku = plans / "R7" / "seisaku.yaml"
    text = seisaku.read_text(encoding="utf-8")
    start = text.index("    progress:\n      - label: ⑥進捗状況(令和7年12月時点)\n        as_of: 2025-12\n        items:\n"
                       "          - 下関市長")
    text = text[:start] + text[text.index("  - id: B2"):]
    text = text.replace("title: 広域連携の推進", "title: \"広域連携の推進 <b>&amp; \\\"R&D\\\" '試行'\"", 1)
    text = text.replace("今年度、31回の職員向けAI研修", "今年度、<31回> & \"職員向け\" 'AI研修'", 1)
    seisaku.write_text(text, encoding="utf-8")
    _, documents = make_site(plans)
    page = documents["review/R7.html"]
    assert 'class="not-reported"' in page and "&lt;b&gt;&amp;amp; &#34;R&amp;D&#34; &#39;試行&#39;" in page
    assert page == (ROOT / "tests" / "golden" / "html" / "review_R7_edited.html").read_text(encoding="utf-8")
