"""The plans as a static web site (``xplan report``) and every view as a complete HTML document.

A layer above the reads of the model (views, rollup, diff, lint): it takes their data and renders
it through Jinja2 templates (autoescaped: plan text is data, never markup) with one stylesheet,
``static/report.css``, that also carries the A4 print rules. Nothing here prints or writes except
``site.write_site``, which writes the files atomically.
"""
