"""Writers never lose a user's file (issue 23, cases 1, 3, 4 and 6; issue 31 case 6's fmt side).

- ``write_atomic``: the complete new content is on disk before it replaces the old; a file with
  other hard links keeps them and is never cut short on a full disk; a file edited or deleted
  while xplan ran is left as the user left it.
- ``fmt`` and ``lint --fix`` on a full disk, a read-only file or folder, a link out of the
  folder they were given: a one-line message, exit 2, the file untouched, nothing counted.
- ``fmt`` on what lint refuses to load (duplicate keys, tags, ``%YAML 1.3``) and on CR, NEL,
  U+2028 line breaks: a located message and exit 2, or a correct layout; never exit 3.
- Every other exit 3 of the issue: ``diff -o`` to places that cannot be written, standard output
  on ``/dev/full``, ``report`` on ``as_of: x``, ``typer.Abort``.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLANS
from writer_faults import comment_words, fill, full_disk, run, small_fs

from xplan.output.files import OutputError, write_atomic

SEISAKU = PLANS / "R7" / "seisaku.yaml"


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """Messages of the library calls in English, to match them (the commands run with --lang en)."""


def _messy_plan(path: Path) -> bytes:
    """A real plan written four-wide with a comment and flow lists: fmt rewrites it, larger."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.indent(mapping=4, sequence=4, offset=2)
    yaml.width = 4096
    data = yaml.load(SEISAKU.read_text(encoding="utf-8"))
    data["issues"] = data["issues"][:2]
    import io

    buf = io.StringIO()
    yaml.dump(data, buf)
    text = "# 注記: 残してください\n" + buf.getvalue()
    path.write_text(text, encoding="utf-8")
    return text.encode("utf-8")


def _fixable_plan(path: Path) -> bytes:
    text = SEISAKU.read_text(encoding="utf-8").replace("  - id: A1\n", "  - id: Ａ１  # 全角のまま\n", 1)
    path.write_text(text, encoding="utf-8")
    return text.encode("utf-8")


# -- write_atomic ------------------------------------------------------------------------------------

def test_hard_linked_file_gets_the_new_content_in_every_link(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("old\n")
    a.chmod(0o640)
    os.link(a, b)
    write_atomic(a, "new content\n" * 100)
    assert os.stat(a).st_ino == os.stat(b).st_ino and os.stat(a).st_nlink == 2
    assert b.read_text() == "new content\n" * 100
    assert stat.S_IMODE(a.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]  # no temporary file left


@pytest.mark.parametrize("linked", [False, True])
def test_full_disk_leaves_the_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, linked: bool) -> None:
    a = tmp_path / "a.yaml"
    a.write_bytes(b"schema_version: 1\n" * 50)
    if linked:
        os.link(a, tmp_path / "b.yaml")
    before = sorted(p.name for p in tmp_path.iterdir())
    with full_disk(monkeypatch, tmp_path), pytest.raises(OutputError, match="No space left"):
        write_atomic(a, "schema_version: 1\n" * 500)
    assert a.read_bytes() == b"schema_version: 1\n" * 50
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_hard_link_reserves_room_before_changing_a_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The temporary file fits but the hard-linked file cannot grow: nothing changes."""
    a = tmp_path / "a.yaml"
    a.write_bytes(b"x: 1\n" * 10)
    os.link(a, tmp_path / "b.yaml")

    def no_room(fd: int, offset: int, length: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "posix_fallocate", no_room)
    with pytest.raises(OutputError):
        write_atomic(a, "x: 2\n" * 1000)
    assert a.read_bytes() == b"x: 1\n" * 10 and (tmp_path / "b.yaml").read_bytes() == b"x: 1\n" * 10


def test_hard_link_write_failing_half_way_puts_the_old_content_back(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    a = tmp_path / "a.yaml"
    old = "古い内容\n".encode() * 100
    a.write_bytes(old)
    os.link(a, tmp_path / "b.yaml")
    real_pwrite, calls = os.pwrite, []

    def pwrite(fd: int, data: bytes, offset: int) -> int:
        calls.append(offset)
        if len(calls) == 1:  # half of the new content lands, then the disk fails
            real_pwrite(fd, data[: len(data) // 2], offset)
            raise OSError(errno.EIO, "Input/output error")
        return real_pwrite(fd, data, offset)

    monkeypatch.setattr(os, "pwrite", pwrite)
    with pytest.raises(OutputError, match="Input/output error"):
        write_atomic(a, "新しい内容\n" * 100)
    assert a.read_bytes() == old and (tmp_path / "b.yaml").read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]


def test_when_even_the_old_content_cannot_go_back_the_new_one_is_kept_and_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = tmp_path / "a.yaml"
    a.write_bytes(b"old\n" * 10)
    os.link(a, tmp_path / "b.yaml")

    def broken(fd: int, data: bytes, offset: int) -> int:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "pwrite", broken)
    with pytest.raises(OutputError) as caught:
        write_atomic(a, "new\n" * 10)
    kept = re.search(r"in (\S+)$", str(caught.value))
    assert kept is not None and Path(kept.group(1)).read_bytes() == b"new\n" * 10


def test_a_file_edited_or_deleted_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    a.write_bytes(b"read by xplan\n")
    a.write_bytes(b"saved by the editor\n")
    with pytest.raises(OutputError, match="changed while xplan was running"):
        write_atomic(a, "formatted\n", expected=b"read by xplan\n")
    assert a.read_bytes() == b"saved by the editor\n"
    a.unlink()
    with pytest.raises(OutputError, match="removed while xplan was running"):
        write_atomic(a, "formatted\n", expected=b"read by xplan\n")
    assert not a.exists() and list(tmp_path.iterdir()) == []


def test_on_a_real_full_tmpfs_a_hard_linked_plan_is_never_cut() -> None:
    """The issue's case: a 64 KB tmpfs, a hard-linked plan that fmt makes longer."""
    with small_fs(64) as mnt:
        if mnt is None:
            pytest.skip("cannot mount a tmpfs here (not root); the simulated full disk covers this")
        plan = mnt / "plan.yaml"
        old = _messy_plan(plan)
        os.link(plan, mnt / "link.yaml")
        fill(mnt)
        code, _out, err = run(["fmt", str(plan)])
        assert code == 2 and "No space left on device" in err and "Traceback" not in err
        assert "0 files reformatted" in err  # a failed write is never counted
        assert plan.read_bytes() == old and (mnt / "link.yaml").read_bytes() == old
        assert sorted(p.name for p in mnt.iterdir()) == [".filler", "link.yaml", "plan.yaml"]
        (mnt / ".filler").unlink()
        code, _out, err = run(["fmt", str(plan)])  # with room again, both links get the layout
        assert code == 0, err
        assert plan.read_bytes() == (mnt / "link.yaml").read_bytes() != old
        assert comment_words(plan.read_text(encoding="utf-8")) == comment_words(old.decode())


