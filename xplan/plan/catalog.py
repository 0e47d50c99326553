"""Find and load every plan under a directory, for the commands that read many plans."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xplan.plan.findings import Finding
from xplan.plan.loader import load
from xplan.plan.model import Plan, build_plan
from xplan.plan.paths import shown

if TYPE_CHECKING:
    from xplan.plan.cache import Cache
    from xplan.plan.loader import Loaded


def year_sort_key(year: str) -> int:
    """R6 < R7 < R10 (not string order)."""
    return int(year[1:]) if year[1:].isdigit() else 0

YAML_SUFFIXES = (".yaml", ".yml")


class PathError(Exception):
    """A path given on the command line that does not exist or holds no plans: exit code 2."""


def plan_files(paths: list[Path]) -> list[Path]:
    """Files given directly, plus every *.yaml / *.yml below given directories, sorted."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.suffix in YAML_SUFFIXES and f.is_file())
            if not found:
                raise PathError(f"{shown(p)}: YAMLファイルがありません (no *.yaml or *.yml files in this directory)")
            out.extend(found)
        elif p.exists() or p.is_symlink():
            out.append(p)
        else:
            raise PathError(f"{shown(p)}: ファイルもディレクトリもありません (no such file or directory)")
    return [shown(f) for f in out]  # every report names a file relative to the working directory


@dataclass
class Catalog:
    """The plans that loaded, and a finding for each file that did not.

    ``doubts`` holds, per file, the schema errors of a plan that loaded but does not conform
    (``impact: 中``): views still show it, but must say that they cannot trust it."""

    plans: list[Plan] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    doubts: dict[str, list[Finding]] = field(default_factory=dict)


def _schema_errors(loaded: Any, file: str) -> list[Finding]:
    """The plan's schema errors, located; none for a valid plan (the compiled check is fast)."""
    from xplan.plan import schema
    from xplan.plan.locate import Locator

    errors = schema.check(loaded.data, file)
    if errors and loaded.text:
        where = Locator(loaded.text, loaded.node)
        for f in errors:
            f.line, f.column, f.end_line, f.end_column = where.span(f.pointer, f.at_key)
    return errors


def load_file(f: Path, cache: Cache) -> tuple[Loaded, list[Finding]]:
    """A file through the cache: its data and its schema errors, neither parsed nor checked again
    when the file is unchanged (the schema check of a 40 KB plan costs about as much as parsing it)."""
    from xplan.plan.cache import probe
    from xplan.plan.loader import Loaded, decode, load_bytes

    found = probe(f)
    if found is None:
        loaded = load(f)
        return loaded, _schema_errors(loaded, str(f)) if loaded.data is not None else []
    hit = cache.get_plan(found)
    if hit is not None:
        data, doubts = hit
        if doubts is not None:
            return Loaded(found.path, data=data), doubts
        loaded = Loaded(found.path, text=decode(found.path, found.data)[0], data=data)  # located from the text
    else:
        loaded = load_bytes(found.path, found.data)
    errors = _schema_errors(loaded, str(f)) if loaded.data is not None else []
    cache.put_plan(found, loaded, errors)
    return loaded, errors


def load_catalog(root: Path | list[Path], cache: Cache | None = None) -> Catalog:
    """Every plan under ``root``; with a ``cache`` (xplan.plan.cache), unchanged files are not parsed
    (nor schema-checked) again."""
    roots = root if isinstance(root, list) else [root]
    cat = Catalog()
    for f in plan_files(roots):
        if cache is not None:
            loaded, errors = load_file(f, cache)
        else:
            loaded = load(f)
            errors = _schema_errors(loaded, str(f)) if loaded.data is not None else []
        if loaded.data is None:
            cat.problems.extend(loaded.findings)
        else:
            cat.plans.append(build_plan(loaded.data, str(f)))
            if errors:
                cat.doubts[str(f)] = errors
    cat.plans.sort(key=lambda p: (p.org.name, year_sort_key(p.fiscal_year)))
    return cat
