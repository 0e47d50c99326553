"""Issue 10: messages in one language at a time, through one gettext catalog.

Every string the code marks with _() / N_() / ngettext has a Japanese translation, the compiled
catalog agrees with the .po a translator edits, English is chosen by --lang, XPLAN_LANG or the
locale, and no message glues the two languages into one line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from conftest import PLANS, ROOT
from typer.testing import CliRunner
from wcwidth import wcswidth

from xplan.cli import app
from xplan.i18n import choose_language

PO = ROOT / "xplan" / "i18n" / "locale" / "ja" / "LC_MESSAGES" / "xplan.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "Message": None}
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
runner = CliRunner()


def _code_messages() -> dict[str, str]:
    out = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT / "xplan"), method_map=[("**.py", "python")], keywords=KEYWORDS):
        # a plural (ngettext) is one catalog entry, found by its singular
        out[message[0] if isinstance(message, tuple) else message] = f"xplan/{filename}:{lineno}"
    return out


def _catalog() -> object:
    with PO.open("rb") as fh:
        return read_po(fh)


def test_every_marked_message_has_a_japanese_translation() -> None:
    cat = _catalog()
    missing = [f"{where}: {m!r}" for m, where in _code_messages().items()
               if (entry := cat.get(m)) is None or not entry.string]  # type: ignore[attr-defined]
    assert not missing, "untranslated:\n" + "\n".join(missing)


def test_catalog_has_no_duplicates_and_the_mo_is_compiled_from_it() -> None:
    ids = re.findall(r'^msgid "(.*)"$', PO.read_text(encoding="utf-8"), flags=re.M)
    single = [i for i in ids if i]  # continued msgids start with msgid ""
    assert len(single) == len(set(single)), "duplicate msgid in xplan.po"
    with MO.open("rb") as fh:
        mo = read_mo(fh)
    po = _catalog()
    for entry in po:  # type: ignore[attr-defined]
        if entry.id and entry.string:
            compiled = mo.get(entry.id)
            same = compiled is not None and (list(compiled.string) == list(entry.string)
                                             if isinstance(entry.string, (list, tuple)) else compiled.string == entry.string)
            assert same, (
                f"{entry.id!r}: run pybabel compile -d xplan/i18n/locale -D xplan")


def test_placeholders_survive_translation() -> None:
    for entry in _catalog():  # type: ignore[attr-defined]
        if entry.id and entry.string and isinstance(entry.id, str) and isinstance(entry.string, str):
            want = sorted(re.findall(r"\{[^}]*\}", entry.id))
            assert sorted(re.findall(r"\{[^}]*\}", entry.string)) == want, entry.id


@pytest.mark.parametrize("argv, env, want", [
    ([], {}, "ja"),
    (["--lang", "en"], {}, "en"),
    (["--lang=ja"], {"XPLAN_LANG": "en"}, "ja"),
    ([], {"XPLAN_LANG": "en"}, "en"),
    ([], {"LANG": "en_GB.UTF-8"}, "en"),
    ([], {"LANG": "ja_JP.UTF-8"}, "ja"),
    ([], {"LC_ALL": "C.UTF-8"}, "ja"),
])
def test_language_choice(argv: list[str], env: dict[str, str], want: str) -> None:
    assert choose_language(argv, env) == want


def _run(args: list[str], lang: str) -> tuple[int, str, str]:
    r = runner.invoke(app, ["--lang", lang, *args], env={"NO_COLOR": "1", "COLUMNS": "100"})
    return r.exit_code, r.stdout, r.stderr


ERRORS = [
    ["issues", "--plans", str(PLANS), "--org", "小倉北"],
    ["issues", "--plans", str(PLANS), "--year", "令和"],
    ["issues", "--plans", str(PLANS), "--domain", "D"],
    ["show", "--plans", str(PLANS), "--org", "小倉北区", "B9"],
    ["show", "--plans", str(PLANS)],
    ["rule", "missing-detial"],
    ["issues", "--plans", str(PLANS), "-F", "json", "--bom"],
    ["rollup", "--plans", str(PLANS), "--by", "colour"],
]


@pytest.mark.parametrize("args", ERRORS)
def test_error_messages_speak_one_language(args: list[str]) -> None:
    code_ja, _, err_ja = _run(args, "ja")
    code_en, _, err_en = _run(args, "en")
    assert code_ja == code_en == 2
    # English: nothing Japanese but the user's own input and plan data (organisation names)
    data = set(JAPANESE.findall("".join(args) + "小倉北区総務市民局政策局八幡東区保健福祉局"))
    assert not set(JAPANESE.findall(err_en)) - data, err_en
    # Japanese: no English sentence glued on in parentheses
    assert not re.search(r"\((?:[a-z]+ ){2,}", err_ja), err_ja
    assert JAPANESE.search(err_ja.replace("".join(args), "")), err_ja


@pytest.mark.parametrize("command", ["matrix", "issues", "orgs", "rollup", "fields", "rules", "lint", "diff"])
def test_help_is_translated_and_has_examples(command: str) -> None:
    code, ja, _ = _run([command, "--help"], "ja")
    assert code == 0 and "\n 例" in ja and "オプション" in ja
    code, en, _ = _run([command, "--help"], "en")
    assert code == 0 and "Examples" in en
    assert f"xplan {command}" in en
    # English help: Japanese only in the values a user types (小倉北区, 令和7, 高/high, 課題A（1）)
    body = en.split("Examples")[0]
    for typed in ("小倉北区", "令和6", "令和7", "局区X方針", "高/high", "低/low", "未評価/none", "課題A（1）", "Ａ１", "A（1）"):
        body = body.replace(typed, "")
    assert not JAPANESE.search(body), body


def test_table_headers_follow_the_language() -> None:
    _, ja, _ = _run(["issues", "--plans", str(PLANS), "-F", "csv"], "ja")
    _, en, _ = _run(["issues", "--plans", str(PLANS), "-F", "csv"], "en")
    assert ja.splitlines()[0].startswith("組織,年度,課題")
    assert en.splitlines()[0].startswith("Organisation,Year,Issue")
    # plan content is data: the same in both languages
    assert ja.splitlines()[1:] == en.splitlines()[1:] or "小倉北区" in en


def test_json_is_the_same_in_every_language() -> None:
    for args in (["issues", "-F", "json"], ["matrix", "-F", "json"], ["rollup", "-F", "json"], ["orgs", "-F", "json"],
                 # progress matches a table printed for several actions to each of them by their numbers,
                 # never by reading its translated label
                 ["progress", "--as-of", "2025-12", "-F", "json"]):
        _, ja, _ = _run([*args, "--plans", str(PLANS)], "ja")
        _, en, _ = _run([*args, "--plans", str(PLANS)], "en")
        assert ja == en, args


# -- lint (xplan/lint/): rule messages, reporters, JSON ----------------------------------------

# "四半期のスケジュールがありません (the action has no quarterly schedule)": Japanese, then on the
# same line an English phrase of two words or more in parentheses ("(A, B, C)" is not one)
# (no bracket between the Japanese and the English: "a fiscal year (R6, 令和6, 2024), a plan file, or
# … (R7@HEAD~3)" is an English message with examples)
GLUED = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff][^()\n]*\(\s*[A-Za-z][a-z]+ [a-z{]")
PACKAGE = sorted((ROOT / "xplan").rglob("*.py"))


def _literals(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module, f-strings' literal parts joined, docstrings left out."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "{}".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            out.append((node.lineno, text))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            out.append((node.lineno, node.value))
    return out


def test_glued_literals_are_found() -> None:
    """The check below would catch the old form."""
    assert GLUED.search("四半期のスケジュールがありません (the action has no quarterly schedule)")
    assert GLUED.search("全3課題がインパクト高・緊急度高です (all {} rated issues are high/high")
    assert not GLUED.search("{where}: {quarter}の「→」が継続する取組がありません")
    assert not GLUED.search("課題B（3） 取組(2)")


@pytest.mark.parametrize("path", PACKAGE, ids=[str(p.relative_to(ROOT)) for p in PACKAGE])
def test_no_literal_glues_japanese_and_english(path: Path) -> None:
    """Every module of the package: lint, plan (loader, schema), diff, views, commands…"""
    glued = [f"{path.relative_to(ROOT)}:{line}: {text!r}" for line, text in _literals(path) if GLUED.search(text)]
    assert not glued, "write the message in English through _() and put the Japanese in xplan.po:\n" + "\n".join(glued)


def test_english_msgids_with_japanese_examples_are_not_glued() -> None:
    assert not GLUED.search("cannot read {text!r} as a fiscal year (use R7, 令和7, 2025 or FY2025)")
    assert not GLUED.search("{where}: {title}が未記入です（キー {key!r} を書いてください）")
    assert not GLUED.search("Older side: a fiscal year (R6, 令和6, 2024), a plan file, or either at a git revision "
                            "(R7@HEAD~3, plans/R7/seisaku.yaml@v1).")
    assert GLUED.search("課題B（3）: 緊急度が未記入です (urgency is missing)")


def test_lint_json_is_the_same_in_both_languages() -> None:
    """JSON keys and values are fixed whatever the language: the messages are in the default one."""
    _, ja, _ = _run(["lint", "-F", "json", str(PLANS)], "ja")
    _, en, _ = _run(["lint", "-F", "json", str(PLANS)], "en")
    assert ja.encode() == en.encode()
    messages = [f["message"] for f in __import__("json").loads(ja)["findings"]]
    assert messages and all(JAPANESE.search(m) for m in messages)
    # and again with the cache warm from the other language's run
    _, en_again, _ = _run(["lint", "-F", "json", str(PLANS)], "en")
    assert en_again == ja


def test_lint_json_from_worker_processes_is_in_the_default_language(tmp_path: Path) -> None:
    """Enough files to lint in worker processes (engine.PARALLEL_MIN_FILES): they speak the
    language of the report too."""
    import shutil

    from xplan.lint.engine import PARALLEL_MIN_FILES

    for n in range(2):
        shutil.copytree(PLANS, tmp_path / f"copy{n}")
    assert len(list(tmp_path.rglob("*.yaml"))) >= PARALLEL_MIN_FILES
    out = {lang: _run(["lint", "-F", "json", "--no-cache", "-j", "2", str(tmp_path)], lang)[1] for lang in ("ja", "en")}
    assert out["ja"] == out["en"] and "がありません" in out["en"] and "is missing" not in out["en"]


def test_lint_text_speaks_the_chosen_language(english: None) -> None:
    """English: the rules' messages, severities and summary in English; the only Japanese left
    is the plans' own words and the places they name (課題B（3） 取組(2))."""
    import json

    from xplan.lint.engine import lint_paths
    from xplan.lint.rules import where
    from xplan.plan.loader import load
    from xplan.plan.model import build_plan

    code, out, _ = _run(["lint", str(PLANS)], "en")
    assert code == 0
    assert "課題B（3）: the section “⑤ actions” is missing; the document may be cut short here" in out
    assert re.search(r"^\d+ errors, \d+ warnings, \d+ info in \d+ of \d+ files$", out, flags=re.M)
    findings = lint_paths([PLANS]).findings
    assert findings
    texts = {f.file: Path(f.file).read_text(encoding="utf-8") for f in findings}
    for f in findings:
        assert f"  {f.severity}  {f.code} {f.name}  {f.message}\n" in out
        data = load(f.file).data
        place = where(build_plan(data, f.file), f.pointer) if data is not None else ""
        rest = f.message.replace(place, "", 1)
        assert all(w in texts[f.file] for w in re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]+", rest)), f.message
    # Japanese: the same findings, with the Japanese wording and summary, nothing glued on
    code, out, _ = _run(["lint", str(PLANS)], "ja")
    assert "課題B（3）: ⑤取組内容がありません（文書がここで途切れている可能性があります）" in out
    assert re.search(r"^エラー \d+ 件、警告 \d+ 件、情報 \d+ 件（\d+ ファイル中 \d+ ファイル）$", out, flags=re.M)
    assert not any(GLUED.search(line) for line in out.splitlines() if not re.match(r"\s*\d+ \| ", line))
    assert json.loads(_run(["lint", "-F", "json", str(PLANS)], "en")[1])["summary"]["warnings"] == \
        len([f for f in findings if f.severity == "warning"])


