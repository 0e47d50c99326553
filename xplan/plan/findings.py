"""The one record every check produces: what is wrong, where, and how bad."""

from __future__ import annotations

from dataclasses import dataclass, field

from xplan.i18n import N_, _

SEVERITIES = ("error", "warning", "info")
_SEVERITY_LABELS = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}


def severity_label(severity: str) -> str:
    """error / warning / info in the chosen language, for people; JSON keeps the ASCII value."""
    return _(_SEVERITY_LABELS[severity]) if severity in _SEVERITY_LABELS else severity


def shown_path(path: str) -> str:
    """A file name as reports print it: bytes that are not UTF-8 escaped as ``\\xff``.

    Python carries such names as lone surrogates, which no UTF-8 output (stdout, JSON, SARIF)
    can encode; every report shows them the same escaped way instead.
    """
    if path.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in path):
        return path
    import os

    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


@dataclass
class Finding:
    """A problem in a plan file.

    ``pointer`` is the JSON path of the offending value as a tuple; the line and column are
    filled in from it when the report is made (a clean file never needs positions).
    ``at_key`` asks for the position of the mapping key rather than its value (an unknown key).
    """

    file: str
    code: str
    name: str
    severity: str
    message: str
    pointer: tuple[str | int, ...] = ()
    at_key: bool = False
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def path(self) -> str:
        """The JSON pointer (RFC 6901) of the offending value."""
        return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in self.pointer)

    @property
    def located(self) -> bool:
        return self.line > 0

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)

    def to_dict(self) -> dict[str, object]:
        return {
            "file": shown_path(self.file),
            "line": self.line or 1,
            "column": self.column or 1,
            "end_line": self.end_line or self.line or 1,
            "end_column": self.end_column or self.column or 1,
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "path": self.path,
        }
