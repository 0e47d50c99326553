"""xplan: tools for Kitakyushu City's yearly transformation plans (局区X方針)."""

__version__ = "0.1.0"