def test_every_rule_is_documented_in_both_languages() -> None:
    """`xplan rules`, `xplan rule` and SARIF show each rule's summary and documentation in the
    chosen language: a rule written with a plain docstring (not in the catalog) fails here."""
    from xplan.i18n import speaking
    from xplan.lint.registry import all_rules

    cat = _catalog()
    for rule in all_rules():
        own_summary = [] if rule.doc.startswith(rule.summary + "\n") else [rule.summary]  # else the doc's first line
        for text in (rule.doc, *own_summary, *([rule.fix] if rule.fix else [])):
            entry = cat.get(text)  # type: ignore[attr-defined]
            assert entry is not None and entry.string, f"{rule.code}: {text[:60]!r} is not in xplan.po"
        with speaking("ja"):
            ja = rule.shown_summary()
        with speaking("en"):
            en = rule.shown_summary()
        # (as people read it: without the docstring's reStructuredText markup)
        assert en == rule.summary.replace("``", "") and JAPANESE.search(ja) and ja != en, rule.code


def test_rules_and_rule_speak_the_chosen_language() -> None:
    _, ja, _ = _run(["rule", "P321"], "ja")
    _, en, _ = _run(["rule", "P321"], "en")
    assert ja.startswith("P321 missing-detail (既定の重大度: 警告") and "\n課題一覧の表にある課題に詳細ページがない。\n" in ja
    assert "\nAn issue listed in the overview table has no detail section.\n" in en
    _, ja, _ = _run(["rules", "-F", "csv"], "ja")
    _, en, _ = _run(["rules", "-F", "csv"], "en")
    assert "P304,action-without-schedule,警告,ファイルごと,,四半期のスケジュールがない取組。" in ja
    assert "P304,action-without-schedule,warning,per file,,An action with no quarterly schedule." in en
    # JSON: the same in both languages, its sentences in Japanese like lint -F json's messages
    for args in (["rules", "-F", "json"], ["rule", "P321", "-F", "json"]):
        assert _run(args, "ja")[1] == _run(args, "en")[1], args
    assert "四半期のスケジュールがない取組。" in _run(["rules", "-F", "json"], "en")[1]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_rule_texts_have_no_restructuredtext_markup(lang: str) -> None:
    """The rules' docs are module docstrings in reStructuredText (``q1: []``); what people read —
    `xplan rule`, `xplan rules`, SARIF — is plain text, and refilling never splits a literal
    (P305's ``- continues: true`` once broke after its dash)."""
    import json

    from xplan.lint.registry import all_rules

    shown = []
    for rule in all_rules():
        code, text, err = _run(["rule", rule.code, "--width", "80"], lang)
        assert code == 0, err
        shown.append(text)
        assert "``" not in text and ":ref:" not in text, (rule.code, text)
        assert all(wcswidth(line) <= 80 for line in text.splitlines()), (rule.code, text)
    assert "- continues: true" in shown[[r.code for r in all_rules()].index("P305")]
    for args in (["rules", "-F", "csv"], ["rules", "-F", "json"], ["rule", "P301", "-F", "json"]):
        assert "``" not in _run(args, lang)[1], args
    assert "[] と書きます" in json.loads(_run(["rule", "P301", "-F", "json"], lang)[1])["doc"]


