"""Every kind of bad input gives a located finding or a clear usage error — promptly, with the
other files still checked, never a traceback and never executed code."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PLANS

from xplan.i18n import set_language
from xplan.lint.engine import lint_paths
from xplan.plan.loader import load

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

GOOD = (PLANS / "R8" / "kokurakita.yaml").read_text(encoding="utf-8")

BAD: dict[str, tuple[bytes, str, int, int]] = {
    # name: (content, expected code, line, column)
    "syntax": (b"schema_version: 1\norganisation: [a, b\nfiscal_year: R7\n", "E103", 3, 12),
    "tab": (b"schema_version: 1\norganisation:\n\tname: x\n", "E103", 3, 1),
    "cp932": ("schema_version: 1\nmission:\n  - 区民の暮らし\n".encode("cp932"), "E102", 3, 5),
    "duplicate": (b"schema_version: 1\nfiscal_year: R7\nfiscal_year: R8\n", "E104", 3, 1),
    "empty": (b"", "E105", 1, 1),
    "comments_only": (b"# nothing here\n", "E105", 1, 1),
    "top_list": (b"- a\n- b\n", "E106", 1, 1),
    "top_scalar": (b"just text\n", "E106", 1, 1),
    "python_tag": (b"schema_version: !!python/object/apply:os.system ['touch PWNED']\n", "E107", 1, 17),
    "custom_tag": (b"schema_version: !include other.yaml\n", "E107", 1, 17),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "E111", 3, 1),
    "deep": (b"a: " + b"[" * 3000 + b"]" * 3000 + b"\n", "E109", 1, 1),
    "alias_bomb": ("\n".join(["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"] +
                             [f"a{i}: &a{i} [{', '.join([f'*a{i-1}'] * 10)}]" for i in range(1, 9)]).encode() + b"\n",
                   "E110", 1, 1),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_gives_located_finding(name: str, tmp_path: Path) -> None:
    content, code, line, column = BAD[name]
    f = tmp_path / f"{name}.yaml"
    f.write_bytes(content)
    start = time.monotonic()
    loaded = load(f)
    assert time.monotonic() - start < 10  # promptly, whatever the input
    assert loaded.data is None
    [finding] = loaded.findings
    assert (finding.code, finding.line, finding.column) == (code, line, column), finding.message
    # one language at a time: Japanese by default, English on request, never both glued together
    assert finding.severity == "error" and JAPANESE.search(finding.message), finding.message
    set_language("en")
    try:
        [english] = load(f).findings
    finally:
        set_language("ja")
    assert (english.code, english.line) == (code, line) and not JAPANESE.search(english.message), english.message


def test_python_tag_is_never_executed(tmp_path: Path) -> None:
    f = tmp_path / "evil.yaml"
    f.write_text(f"x: !!python/object/apply:os.system ['touch {tmp_path}/PWNED']\n", encoding="utf-8")
    lint_paths([f])
    assert not (tmp_path / "PWNED").exists()


def test_cp932_message_says_what_to_do(tmp_path: Path) -> None:
    f = tmp_path / "sjis.yaml"
    f.write_bytes(BAD["cp932"][0])
    [finding] = load(f).findings
    assert "CP932" in finding.message and "UTF-8" in finding.message


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    f = tmp_path / "R8" / "kokurakita.yaml"
    f.parent.mkdir()
    f.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    loaded = load(f)
    assert loaded.findings == [] and loaded.data["organisation"]["name"] == "小倉北区"


def test_huge_file_is_refused_without_parsing(tmp_path: Path) -> None:
    f = tmp_path / "huge.yaml"
    with f.open("wb") as fh:
        line = ("- " + "あ" * 300 + "\n").encode()
        fh.write(b"items:\n" + line * (30 * 2**20 // len(line)))  # ~30 MB
    start = time.monotonic()
    [finding] = load(f).findings
    assert time.monotonic() - start < 2
    assert finding.code == "E108" and "MB" in finding.message


def test_unreadable_file(tmp_path: Path) -> None:
    f = tmp_path / "gone.yaml"
    f.symlink_to(tmp_path / "missing-target.yaml")  # dangling: cannot be read, even as root
    [finding] = load(f).findings
    assert finding.code == "E101" and finding.line == 1


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    for name, (content, _, _, _) in BAD.items():
        (tmp_path / f"{name}.yaml").write_bytes(content)
    good = tmp_path / "R8" / "kokurakita.yaml"
    good.parent.mkdir()
    good.write_text(GOOD.replace("  - id: B1\n", "  - id: B1\n    urgncy: 高\n"), encoding="utf-8")
    result = lint_paths([tmp_path])
    by_file = {Path(f.file).stem: f.code for f in result.findings if f.severity == "error"}
    assert {k: v for k, v in by_file.items() if k in BAD} == {k: v[1] for k, v in BAD.items()}
    typo = [f for f in result.findings if f.code == "S201"]
    assert len(typo) == 1 and typo[0].file == str(good) and "urgency" in typo[0].message
    assert result.exit_code() == 1


def _xplan(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "XPLAN_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "xplan", *args], capture_output=True, text=True, cwd=cwd, env=env)


def test_cli_bad_inputs_exit_codes_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("x")
    r = _xplan("lint", str(tmp_path / "empty"))
    assert r.returncode == 2 and "no *.yaml" in r.stderr and "Traceback" not in r.stderr
    r = _xplan("lint", str(tmp_path / "does-not-exist"))
    assert r.returncode == 2 and "no such file" in r.stderr and "Traceback" not in r.stderr
    (tmp_path / "bad.yaml").write_bytes(BAD["python_tag"][0])
    r = _xplan("lint", "--format", "json", str(tmp_path / "bad.yaml"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    report = json.loads(r.stdout)
    assert report["findings"][0]["code"] == "E107" and report["findings"][0]["line"] == 1
