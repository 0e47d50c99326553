"""Output: tables in every format (``tables``) and the files commands write (``files``).

Nothing here prints; the commands decide where text goes."""
