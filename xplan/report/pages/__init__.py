"""The pages of the site: a registry of page modules, each with ``build(site) -> list[Page]``.

To add a page kind, write ``xplan/report/pages/<name>.py`` with a ``build`` function (and its
template in ``xplan/report/templates/``) and name the module in ``PAGE_MODULES``; the navigation
bar lists the pages that set ``nav``, in this order.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
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


def plan_order(plans: list[Plan]) -> list[Plan]:
    """Newest fiscal year first; within a year bureaus, then wards, in the selection's order."""
    from xplan.plan.years import year_sort_key

    return sorted(plans, key=lambda p: (-year_sort_key(p.fiscal_year), p.org.kind != "bureau", plans.index(p)))


Builder = Callable[[SiteData], list[Page]]


def builders(names: tuple[str, ...] = PAGE_MODULES) -> list[Builder]:
    return [importlib.import_module(f"xplan.report.pages.{n}").build for n in names]
