"""click's own usage errors ("No such option", "Missing argument", "Usage:") in the chosen language.

typer carries its own copy of click (``typer._click``) whose messages are English f-strings, not
gettext calls, so binding a gettext domain cannot reach them. Every usage error of a command line
ends in one place (``xplan.cli._show_usage_error``), and each kind of error keeps what it is
about as attributes (the option name, the parameter, the possibilities), so the message is said
again here through our catalog from those attributes. A message of a shape not known here (a
newer click) is shown as click wrote it: English, never lost.
"""

from __future__ import annotations

import re
from typing import Any

from xplan.i18n import N_, _

# the messages click's parser and types write into BadOptionUsage / BadParameter (typer._click
# parser.py, types.py, core.py); each is said again with the same parts through the catalog
_REQUIRES = re.compile(r"^Option '(?P<option>[^']*)' requires an argument\.$")
_REQUIRES_N = re.compile(r"^Option '(?P<option>[^']*)' requires (?P<n>\d+) arguments\.$")
_NO_VALUE = re.compile(r"^Option '(?P<option>[^']*)' does not take a value\.$")
_EXTRA = re.compile(r"^Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)$", re.S)
_NO_COMMAND = re.compile(r"^No such command '(?P<name>.*?)'\.(?: Did you mean (?P<near>.*)\?)?$", re.S)
_NOT_VALID = re.compile(r"^(?P<value>.*) is not a valid (?P<kind>integer|int|int range|float|float range|"
                        r"boolean|uuid|datetime)\.(?P<rest>.*)$", re.S)
_NOT_IN_RANGE = re.compile(r"^(?P<value>.*) is not in the range (?P<range>.*)\.$", re.S)
_KINDS = {"integer": N_("an integer"), "int": N_("an integer"), "int range": N_("an integer"),
          "float": N_("a number"), "float range": N_("a number"), "boolean": N_("true or false"),
          "uuid": N_("a UUID"), "datetime": N_("a date and time")}


def _hint(exc: Any) -> str:
    """The parameter as click names it in messages: ``'--width'``, ``'CODE|NAME'``."""
    hint = getattr(exc, "param_hint", None)
    if hint is None and getattr(exc, "param", None) is not None:
        hint = exc.param.get_error_hint(exc.ctx)
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(repr(h) for h in hint)
    return hint or ""


def _detail(message: str) -> str:
    """A type's conversion failure ("'abc' is not a valid integer.") in the current language."""
    if m := _NOT_VALID.match(message):
        kind = _KINDS[m["kind"]]
        return _("{value} is not {kind}").format(value=m["value"], kind=_(kind)) + m["rest"]
    if m := _NOT_IN_RANGE.match(message):
        return _("{value} is not in the range {range}").format(value=m["value"], range=m["range"])
    return message


def usage_message(exc: Any) -> str | None:
    """The error's message in the current language, or None to show click's own."""
    kind = type(exc).__name__
    message = getattr(exc, "message", "") or ""
    if kind == "NoSuchOption":
        if message != f"No such option: {exc.option_name}":
            return None  # a message of its own (typer's), already said
        if exc.possibilities:
            return _("No such option: {option} (possible options: {options})").format(
                option=exc.option_name, options=", ".join(sorted(exc.possibilities)))
        return _("No such option: {option}").format(option=exc.option_name)
    if kind == "MissingParameter":
        if message:
            return None
        param_type = exc.param_type or (exc.param.param_type_name if exc.param is not None else "parameter")
        hint = _hint(exc)
        return {"argument": _("Missing argument {name}."), "option": _("Missing option {name}.")}.get(
            param_type, _("Missing parameter {name}.")).format(name=hint)
    if kind == "BadParameter":
        hint = _hint(exc)
        detail = _detail(message)
        return (_("Invalid value for {name}: {detail}").format(name=hint, detail=detail) if hint
                else _("Invalid value: {detail}").format(detail=detail))
    if kind == "BadOptionUsage":
        if m := _REQUIRES.match(message):
            return _("Option {option!r} requires an argument.").format(option=m["option"])
        if m := _REQUIRES_N.match(message):
            return _("Option {option!r} requires {n} arguments.").format(option=m["option"], n=m["n"])
        if m := _NO_VALUE.match(message):
            return _("Option {option!r} does not take a value.").format(option=m["option"])
        return None
    if kind in ("UsageError", "BadArgumentUsage"):
        if m := _EXTRA.match(message):
            return _("Got unexpected extra arguments ({args})").format(args=m["args"])
        if m := _NO_COMMAND.match(message):
            if m["near"]:
                return _("No such command {name!r}. Did you mean {near}?").format(name=m["name"], near=m["near"])
            return _("No such command {name!r}.").format(name=m["name"])
    return None


def translate_usage_error(exc: Any) -> Any:
    """The same exception, its message said in the current language when its shape is known."""
    text = usage_message(exc)
    if text is not None:
        exc.format_message = lambda: text  # the instance only: click and typer are left as they are
    return exc


def usage_prefix() -> str:
    """``Usage: `` before a command's usage line, in the current language."""
    return _("Usage: ")
