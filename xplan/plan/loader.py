"""Read one plan file into plain data, turning every way it can fail into a located Finding.

Nothing here raises for bad input: a file that cannot be used yields findings and no data.
Parsing uses ruamel.yaml's safe loader, which builds only plain mappings, lists and scalars:
a tag such as ``!!python/object`` is refused, never constructed.

The text is composed once into position-carrying nodes (by ruamel.yaml.clib's C parser when it
is installed: about 7× faster than pure Python) and the data is constructed from those nodes, so
a file with findings is located from the same parse rather than read a second time.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xplan.i18n import N_, _, language
from xplan.plan.findings import Finding

MAX_BYTES = 5 * 1024 * 1024  # real plans are 20–80 KB; anything this big is not a plan
MAX_DEPTH = 64  # plans nest about ten deep
MAX_NODES = 2_000_000  # after alias expansion; stops "billion laughs" documents
# Before parsing: lines plus commas bound the entries a document can hold (each entry needs its
# own line or a separator). Plans have about a thousand; a 5 MiB list of a million items takes
# the parser tens of seconds and gigabytes, so it is refused up front.
MAX_ENTRIES = 200_000
BOM = b"\xef\xbb\xbf"

LOAD_RULES: dict[str, tuple[str, str]] = {
    # code: (name, one-line description) — listed with their documentation by xplan/lint/registry.py
    "E101": ("unreadable-file", N_("the file cannot be read")),
    "E102": ("not-utf8", N_("the file is not UTF-8 text")),
    "E103": ("yaml-syntax", N_("the file is not valid YAML")),
    "E104": ("duplicate-key", N_("a mapping has the same key twice")),
    "E105": ("empty-file", N_("the file is empty")),
    "E106": ("not-a-mapping", N_("the top level is not a mapping")),
    "E107": ("forbidden-tag", N_("a YAML tag that would construct an object")),
    "E108": ("file-too-large", N_("the file is far larger than any plan")),
    "E109": ("nesting-too-deep", N_("the document nests deeper than any plan")),
    "E110": ("alias-expansion", N_("anchors and aliases expand to an enormous document")),
    "E111": ("binary-file", N_("the file holds binary data, not text")),
    "E112": ("too-many-nodes", N_("the document has far more entries than any plan")),
    # valid YAML (or YAML the parser lets through) that is no plan, each named (issue 31)
    "E113": ("complex-key", N_("a mapping key that is a list or a mapping")),
    "E114": ("multiple-documents", N_("the file holds more than one YAML document")),
    "E115": ("continuation-indent", N_("a bracketed list, a mapping in braces or a quoted text goes on to a line "
                                       "indented too little")),
    "E116": ("tab-in-continuation", N_("a bracketed list, a mapping in braces or a quoted text goes on to a line "
                                       "starting with a tab")),
    "E117": ("yaml-directive", N_("a %YAML or %TAG line xplan cannot read")),
}


@dataclass
class Loaded:
    """The outcome of reading one file: data when usable, findings always."""

    path: str
    text: str | None = None
    data: dict[str, Any] | None = None
    findings: list[Finding] = field(default_factory=list)
    node: Any = None  # the composed document, for locating findings (xplan.plan.locate)


def _finding(path: str, code: str, message: str, line: int = 1, column: int = 1) -> Finding:
    name, _ = LOAD_RULES[code]
    return Finding(path, code, name, "error", message, line=line, column=column,
                   end_line=line, end_column=column)


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def decode(path: str, data: bytes) -> tuple[str | None, list[Finding]]:
    """Bytes to text: UTF-8 (a BOM is accepted), with CP932 recognised and named."""
    if data.startswith(BOM):
        data = data[len(BOM):]
    head = data[:8192]
    if b"\x00" in head:
        line, column = _byte_position(data, head.index(b"\x00"))
        return None, [_finding(path, "E111", _("binary data (a NUL byte): a plan is UTF-8 YAML text; "
                                                 "check that the right file was given"), line, column)]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line, column = _byte_position(data, exc.start)
        try:
            data.decode("cp932")
        except UnicodeDecodeError:
            msg = _("not UTF-8: byte 0x{byte:02x} cannot be decoded; save the file as UTF-8").format(
                byte=data[exc.start])
        else:
            msg = _("the file is CP932 (Shift_JIS), not UTF-8; convert it, e.g. `iconv -f CP932 -t UTF-8`, "
                    "or save as UTF-8 in your editor")
        return None, [_finding(path, "E102", msg, line, column)]


def _tab_at(text: str, mark: Any) -> bool:
    """Whether the parser stopped at (or in the indentation before) a tab character."""
    if mark is None:
        return False
    lines = text.splitlines()
    if not 0 <= mark.line < len(lines):
        return False
    line = lines[mark.line]
    return "\t" in line[: mark.column + 1] and not line[: line.index("\t")].strip()


def _yaml_error(path: str, exc: Exception, text_of_error: str = "") -> Finding:
    """Map a ruamel.yaml exception to a finding at its mark."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    position = getattr(exc, "position", None)  # a ReaderError (a control character) has an offset only
    if mark is None and isinstance(position, int) and text_of_error:
        line = text_of_error.count("\n", 0, position) + 1
        column = position - (text_of_error.rfind("\n", 0, position) + 1) + 1
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    text = str(exc)
    name = type(exc).__name__
    if name == "DuplicateKeyError":
        key = text.split('found duplicate key "', 1)[-1].split('"', 1)[0] if "duplicate key" in text else ""
        return _finding(path, "E104", _("duplicate key {key!r}; keep one and merge the values").format(key=key),
                        line, column)
    if name == "ConstructorError" and "tag" in text:
        tag = text.split("tag '", 1)[-1].split("'", 1)[0] if "tag '" in text else "?"
        tag = tag.replace("tag:yaml.org,2002:", "!!")
        return _finding(path, "E107", _("YAML tag {tag} is not allowed: plan files hold plain text, lists and "
                                        "mappings; remove the tag").format(tag=tag), line, column)
    if _tab_at(text_of_error, mark) or "'\\t'" in problem or " tab" in problem.lower():
        return _finding(path, "E103", _("a tab character where YAML needs spaces; indent with spaces"),
                        line, column)
    from xplan.plan.yamlcheck import explain, is_directive_problem

    context = str(getattr(exc, "context", None) or "")
    if "another document" in problem or "single document" in context or "expected <document start>" in problem:
        return _finding(path, "E114", _("there is more than one document in this file (a second one starts "
                                        "here); a plan file holds one document: move the second to a file "
                                        "of its own, or remove the ---"), line, column)
    if is_directive_problem(problem, context):
        return _finding(path, "E117", _("a %YAML or %TAG line xplan cannot read: plans need none, remove "
                                        "it"), line, column)
    explained = explain(problem, context)
    if explained is not None:
        return _finding(path, "E103", _("YAML syntax error: {explanation}").format(explanation=explained),
                        line, column)
    # a phrase not listed in xplan.plan.yamlcheck: the parser's English words only in English
    if language() == "en":
        return _finding(path, "E103", _("YAML syntax error: {problem}; check indentation, quotes and colons "
                                        "on this line").format(problem=problem), line, column)
    return _finding(path, "E103", _("YAML syntax error; check the indentation, quotes and colons on this line"),
                    line, column)


