"""Subcommands: each module has ``register(app)`` and one plain function per command."""
