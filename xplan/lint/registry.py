"""Every rule xplan can report — loading, schema, plan and suppression rules — with its docs,
and how a user names rules: by code (P321), kebab-case name (missing-detail) or code prefix (P3)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from xplan.i18n import N_, _
from xplan.plan.loader import LOAD_RULES
from xplan.plan.schema import SCHEMA_RULES

# reStructuredText's inline literal (``q1: []``): the docs are module docstrings, but people read
# them in a terminal, a SARIF viewer or JSON, where the backquotes are noise (issue 31)
_LITERAL = re.compile(r"``(.+?)``", re.DOTALL)


NBSP = "\u00a0"


def plain(text: str, whole: bool = False) -> str:
    """A rule text without reStructuredText markup: ``q1: []`` becomes q1: []. ``whole``: the literal's
    spaces become no-break spaces, so that refilling the text never breaks inside one (the caller
    turns them back into spaces)."""
    if whole:
        return _LITERAL.sub(lambda m: " ".join(m.group(1).split()).replace(" ", NBSP), text)
    return _LITERAL.sub(r"\1", text)


@dataclass(frozen=True)
class RuleInfo:
    code: str
    name: str
    severity: str
    summary: str
    doc: str
    cross_file: bool = False
    option: str | None = None  # off by default; this configuration key switches it on
    fix: str | None = None  # what `xplan lint --fix` does for this rule's findings, if anything

    # summary, doc and fix are English msgids (JSON carries them as they are); people read these:

    def shown_doc(self, whole: bool = False) -> str:
        return plain(_(self.doc), whole)

    def shown_summary(self) -> str:
        """The one-line summary in the chosen language: a plan rule's is its doc's first line."""
        if self.doc.split("\n", 1)[0] == self.summary:
            return self.shown_doc().split("\n", 1)[0]
        return plain(_(self.summary))

    def shown_fix(self) -> str | None:
        return plain(_(self.fix)) if self.fix else None


# Schema findings that `xplan lint --fix` can put right (xplan/write/fixes.py does it).
_SCHEMA_FIXES = {"S204": N_("full-width letters and digits in ids, domains and years (Ａ１ → A1)")}


_LOAD_DOCS = {
    "E101": N_("The file cannot be opened: it does not exist any more, is a directory, or permissions forbid "
               "reading it. The other files are still linted."),
    "E102": N_("The bytes are not UTF-8. Files exported from Windows tools are often CP932 (Shift_JIS); xplan "
               "recognises that and says so. Convert with `iconv -f CP932 -t UTF-8 in.yaml > out.yaml` or "
               "save as UTF-8 in the editor. A UTF-8 BOM is accepted."),
    "E103": N_("The text is not valid YAML: an indentation slip, an unclosed bracket or quote, a tab used "
               "for indentation (YAML allows only spaces), or a colon inside unquoted text. The finding "
               "points at the place the parser stopped."),
    "E104": N_("A mapping has the same key twice; YAML would silently keep one value, so xplan refuses."),
    "E105": N_("The file is empty or holds only comments."),
    "E106": N_("The top level must be a mapping (schema_version, organisation, fiscal_year, issues, …), "
               "not a list or a single value."),
    "E107": N_("A YAML tag such as !!python/object would ask a loader to construct an object. Plans hold "
               "plain text, lists and mappings; the tag is refused and nothing is executed. The standard tags "
               "that build other things (!!binary, !!set, !!omap, !!pairs) and merge keys (<<: *anchor) are "
               "refused too: write the text or the keys out."),
    "E108": N_("The file is over 5 MB. Real plans are tens of kilobytes; this is not a plan."),
    "E109": N_("The document nests deeper than 64 levels, far beyond any plan."),
    "E110": N_("Anchors and aliases expand into millions of nodes (an 'alias bomb'). Write content out."),
    "E111": N_("The file holds binary data (NUL bytes), not text."),
    "E112": N_("The document has hundreds of thousands of entries (lines and list items) where a plan has "
               "about a thousand. Reading it would take the parser tens of seconds and gigabytes of memory, so "
               "it is refused before parsing."),
    "E113": N_("A mapping key written as a list or a mapping (a complex key, ? [a, b] : c). YAML allows it, but "
               "the keys of a plan are words such as issues or title: write the key as text."),
    "E114": N_("The file holds more than one YAML document (a --- line with more below it, or text after "
               "the ... that ends the document). A plan file is one document: move each plan to a file of its "
               "own, or remove the --- line."),
    "E115": N_("A list in [ ], a mapping in { } or a quoted text that goes on to another line must indent that "
               "line further than the key or - it belongs to. The parser lets it through, but it is not valid "
               "YAML, and editors (yaml-language-server, VS Code) underline it; xplan refuses it the same way."),
    "E116": N_("A list in [ ], a mapping in { } or a quoted text goes on to a line that starts with a tab. "
               "YAML indents with spaces only, and editors underline it: replace the tab with spaces."),
    "E117": N_("A %YAML line naming a version other than 1.1 or 1.2 (%YAML 1.3), or a %YAML or %TAG line "
               "that cannot be read. Plans need no directives: remove the line."),
}
_SCHEMA_DOCS = {
    "S201": N_("A key that the plan format does not have at this place, usually a typo (urgncy for "
               "urgency). Reported at the key, with the closest allowed key."),
    "S202": N_("A key the format requires is absent. Reported at the mapping that should hold it."),
    "S203": N_("A value of the wrong kind: text where a list is expected (a text section is a list of "
               "paragraphs), a number as text, and so on."),
    "S204": N_("A value outside what the format allows: a rating other than 高/低, a year not written R7, "
               "a date not written 2025-12, a quarter row with both cells and a period."),
    "S205": N_("Any other violation of schema/plan.schema.json."),
}
UNUSED = RuleInfo("N901", "unused-suppression", "warning",
                  N_("a suppression comment that suppresses nothing"),
                  N_("An `# xplan: ignore[...]` comment that matches no finding on its line (or, with "
                     "ignore-file, in its file), or names a rule that does not exist. Stale suppressions hide "
                     "the next real problem: remove them."))


def all_rules() -> list[RuleInfo]:
    from xplan.lint.rules import plan_rules

    out = [RuleInfo(c, n, "error", s, _LOAD_DOCS[c]) for c, (n, s) in LOAD_RULES.items()]
    out += [RuleInfo(c, n, "error", s, _SCHEMA_DOCS[c], fix=_SCHEMA_FIXES.get(c)) for c, (n, s) in SCHEMA_RULES.items()]
    out += [RuleInfo(r.code, r.name, r.severity, r.summary, r.doc, r.cross_file, option=r.option, fix=r.fix)
            for r in plan_rules()]
    out.append(UNUSED)
    return out


def matches(selector: str, code: str, name: str) -> bool:
    s = selector.strip()
    return s.upper() == code or s.lower() == name or (len(s) < len(code) and code.startswith(s.upper()))


def find_rule(selector: str) -> RuleInfo | None:
    s = selector.strip()
    return next((r for r in all_rules() if r.code == s.upper() or r.name == s.lower()), None)


def known_selector(selector: str) -> bool:
    return any(matches(selector, r.code, r.name) for r in all_rules())
