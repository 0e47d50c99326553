"""A command whose arguments are search words, where ``-word`` means "without word".

Click reads every ``-x…`` as an option, so ``xplan search 電子申請 -DX`` would stop with "No such
option: -D", and ``-online`` would even be read as ``-o nline`` (an output file). ``WordsCommand``
puts its arguments in order first: exactly the command's own option names (``-F``, ``--format``,
``--format=json``; with their value when they take one) stay options, everything else — ``-DX``,
``-電子``, ``-online`` — is a word, passed after ``--``. So a glued short option (``-Fjson``) is a
word here: ``-F json`` is the spelling that works everywhere.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand


class WordsCommand(TyperCommand):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, order_words(args, self.get_params(ctx)))


def order_words(args: list[str], params: list[Any]) -> list[str]:
    """``args`` as options first, then ``--`` and the words (a leading ``-`` kept on a word)."""
    takes_value: dict[str, bool] = {}
    for p in params:
        for name in [*getattr(p, "opts", []), *getattr(p, "secondary_opts", [])]:
            if name.startswith("-"):
                takes_value[name] = not (getattr(p, "is_flag", False) or getattr(p, "count", False))
    options: list[str] = []
    words: list[str] = []
    i = 0
    while i < len(args):
        token = args[i]
        i += 1
        if token == "--":
            words.extend(args[i:])
            break
        name = token.split("=", 1)[0] if token.startswith("--") else token
        if name in takes_value:
            options.append(token)
            if takes_value[name] and "=" not in token and i < len(args):
                options.append(args[i])  # its value, whatever it looks like (-o -x.json)
                i += 1
        elif token.startswith("--") and len(token) > 2:
            options.append(token)  # an unknown long option: click says so, with its suggestion
        else:
            words.append(token)
    return [*options, "--", *words] if words else options