def test_sarif_follows_the_chosen_language(tmp_path: Path) -> None:
    import json

    docs = {}
    for lang in ("ja", "en"):
        out = tmp_path / f"{lang}.sarif"
        code, _, err = _run(["lint", "-F", "sarif", "-o", str(out), str(PLANS)], lang)
        assert code == 0, err
        run = json.loads(out.read_text(encoding="utf-8"))["runs"][0]
        docs[lang] = ({r["id"]: r["shortDescription"]["text"] for r in run["tool"]["driver"]["rules"]},
                      [r["message"]["text"] for r in run["results"]])
    assert docs["ja"][0]["P321"] == "課題一覧の表にある課題に詳細ページがない。"
    assert docs["en"][0]["P321"] == "An issue listed in the overview table has no detail section."
    assert any("詳細ページがありません" in m for m in docs["ja"][1])
    assert any("has no detail section" in m for m in docs["en"][1])

# -- load and schema messages: one language, also from a warm cache ---------------------------------

def test_schema_errors_follow_the_language_from_a_warm_cache(tmp_path: Path) -> None:
    """The plan cache keeps schema errors in the language they were found in: a run in Japanese
    then one in English on a warm cache says them in English, and back again in Japanese."""
    import shutil

    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    target = plans / "R7" / "seisaku.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("impact: 高", "impact: 中", 1), encoding="utf-8")
    env = {"NO_COLOR": "1", "XPLAN_CACHE_DIR": str(tmp_path / "cache")}
    said = {}
    for lang in ("ja", "en", "ja", "en"):
        r = runner.invoke(app, ["--lang", lang, "issues", "--plans", str(plans)], env=env)
        assert r.exit_code == 0, r.output
        said.setdefault(lang, set()).add(r.stderr)
    assert len(said["ja"]) == len(said["en"]) == 1  # cold and warm say the same
    [ja], [en] = said["ja"], said["en"]
    assert '課題A（1）: 「impact」の値 "中" は使えません' in ja and "cannot be" not in ja
    assert '課題A（1）: impact cannot be "中": it must be one of 高, 低' in en
    assert not set(JAPANESE.findall(en)) - set("課題政策局中高低")  # only plan data and the value typed
    assert any((tmp_path / "cache").rglob("*")), "the second run of each language was warm"


