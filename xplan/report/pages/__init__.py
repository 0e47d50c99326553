"""The pages of the site: a registry of page modules, each with ``build(site) -> list[Page]``.

To add a page kind, write ``xplan/report/pages/<name>.py`` with a ``build`` function (and its
template in ``xplan/report/templates/``) and name the module in ``PAGE_MODULES``; the navigation
bar lists the pages that set ``nav``, in this order.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from xplan.plan.model import Plan
from xplan.plan.select import Selection

PAGE_MODULES = ("index", "plans", "matrix", "rollup", "review", "diff", "lint")


@dataclass
class Page:
    path: str                  # relative to the site root, with / separators
    template: str              # in xplan/report/templates/
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    nav: str | None = None     # label in the navigation bar; None: reached through links only
    # What the page is made from, when a page module can say so cheaply (a plan page: its plan
    # file's hash): a page whose key the previous run recorded is neither built nor rendered again.
    key: str | None = None
    make: Callable[[], dict[str, Any]] | None = None  # builds ``context`` only when the page is rendered

    def full_context(self) -> dict[str, Any]:
        if self.make is not None:
            self.context = self.make()
            self.make = None
        return self.context


@dataclass
class SiteData:
    """Everything the pages read, loaded once: the selected plans and the lint result."""

    selection: Selection
    plans_dir: Path
    lint: Any = None            # xplan.lint.engine.LintResult, or None when not linted
    vocabulary: Any = None      # xplan.rollup.fields.Vocabulary
    unloaded: list[str] = field(default_factory=list)  # plan files that could not be read
    extra: dict[str, Any] = field(default_factory=dict)  # for page modules added later

    @property
    def plans(self) -> list[Plan]:
        return self.selection.plans

    @cached_property
    def ordered(self) -> list[Plan]:
        """Every selected plan in the pages' order (``plan_order``), computed once."""
        return plan_order(self.plans)

    @cached_property
    def position(self) -> dict[int, int]:
        """id(plan) -> its place in ``ordered``: sorting by it costs a dict look-up, not a list scan."""
        return {id(p): n for n, p in enumerate(self.ordered)}

    @cached_property
    def findings_by_file(self) -> dict[str, list[Any]]:
        """The lint findings grouped by the real path of their file; each distinct file name is
        resolved once (not once per finding and plan)."""
        out: dict[str, list[Any]] = {}
        if self.lint is None:
            return out
        real: dict[str, str] = {}
        for f in self.lint.findings:
            key = real.get(f.file)
            if key is None:
                key = real[f.file] = real_path(f.file)
            out.setdefault(key, []).append(f)
        return out

    def findings_of(self, path: str) -> list[Any]:
        return self.findings_by_file.get(real_path(path), [])


def real_path(path: str) -> str:
    return os.path.realpath(path)


def plan_order(plans: list[Plan]) -> list[Plan]:
    """Newest fiscal year first; within a year bureaus, then wards, in the selection's order."""
    from xplan.plan.years import year_sort_key

    given = {id(p): n for n, p in enumerate(plans)}
    return sorted(plans, key=lambda p: (-year_sort_key(p.fiscal_year), p.org.kind != "bureau", given[id(p)]))


Builder = Callable[[SiteData], list[Page]]


def builders(names: tuple[str, ...] = PAGE_MODULES) -> list[Builder]:
    return [importlib.import_module(f"xplan.report.pages.{n}").build for n in names]
