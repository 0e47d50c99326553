"""Configuration: ``[tool.xplan]`` in pyproject.toml, or ``.xplan.toml``, found by walking up
from the working directory. The nearest file that has xplan settings wins.

Keys: ``plans`` (default plans directory), ``select`` / ``ignore`` (rule codes, names or code
prefixes), ``severity`` (rule -> error|warning|info), ``per-file-ignores`` (glob -> rules),
``fields`` (canonical policy field -> list of synonyms), ``cache-dir`` (where the cache of parsed
plans lives, relative to the configuration file; see xplan.plan.cache), ``progress-as-of`` (a month
such as ``2025-12``: switches on the rule that wants progress reported for actions planned up to then).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xplan.i18n import N_, _
from xplan.plan.findings import SEVERITIES

# Every key, with what it does: the documentation site's configuration reference is built from this.
KEY_DOCS = {
    "plans": N_("The plans directory the commands use when no path is given (default: plans)."),
    "select": N_("Only these rules (codes such as P321, names such as missing-detail, or code prefixes such as P3)."),
    "ignore": N_("Skip these rules (codes, names or code prefixes)."),
    "severity": N_("A rule's severity changed: a table of rule -> error, warning or info."),
    "per-file-ignores": N_("Rules skipped in some files only: a table of glob pattern -> list of rules."),
    "fields": N_("The policy field vocabulary: a table of canonical field -> list of the spellings that mean it "
                 "(rollup and the views group them)."),
    "cache-dir": N_("Where the cache of parsed plans lives, relative to the configuration file "
                    "(default: .xplan_cache beside the plans directory)."),
    "progress-as-of": N_("A month such as 2025-12: switches on the rule that wants ⑥ progress reported for every "
                         "action planned up to then."),
}
KNOWN_KEYS = set(KEY_DOCS)


class ConfigError(Exception):
    """A configuration file that cannot be used: exit code 2."""


@dataclass
class Config:
    path: Path | None = None
    plans: str = "plans"
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    fields: dict[str, list[str]] = field(default_factory=dict)
    cache_dir: str | None = None
    progress_as_of: str | None = None   # YYYY-MM

    def rule_options(self) -> dict[str, str]:
        """Settings that switch on rules that are off by default (option name -> value)."""
        return {"progress-as-of": self.progress_as_of} if self.progress_as_of else {}

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def plans_dir(self) -> Path:
        p = Path(self.plans)
        return p if p.is_absolute() else self.root / p

    def cache_path(self) -> Path | None:
        """``cache-dir`` made absolute (relative to the configuration file), or None when unset."""
        if self.cache_dir is None:
            return None
        p = Path(self.cache_dir).expanduser()
        return p if p.is_absolute() else self.root / p


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = _parsed(path)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_("{path}: invalid TOML: {error}").format(path=path, error=exc)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(_("{path}: cannot read: {error}").format(path=path, error=exc)) from exc
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        if not isinstance(tool, dict):  # `tool = 5`: not ours to judge, and no xplan settings in it
            return None
        section = tool.get("xplan")
        if section is not None and not isinstance(section, dict):
            raise ConfigError(_("{path}: [tool.xplan] must be a table of settings").format(path=path))
        return section
    return data


def _parsed(path: Path) -> dict[str, Any]:
    """The file's TOML, parsed once per process for the same text: one command looks for its
    configuration several times (the plans directory, the cache, the field vocabulary)."""
    text = path.read_text(encoding="utf-8")
    if _PARSED.get("text") != text:
        _PARSED.clear()
        _PARSED["data"] = tomllib.loads(text)
        _PARSED["text"] = text
    return _PARSED["data"]


_PARSED: dict[str, Any] = {}  # the last text parsed and what it gave


def _str_list(path: Path, key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(_("{path}: {key} must be a list of strings").format(path=path, key=key))
    return list(value)  # the parsed file is shared (_parsed): a Config owns its lists


def parse(path: Path, data: dict[str, Any]) -> Config:
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise ConfigError(_("{path}: unknown xplan setting {names}; known: {known}").format(
            path=path, names=", ".join(sorted(unknown)), known=", ".join(sorted(KNOWN_KEYS))))
    cfg = Config(path=path)
    if "plans" in data:
        if not isinstance(data["plans"], str):
            raise ConfigError(_("{path}: plans must be a directory path").format(path=path))
        cfg.plans = data["plans"]
    if "cache-dir" in data:
        if not isinstance(data["cache-dir"], str) or not data["cache-dir"].strip():
            raise ConfigError(_("{path}: cache-dir must be a directory path").format(path=path))
        cfg.cache_dir = data["cache-dir"]
    cfg.select = _str_list(path, "select", data.get("select", []))
    cfg.ignore = _str_list(path, "ignore", data.get("ignore", []))
    sev = data.get("severity", {})
    if not isinstance(sev, dict):
        raise ConfigError(_("{path}: severity must be a table of rule = level").format(path=path))
    for rule, level in sev.items():
        if level not in SEVERITIES:
            raise ConfigError(_("{path}: severity.{rule} = {level!r} must be one of {choices}").format(
                path=path, rule=rule, level=level, choices=", ".join(SEVERITIES)))
    cfg.severity = dict(sev)
    pfi = data.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise ConfigError(_("{path}: per-file-ignores must be a table of glob = [rules]").format(path=path))
    cfg.per_file_ignores = {g: _str_list(path, f"per-file-ignores.{g}", v) for g, v in pfi.items()}
    fields = data.get("fields", {})
    if not isinstance(fields, dict):
        raise ConfigError(_("{path}: fields must be a table of canonical field = [synonyms]").format(path=path))
    cfg.fields = {k: _str_list(path, f"fields.{k}", v) for k, v in fields.items()}
    if "progress-as-of" in data:
        cfg.progress_as_of = _month(path, data["progress-as-of"])
    return cfg


def _month(path: Path, value: Any) -> str:
    """progress-as-of: a month as text (``"2025-12"``); TOML's own dates are accepted too."""
    import datetime

    from xplan.i18n import _
    from xplan.plan.years import YearError, parse_month

    if isinstance(value, datetime.date):
        return f"{value.year:04d}-{value.month:02d}"
    try:
        if not isinstance(value, str):
            raise YearError(repr(value))
        return parse_month(value)
    except YearError:
        raise ConfigError(_("{path}: progress-as-of = {value!r} is not a month (write it as \"2025-12\")").format(
            path=path, value=value)) from None


def find(start: Path | None = None) -> Config:
    """The configuration in force for ``start`` (default: the working directory)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in (".xplan.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file():
                data = _read(candidate)
                if data is not None:
                    return parse(candidate, data)
    return Config()


def load(path: Path | None = None) -> Config:
    """An explicit config file (``--config``), or the one found from the working directory."""
    if path is None:
        return find()
    if not path.is_file():
        raise ConfigError(_("{path}: configuration file not found").format(path=path))
    data = _read(path)
    return parse(path, data or {})
