"""Year-over-year (or meeting-to-meeting) change report between two sets of plans.

``sides`` resolves what the user names (a year, a plan file, either at a git revision) into
plans; ``match`` pairs the issues of one organisation's two plans; ``compare`` lists what
changed inside a matched pair; ``textdiff`` is the word-level diff for --text; ``report``
turns it all into plain data, JSON, markdown/plain text and rich renderables.
"""
