"""One side of a diff: a fiscal year, a plan file, or either of them at a git revision.

Spellings:
- ``R7`` (any spelling parse_year accepts): every plan of that fiscal year under the plans dir;
- ``plans/R7/seisaku.yaml``: that one file;
- ``R7@HEAD~3`` / ``plans/R7/seisaku.yaml@v1.0``: the same, as committed at that revision.

Revisions are read with ``git ls-tree`` and ``git show REV:path`` only, so the working tree, the
index and HEAD are never touched.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from xplan.i18n import _
from xplan.plan.catalog import YAML_SUFFIXES, load_catalog, schema_errors
from xplan.plan.findings import Finding, shown_path
from xplan.plan.loader import MAX_BYTES, Loaded, decode, parse, too_large_message
from xplan.plan.model import Plan, build_plan
from xplan.plan.select import DuplicatePlanError, check_duplicates
from xplan.plan.years import YearError, parse_year, year_sort_key

if TYPE_CHECKING:
    from xplan.plan.cache import Cache

# a plans directory read once per run: its plans, the files skipped, the schema errors per file
Cached = tuple[list[Plan], list[str], dict[str, list[Finding]]]
GIT_TIMEOUT = 60  # seconds; a local `git show` takes milliseconds


class SideError(Exception):
    """A side that cannot be read (unknown year, missing file, bad revision): exit code 2."""


@dataclass
class Side:
    """The plans one side names, and the files on that side that could not be used."""

    spec: str  # as typed
    label: str  # canonical: R7, R7@HEAD~3, plans/R7/seisaku.yaml@HEAD
    year: str | None  # the fiscal year asked for; None for a file side
    plans: list[Plan] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "path:line:col: message" per unusable file
    doubts: dict[str, list[Finding]] = field(default_factory=dict)  # path -> schema errors of a plan used


def split_spec(spec: str) -> tuple[str, str | None]:
    """``R7@HEAD~3`` -> (``R7``, ``HEAD~3``). An existing file whose name has an ``@`` stays whole.

    The side is split at the first ``@`` that does not begin git's ``@{…}`` (reflog, ``@{1}``),
    so revisions that contain ``@`` themselves work: ``R7@stash@{0}``, ``R7@main@{1}``. When a
    file name holds an ``@`` too, the split is the first one whose left part exists.
    """
    if "@" not in spec or Path(spec).exists():
        return spec, None
    cuts = [i for i, ch in enumerate(spec) if ch == "@" and not spec.startswith("@{", i)]
    if not cuts:
        raise SideError(_no_base(spec))
    cut = next((i for i in cuts if i and Path(spec[:i]).exists()), cuts[0])
    base, rev = spec[:cut], spec[cut + 1:]
    if not base:
        raise SideError(_no_base(spec))
    if not rev:
        raise SideError(_("{spec!r}: write a git revision after @, e.g. R7@HEAD~1").format(spec=spec))
    return base, rev


def _no_base(spec: str) -> str:
    return _("{spec!r}: write a fiscal year or a file before @, e.g. R7@HEAD~1").format(spec=spec)


def resolve_pair(old: str, new: str, plans_dir: Path, plan_cache: Cache | None = None) -> tuple[Side, Side]:
    """Both sides; the working-tree plans are read once even when both sides are years
    (through ``plan_cache``, xplan.plan.cache, when given)."""
    cache: dict[Path, Cached] = {}
    return resolve(old, plans_dir, cache, plan_cache), resolve(new, plans_dir, cache, plan_cache)


def resolve(spec: str, plans_dir: Path, cache: dict[Path, Cached] | None = None,
            plan_cache: Cache | None = None) -> Side:
    """Read the plans one side names. Raises SideError with a clear message."""
    base, rev = split_spec(spec)
    path = Path(base)
    # A fiscal year wins over a file or folder of the same name (`cd plans && xplan diff R6 R7`);
    # written with a separator (./R6) or a .yaml suffix it is always a path.
    written_as_path = path.suffix in YAML_SUFFIXES or os.sep in base or "/" in base
    year = None if written_as_path else _year_or_none(base)
    if year is not None:
        return _year_side(spec, year, rev, plans_dir, {} if cache is None else cache, plan_cache)
    if path.is_dir():
        raise SideError(_("{path}: a directory; give a fiscal year (R7) or one plan file").format(path=base))
    if not written_as_path and not path.exists():
        raise SideError(_("{spec!r}: neither a fiscal year such as R7 / 令和7 / 2025 nor an existing plan file; "
                          "add @REV for a git revision").format(spec=spec))
    return _file_side(spec, path, rev)


def _year_or_none(text: str) -> str | None:
    try:
        return parse_year(text)
    except YearError:
        return None


# -- working tree ---------------------------------------------------------------------------

def _year_side(spec: str, year: str, rev: str | None, plans_dir: Path,
               cache: dict[Path, Cached], plan_cache: Cache | None = None) -> Side:
    if rev is not None:
        side = Side(spec, f"{year}@{rev}", year)
        plans, skipped = _git_plans(plans_dir, rev, prefix=f"{year}@")
        doubts: dict[str, list[Finding]] = {}  # history is not checked against today's schema
    else:
        side = Side(spec, year, year)
        if not plans_dir.is_dir():
            raise SideError(_("{path}: no plans directory; use --plans").format(path=plans_dir))
        if plans_dir not in cache:
            cat = load_catalog(plans_dir, plan_cache)
            cache[plans_dir] = (cat.plans, [f"{shown_path(f.file)}:{f.line}:{f.column}: {f.message}"
                                            for f in cat.problems], cat.doubts)
        plans, skipped, doubts = cache[plans_dir]
    side.plans = [p for p in plans if p.fiscal_year == year]
    side.skipped = list(skipped)
    side.doubts = {p.path: doubts[p.path] for p in side.plans if p.path in doubts}
    try:  # two files for one organisation and year: which one is the plan? (lint rule X401)
        check_duplicates(side.plans, side.plans)
    except DuplicatePlanError as exc:
        raise SideError(str(exc)) from None
    if not side.plans:
        present = sorted({p.fiscal_year for p in plans}, key=year_sort_key)
        where = (_("{path} at {revision}").format(path=plans_dir, revision=rev) if rev else str(plans_dir))
        raise SideError(_("{side}: no plan for {year} in {where}; years present: {present}").format(
            side=side.label, year=year, where=where, present=", ".join(present) or "-"))
    return side


def _file_side(spec: str, path: Path, rev: str | None) -> Side:
    if rev is None:
        from xplan.plan.loader import load

        loaded = load(path)
        label = str(path)
    else:
        top, rel = _repo_path(path)
        _check_revision(top, rev)
        label = f"{rev}:{rel}"  # git's own notation for a file at a revision
        data = _git(top, "show", label, what=f"{rel} at {rev}",
                    missing=_("{path}: the file does not exist at revision {revision}").format(path=rel, revision=rev))
        loaded = _parse_blob(label, data)
    if loaded.data is None:
        f = loaded.findings[0]
        raise SideError(_("{label}: cannot read the plan: {message} (line {line}; run xplan lint)").format(
            label=label, message=f.message, line=f.line))
    side = Side(spec, f"{path}@{rev}" if rev else str(path), None, [build_plan(loaded.data, label)])
    errors = schema_errors(loaded, label)
    if errors:
        side.doubts[label] = errors
    return side


# -- git ------------------------------------------------------------------------------------

def _git(cwd: Path, *args: str, what: str, missing: str | None = None) -> bytes:
    """Run one read-only git command; its failures become SideError."""
    try:
        proc = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, timeout=GIT_TIMEOUT,
                              env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    except FileNotFoundError:
        raise SideError(_("git is not installed or not on PATH; a side with @REV is read with git")) from None
    except subprocess.TimeoutExpired:
        raise SideError(_("git took over {seconds}s reading {what}").format(seconds=GIT_TIMEOUT, what=what)) from None
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = err[-1] if err else _("exit status {code}").format(code=proc.returncode)
        raise SideError(missing or _("git could not read {what}: {detail}").format(what=what, detail=detail))
    return proc.stdout


def _parse_blob(label: str, data: bytes) -> Loaded:
    """A file's bytes read from git, checked like a file on disk (size, encoding, YAML)."""
    if len(data) > MAX_BYTES:
        return Loaded(label, findings=[Finding(label, "E108", "file-too-large", "error", too_large_message(len(data)),
                                               line=1, column=1)])
    text, problems = decode(label, data)
    return parse(label, text) if text is not None else Loaded(label, findings=problems)


