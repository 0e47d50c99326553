"""What a view hands to the output formats, and the options that choose one (README, "Output formats").

A view (issues, matrix, rollup, lint, …) describes its output once, as a ``ViewOutput``: its rich
renderables for the terminal, its JSON, its tables as a document (markdown, html, tabulate's
formats) and its records as one table (csv, tsv, xlsx). Each format is a module in
``xplan/formats/`` that reads what it needs from it; no view knows the formats by name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xplan.output.tables import Table


@dataclass(frozen=True)
class Options:
    """How to write a view: the format and where to (the options every table command takes)."""

    fmt: str = "rich"
    output: Path | None = None  # -o FILE: written atomically; None is standard output
    export: Path | None = None  # --export FILE.svg|.html: the rich rendering saved for slides
    width: int | None = None  # --width: render width in columns (None: the terminal's)
    quiet: bool = False  # -q: no "wrote FILE" note
    bom: bool = False  # --bom: csv/tsv start with a UTF-8 BOM (for Excel)


@dataclass
class Section:
    """A part of a view as a document: a heading standing alone (say, a plan with no table), its
    tables, and the notes that follow them."""

    tables: list[Table]
    notes: list[str] | None = None
    heading: str | None = None


@dataclass
class ViewOutput:
    """One view's output, for every format. Each part is built only when a format asks for it."""

    name: str  # the command (issues, rollup, …): the HTML body class, the fallback title
    sheet: str  # the worksheet's name in a workbook: the view's name in the chosen language
    rich: Callable[[], list[Any]]  # renderables for the terminal (and -F rich -o FILE, --export)
    json: Callable[[], Any]  # the JSON document (with its "version")
    sections: Callable[[], list[Section]]  # the view as a document: markdown, html, tabulate formats
    records: Callable[[], Table]  # one row per record: csv, tsv and xlsx (a spreadsheet holds one table)
    # a view's own document in a format, in place of its sections (show's markdown; the report's
    # templates for matrix, show and schedule as -F html)
    documents: Mapping[str, Callable[[], str]] = field(default_factory=dict)
    files: Mapping[str, Callable[[], bytes]] = field(default_factory=dict)  # its own binary file (show's docx)
    page: bool = False  # longer than a screen (a whole plan): the terminal pages it

    def title(self) -> str | None:
        """The first heading of the document: a section's own, else its first table's."""
        for s in self.sections():
            if s.heading is not None:
                return s.heading
            for t in s.tables:
                if t.title:
                    return t.title
        return None
