"""``xplan report -o DIR`` writes only its own files, only when they change (issue 29 item 1,
issue 23 item 2), and the rollup page counts what ``xplan rollup`` counts (issue 31 item 2)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLANS, ROOT

from xplan.report.output import MANIFEST
from xplan.report.site import load_site, make_site, update_site


def report(out: Path, plans: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xplan", "report", "--no-cache", "-o", str(out), "--plans",
                           str(plans), *extra], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture()
def plans(tmp_path: Path) -> Path:
    dst = tmp_path / "plans"
    shutil.copytree(PLANS, dst)
    return dst


def files(out: Path) -> dict[str, int]:
    """Every file below ``out`` (but the manifest) with its modification time."""
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*")
            if p.is_file() and p.name != MANIFEST}


def test_a_second_run_with_nothing_changed_writes_nothing(plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    site, first = update_site(out, plans)
    assert site is not None and "index.html" in first.written and "R7/seisaku.html" in first.written
    before = files(out)
    site, second = update_site(out, plans)
    assert site is None and second.unchanged and second.written == []  # not even loaded
    assert files(out) == before


def test_one_plan_changed_rewrites_only_the_pages_whose_content_changed(plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    update_site(out, plans)
    before = files(out)
    f = plans / "R8" / "kokurakita.yaml"
    text = f.read_text(encoding="utf-8")
    title = re.search(r"^    title: (.+)$", text, re.M)
    assert title
    f.write_text(text.replace(title.group(0), f"    title: {title.group(1)}（改）", 1), encoding="utf-8")
    _, result = update_site(out, plans)
    after = files(out)
    changed = {p for p in after if after[p] != before[p]}
    assert set(result.written) == changed
    assert "R8/kokurakita.html" in changed and "（改）" in (out / "R8" / "kokurakita.html").read_text(encoding="utf-8")
    # the other plans' pages keep their files and times, unless their 「関連する課題」 show the renamed issue
    # (issue 27); so do pages that do not show issue titles
    site = load_site(plans)
    naming = {f"{Path(path).parent.name}/{Path(path).stem}.html" for (path, _code), entries in site.extra["related"].items()
              if any(e.label == "小倉北区 R8 A1" for e in entries)}
    for page in naming:
        assert "（改）" in (out / page).read_text(encoding="utf-8"), page
    assert not changed & ({"R7/seisaku.html", "R7/somu-shimin.html", "R6/yahatahigashi.html", "report.css",
                           "diff/R6-R7.html"} - naming)
    # a comment changes no page: the same content is not written again
    f.write_text(f.read_text(encoding="utf-8") + "# a note\n", encoding="utf-8")
    _, result = update_site(out, plans)
    assert result.written == [] and files(out) == after


def test_pages_of_a_removed_plan_go_and_the_users_files_stay(plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    update_site(out, plans)
    (out / "notes.html").write_text("<p>the team's own page</p>", encoding="utf-8")
    saved = out / "R6" / "minutes.html"  # a saved `-F html` output carries the generator tag too
    saved.write_text('<meta name="generator" content="xplan"><p>minutes</p>', encoding="utf-8")
    for f in (plans / "R6").iterdir():
        f.unlink()
    (plans / "R6").rmdir()
    _, result = update_site(out, plans)
    assert "R6/yahatahigashi.html" in result.removed and "diff/R6-R7.html" in result.removed
    assert not (out / "R6" / "yahatahigashi.html").exists() and not (out / "diff" / "R6-R7.html").exists()
    assert saved.read_text(encoding="utf-8").endswith("<p>minutes</p>")
    assert (out / "notes.html").read_text(encoding="utf-8") == "<p>the team's own page</p>"


def test_a_file_the_report_did_not_write_is_not_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    mine = out / "index.html"
    mine.write_text("<p>my own index</p>", encoding="utf-8")
    r = report(out, PLANS)
    assert r.returncode == 2, r.stderr
    assert str(mine) in r.stderr and "--force" in r.stderr and "Traceback" not in r.stderr
    assert mine.read_text(encoding="utf-8") == "<p>my own index</p>"
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]  # nothing written at all
    r = report(out, PLANS, "--force")
    assert r.returncode == 0, r.stderr
    assert "<!DOCTYPE html>" in mine.read_text(encoding="utf-8")


def test_a_page_edited_after_the_report_wrote_it_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert report(out, PLANS).returncode == 0
    page = out / "matrix.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- my note -->", encoding="utf-8")
    os.utime(out / "index.html")  # only touched: the same content is still the report's
    r = report(out, PLANS, "--year", "R7")
    assert r.returncode == 2 and str(page) in r.stderr
    assert page.read_text(encoding="utf-8").endswith("<!-- my note -->")


def test_links_are_never_followed(tmp_path: Path) -> None:
    out = tmp_path / "site"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.css").write_text("body {}", encoding="utf-8")
    out.mkdir()
    (out / "report.css").symlink_to(outside / "keep.css")
    r = report(out, PLANS)
    assert r.returncode == 2 and "report.css" in r.stderr
    r = report(out, PLANS, "--force")  # the link itself is replaced, its target left alone
    assert r.returncode == 0, r.stderr
    assert not (out / "report.css").is_symlink() and (outside / "keep.css").read_text(encoding="utf-8") == "body {}"
    shutil.rmtree(out)
    out.mkdir()
    (out / "R7").symlink_to(outside, target_is_directory=True)
    for extra in ((), ("--force",)):  # a linked folder: never, not even with --force
        r = report(out, PLANS, *extra)
        assert r.returncode == 2 and "R7" in r.stderr, r.stderr
    assert sorted(p.name for p in outside.iterdir()) == ["keep.css"]


def test_a_forged_manifest_cannot_remove_files_outside(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert report(out, PLANS).returncode == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("x", encoding="utf-8")
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    st = victim.stat()
    import hashlib
    entry = {"sha256": hashlib.sha256(b"x").hexdigest(), "size": st.st_size, "mtime_ns": st.st_mtime_ns, "key": None}
    manifest["files"]["../victim.txt"] = entry
    manifest["files"][str(victim)] = entry
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert report(out, PLANS, "--year", "R7").returncode == 0
    assert victim.read_text(encoding="utf-8") == "x"


def rollup_json(*args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "xplan", "rollup", "--by", "field", "-F", "json", *args],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    return json.loads(out)


def test_rollup_page_counts_each_organisation_once_as_xplan_rollup_does(tmp_path: Path) -> None:
    """A drafted next-year plan of 政策局 (R8 beside R7) is not a second organisation."""
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    (plans / "R8" / "seisaku.yaml").write_text(
        (plans / "R7" / "seisaku.yaml").read_text(encoding="utf-8").replace("fiscal_year: R7", "fiscal_year: R8", 1),
        encoding="utf-8")
    _, docs = make_site(plans)
    doc = docs["rollup.html"]
    expected = rollup_json("--plans", str(plans))
    total = re.search(r'<tfoot><tr><th scope="row">[^<]+</th><td class="num">(\d+)</td>', doc)
    assert total and int(total.group(1)) == expected["total"]
    assert "R8 2" in doc and "xplan rollup" in doc  # the page says which plans it counted
    shown = {re.sub(r"<[^>]+>", "", label): int(n) for label, n in re.findall(
        r'<th scope="row"><a href="#field-\d+">(.*?)</a></th>\s*<td class="num">(?:<a [^>]+>)?(\d+)', doc)}
    for row in expected["groups"]:
        if row["key"] is not None:
            assert shown.get(row["key"]) == row["count"], row["key"]


def test_chart_numbers_are_the_views_numbers() -> None:
    """The SVG's numbers (each bar's total, each segment drawn with its number) equal `-F json`."""
    _, docs = make_site(PLANS)
    expected = rollup_json("--plans", str(PLANS))
    svg = re.search(r'<figure class="chart" id="chart-fields">.*?</figure>', docs["rollup.html"], re.S)
    assert svg
    rows = dict(re.findall(r'<g class="row" data-row="([^"]+)">.*?data-series="total" data-value="(\d+)"', svg.group(0), re.S))
    from xplan.rollup.fields import UNSET
    from xplan.rollup.groups import key_label

    assert {k: int(v) for k, v in rows.items()} == {
        key_label("field", UNSET if g["key"] is None else g["key"]): g["count"]
        for g in expected["groups"]}
    issues = json.loads(subprocess.run([sys.executable, "-m", "xplan", "issues", "--all", "-F", "json"],
                                       capture_output=True, text=True, cwd=ROOT, check=True).stdout)["issues"]
    index = re.search(r'<figure class="chart" id="chart-plans">.*?</figure>', docs["index.html"], re.S)
    assert index
    for label, body in re.findall(r'<g class="row" data-row="([^"]+)">(.*?)</g>', index.group(0), re.S):
        org, year = label.rsplit(" ", 1)
        mine = [i for i in issues if i["org"] == org and i["year"] == year]
        assert f'data-series="total" data-value="{len(mine)}"' in body, label
        for series, value in re.findall(r'data-series="([ABC])" data-value="(\d+)"', body):
            assert int(value) == sum(1 for i in mine if i["domain"] == series), (label, series)


def test_plan_pages_show_the_documents_title_and_fold_the_transcribers_notes() -> None:
    """Issue 31 item 7: a handout without internals."""
    from xplan.report.render import stylesheet

    _, docs = make_site(PLANS)
    for page, plan in (("R6/yahatahigashi.html", "R6/yahatahigashi.yaml"), ("R7/seisaku.html", "R7/seisaku.yaml")):
        doc = docs[page]
        data = yaml_data(PLANS / plan)
        main, _sep, folded = doc.partition('<details class="transcriber-notes">')
        assert folded, page
        assert data["source"]["document"] not in main and data["source"]["document"] in folded
        assert "出典についての注記" not in main
        assert all(html_text(n)[:30] in html_text(folded) for n in data["source"]["notes"] if isinstance(n, str))
        if "title" in data["source"]:
            assert data["source"]["title"] in main  # the document's own title, where it prints one
    assert "局区X方針〈八幡東区〉" in docs["R6/yahatahigashi.html"]
    css = re.sub(r"\s+", " ", stylesheet())
    assert re.search(r"@media print \{ details\.transcriber-notes \{ display: none; \} \}", css)


def yaml_data(path: Path) -> dict:
    from xplan.plan.loader import load

    return load(path).data


def html_text(text: str) -> str:
    import html

    return re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>", "", text)))


def test_diff_page_puts_the_years_side_by_side_with_the_changed_words_marked(tmp_path: Path) -> None:
    """Issue 31 item 10: a table of item | old | new, the changed words marked inside the sentence."""
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    text = (plans / "R7" / "seisaku.yaml").read_text(encoding="utf-8")
    text = text.replace("fiscal_year: R7", "fiscal_year: R8", 1).replace("業務効率化の推進。", "業務効率化の加速。", 1)
    (plans / "R8" / "seisaku.yaml").write_text(text, encoding="utf-8")
    _, docs = make_site(plans)
    doc = docs["diff/R7-R8.html"]
    table = re.search(r'<table class="data diff-side">.*?</table>', doc, re.S)
    assert table
    row = next(r for r in re.findall(r"<tr><th scope=\"row\">.*?</tr>", table.group(0), re.S) if "<ins>" in r)
    old, new = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert "<del>推進</del>" in old and "<ins>加速</ins>" in new
    assert html_text(old).replace("推進", "") == html_text(new).replace("加速", "")  # the rest, the same words


def test_a_cold_report_parses_each_plan_once(plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             parsed_files: list[str]) -> None:
    """Lint runs first and leaves the plans it parses in the cache, so the catalog reads them from
    there: on an empty cache every plan file is parsed exactly once (it was twice), none once the
    cache is warm, and the site is the one --no-cache makes."""
    from xplan.commands.report import run_report

    monkeypatch.setenv("XPLAN_CACHE_DIR", str(tmp_path / "cache"))
    cold = tmp_path / "cold"
    assert run_report(cold, plans=plans, quiet=True) == 0
    assert sorted(parsed_files) == sorted(str(f) for f in plans.glob("*/*.yaml"))  # 5 plan files → 5 parses, not 10
    parsed_files.clear()
    warm = tmp_path / "warm"
    assert run_report(warm, plans=plans, quiet=True) == 0
    assert parsed_files == []
    uncached = tmp_path / "uncached"
    assert run_report(uncached, plans=plans, quiet=True, no_cache=True) == 0
    for site in (warm, uncached):
        assert {p: (cold / p).read_bytes() for p in files(cold)} == {p: (site / p).read_bytes() for p in files(site)}


def test_the_related_lists_are_made_once_per_content_of_the_plans(plans: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """「関連する課題」 compare every issue with every other (most of a first build of 2,000 plans):
    the cache keeps the lists of a plans folder, so a build into another folder (or --force) on
    the same plans reuses them, and any change to a plan makes them again; the pages are the
    same either way."""
    from typing import Any

    from xplan.commands.report import run_report
    from xplan.search.nearest import Vectors

    monkeypatch.setenv("XPLAN_CACHE_DIR", str(tmp_path / "cache"))
    made: list[int] = []
    real = Vectors.nearest

    def counting(self: Any, rows: Any, n: int) -> Any:
        made.append(len(rows))
        return real(self, rows, n)

    monkeypatch.setattr(Vectors, "nearest", counting)
    from xplan.report import search_data

    monkeypatch.setattr(search_data, "AT_ONCE_PAIRS", 0)  # the bundled plans' few issues: at once all the same
    first, second = tmp_path / "first", tmp_path / "second"
    assert run_report(first, plans=plans, quiet=True) == 0
    assert len(made) == 1 and made[0] > 50
    assert run_report(second, plans=plans, quiet=True) == 0
    assert len(made) == 1  # the same plans: the lists from the cache
    assert {p: (first / p).read_bytes() for p in files(first)} == {p: (second / p).read_bytes() for p in files(second)}
    assert run_report(second, plans=plans, quiet=True, force=True) == 0
    assert len(made) == 1
    plan = sorted(plans.glob("*/*.yaml"))[0]
    plan.write_text(plan.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # other bytes, the same plan
    assert run_report(second, plans=plans, quiet=True) == 0
    assert len(made) == 2
    uncached = tmp_path / "uncached"
    assert run_report(uncached, plans=plans, quiet=True, no_cache=True) == 0
    assert {p: (first / p).read_bytes() for p in files(first)} == {p: (uncached / p).read_bytes()
                                                                   for p in files(uncached)}


def test_worker_processes_make_the_same_site_as_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With enough pages (30 generated plans) the pages, the stylesheet and the search index are
    made by forked worker processes side by side: the files and the manifest's entries are those
    one process makes."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    from xplan.plan.cache import Cache

    generated = tmp_path / "plans"
    generate(generated, 30)
    cache = Cache(tmp_path / "cache")
    sites = {}
    for jobs in (1, 2):
        out = tmp_path / f"site-{jobs}"
        _, result = update_site(out, generated, cache=cache, jobs=jobs)
        assert len(result.written) == result.pages == len(files(out)) >= 24  # 24 pages: workers (site.render_all)
        sites[jobs] = (out, json.loads((out / MANIFEST).read_text(encoding="utf-8")))
    (one, m1), (two, m2) = sites[1], sites[2]
    assert files(one).keys() == files(two).keys() and len(files(one)) > 30
    assert {p: (one / p).read_bytes() for p in files(one)} == {p: (two / p).read_bytes() for p in files(two)}
    assert {k: (v["sha256"], v["key"]) for k, v in m1["files"].items()} == \
        {k: (v["sha256"], v["key"]) for k, v in m2["files"].items()}
    assert "search-index.js" in m2["files"] and "report.css" in m2["files"]
