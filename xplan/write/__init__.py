"""Writing plan files: the canonical layout (``xplan fmt``), drafts of next year's plan
(``xplan new``) and safe fixes (``xplan lint --fix``).

This layer sits above ``xplan.plan`` and ``xplan.output`` and below the commands: it returns new
file text and what changed, and never prints. Every writer keeps YAML comments and writes through
``xplan.output.files.write_atomic``.
"""