def _shape_problem(data: Any) -> tuple[str, str] | None:
    """Depth and expanded size, counted iteratively and once per shared node."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, int, bool]] = [(data, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if depth > MAX_DEPTH:
            return "E109", _too_deep_message()
        if not isinstance(node, (dict, list)):
            continue
        if done:
            children = node.values() if isinstance(node, dict) else node
            sizes[id(node)] = 1 + sum(sizes.get(id(c), 1) for c in children)
            if sizes[id(node)] > MAX_NODES:
                return "E110", _("anchors and aliases expand to more than {n:,} nodes; write the content "
                                 "out instead").format(n=MAX_NODES)
            continue
        if id(node) in sizes:
            continue
        stack.append((node, depth, True))
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            if isinstance(child, (dict, list)) and id(child) not in sizes:
                stack.append((child, depth + 1, False))
    return None


def _too_deep_message() -> str:
    return _("nesting deeper than {depth} levels; a plan nests about ten deep: check the structure").format(
        depth=MAX_DEPTH)


def too_large_message(size: int) -> str:
    """E108's message, for a file on disk and a file read from git alike."""
    return _("the file is over {size:.1f} MB; plans are under {limit} MB: check that this is a plan").format(
        size=size / 1e6, limit=MAX_BYTES // 2**20)


def _too_deep(text: str) -> bool:
    """A cheap look before parsing: the pure-Python parser takes seconds on thousands of nested
    brackets before it gives up, so count bracket depth (bracket characters only) first."""
    if text.count("[") + text.count("{") > MAX_DEPTH:
        depth = 0
        for m in re.finditer(r"[\[\]{}]", text):
            depth += 1 if m.group() in "[{" else -1
            if depth > MAX_DEPTH:
                return True
    # block nesting needs indentation; plans indent about 20 columns at most
    return re.search(rf"^[ \t]{{{MAX_DEPTH * 4},}}\S", text, flags=re.M) is not None


_CONSTRUCTOR: Any = None


def _plan_constructor() -> Any:
    """The safe constructor, except that dates stay text: plans write 2025-12 and 2025-04-01
    as they mean them, and a date object would not match the schema or the document."""
    global _CONSTRUCTOR
    if _CONSTRUCTOR is None:
        from ruamel.yaml.constructor import SafeConstructor

        class PlanConstructor(SafeConstructor):
            pass

        PlanConstructor.add_constructor("tag:yaml.org,2002:timestamp",
                                        lambda c, node: c.construct_scalar(node))
        _CONSTRUCTOR = PlanConstructor
    return _CONSTRUCTOR


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
# Scalars a plan may hold: text, numbers, true/false, null, and dates (kept as text). The other
# standard tags build bytes (!!binary), sets (!!set) or ordered pairs (!!omap, !!pairs) that no
# plan key holds and that JSON cannot carry, so they are refused like any other tag.
_PLAIN_SCALARS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp"))


class Refused(Exception):
    """A construct plans do not use, found while building the data (tag, merge key)."""

    def __init__(self, node: Any, code: str, message: str) -> None:
        super().__init__(message)
        self.mark = node.start_mark
        self.code = code
        self.message = message


def _refuse_tag(node: Any, tag: str) -> Refused:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return Refused(node, "E107", _("YAML tag {tag} is not allowed: plan files hold plain text, lists and "
                                   "mappings; remove the tag").format(tag=shown))


def _construct(node: Any, fallback: Any, memo: dict[int, Any]) -> Any:
    """Plain data from composed nodes: dicts, lists, and scalars by their resolved tag.

    Plans are almost all text, and ruamel's general constructor spends as long as the C parser
    on them; this builds mappings, lists and strings directly and hands any other standard scalar
    (int, bool, null, float, date) to ``fallback`` — the safe constructor, which also raises for
    tags it does not know. Aliases share one constructed object (``memo``), so an alias bomb is
    not expanded here. Duplicate keys raise the same DuplicateKeyError as ruamel does.
    """
    key = id(node)
    if key in memo:
        return memo[key]
    kind, tag = node.id, node.tag if isinstance(node.tag, str) else str(node.tag)
    if kind == "scalar":
        if tag == _STR:
            return node.value
        if tag == _MERGE:
            raise Refused(node, "E107", _("merge keys (<<) are not allowed: write the keys out in full"))
        if tag not in _PLAIN_SCALARS:
            raise _refuse_tag(node, tag)
        return fallback.construct_object(node, deep=True)
    if kind == "sequence" and tag == _SEQ:
        out: list[Any] = []
        memo[key] = out
        out.extend(_construct(item, fallback, memo) for item in node.value)
        return out
    if kind == "mapping" and tag == _MAP:
        mapping: dict[Any, Any] = {}
        memo[key] = mapping
        for key_node, value_node in node.value:
            if key_node.id != "scalar":  # ? [a, b] : c — Python could not even hash it
                raise Refused(key_node, "E113", _(
                    "a key that is a list or a mapping (a complex key such as ? [a, b]); the keys of a "
                    "plan are words: write the key as text"))
            k = _construct(key_node, fallback, memo)
            if k in mapping:
                from ruamel.yaml.constructor import DuplicateKeyError

                raise DuplicateKeyError("while constructing a mapping", node.start_mark,
                                        f'found duplicate key "{k}"', key_node.start_mark)
            mapping[k] = _construct(value_node, fallback, memo)
        return mapping
    raise _refuse_tag(node, tag)  # !!set, !!omap, !!pairs or a custom tag: never constructed


def _compose_with(yaml_class: Any, text: str, pure: bool) -> tuple[Any, Any]:
    import warnings

    yaml = yaml_class(typ="safe", pure=pure)
    yaml.Constructor = _plan_constructor()
    with warnings.catch_warnings():  # a reused anchor name is valid YAML: no noise on stderr
        warnings.simplefilter("ignore")
        node = yaml.compose(text)
    return node, (_construct(node, yaml.constructor, {}) if node is not None else None)


def _compose(yaml_class: Any, text: str) -> tuple[Any, Any]:
    """Compose with the C parser (fast), else ruamel's pure-Python one, with one verdict.

    The two parsers disagree on a few inputs: ``k: [6月:全区]`` (a colon inside a flow list) is
    an error for the C parser (YAML 1.1) and text for the pure-Python one, as for YAML 1.2
    editors. The verdict must not depend on whether ruamel.yaml.clib is installed, so a document
    the C parser refuses is read again by the pure-Python parser, and only refused by both is it
    a syntax error (reported where the first parser stopped).
    """
    from ruamel.yaml.error import YAMLError

    try:
        return _compose_with(yaml_class, text, pure=False)  # the C parser when clib is installed
    except YAMLError as first:
        if type(first).__name__ in ("DuplicateKeyError", "ConstructorError"):
            raise
        try:
            return _compose_with(yaml_class, text, pure=True)
        except YAMLError:
            raise first from None


def compose(text: str) -> Any:
    """The composed document (nodes with positions), with the same one verdict as ``parse``:
    the C parser, else the pure-Python one (for readers that keep the nodes, such as fmt)."""
    return compose_marked(text)[0]


def compose_marked(text: str) -> tuple[Any, bool]:
    """``compose``, and whether the pure-Python parser read it. Callers that turn marks into
    offsets need to know: the C parser (YAML 1.1) counts NEL, U+2028 and U+2029 as line breaks,
    the pure-Python one (YAML 1.2) does not."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="safe", pure=False)
    try:
        # without ruamel.yaml.clib, pure=False is the pure-Python parser too
        return yaml.compose(text), getattr(yaml.Parser, "__name__", "") != "CParser"
    except YAMLError as first:
        try:
            return YAML(typ="safe", pure=True).compose(text), True
        except YAMLError:
            raise first from None


def parse(path: str, text: str) -> Loaded:
    """Parse YAML text (already decoded) into a checked top-level mapping."""
    from ruamel.yaml import YAML  # lazy: keeps `xplan --help` fast
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    result = Loaded(path, text=text)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        result.findings.append(_finding(path, "E105", _(
            "the file is empty; a plan needs at least schema_version, organisation, fiscal_year and issues")))
        return result
    if _too_deep(text):
        result.findings.append(_finding(path, "E109", _too_deep_message()))
        return result
    entries = text.count("\n") + text.count(",")
    if entries > MAX_ENTRIES:
        result.findings.append(_finding(path, "E112", _(
            "the document has about {n:,} entries (lines and list items); a plan has about a thousand: "
            "check that this is a plan").format(n=entries)))
        return result
    from xplan.plan.yamlcheck import continuation_problems, unsupported_version

    version = unsupported_version(text)
    if version is not None:  # the pure-Python parser would fail on it with an internal assertion
        result.findings.append(_finding(path, "E117", _(
            "%YAML {version}: xplan reads YAML 1.1 and 1.2; remove the %YAML line or write %YAML 1.2").format(
                version=version[0]), version[1], 1))
        return result
    limit = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(max(limit, 4000))
        node, data = _compose(YAML, text)
    except Refused as exc:
        result.findings.append(_finding(path, exc.code, exc.message, exc.mark.line + 1, exc.mark.column + 1))
        return result
    except RecursionError:
        result.findings.append(_finding(path, "E109", _too_deep_message()))
        return result
    except (MarkedYAMLError, YAMLError) as exc:
        result.findings.append(_yaml_error(path, exc, text))
        return result
    except Exception as exc:  # ruamel raises plain errors on some malformed input
        mark = getattr(exc, "problem_mark", None)
        where = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        # never the exception's own words (Python's, in English): what a planner can do instead
        result.findings.append(_finding(path, "E103", _(
            "this YAML cannot be read as a plan: write it with plain keys, text, lists and mappings, as in "
            "the other plans"), *where))
        return result
    finally:
        sys.setrecursionlimit(limit)
    if data is None:
        result.findings.append(_finding(path, "E105", _("the document is empty")))
        return result
    if not isinstance(data, dict):
        message = (_("the top level is a list; it must be a mapping of plan keys such as schema_version, "
                     "organisation, issues") if isinstance(data, list) else
                   _("the top level is a single value ({kind}); it must be a mapping of plan keys such as "
                     "schema_version, organisation, issues").format(kind=type(data).__name__))
        result.findings.append(_finding(path, "E106", message))
        return result
    shape = _shape_problem(data)
    if shape:
        result.findings.append(_finding(path, shape[0], shape[1]))
        return result
    # invalid YAML that the parser lets through and editors underline: refused like a syntax error
    continuation = next(continuation_problems(text, node), None)
    if continuation is not None:
        code, line, column, message = continuation
        result.findings.append(_finding(path, code, message, line, column))
        return result
    result.data = data
    result.node = node
    return result


def _read_limited(path: str | Path) -> tuple[bytes | None, str | None]:
    """The bytes of a regular file, at most MAX_BYTES + 1 of them; else why it cannot be read.

    Opened without blocking and checked with fstat before reading: a FIFO would block forever
    and /dev/zero would never end, so only regular files are read, and the cap counts the bytes
    actually read rather than trusting the size the file system reports.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            return None, _("a directory, not a plan file")
        if not stat.S_ISREG(mode):
            return None, _("not a regular file (a pipe, device or socket); plans are ordinary files")
        chunks: list[bytes] = []
        total = 0
        while total <= MAX_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks), None
    finally:
        os.close(fd)


def _unreadable(name: str, reason: str) -> Loaded:
    return Loaded(name, findings=[_finding(name, "E101", _("cannot read the file: {reason}; check the path "
                                                           "and permissions").format(reason=reason))])


def load(path: str | Path) -> Loaded:
    """Read and parse one file. Never raises for a bad file."""
    import errno

    name = str(path)
    try:
        data, why_not = _read_limited(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return _unreadable(name, _("a loop of symbolic links"))
        return _unreadable(name, exc.strerror or str(exc))
    if data is None:
        return _unreadable(name, why_not or "?")
    if len(data) > MAX_BYTES:
        return Loaded(name, findings=[_finding(name, "E108", too_large_message(MAX_BYTES))])
    return load_bytes(name, data)


def load_bytes(name: str, data: bytes) -> Loaded:
    """Decode and parse a file's bytes, already read (the cache reads and hashes them once)."""
    text, problems = decode(name, data)
    if text is None:
        return Loaded(name, findings=problems)
    return parse(name, text)
