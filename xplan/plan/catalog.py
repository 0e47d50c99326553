"""Find and load every plan under a directory, for the commands that read many plans."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xplan.i18n import _
from xplan.plan.findings import Finding
from xplan.plan.loader import Loaded, load
from xplan.plan.model import Plan, build_plan
from xplan.plan.orgs import plan_key
from xplan.plan.paths import shown
from xplan.plan.usable import unusable

if TYPE_CHECKING:
    from xplan.plan.cache import Cache


YAML_SUFFIXES = (".yaml", ".yml")


class PathError(Exception):
    """A path given on the command line that does not exist or holds no plans: exit code 2."""


def _folder_problem(folder: Path, reason: str) -> Finding:
    from xplan.plan.loader import LOAD_RULES

    name, _summary = LOAD_RULES["E101"]
    return Finding(str(folder), "E101", name, "error",
                   _("cannot read the folder: {reason}; its plans were not checked").format(reason=reason),
                   line=1, column=1, end_line=1, end_column=1)


def _walk_dir(root: Path) -> tuple[list[Path], list[Finding]]:
    """Every *.yaml / *.yml below ``root``, and a finding for each folder that could not be read.

    Every name with a plan suffix is returned, whatever it is (a directory named x.yaml, a
    dangling or looping symlink, a FIFO): the loader then says why it is not a plan, so nothing
    under plans/ is skipped silently. Symlinked folders are followed once; one that leads back to
    a folder already read is a loop and is reported.
    """
    import os

    files: list[Path] = []
    problems: list[Finding] = []
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
            if (st.st_dev, st.st_ino) in seen:
                problems.append(_folder_problem(folder, _("a symbolic link back to a folder already read (a loop)")))
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            problems.append(_folder_problem(folder, exc.strerror or str(exc)))
            continue
        for entry in reversed(entries):
            path = Path(entry.path)
            if path.suffix in YAML_SUFFIXES:
                files.append(path)
                continue
            try:
                is_dir = entry.is_dir()  # follows a symlink; a dangling or looping one is not a folder
            except OSError:
                is_dir = False
            if is_dir:
                stack.append(path)
    return sorted(files), problems


def _exists_or_unreadable(p: Path) -> bool:
    """Whether a path named on the command line is there (a dangling link counts), or may be but
    cannot be looked at (a folder on the way forbids it): the loader then reports E101."""
    import errno
    import os

    try:
        os.lstat(p)
    except OSError as exc:
        return exc.errno not in (errno.ENOENT, errno.ENOTDIR)
    return True


def walk(paths: list[Path]) -> tuple[list[Path], list[Finding]]:
    """Files given directly, plus every *.yaml / *.yml below given directories (sorted), and
    a located finding for each folder below them that could not be read.

    Raises PathError for a path that does not exist or a directory without any plan file.
    """

    out: list[Path] = []
    problems: list[Finding] = []
    for p in paths:
        if p.is_dir():
            found, trouble = _walk_dir(p)
            if not found and not trouble:
                raise PathError(_("{path}: no *.yaml or *.yml files in this directory").format(path=shown(p)))
            out.extend(found)
            problems.extend(trouble)
        elif _exists_or_unreadable(p):  # a file, or one the loader will say cannot be read
            out.append(p)
        else:
            raise PathError(_("{path}: no such file or directory").format(path=shown(p)))
    # every report names a file relative to the working directory
    return [shown(f) for f in out], [replace(x, file=str(shown(x.file))) for x in problems]


def plan_files(paths: list[Path]) -> list[Path]:
    """Files given directly, plus every *.yaml / *.yml below given directories, sorted."""
    return walk(paths)[0]


@dataclass
class Catalog:
    """The plans that loaded, and a finding for each file that did not.

    ``doubts`` holds, per file, the schema errors of a plan that loaded but does not conform
    (``impact: 中``): views still show it, but must say that they cannot trust it."""

    plans: list[Plan] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    doubts: dict[str, list[Finding]] = field(default_factory=dict)
    # the SHA-256 of each file read through the cache, by path as given: the search index keys its
    # plans by content as the cache does, without reading and hashing every file a second time
    digests: dict[str, str] = field(default_factory=dict)


def schema_errors(loaded: Any, file: str) -> list[Finding]:
    """The plan's schema errors, located; none for a valid plan (the compiled check is fast)."""
    from xplan.plan import schema
    from xplan.plan.locate import Locator

    errors = schema.check(loaded.data, file)
    if errors and loaded.text:
        where = Locator(loaded.text, loaded.node)
        for f in errors:
            f.line, f.column, f.end_line, f.end_column = where.span(f.pointer, f.at_key)
    return errors


