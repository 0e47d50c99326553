"""The plan's year: ⑥ progress entries in December (``xplan checkpoint``), the year-end ⑦⑧ review
(``xplan retro``), and who still has to write what (``xplan status``).

This layer sits above the reads of the model (lint, views) and the writer (write), whose parts it
combines: checkpoint quotes what the schedule planned (views.progress) beside the entries it adds
through the round-trip writer (write.parse/tree), and status counts lint's findings. It returns
data and new file text, and never prints; the report's index reads ``status``.
"""
