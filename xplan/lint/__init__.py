"""Lint: the engine (``engine``), the rule registry (``registry``), inline suppressions
(``suppress``), one module per rule in ``rules/`` and one per output format in ``reporters/``."""
