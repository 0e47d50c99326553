"""Messages in one language at a time: Japanese by default, English on request.

Every message, help text, table header and label is written in English in the code and wrapped
in ``_()`` (or marked with ``N_()`` where it must be translated later, at use). The Japanese text
lives in the gettext catalog ``xplan/i18n/locale/ja/LC_MESSAGES/xplan.po``, which a translator
edits; ``xplan/i18n/locale/ja/LC_MESSAGES/xplan.mo`` is compiled from it with Babel
(``pybabel compile -d xplan/i18n/locale -D xplan``) and a test checks the two agree.

The language is chosen, first match wins, by ``--lang ja|en`` on the command line, ``XPLAN_LANG``,
or the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: an English locale means English); otherwise
Japanese. JSON keys and values never change with the language: a value that is a sentence (a
schedule note, a diff note) is a ``Message``, which reads in the current language wherever it is
shown and is written to JSON in the default language by ``fixed()``.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "xplan"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("ja", "en")
DEFAULT = "ja"

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"
_by_language: dict[str, _gettext.NullTranslations] = {}


def choose_language(argv: Sequence[str] = (), environ: Mapping[str, str] | None = None) -> str:
    """The language from ``--lang X`` / ``--lang=X`` in argv, XPLAN_LANG, or the locale; else ja."""
    env = os.environ if environ is None else environ
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return normalise_language(argv[i + 1])
        if arg.startswith("--lang="):
            return normalise_language(arg.split("=", 1)[1])
    if env.get("XPLAN_LANG"):
        return normalise_language(env["XPLAN_LANG"])
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value and value not in ("C", "POSIX", "C.UTF-8", "C.utf8"):
            return "en" if value.lower().startswith("en") else DEFAULT
    return DEFAULT


def normalise_language(value: str) -> str:
    """``ja``, ``ja_JP.UTF-8``, ``EN``, ``en-GB`` -> ``ja`` / ``en``; anything else -> the default."""
    head = value.strip().lower().replace("-", "_").split("_")[0].split(".")[0]
    return head if head in LANGUAGES else DEFAULT


def set_language(language: str) -> None:
    """Switch every later ``_()`` to ``language`` (``ja`` or ``en``)."""
    global _translation, _language
    _language = normalise_language(language)
    _translation = _translations(_language)


def _translations(language: str) -> _gettext.NullTranslations:
    if language not in _by_language:
        _by_language[language] = (_gettext.NullTranslations() if language == "en" else _gettext.translation(
            DOMAIN, localedir=str(LOCALE_DIR), languages=[language], fallback=True))
    return _by_language[language]


def language() -> str:
    return _language


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Messages in ``language`` inside the block, then the language before it again.

    For output whose text must not depend on the user's choice: JSON carries messages in the
    default language, whatever ``--lang`` says (``xplan lint -F json``)."""
    before = _language
    set_language(language)
    try:
        yield
    finally:
        set_language(before)


def _(message: str) -> str:
    """The message in the current language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it now (module-level constants)."""
    return message


class Message(str):
    """A message that is text in the current language and can be said again in another.

    It *is* the string ``_(msgid).format(**args)`` (so it joins, prints and compares like any
    text), and remembers its msgid and arguments so that JSON can carry it in the default
    language whatever ``--lang`` says (``fixed()``). Arguments may be Messages themselves.
    """

    msgid: str
    args: dict[str, object]

    def __new__(cls, msgid: str, **args: object) -> Message:
        text = super().__new__(cls, _(msgid).format(**args))
        text.msgid, text.args = msgid, args
        return text

    def in_language(self, language: str) -> str:
        args = {k: v.in_language(language) if isinstance(v, Message) else v for k, v in self.args.items()}
        return _translations(normalise_language(language)).gettext(self.msgid).format(**args)

    def __reduce__(self) -> tuple[object, ...]:  # pickles (multiprocessing) as what it says now
        return (str, (str(self),))


def fixed(text: str) -> str:
    """A value for JSON: a Message in the default language, any other text as it is."""
    return text.in_language(DEFAULT) if isinstance(text, Message) else text


# Library code used without the CLI (tests, scripts) speaks the default language too.
set_language(choose_language())