# -- fmt and lint --fix: exit 2, the file untouched, nothing counted ----------------------------------

@pytest.mark.parametrize("command", [["fmt"], ["lint", "--fix"]])
def test_writers_on_a_simulated_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          command: list[str]) -> None:
    plan = tmp_path / "plan.yaml"
    old = _messy_plan(plan) if command == ["fmt"] else _fixable_plan(plan)
    os.link(plan, tmp_path / "link.yaml")
    with full_disk(monkeypatch, tmp_path):
        code, _out, err = run([*command, str(plan)])
    assert code == 2 and "No space left on device" in err, err
    assert "internal error" not in err
    assert re.search(r"\b0 (files reformatted|fixes applied)", err), err
    assert plan.read_bytes() == old and (tmp_path / "link.yaml").read_bytes() == old


def _read_only_folder(folder: Path) -> tuple[list[str], list[str]]:
    """Commands that make ``folder`` read-only and undo it: a read-only remount of a tmpfs for
    root (whom permissions do not stop), else the folder's mode."""
    if os.geteuid() == 0:
        return ["mount", "-o", "remount,ro", str(folder)], ["mount", "-o", "remount,rw", str(folder)]
    return ["chmod", "555", str(folder)], ["chmod", "755", str(folder)]


@pytest.mark.parametrize("command", [["fmt"], ["lint", "--fix"]])
def test_writers_on_a_read_only_file_and_folder(tmp_path: Path, command: list[str]) -> None:
    plan = tmp_path / "plan.yaml"
    old = _messy_plan(plan) if command == ["fmt"] else _fixable_plan(plan)
    plan.chmod(0o444)
    code, _out, err = run([*command, str(plan)])
    assert code == 2 and "read-only" in err and "internal error" not in err, err
    assert plan.read_bytes() == old
    plan.chmod(0o644)
    with small_fs(512) as mnt:
        folder = mnt if mnt is not None else tmp_path / "ro"
        folder.mkdir(exist_ok=True)
        inside = folder / "plan.yaml"
        shutil.copy(plan, inside)
        lock, unlock = _read_only_folder(folder)
        if os.geteuid() == 0 and mnt is None:
            pytest.skip("root ignores a folder's mode and no tmpfs can be mounted to remount read-only")
        subprocess.run(lock, check=True)
        try:
            code, _out, err = run([*command, str(inside)])
        finally:
            subprocess.run(unlock, check=True)
        assert code == 2 and "internal error" not in err, err
        assert inside.read_bytes() == old and sorted(p.name for p in folder.iterdir()) == ["plan.yaml"]