def load_file(f: Path, cache: Cache, digests: dict[str, str] | None = None) -> tuple[Loaded, list[Finding]]:
    """A file through the cache: its data and its schema errors, neither parsed nor checked again
    when the file is unchanged (the schema check of a 40 KB plan costs about as much as parsing it)."""
    from xplan.plan.cache import probe

    found = probe(f)
    if found is None:
        loaded = load(f)
        return loaded, schema_errors(loaded, str(f)) if loaded.data is not None else []
    if digests is not None:
        digests[str(f)] = found.sha256
    return _load_whole(f, found, cache)


def load_view(f: Path, cache: Cache, digests: dict[str, str] | None = None) -> tuple[Plan | Loaded, list[Finding]]:
    """What a table view needs of a file, through the cache: the model of its summary
    (xplan.plan.summary) when the plan is usable, else what loading it gave (which says why); and
    its schema errors. An unchanged file costs reading, hashing and one small entry, not parsing or
    building issues."""
    from xplan.plan.cache import probe
    from xplan.plan.summary import summarise, summary_plan

    found = probe(f)
    if found is None:
        loaded = load(f)
        errors = schema_errors(loaded, str(f)) if loaded.data is not None else []
        if loaded.data is not None and unusable(loaded, errors) is None:
            return summary_plan(summarise(loaded.data), str(f)), errors
        return loaded, errors
    if digests is not None:
        digests[str(f)] = found.sha256
    hit = cache.get_view(found)
    if hit is not None:
        plan, data, doubts = hit
        if plan is None:
            # a plan the rows could not carry was kept as its summary (always of a usable plan)
            assert data is not None  # get_view gives the one or the other
            plan = summary_plan(data, found.path)
        return plan, doubts
    # only the summary is kept: writing the whole plan too would make a view's cold run slower
    loaded, errors = _load_whole(f, found, cache, keep=False)
    plan = cache.put_view(found, loaded, errors)
    return (plan if plan is not None else loaded), errors


def _load_whole(f: Path, found: Any, cache: Cache, keep: bool = True) -> tuple[Loaded, list[Finding]]:
    from xplan.plan.loader import Loaded, decode, load_bytes

    hit = cache.get_plan(found)
    if hit is not None:
        data, doubts = hit
        if doubts is not None:
            return Loaded(found.path, data=data), doubts
        loaded = Loaded(found.path, text=decode(found.path, found.data)[0], data=data)  # located from the text
    else:
        loaded = load_bytes(found.path, found.data)
    errors = schema_errors(loaded, str(f)) if loaded.data is not None else []
    if keep:
        cache.put_plan(found, loaded, errors)
    return loaded, errors


def load_catalog(root: Path | list[Path], cache: Cache | None = None, summary: bool = False,
                 known: Callable[[Path], tuple[Plan, list[Finding], str] | None] | None = None) -> Catalog:
    """Every plan under ``root``; with a ``cache`` (xplan.plan.cache), unchanged files are not parsed
    (nor schema-checked) again. ``summary``: the table views' part of each plan is enough
    (xplan.plan.summary); the plans may then lack texts, actions' details and schedules.
    ``known``: asked first for each file, the plan (which may lack even its issues), schema errors
    and SHA-256 of a file the caller knows as it is now (the search index), or None."""
    roots = root if isinstance(root, list) else [root]
    cat = Catalog()
    files, cat.problems = walk(roots)
    for f in files:
        if known is not None and (hit := known(f)) is not None:
            plan, errors, cat.digests[str(f)] = hit
            cat.plans.append(plan)
            if errors:
                cat.doubts[str(f)] = errors
            continue
        if cache is not None and summary:
            got, errors = load_view(f, cache, cat.digests)
            if isinstance(got, Plan):
                cat.plans.append(got)
                if errors:
                    cat.doubts[str(f)] = errors
                continue
            loaded = got  # not usable: says why below
        elif cache is not None:
            loaded, errors = load_file(f, cache, cat.digests)
        else:
            loaded = load(f)
            errors = schema_errors(loaded, str(f)) if loaded.data is not None else []
        if loaded.data is None:
            cat.problems.extend(loaded.findings)
        elif (problem := unusable(loaded, errors)) is not None:
            cat.problems.append(problem)
        else:
            cat.plans.append(build_plan(loaded.data, str(f)))
            if errors:
                cat.doubts[str(f)] = errors
    cat.plans.sort(key=plan_key)  # the city's order: bureaus, then wards in ward order
    return cat
