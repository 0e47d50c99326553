"""Help in the chosen language, with an example section per command (like gh's).

Help texts are written in English and marked with ``N_()`` where the commands are defined; they
are translated when help is shown, not when the module is imported, so that ``--lang`` and tests
that switch language see every text in one language. ``I18nGroup`` (the app's group class) does
that for each command it hands out: its help, its options' help, and an epilog built from
``EXAMPLES``. Typer's own panel titles ("Options", "Usage") go through the same catalog.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperGroup

from xplan.i18n import N_, _

# command -> (command line, what it does); the command line is shown as typed, the text translated
EXAMPLES: dict[str, list[tuple[str, str]]] = {
    "lint": [("xplan lint", N_("lint the configured plans directory")),
             ("xplan lint plans/R7/seisaku.yaml --min-severity warning", N_("one file, warnings and errors only")),
             ("xplan lint -F json -o lint.json", N_("the JSON report, written to a file")),
             ("xplan lint --cross-file-only", N_("only the rules that need the whole tree (xplan-lint-all)"))],
    "rules": [("xplan rules", N_("every rule with its code, name and severity")),
              ("xplan rules -F markdown", N_("the same as a Markdown table"))],
    "rule": [("xplan rule missing-detail", N_("one rule's documentation, by name")),
             ("xplan rule P321 -F json", N_("the same by code, as JSON"))],
    "matrix": [("xplan matrix --org 小倉北区", N_("one organisation's grid")),
               ("xplan matrix --combined --year R7", N_("one grid for every R7 plan")),
               ("xplan matrix --org 政策局 --export matrix.svg", N_("save the grid for a slide"))],
    "issues": [("xplan issues", N_("every issue of each organisation's latest plan")),
               ("xplan issues --field DX推進 -F github", N_("one policy field, as a table to paste into minutes")),
               ("xplan issues --impact 高 --urgency 高 --sort org", N_("the high/high issues")),
               ("xplan issues -F csv --bom -o issues.csv", N_("a CSV file that Excel opens"))],
    "show": [("xplan show --org 総務市民局 B1", N_("one issue in full")),
             ("xplan show --org 小倉北区", N_("a whole plan (paged on a terminal)")),
             ("xplan show --org 政策局 A1 -F markdown", N_("one issue as Markdown"))],
    "schedule": [("xplan schedule --org 小倉北区", N_("a plan's quarterly table")),
                 ("xplan schedule --org 総務市民局 B1", N_("one issue's actions by quarter"))],
    "orgs": [("xplan orgs", N_("organisations with their latest plan")),
             ("xplan orgs --all -F json", N_("every plan of every organisation, as JSON"))],
    "rollup": [("xplan rollup", N_("issues per policy field across organisations")),
               ("xplan rollup --by quadrant --issues", N_("per impact/urgency quadrant, with the issues")),
               ("xplan rollup --years R6..R8 --by org", N_("years side by side"))],
    "fields": [("xplan fields", N_("the policy fields found, with counts and spellings")),
               ("xplan fields --similarity 0.8 -F json", N_("near-duplicates above a stricter threshold"))],
    "diff": [("xplan diff R6 R7", N_("what changed from R6 to R7")),
             ("xplan diff R7 R8 --org 小倉北区 --text", N_("one organisation, with word-level text changes")),
             ("xplan diff R7@HEAD~3 R7 --brief", N_("counts of changes since three commits ago")),
             ("xplan diff R6 R7 -F json --exit-code", N_("for CI: exit 1 when anything changed"))],
    "fmt": [("xplan fmt", N_("lay out every plan file in the canonical layout")),
            ("xplan fmt --check", N_("for CI: list the files that would change, exit 1 if any")),
            ("xplan fmt plans/R7/seisaku.yaml --diff", N_("show what would change, write nothing"))],
    "schema": [("xplan schema -o plan.schema.json", N_("the plan schema for an editor"))],
    "report": [("xplan report", N_("the whole site under site/")),
               ("xplan report --org 政策局 -o site-seisaku", N_("one organisation's pages"))],
    "cache": [("xplan cache info", N_("where the cache is and what it holds")),
              ("xplan cache clean", N_("empty it (it is rebuilt when needed)"))],
    "agenda": [("xplan agenda --year R7 --quarter 3", N_("what was scheduled for Q3 of R7")),
               ("xplan agenda --month 2025-11 -F markdown", N_("the quarter of a month, for the minutes"))],
    "import": [("xplan import 000_3be246f0ef899417.txt -o draft.yaml", N_("a published document's text as a draft plan")),
               ("xplan import plan.pdf --plans plans", N_("a PDF into plans/<year>/<slug>.yaml")),
               ("xplan import sheet.xlsx --org 保健福祉局 --year R6 -o draft.yaml",
                N_("say the organisation and year where the document does not"))],
    "progress": [("xplan progress --as-of 2025-12", N_("planned work against reported progress")),
                 ("xplan progress --org 政策局 -F csv", N_("one organisation, as CSV"))],
    "checkpoint": [("xplan checkpoint --org 総務市民局 --as-of 2025-12", N_("add December's ⑥ entries to fill")),
                   ("xplan checkpoint --all-orgs --as-of 2025-12 --diff", N_("every R7 plan: show the change, write nothing"))],
    "retro": [("xplan retro --org 政策局 --year R7", N_("add the year-end ⑦⑧ to fill to every issue"))],
    "status": [("xplan status --as-of 2025-12", N_("who still has to write what in December")),
               ("xplan status --as-of 2025-12 --check -q", N_("for CI: exit 1 while anything due is unwritten"))],
}


HELP_OPTION = N_("Show this message and exit.")


def examples_epilog(name: str) -> str | None:
    """The example section of a command's help, in the current language (rich markup escaped)."""
    from rich.markup import escape

    items = EXAMPLES.get(name)
    if not items:
        return None
    # gh's layout: what it does as a comment, the command line under it (no columns to misalign)
    lines = [f"  [dim]# {escape(_(text))}[/dim]\n  $ {escape(cmd)}" for cmd, text in items]
    heading = escape(_("Examples"))
    return f"[bold]{heading}[/bold]\n" + "\n".join(lines)


