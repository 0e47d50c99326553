"""Where each thing lives in the site: page paths and anchors, relative to the site root.

Links are written relative to the page that holds them (``rel``), so the site reads the same from
the file system (file://) and from any static web server, under any path.
"""

from __future__ import annotations

import re
from functools import cache

from xplan.plan.model import Issue, Plan

INDEX = "index.html"
MATRIX = "matrix.html"
ROLLUP = "rollup.html"
LINT = "lint.html"
STYLESHEET = "report.css"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _safe(text: str) -> str:
    """A path segment that needs no escaping on any server or file system."""
    return _UNSAFE.sub("-", text).strip("-") or "x"


def plan_page(plan: Plan) -> str:
    """``R7/seisaku.html``: one page per plan, in a folder per fiscal year."""
    return _plan_page(plan.fiscal_year, plan.org.slug or plan.org.name)


@cache
def _plan_page(year: str, name: str) -> str:
    # every issue link names its plan's page: the aggregate pages of 2,000 plans ask 250,000 times
    return f"{_safe(year)}/{_safe(name)}.html"


def issue_anchor(issue: Issue) -> str:
    """The issue's id on its plan page: its code, ``A1``."""
    return issue.code


def issue_link(plan: Plan, issue: Issue) -> str:
    return f"{plan_page(plan)}#{issue_anchor(issue)}"


def diff_page(old: str, new: str) -> str:
    return f"diff/{_safe(old)}-{_safe(new)}.html"


def rel(target: str, page: str) -> str:
    """``target`` (site-relative, maybe with #anchor) as a link from ``page``.

    Both are normalised site paths (no ``.``/``..``), so this is string work rather than
    ``posixpath.relpath`` (which makes both absolute through the working directory: a third of
    the time of rendering the 6 MB review page of 200 plans went there)."""
    path, _, anchor = target.partition("#")
    base, _, name = page.rpartition("/")
    if not path:
        out = name
    elif not base:
        out = path
    else:
        tdir, _, tname = path.rpartition("/")
        if tdir == base:
            out = tname
        else:
            common = 0
            bparts, tparts = base.split("/"), tdir.split("/") if tdir else []
            while common < min(len(bparts), len(tparts)) and bparts[common] == tparts[common]:
                common += 1
            out = "/".join([".."] * (len(bparts) - common) + tparts[common:] + [tname])
    return out + (f"#{anchor}" if anchor else "")


def review_page(year: str) -> str:
    """``review/R7.html``: the year's progress and quarterly agenda (xplan progress, xplan agenda)."""
    return f"review/{_safe(year)}.html"
