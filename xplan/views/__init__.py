"""The review-meeting views: matrix, issues, show, schedule, orgs.

Each module turns a ``Selection`` (or plans) into plain data, and that data into
``output.Table`` objects, text in any output format, or rich renderables. Nothing here prints;
``xplan/commands/views.py`` is the thin CLI layer on top.
"""
