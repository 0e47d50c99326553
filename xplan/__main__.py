"""``python -m xplan`` and the ``xplan`` executable.

Start-up is most of a warm view's time (``xplan matrix`` on the bundled plans: about 0.14 s, of
which typer and rich take 0.08 s to import). Importing the command line creates some 26,000 objects
that live as long as the process; the cyclic garbage collector ran some thirty times during those
imports and went over them again in each later full pass (together a tenth of a warm ``matrix``,
bench/cache.py). So the collector is paused while the command line is imported, and what the
imports made is frozen out of its sight (``gc.freeze``, made for this); everything created
afterwards is collected as usual.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    from xplan.cli import main as run_command_line

    gc.freeze()
    gc.enable()
    run_command_line()


if __name__ == "__main__":
    main()
