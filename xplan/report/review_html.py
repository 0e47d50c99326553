"""The progress review page's long parts as HTML, written in Python: each plan's progress table and
each quarter's agenda (``review.html`` keeps the page's frame, the summary table and the chart).

On 2,000 plans these loops wrote a 44 MB page through some 3 million Jinja expressions; here each
part appends to one list of strings, with the markup of the template they replace to the byte
(the review pages of the bundled and of 200 generated plans compared with the template's), text
escaped as Jinja's autoescape does and translations put in as its i18n extension does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from markupsafe import Markup

from xplan.i18n import _
from xplan.report import links
from xplan.report.plan_html import Out, _blocks, _e
from xplan.report.render import phrases
from xplan.views import agenda, progress


def _progress_section(pp: Any, rel: Callable[[str], str], out: Out) -> None:
    plan = pp.plan
    slug = _e(plan.org.slug)
    out.append(f'<section class="review-plan" id="progress-{slug}" aria-labelledby="progress-{slug}-h">\n'
               f'<h3 id="progress-{slug}-h"><a href="{_e(rel(links.plan_page(plan)))}">{_e(plan.org.name)} '
               f"{_e(plan.fiscal_year)}</a>")
    if pp.as_of:
        out.append(f' <span class="n">{Markup(_("as of {date}")).format(date=pp.as_of)}</span>')
    out.append("</h3>\n")
    if not pp.rows:
        status = progress.status_text(pp)
        out.append(f'<p class="note">{_e(status) if status else _("no action selected")}</p>\n')
        out.append("</section>\n")
        return
    with_labels = progress.label_checkpoints(pp)
    scheduled = plan.has_schedule
    out.append('<div class="scroll">\n<table class="data progress">\n<colgroup><col class="issue"><col class="action">')
    if scheduled:
        out.append('<col class="planned">')
    out.append(f'<col class="reported"></colgroup>\n<thead><tr><th scope="col">{phrases(_("Issue"))}</th>'
               f'<th scope="col">{phrases(_("Action"))}</th>')
    if scheduled:
        planned = Markup(_("Planned (to {date})")).format(date=pp.as_of) if pp.as_of else _("Planned")
        out.append(f'<th scope="col">{phrases(planned)}</th>')
    out.append(f'<th scope="col">{phrases(_("Progress"))}</th></tr></thead>\n<tbody>\n')
    for issue, rows in pp.issues():
        for n, r in enumerate(rows):
            out.append("<tr>\n" if r.checkpoints else '<tr class="not-reported">\n')
            if n == 0:
                out.append(f'<th scope="rowgroup" rowspan="{len(rows)}"><a href="{_e(rel(links.issue_link(plan, issue)))}">'
                           f'<span class="code">{_e(issue.code)}</span> {_e(issue.display_title or "")}</a></th>')
            out.append(f"<td>{_e(r.label)}</td>\n")
            if scheduled:
                out.append("<td>")
                for line in progress.planned_lines(r):
                    sub = " sub" if line.startswith(" ") else ""
                    out.append(f'<span class="line{sub}">{_e(line.strip())}</span>')
                out.append("</td>")
            out.append("<td>\n")
            if r.checkpoints:
                for c in r.checkpoints:
                    if with_labels:
                        out.append(f'<p class="checkpoint-label"><strong>{_e(c.label or c.as_of)}</strong></p>')
                    _blocks(c.items, out)
                    out.append("\n")
            else:
                out.append(f'<p class="missing">{_("not reported")}</p>\n')
            out.append("</td>\n</tr>\n")
    out.append("</tbody>\n</table>\n</div>\n</section>\n")


def progress_sections(plans: list[Any], rel: Callable[[str], str]) -> Iterator[Markup]:
    """Each plan's progress (``views.progress.PlanProgress``): what was planned and what was
    reported; a plan at a time (2,000 plans' are 40 MB: the page is written as it is made)."""
    for pp in plans:
        out: Out = []
        _progress_section(pp, rel, out)
        yield Markup("".join(out))


def _agenda_plan(pa: Any, rel: Callable[[str], str], out: Out) -> None:
    plan = pa.plan
    out.append(f'<section class="review-plan">\n<h3><a href="{_e(rel(links.plan_page(plan)))}">{_e(plan.org.name)} '
               f"{_e(plan.fiscal_year)}</a>")
    months = pa.months
    if months:
        out.append(f' <span class="n">{_e(months[0])}～{_e(months[1])}</span>')
    out.append("</h3>\n")
    for ia in pa.issues:
        out.append(f'<h4><a href="{_e(rel(links.issue_link(plan, ia.issue)))}"><span class="code">{_e(ia.issue.code)}'
                   f'</span> {_e(ia.issue.display_title or "")}</a></h4>\n<ul class="agenda-entries">\n')
        previous = None
        for n, e in enumerate(ia.entries):
            if n == 0 or previous != e.action_label:
                out.append(f'<li class="agenda-action"><span class="action">{_e(e.action_label)}</span></li>')
            previous = e.action_label
            out.append('<li class="agenda-items">')
            if e.row_label:
                out.append(f'<span class="row-label">{_e(e.row_label)}</span>')
            out.append("<ul>")
            cell = e.kind == "cell"
            for i, line in enumerate(agenda.entry_lines(e)):
                continues = cell and i < len(e.items) and e.items[i].continues
                out.append(f'<li class="continues">{_e(line.removeprefix("・"))}</li>' if continues
                           else f"<li>{_e(line.removeprefix('・'))}</li>")
            out.append("</ul>\n</li>\n")
        out.append("</ul>\n")
    for note in agenda.plan_notes(pa):
        out.append(f'<p class="note">{_e(note)}</p>')
    out.append("</section>\n")


def agenda_plans(plans: list[Any], rel: Callable[[str], str]) -> Iterator[Markup]:
    """A quarter's agenda (``views.agenda.PlanAgenda`` of each plan): what each issue scheduled,
    a plan at a time."""
    for pa in plans:
        out: Out = []
        _agenda_plan(pa, rel, out)
        yield Markup("".join(out))
