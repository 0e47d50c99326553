"""`xplan import` on the command line: where it writes, what it refuses, and its exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS, SOURCES, seed_text
from typer.testing import CliRunner

from xplan.cli import app

SEED = "R8/kokurakita"


def _seed() -> Path:
    seed_text(SEED)  # skips when the seeds are not there
    return SEEDS / SOURCES[SEED]


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "xplan", *args], input=stdin, capture_output=True, timeout=60)


def test_writes_the_plan_to_a_file_and_says_what_it_read(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    r = _run("import", str(_seed()), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    text = out.read_text(encoding="utf-8")
    assert "fiscal_year: R8" in text and "# xplan: 要確認" in text
    err = r.stderr.decode()
    assert "課題 6 件" in err and "取組 13 件" in err and "要確認 1 件" in err


def test_stdout_and_stdin(tmp_path: Path) -> None:
    r = _run("import", "-", stdin=_seed().read_bytes())
    assert r.returncode == 0
    assert r.stdout.decode().startswith("# yaml-language-server: $schema=../../schema/plan.schema.json\n")


def test_plans_dir_names_the_file_by_year_and_slug(tmp_path: Path) -> None:
    r = _run("import", str(_seed()), "--plans", str(tmp_path))
    assert r.returncode == 0, r.stderr.decode()
    target = tmp_path / "R8" / "kokurakita.yaml"
    document = next(line.split(": ", 1)[1] for line in target.read_text(encoding="utf-8").splitlines()
                    if line.startswith("  document: "))
    assert (target.parent / document).resolve() == _seed().resolve()  # as the bundled plans name theirs


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    out.write_text("mine\n", encoding="utf-8")
    r = _run("import", str(_seed()), "-o", str(out))
    assert r.returncode == 2 and out.read_text(encoding="utf-8") == "mine\n"
    assert "--force" in r.stderr.decode()
    assert _run("import", str(_seed()), "-o", str(out), "--force").returncode == 0
    assert out.read_text(encoding="utf-8").startswith("schema_version") or "schema_version: 1" in out.read_text()


@pytest.mark.parametrize(("name", "content", "words"), [
    ("empty.txt", b"", "空"),
    ("blank.txt", b"\n  \n", "空"),
    ("binary.txt", b"\x00\x01\x02\xff" * 50, "バイナリ"),
    ("note.txt", "今日は良い天気です。\n".encode(), "局区X方針の文書として読めません"),
    ("fake.pdf", b"not a pdf at all", "形式のファイルではありません"),
    ("fake.docx", b"PK\x03\x04garbage", "ZIP"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "暗号化"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, name: str, content: bytes, words: str) -> None:
    src = tmp_path / name
    src.write_bytes(content)
    out = tmp_path / "draft.yaml"
    r = _run("import", str(src), "-o", str(out))
    err = r.stderr.decode()
    assert r.returncode == 2, err
    assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists()


def test_unknown_organisation_and_missing_file(tmp_path: Path) -> None:
    r = _run("import", str(_seed()), "--org", "火星局", "-o", str(tmp_path / "x.yaml"))
    assert r.returncode == 2 and "火星局" in r.stderr.decode()
    r = _run("import", str(tmp_path / "nothing.txt"))
    assert r.returncode == 2 and "ファイルがありません" in r.stderr.decode()
    assert not (tmp_path / "x.yaml").exists()


def test_one_bad_source_does_not_stop_the_others(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("ただのメモ\n", encoding="utf-8")
    r = _run("import", str(bad), str(_seed()), "--plans", str(tmp_path / "plans"))
    assert r.returncode == 2
    assert (tmp_path / "plans" / "R8" / "kokurakita.yaml").is_file()


def test_help_gives_the_interface() -> None:
    result = CliRunner().invoke(app, ["--lang", "en", "import", "--help"])
    assert result.exit_code == 0
    for option in ("SOURCE...", "--org", "--year", "--output", "-o", "--plans", "--force", "Examples"):
        assert option in result.output


@pytest.mark.parametrize("args", [["-o", "a.yaml", "--plans", "p"], ["-o", "a.yaml", "x", "y"], ["x", "y"]])
def test_usage_errors(args: list[str]) -> None:
    result = CliRunner().invoke(app, ["import", *args])
    assert result.exit_code == 2


def test_a_fifo_is_refused_unread(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)
    r = _run("import", str(fifo))
    assert r.returncode == 2 and "plan.txt" in r.stderr.decode()