def _nearest_dir(path: Path) -> Path:
    """The closest existing directory at or above ``path`` (the path may exist only in history)."""
    p = path.absolute()
    while not p.is_dir() and p != p.parent:
        p = p.parent
    return p


def _toplevel(start: Path) -> Path:
    out = _git(start, "rev-parse", "--show-toplevel", what="the repository",
               missing=_("{path}: not inside a git repository; a side with @REV needs one").format(path=start))
    return Path(out.decode("utf-8").strip())


def _repo_path(path: Path) -> tuple[Path, str]:
    """The repository holding ``path`` and the path relative to its top, with / separators."""
    top = _toplevel(_nearest_dir(path))
    # git prints the resolved top; resolve ours too (a cwd reached through a symlink)
    resolved = path.absolute().resolve()
    if not resolved.is_relative_to(top.resolve()):
        raise SideError(_("{path}: outside the git repository {top}").format(path=path, top=top))
    rel = resolved.relative_to(top.resolve()).as_posix()
    return top, "" if rel == "." else rel


def _check_revision(top: Path, rev: str) -> None:
    if rev.startswith("-"):
        raise SideError(_("{revision!r}: a revision cannot start with '-'").format(revision=rev))
    _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", what=rev,
         missing=_("unknown git revision {revision!r}; try HEAD~1, a branch, a tag or a commit id").format(revision=rev))


def _git_plans(plans_dir: Path, rev: str, prefix: str = "") -> tuple[list[Plan], list[str]]:
    """Every plan file under the plans dir as committed at ``rev``, without a checkout."""
    top, rel = _repo_path(plans_dir)
    _check_revision(top, rev)
    listing = _git(top, "ls-tree", "-r", "--name-only", "-z", rev, "--", rel or ".", what=f"{rel or '.'} at {rev}")
    # names are bytes: one that is not UTF-8 is passed back to git as it is (os.fsdecode keeps the
    # bytes) and shown escaped (\\xff), so it neither breaks the diff nor the output
    names = sorted(os.fsdecode(n) for n in listing.split(b"\0") if n.endswith((b".yaml", b".yml")))
    plans: list[Plan] = []
    skipped: list[str] = []
    for name in names:
        label = f"{prefix}{rev}:{shown_path(name)}"  # reads like R7@HEAD~3:plans/R7/seisaku.yaml
        loaded = _parse_blob(label, _git(top, "show", f"{rev}:{name}", what=label))
        if loaded.data is None:
            f = loaded.findings[0]
            skipped.append(f"{label}:{f.line}:{f.column}: {f.message}")
            continue
        plans.append(build_plan(loaded.data, label))
    return plans, skipped