def translate_typer_labels() -> None:
    """Typer's own words (panel titles, [default: …]) through our catalog."""
    try:
        from typer import rich_utils
    except ImportError:  # typer without rich: plain click help
        return
    rich_utils.ARGUMENTS_PANEL_TITLE = _("Arguments")
    rich_utils.OPTIONS_PANEL_TITLE = _("Options")
    rich_utils.COMMANDS_PANEL_TITLE = _("Commands")
    rich_utils.ERRORS_PANEL_TITLE = _("Error")
    rich_utils.DEFAULT_STRING = _("[default: {}]")
    rich_utils.REQUIRED_LONG_STRING = _("[required]")
    rich_utils.RICH_HELP = _("Try [blue]'{command_path} {help_option}'[/] for help.")
    if not getattr(rich_utils, "_xplan_pipe", False):
        # rich exits 1 when the reader of help goes away (`xplan lint --help | head`); every other
        # output stops quietly with 141 (cli.run), and so does help
        make_console = rich_utils._get_rich_console

        def console(stderr: bool = False) -> Any:
            c = make_console(stderr=stderr)

            def on_broken_pipe() -> None:
                c.quiet = True
                raise BrokenPipeError

            setattr(c, "on_broken_pipe", on_broken_pipe)  # noqa: B010 - replaces rich's method on this console
            return c

        # setattr: replacing a function of another module, which a type checker rightly questions
        setattr(rich_utils, "_get_rich_console", console)  # noqa: B010
        setattr(rich_utils, "_xplan_pipe", True)  # noqa: B010
        _wrap_help_texts(rich_utils)


