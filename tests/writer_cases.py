"""The writers and the faults of the writers' property suite (issue 23, "Done when").

A *writer* is a command line that writes files (``fmt``, ``lint --fix``, ``new``, ``report``, and
whatever lands later: add a ``Writer`` to ``WRITERS``). A *fault* is something that happens to
the files while it runs: a hard link, a link out of the folder, a read-only file or folder, a
full file system, the file deleted or edited between xplan's read and its write. The suite
(tests/test_writers_fuzz.py) and the long run (bench/writers_fuzz.py) run every writer under
every fault, and on mutated plans, and check the same properties (``check``):

- the exit code is never 3 (an internal error) and stderr holds no traceback;
- every file is either its old content or the content the writer writes when nothing goes
  wrong (a reference run on a clean copy): never shorter, never a mixture;
- no comment is lost from a file the writer changed;
- nothing outside the writer's target changes (the hard link's other name is the same file),
  and no temporary file is left behind;
- a file the user deleted or edited meanwhile stays as the user left it.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from writer_faults import comment_words, fill, run, small_fs, snapshot

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"


@dataclass(frozen=True)
class Writer:
    name: str
    argv: Callable[[Path, Path], list[str]]  # (plans folder, work folder) -> command line
    ok: frozenset[int] = frozenset({0})  # exit codes of a run without faults
    # faults that do not apply, with why (a writer that reads but never rewrites the plans …)
    not_for: dict[str, str] = field(default_factory=dict)
    # the files it writes: the plans folder, or a folder of its own (report's site)
    output: Callable[[Path, Path], Path] = lambda plans, work: plans
    # what it writes depends on where it runs (paths in the output): its reference run is made
    # at the same path as each faulted run, not once
    names_its_place: bool = False
    # what may differ between two clean runs (times a file records), blanked before comparing
    volatile: tuple[bytes, ...] = ()


WRITERS = [
    Writer("fmt", lambda plans, work: ["fmt", str(plans)]),
    Writer("fix", lambda plans, work: ["lint", "--fix", str(plans)], ok=frozenset({0, 1})),
    Writer("new", lambda plans, work: ["new", "--org", "総務市民局", "--year", "R8", "--plans", str(plans)],
           names_its_place=True),
    Writer("report", lambda plans, work: ["report", "--plans", str(plans), "-o", str(work / "site")],
           output=lambda plans, work: work / "site", names_its_place=True,
           volatile=(rb'"mtime_ns": *\d+',),  # the report's manifest records when it wrote each page
           not_for={"edited": "a report page is the report's own file (its manifest: issue 23 case 2)",
                    "deleted": "a report page is the report's own file (its manifest: issue 23 case 2)",
                    "symlink": "a linked plan is one more plan to show, so the pages differ by design; links in "
                               "the report folder are the manifest's tests (issue 23 case 2)"}),
    Writer("import", lambda plans, work: ["import", str(ROOT / "sources" / "001_4a827f50e632d607.txt"),
                                          "-o", str(plans / "R7" / "imported.yaml")],
           names_its_place=True),
    # the ⑥ entries of December, to each R7 action (both R7 plans: one reports them already); ⑦⑧ to each issue
    Writer("checkpoint", lambda plans, work: ["checkpoint", "--all-orgs", "--as-of", "2025-12", "--plans", str(plans)]),
    Writer("retro", lambda plans, work: ["retro", "--all-orgs", "--year", "R7", "--plans", str(plans)]),
]
FAULTS = ["none", "hardlink", "symlink", "readonly_file", "readonly_folder", "full", "hardlink_full", "deleted",
          "edited"]


def messy_plans(dest: Path) -> Path:
    """The bundled plans with work for every writer, some of it making a file longer (a full disk
    bites only then): R7 on one line as JSON with a cell written ``→`` (fmt lengthens it by 5 KB,
    lint --fix rewrites the arrow), R6 保健福祉局 laid out four-wide (fmt shortens it), R8 with a
    full-width id and a comment beside it (lint --fix)."""
    import json

    from ruamel.yaml import YAML

    from xplan.plan.loader import load

    plans = dest / "plans"
    shutil.copytree(PLANS, plans)
    seisaku = plans / "R7" / "seisaku.yaml"
    data = load(seisaku).data
    assert data is not None
    cell = next(row[q] for i in data["issues"] for a in i.get("actions", []) for row in a.get("schedule", [])
                for q in ("q1", "q2", "q3", "q4") if {"continues": True} in row.get(q, []))
    cell[cell.index({"continues": True})] = "→"
    flat = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    seisaku.write_text("# 一行の JSON\n" + flat + "\n", encoding="utf-8")
    yaml = YAML(typ="rt")
    yaml.indent(mapping=4, sequence=4, offset=2)
    yaml.width = 4096
    hoken = plans / "R6" / "hoken-fukushi.yaml"
    buf = io.StringIO()
    yaml.dump(yaml.load(hoken.read_text(encoding="utf-8")), buf)
    hoken.write_text("# 注記: 四字下げのまま\n" + buf.getvalue(), encoding="utf-8")
    kokura = plans / "R8" / "kokurakita.yaml"
    text = kokura.read_text(encoding="utf-8")
    assert "  - id: A1\n" in text
    kokura.write_text(text.replace("  - id: A1\n", "  - id: Ａ１  # 全角のまま\n", 1), encoding="utf-8")
    return plans


@dataclass
class Setup:
    """One prepared run: the work folder, the plans, what the fault did, what to compare."""

    work: Path
    plans: Path
    outside: Path  # a folder the writer must never change
    deleted: list[str] = field(default_factory=list)  # plans (relative) the user deleted meanwhile
    edited: dict[str, bytes] = field(default_factory=dict)  # plans the user saved meanwhile: their content
    hard_links: dict[str, str] = field(default_factory=dict)  # a name in outside -> the plan it is a link of
    reference: dict[str, bytes | str] = field(default_factory=dict)  # what the writer writes without a fault
    teardown: list[Callable[[], None]] = field(default_factory=list)


def _outside(work: Path, base: Path) -> Path:
    """A folder beside the plans that no writer is given, with plans fmt and fix would change
    (reached through links in the symlink fault)."""
    out = work / "outside"
    (out / "R6").mkdir(parents=True)
    shutil.copy(base / "R7" / "seisaku.yaml", out / "real.yaml")
    text = (base / "R6" / "hoken-fukushi.yaml").read_text(encoding="utf-8")
    assert "  - id: A1\n" in text
    (out / "R6" / "folder.yaml").write_text(text.replace("  - id: A1\n", "  - id: Ａ１\n", 1), encoding="utf-8")
    return out


def _reference_here(writer: Writer, base: Path, plans: Path, work: Path) -> dict[str, bytes | str]:
    """The reference run at the very path of the faulted run, for a writer whose output names
    where it ran (``new``'s draft, the report's pages); the plans are then copied afresh."""
    shutil.copytree(base, plans, symlinks=True)
    code, _out, err = run(writer.argv(plans, work))
    assert code in writer.ok, f"{writer.name} without a fault exited {code}: {err}"
    output = writer.output(plans, work)
    reference = snapshot(output)
    shutil.rmtree(output)
    if output != plans:
        shutil.rmtree(plans)
    return reference


def _comparable(files: dict[str, bytes | str], volatile: tuple[bytes, ...] = ()) -> dict[str, bytes | str]:
    """Files as compared with the reference run, which ran in another folder: a modeline names
    the schema by a path relative to the file (``new`` writes it), so it is left out, as is what
    the writer says may differ between two clean runs (``Writer.volatile``)."""
    import re

    out: dict[str, bytes | str] = {}
    for name, content in files.items():
        if isinstance(content, bytes) and content.startswith(b"# yaml-language-server:"):
            content = content.split(b"\n", 1)[-1]
        if isinstance(content, bytes):
            for pattern in volatile:
                content = re.sub(pattern, b"<volatile>", content)
        out[name] = content
    return out


@contextlib.contextmanager
def prepared(writer: Writer, fault: str, base: Path, work: Path, reference: dict[str, bytes | str],
             monkeypatch: Any) -> Iterator[Setup]:
    """A copy of ``base`` (a plans folder) in ``work`` with ``fault`` applied (or armed)."""
    work.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        if fault in ("full", "hardlink_full", "readonly_folder"):
            mnt = stack.enter_context(small_fs(4096))
            if mnt is None:
                raise NotImplementedError("no tmpfs (not root): tests/test_writers_safe.py simulates this")
            plans_parent = mnt
        else:
            plans_parent = work
        plans = plans_parent / "plans"
        # on the plans' file system: a hard link cannot cross to another
        outside = _outside(plans_parent if fault == "hardlink_full" else work, base)
        if writer.names_its_place:
            reference = _reference_here(writer, base, plans, work)
        setup = Setup(work, plans, outside, reference=reference)
        shutil.copytree(base, plans, symlinks=True)
        if fault in ("hardlink", "hardlink_full"):
            for name, plan in (("hard7.yaml", "R7/seisaku.yaml"), ("hard6.yaml", "R6/hoken-fukushi.yaml")):
                os.link(plans / plan, outside / name)  # the plan's other name
                setup.hard_links[name] = plan
        elif fault == "symlink":
            (plans / "R7" / "linked.yaml").symlink_to(outside / "real.yaml")
            (plans / "R5").symlink_to(outside / "R6", target_is_directory=True)
        elif fault == "readonly_file":
            for f in plans.rglob("*.yaml"):
                f.chmod(0o444)
            setup.teardown.append(lambda: [f.chmod(0o644) for f in plans.rglob("*.yaml")])
        elif fault == "readonly_folder":
            subprocess.run(["mount", "-o", "remount,ro", str(plans_parent)], check=True)
            stack.callback(lambda: subprocess.run(["mount", "-o", "remount,rw", str(plans_parent)], check=True))
        if fault in ("full", "hardlink_full"):
            fill(plans_parent)
        elif fault in ("deleted", "edited"):
            _arm(fault, setup, monkeypatch)
        try:
            yield setup
        finally:
            for undo in setup.teardown:
                undo()


def _arm(fault: str, setup: Setup, monkeypatch: Any) -> None:
    """Delete or edit the file a writer is about to write, between its read and its write."""
    import xplan.output.files as files

    real = files.write_atomic

    def meddling(path: Path, content: str | bytes, **kwargs: Any) -> None:
        p = Path(path)
        if p.resolve().is_relative_to(setup.plans.resolve()):
            rel = p.resolve().relative_to(setup.plans.resolve()).as_posix()
            if fault == "deleted" and p.exists():
                p.unlink()
                setup.deleted.append(rel)
            elif fault == "edited":  # saved by an editor meanwhile, or made by someone else (new)
                edited = (p.read_bytes() if p.exists() else b"# \xe5\x88\xa5\xe3\x81\xae\xe4\xba\xba\n") + \
                    "# 編集中に保存\n".encode()
                p.write_bytes(edited)
                setup.edited[rel] = edited
        real(path, content, **kwargs)

    monkeypatch.setattr(files, "write_atomic", meddling)


def check(writer: Writer, fault: str, before: dict[str, bytes | str], reference: dict[str, bytes | str],
          setup: Setup, code: int, err: str, outside_before: dict[str, bytes | str]) -> list[str]:
    """What went wrong in one run (empty: nothing)."""
    problems: list[str] = []
    if code == 3 or "Traceback" in err or "internal error" in err:
        problems.append(f"exit {code}: {err.strip()[-300:]}")
    if fault == "none" and code not in writer.ok:
        problems.append(f"exit {code} without a fault: {err.strip()[-300:]}")
    root = writer.output(setup.plans, setup.work)
    after = _comparable(snapshot(root) if root.exists() else {}, writer.volatile)
    before, reference = _comparable(before, writer.volatile), _comparable(reference, writer.volatile)
    for name in sorted(set(before) | set(after) | set(reference)):
        old, new, want = before.get(name), after.get(name), reference.get(name)
        if name in setup.deleted:
            if new is not None:
                problems.append(f"{name}: deleted meanwhile, written again")
            continue
        if name in setup.edited:
            if new != _comparable({name: setup.edited[name]}, writer.volatile)[name]:
                problems.append(f"{name}: edited meanwhile, the edit was lost")
            continue
        if ".xplan-tmp" in name or name.endswith(".filler"):
            if ".xplan-tmp" in name:
                problems.append(f"{name}: a temporary file left behind")
            continue
        if new not in (old, want):
            problems.append(f"{name}: neither its old nor its new content ({_size(old)} / {_size(want)} → "
                            f"{_size(new)} bytes)")
        elif isinstance(old, bytes) and isinstance(new, bytes) and new != old and name.endswith(".yaml"):
            lost = _lost_comments(old, new)
            if lost:
                problems.append(f"{name}: comments lost: {lost[:5]}")
    now_outside = snapshot(setup.outside)
    for name in sorted(set(outside_before) | set(now_outside)):
        if name in setup.hard_links:  # the plan's other name: the same file, whatever it holds now
            plan = setup.plans / setup.hard_links[name]
            if not os.path.samefile(setup.outside / name, plan):
                problems.append(f"outside/{name}: no longer the same file as {setup.hard_links[name]}")
            continue
        if outside_before.get(name) != now_outside.get(name):
            problems.append(f"outside/{name}: changed by a writer that was not given it")
    return problems


def _size(value: bytes | str | None) -> str:
    return "-" if value is None else str(len(value))


def _lost_comments(old: bytes, new: bytes) -> list[str]:
    from collections import Counter

    try:
        a, b = Counter(comment_words(old.decode("utf-8"))), Counter(comment_words(new.decode("utf-8")))
    except UnicodeDecodeError:
        return []
    return sorted((a - b).elements())


def run_case(writer: Writer, fault: str, base: Path, work: Path, reference: dict[str, bytes | str],
             monkeypatch: Any) -> list[str]:
    """Run one writer under one fault on a copy of ``base``; the problems found."""
    with prepared(writer, fault, base, work, reference, monkeypatch) as setup:
        root = writer.output(setup.plans, setup.work)
        before = snapshot(root) if root.exists() else {}
        outside_before = snapshot(setup.outside)
        code, _out, err = run(writer.argv(setup.plans, setup.work))
        monkeypatch.undo()
        return check(writer, fault, before, setup.reference, setup, code, err, outside_before)


def reference_run(writer: Writer, base: Path, work: Path) -> dict[str, bytes | str]:
    """What the writer writes when nothing goes wrong: the files of its output after a clean run."""
    plans = work / "plans"
    shutil.copytree(base, plans, symlinks=True)
    code, _out, err = run(writer.argv(plans, work))
    assert code in writer.ok, f"{writer.name} without a fault exited {code}: {err}"
    return snapshot(writer.output(plans, work))