@pytest.mark.parametrize("command", [["fmt"], ["lint", "--fix"]])
def test_writers_never_follow_a_link_out_of_the_folder_given(tmp_path: Path, command: list[str]) -> None:
    plans, outside = tmp_path / "plans", tmp_path / "outside"
    (plans / "R7").mkdir(parents=True)
    (outside / "R6").mkdir(parents=True)
    make = _messy_plan if command == ["fmt"] else _fixable_plan
    old_file, old_folder = make(outside / "real.yaml"), make(outside / "R6" / "x.yaml")
    (plans / "R7" / "linked.yaml").symlink_to(outside / "real.yaml")
    (plans / "R6").symlink_to(outside / "R6")
    code, _out, err = run([*command, str(plans)])
    assert code == 2 and err.count("not written: a symbolic link leads to") == 2, err
    assert (outside / "real.yaml").read_bytes() == old_file and (outside / "R6" / "x.yaml").read_bytes() == old_folder
    code, _out, err = run([*command, str(plans / "R7" / "linked.yaml")])  # named: the user asked for it
    assert code in (0, 1) and (outside / "real.yaml").read_bytes() != old_file, err


# -- fmt: what it cannot lay out safely is named, located, and left alone -----------------------------

REFUSED = {
    "duplicate key in an issue": ("issues:\n  - id: A1\n    title: x\n    id: A2\n", "E104", 4),
    "duplicate top-level key": ("a: 1\nb: 2\na: 3\n", "E104", 3),
    "local tag": ("a: !foo bar\n", "E107", 1),
    "verbatim tag": ("a: !<tag:x> bar\n", "E107", 1),
    "local tag with an anchor": ("anchored: !local &anchor value\n", "E107", 1),
    "!!int x": ("a: !!int x\n", "E103", 1),
    "!!set": ("a: !!set {x, y}\n", "E107", 1),
    "%YAML 1.3": ("%YAML 1.3\n---\na: 1\n", "E117", 1),
    "merge key": ("b: &x {c: 1}\na:\n  <<: *x\n", "E107", 3),
    "two documents": ("a: 1\n---\nb: 2\n", "E114", 2),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_fmt_refuses_what_lint_cannot_load(tmp_path: Path, case: str) -> None:
    text, code_, line = REFUSED[case]
    f = tmp_path / "plan.yaml"
    f.write_text(text, encoding="utf-8")
    for args in (["fmt", str(f)], ["fmt", "--check", str(f)]):
        code, _out, err = run(args)
        assert code == 2, err
        assert re.search(rf"plan\.yaml:{line}:\d+: cannot format: {code_} ", err), err
        assert "internal error" not in err and "Traceback" not in err
    assert f.read_text(encoding="utf-8") == text


LINE_BREAKS = {
    "CR": "\r", "NEL": "\x85", "U+2028": "\u2028", "U+2029": "\u2029",
}


@pytest.mark.parametrize("name", sorted(LINE_BREAKS))
def test_fmt_lays_out_a_file_with_other_line_breaks(tmp_path: Path, name: str) -> None:
    from xplan.plan.loader import parse

    br = LINE_BREAKS[name]
    text = br.join(["# 見出し", "issues:", "  # A1 について", "  - id: A1  # 行末", "    title: 題", ""])
    f = tmp_path / "plan.yaml"
    f.write_text(text, encoding="utf-8", newline="")
    code, _out, err = run(["fmt", str(f)])
    assert code == 0, err
    after = f.read_text(encoding="utf-8")
    assert after == "# 見出し\nissues:\n  # A1 について\n  - id: A1  # 行末\n    title: 題\n"
    assert parse("a", after).data == parse("b", text).data


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_fmt_keeps_comments_in_place_around_a_quoted_line_separator(tmp_path: Path, char: str) -> None:
    """Case 3: the C parser counts U+2028/U+2029/NEL as line breaks; fmt counts lines as it does,
    so no comment moves to another key."""
    text = f"# 見出し\nz: 'a{char}b'\n# a の説明\na: 1  # a の行末\n# b の説明\nb: 2\n"
    f = tmp_path / "plan.yaml"
    f.write_text(text, encoding="utf-8")
    code, _out, err = run(["fmt", str(f)])
    assert code == 0, err
    lines = f.read_text(encoding="utf-8").splitlines()
    assert lines[2:] == ["# a の説明", "a: 1  # a の行末", "# b の説明", "b: 2"]


def test_fmt_summary_counts_only_files_written(tmp_path: Path) -> None:
    good, bad = tmp_path / "a.yaml", tmp_path / "b.yaml"
    _messy_plan(good)
    _messy_plan(bad)
    bad.chmod(0o444)
    code, _out, err = run(["fmt", str(tmp_path)])
    assert code == 2
    assert "1 file reformatted" in err and "b.yaml" in err


# -- lint --fix -------------------------------------------------------------------------------------

def test_fix_on_a_file_only_the_pure_python_parser_reads(tmp_path: Path) -> None:
    f = tmp_path / "plan.yaml"
    text = _fixable_plan(f).decode() + "zz: [6月:全区]\n"
    f.write_text(text, encoding="utf-8")
    code, _out, err = run(["lint", "--fix", str(f)])
    assert code == 1 and "internal error" not in err, err  # fixed; lint still finds the unknown key
    after = f.read_text(encoding="utf-8")
    assert "  - id: A1  # 全角のまま\n" in after and after.replace("A1  #", "Ａ１  #", 1) == text


def test_fix_leaves_a_file_deleted_meanwhile_deleted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import xplan.write.fixes as fixes

    f = tmp_path / "plan.yaml"
    _fixable_plan(f)
    real = fixes.fix_path

    def fix_then_delete(path: Path, *args: object) -> fixes.Fixed:
        result = real(path, *args)  # type: ignore[arg-type]
        Path(path).unlink()
        return result

    monkeypatch.setattr(fixes, "fix_path", fix_then_delete)
    code, _out, err = run(["lint", "--fix", str(f)])
    assert code == 2 and "removed while xplan was running" in err, err
    assert not f.exists()


# -- case 6: the other exit 3s ----------------------------------------------------------------------

@pytest.mark.parametrize("target", ["missing/x.txt", "fifo", "folder", "/dev/full"])
def test_diff_output_that_cannot_be_written(tmp_path: Path, target: str) -> None:
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    out = target if target.startswith("/") else str(tmp_path / target)
    code, _out, err = run(["diff", "R6", "R7", "--plans", str(PLANS), "-o", out])
    assert code == 2 and err.count("\n") == 1 and "internal error" not in err, err


@pytest.mark.parametrize("args", [
    ["issues", "--plans", str(PLANS), "--all"],
    ["orgs", "--plans", str(PLANS), "-F", "json"],
    ["lint", str(PLANS)],
    ["diff", "R6", "R7", "--plans", str(PLANS), "--text"],
    ["rules", "-F", "json"],
    ["schema"],
])
def test_standard_output_on_a_full_device(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        r = subprocess.run([sys.executable, "-m", "xplan", "--lang", "en", *args], stdout=full,
                           stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"})
    err = r.stderr.decode()
    assert r.returncode == 2, err
    assert "standard output: cannot write (No space left on device)" in err
    assert "internal error" not in err and "Exception ignored" not in err and "Traceback" not in err


def test_report_on_a_checkpoint_dated_x(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    (plans / "R7").mkdir(parents=True)
    text = SEISAKU.read_text(encoding="utf-8")
    assert "as_of: 2025-12\n" in text
    (plans / "R7" / "seisaku.yaml").write_text(text.replace("as_of: 2025-12\n", "as_of: x\n"), encoding="utf-8")
    code, _out, err = run(["report", "--plans", str(plans), "-o", str(tmp_path / "site")])
    assert code == 0 and "internal error" not in err, err
    for command in (["progress", "--plans", str(plans)], ["agenda", "--plans", str(plans), "--year", "R7",
                                                           "--quarter", "3"]):
        code, _out, err = run(command)
        assert code == 0, err


def test_abort_is_a_message_not_a_name_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import typer

    import xplan.cli as cli

    def aborting(argv: list[str]) -> object:
        def app(**kwargs: object) -> None:
            raise typer.Abort()
        return app

    monkeypatch.setattr(cli, "app_for", aborting)
    code, _out, err = run(["issues"])
    assert code == 130 and err.strip() == "Aborted.", err


@pytest.mark.parametrize("key, odd", [("    actions:\n", "5"), ("        schedule:\n", "x"), ("issues:\n", "7")])
def test_fix_on_a_plan_whose_lists_are_not_lists(tmp_path: Path, key: str, odd: str) -> None:
    """Found by bench/writers_fuzz.py: `actions: 5` in a plan with a fixable id was an internal error."""
    f = tmp_path / "plan.yaml"
    text = _fixable_plan(f).decode()
    assert "\n" + key in text
    # the list becomes a scalar; what it held moves under a key the schema does not know
    f.write_text(text.replace("\n" + key, f"\n{key[:-2]}: {odd}\n{key[:-2]}_was:\n", 1), encoding="utf-8")
    code, _out, err = run(["lint", "--fix", str(f)])
    assert code in (1, 2) and "internal error" not in err, err