def _wrap_help_texts(rich_utils: Any) -> None:
    """Option and command descriptions wrapped at Japanese phrases, never cut off with … (typer puts
    them in table cells whose overflow is an ellipsis, and rich breaks lines only at spaces)."""
    from rich.columns import Columns
    from rich.text import Text

    from xplan.output.wrap import JaText

    def plain(renderable: Any) -> str:
        if isinstance(renderable, Columns):  # the help, then [default: …] and [required] beside it
            return " ".join(plain(r) for r in renderable.renderables)
        return renderable.plain if isinstance(renderable, Text) else str(getattr(renderable, "markup", renderable))

    parameter_help, command_help = rich_utils._get_parameter_help, rich_utils._make_command_help
    setattr(rich_utils, "_get_parameter_help",  # noqa: B010
            lambda **kw: JaText(plain(parameter_help(**kw)), max_min=12))
    setattr(rich_utils, "_make_command_help",  # noqa: B010
            lambda **kw: JaText(plain(command_help(**kw)), max_min=12))


def _format_usage(command: Any, ctx: Any, formatter: Any) -> None:
    """click's Command.format_usage, with "Usage: " in the current language."""
    from xplan.commands.usage import usage_prefix

    formatter.write_usage(ctx.command_path, " ".join(command.collect_usage_pieces(ctx)), prefix=usage_prefix())


def translate_command(command: Any) -> Any:
    """Put the command's help texts into the current language (keeping the English msgids).

    Typer's own labels are translated only when help is formatted: importing ``typer.rich_utils``
    (rich's Markdown and markdown-it with it) costs a tenth of a second that running a command never
    needs; so does the examples section, which needs rich's markup module.
    """
    for obj in (command, *getattr(command, "params", ())):
        if not hasattr(obj, "_xplan_msgid"):
            obj._xplan_msgid = obj.help  # noqa: SLF001 - our own attribute on click objects
        if obj._xplan_msgid:  # noqa: SLF001
            obj.help = _(obj._xplan_msgid)  # noqa: SLF001
    if not hasattr(command, "_xplan_usage"):  # "Usage: " in help and in usage errors alike
        command._xplan_usage = True  # noqa: SLF001
        command.format_usage = lambda ctx, formatter: _format_usage(command, ctx, formatter)
    if not hasattr(command, "_xplan_help_option"):
        original = command.get_help_option

        def get_help_option(ctx: Any) -> Any:
            option = original(ctx)
            if option is not None:
                option.help = _(HELP_OPTION)
            return option

        command._xplan_help_option = True  # noqa: SLF001
        command.get_help_option = get_help_option
        format_help = command.format_help

        def format_help_translated(ctx: Any, formatter: Any) -> None:
            translate_typer_labels()
            if getattr(command, "name", None) in EXAMPLES:  # rich markup: built only for help
                command.epilog = examples_epilog(command.name)
            format_help(ctx, formatter)

        command.format_help = format_help_translated
    return command


# The group's own options, which people also write after the command (`xplan issues --lang en`);
# with a value: --lang
ROOT_FLAGS = ("--version", "-V", "--debug")
ROOT_VALUED = ("--lang",)


def hoist_root_options(args: list[str]) -> list[str]:
    """The group's options moved before the command wherever they were written (up to ``--``), so
    that ``--lang``, ``--debug`` and ``--version`` work after the command as before it."""
    end = args.index("--") if "--" in args else len(args)
    moved: list[str] = []
    rest: list[str] = []
    i = 0
    while i < end:
        arg = args[i]
        if arg in ROOT_FLAGS or arg.startswith(tuple(f"{o}=" for o in ROOT_VALUED)):
            moved.append(arg)
        elif arg in ROOT_VALUED and i + 1 < end:
            moved += [arg, args[i + 1]]
            i += 1
        else:
            rest.append(arg)
        i += 1
    return moved + rest + args[end:]


class I18nGroup(TyperGroup):
    """The ``xplan`` group: every command it hands out (to run or to list) speaks the current language."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_root_options(list(args)))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            translate_command(command)
        return command

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _format_usage(self, ctx, formatter)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        translate_typer_labels()
        translate_command(self)
        super().format_help(ctx, formatter)