# -- click's own usage errors -----------------------------------------------------------------------

USAGE_ERRORS = [
    (["issues", "--bogus"], "そのようなオプションはありません: --bogus", "No such option: --bogus"),
    (["issues", "--org"], "オプション '--org' には値が必要です。", "Option '--org' requires an argument."),
    (["rule"], "引数 'CODE|NAME' を指定してください。", "Missing argument 'CODE|NAME'."),
    (["issues", "--width", "abc"], "'--width' の値が正しくありません: 'abc' は整数ではありません",
     "Invalid value for '--width': 'abc' is not an integer"),
    (["issues", "extra"], "余分な引数があります（extra）", "Got unexpected extra arguments (extra)"),
    (["isues"], "コマンド 'isues' はありません。もしかして 'issues'", "No such command 'isues'. Did you mean 'issues'"),
]
CLICK_ENGLISH = re.compile(r"No such|Missing|Invalid value|Usage:|Try '|requires an|unexpected extra|Error")


@pytest.mark.parametrize("args, ja, en", USAGE_ERRORS, ids=[" ".join(a) for a, _, _ in USAGE_ERRORS])
def test_click_usage_errors_speak_the_chosen_language(args: list[str], ja: str, en: str) -> None:
    """typer's copy of click writes these in English f-strings; xplan says them again (exit 2)."""
    import subprocess
    import sys

    def xplan(*argv: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in __import__("os").environ.items() if k != "XPLAN_LANG"}
        return subprocess.run([sys.executable, "-m", "xplan", *argv], capture_output=True, text=True,
                              env={**env, "NO_COLOR": "1", "COLUMNS": "200"}, timeout=60)

    japanese = xplan(*args)  # the default language
    assert japanese.returncode == 2 and ja in japanese.stderr, japanese.stderr
    assert not CLICK_ENGLISH.search(japanese.stderr), japanese.stderr
    if "rule" in args or ("issues" in args and "--org" not in args):
        assert "使い方: xplan" in japanese.stderr and "でヘルプを表示します" in japanese.stderr
    english = xplan("--lang", "en", *args)
    assert english.returncode == 2 and en in english.stderr, english.stderr
    assert not JAPANESE.search(english.stderr), english.stderr


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("width", [40, 80])
def test_rule_documentation_is_refilled_to_the_width(lang: str, width: int) -> None:
    """`xplan rule` fills the documentation to --width (80 when not on a terminal), breaking
    Japanese at phrases: no line wider, none starting with 、。）, no ASCII word split."""
    from xplan.output.wrap import NO_START
    from xplan.output.wrap import width as columns

    for code in ("P381", "P352", "E102"):
        _, out, _ = _run(["rule", code, "--width", str(width)], lang)
        body = out.split("\n", 2)[2]
        lines = body.splitlines()
        assert all(columns(line) <= width for line in lines), out
        assert not [line for line in lines if line and line[0] in NO_START], out
        words = set(re.findall(r"[A-Za-z][A-Za-z-]+", _run(["rule", code, "--width", "1000"], lang)[1]))
        assert set(re.findall(r"[A-Za-z][A-Za-z-]+", out)) <= words, out  # no word cut in two
    # the configuration example keeps its lines and indentation
    _, out, _ = _run(["rule", "P352", "--width", str(width)], lang)
    assert "\n    [tool.xplan]\n    progress-as-of = \"2025-12\"\n" in out


def test_a_message_is_text_now_and_json_in_the_default_language(english: None) -> None:
    """xplan.i18n.Message: the current language wherever it is shown, the default one in JSON."""
    from xplan.i18n import Message, fixed

    absent = Message("(not stated)")
    note = Message("{absent}: the document prints no cell for that quarter", absent=absent)
    assert note == "(not stated): the document prints no cell for that quarter" and isinstance(note, str)
    assert fixed(note) == "(記載なし): その四半期の欄が文書に印刷されていない" == note.in_language("ja")
    assert fixed("plain text") == "plain text"  # plan data passes through as it is
    import pickle

    assert pickle.loads(pickle.dumps(note)) == str(note)  # crosses process boundaries as text
