"""``xplan show -F docx``: a plan as a Word document, in the order and words of the city's document.

The sections are the ones ``xplan show`` builds (xplan.views.show): 1 組織の使命, 2 基本情報,
3 振り返り, 4 課題, each issue with ①–⑥ (⑦⑧ where the plan has them). Headings use Word's own
heading styles, so the navigation pane lists them and the table of contents at the top (a Word
field, filled in with the headings so that it reads right before Word updates its page numbers)
works. Quarterly tables are real Word tables with the header row repeated on every page; a cell
holding → (the previous quarter's work continues) is drawn as a bar ending in the arrow.

The document records no time (python-docx's template dates are kept and the zip is re-packed
with a fixed time), so the same plan gives the same bytes.
"""

from __future__ import annotations

import io
from typing import Any

from xplan.export.clean import clean
from xplan.plan.model import CONTINUES, QUARTERS, Block, CellItem, Dated, Headed, LeadIn
from xplan.views import schedule as sched
from xplan.views.common import NOTHING, absent
from xplan.views.show import Fields, PlanDoc, Prose, Sched, Section

FONT = "游ゴシック"      # East Asian text; Word and LibreOffice substitute a Japanese font where it is missing
BAR_COLOUR = "5B7DB1"   # the continuation bar (the report's --bar)
HEAD_FILL = "DDE5F0"
TOC_LEVELS = 2          # parts and issues in the table of contents


class MissingLibrary(ImportError):
    """python-docx is not installed: one line saying how to install it (exit 2)."""


def _docx() -> Any:
    try:
        import docx
    except ImportError:
        raise MissingLibrary("docx: python-docx is not installed; pip install 'xplan[office]'") from None
    return docx


def _el(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def _east_asian(style: Any) -> None:
    """Japanese text in ``style`` in the Japanese font, marked as Japanese (line breaking, spacing)."""
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = _el("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = _el("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "ja-JP")


class _Writer:
    def __init__(self) -> None:
        docx = _docx()
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Mm, Pt

        self.doc = docx.Document()
        self.Pt = Pt
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)  # A4, as the city prints
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(18))
        styles = self.doc.styles
        styles["Normal"].font.size = Pt(10.5)
        for name in ("toc 1", "toc 2"):
            if name not in [s.name for s in styles]:
                toc = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
                toc.base_style = styles["Normal"]
                toc.paragraph_format.left_indent = Pt(0 if name == "toc 1" else 14)
                toc.paragraph_format.space_after = Pt(0)
        for s in styles:
            if s.type == WD_STYLE_TYPE.PARAGRAPH:
                _east_asian(s)
        # the document's defaults too: table cells and anything without a style of its own
        from docx.oxml.ns import qn

        defaults = styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
        if rpr is not None:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is None:
                fonts = _el("w:rFonts")
                rpr.insert(0, fonts)
            for attr in ("eastAsia", "ascii", "hAnsi"):
                fonts.set(qn(f"w:{attr}"), FONT)
            for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme"):
                fonts.attrib.pop(qn(f"w:{attr}"), None)
        self.headings: list[tuple[int, str]] = []
        self.toc_at: Any = None

    # -- text -----------------------------------------------------------------------------------

    def heading(self, text: str, level: int) -> None:
        if level == 0:
            self.doc.add_paragraph(clean(text), style="Title")
            return
        self.doc.add_heading(clean(text), level=min(level, 9))
        self.headings.append((level, clean(text)))

    def para(self, text: str, style: str | None = None, indent: int = 0, muted: bool = False) -> Any:
        p = self.doc.add_paragraph(style=style)
        run = p.add_run(clean(text))
        if muted:
            from docx.shared import RGBColor

            run.font.color.rgb = RGBColor(0x6B, 0x72, 0x80)
        if indent:
            p.paragraph_format.left_indent = self.Pt(14 * indent)
        return p

    def blocks(self, items: list[Block] | tuple[Block, ...] | None, level: int = 0) -> None:
        if items is None:
            self.para(absent(), muted=True)  # the document does not have this section
            return
        if not items:
            self.para(NOTHING)  # the document prints ー
            return
        bullet = "List Bullet" if level == 0 else f"List Bullet {min(level + 1, 3)}"
        extra = max(0, level - 2)
        for b in items:
            if isinstance(b, Headed):
                p = self.para("", indent=level)
                p.add_run(clean(b.heading)).bold = True
                if b.items:
                    self.blocks(b.items, level + 1)
            elif isinstance(b, LeadIn):
                self.para(b.lead, bullet, extra)
                if b.items:
                    self.blocks(b.items, level + 1)
                if b.tail is not None:  # the lead-in's sentence goes on after its sub-items
                    self.para(b.tail, "List Continue" if level == 0 else f"List Continue {min(level + 1, 3)}",
                              extra)
            elif isinstance(b, Dated):
                self.para(f"{b.text}（{b.period}）", bullet, extra)
            else:
                self.para(b, bullet, extra)

    def fields(self, item: Fields) -> None:
        for k, v in item.pairs:
            indent = 1 if k.startswith("　") else 0
            label = k.strip("　 ")
            p = self.doc.add_paragraph()
            if indent:
                p.paragraph_format.left_indent = self.Pt(14)
            if label:
                p.add_run(clean(label) + ("：" if v else "")).bold = True
            if v:
                p.add_run(clean(v))

    # -- the quarterly table --------------------------------------------------------------------

    def _shade(self, cell: Any, colour: str) -> None:
        tcpr = cell._tc.get_or_add_tcPr()
        tcpr.append(_el("w:shd", val="clear", color="auto", fill=colour))

    def _continues(self, cell: Any, first: bool) -> None:
        """→ as a bar across the cell ending in the arrow (the text is the document's →)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        p = cell.paragraphs[0] if first else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = p.add_run("→")
        run.bold = True
        run.font.size = self.Pt(13)
        from docx.shared import RGBColor

        run.font.color.rgb = RGBColor.from_string(BAR_COLOUR)
        ppr = p._p.get_or_add_pPr()
        borders = _el("w:pBdr")
        borders.append(_el("w:bottom", val="single", sz="18", space="1", color=BAR_COLOUR))
        ppr.append(borders)

    def _cell(self, cell: Any, items: list[CellItem] | None) -> None:
        if items is None:
            cell.paragraphs[0].add_run(absent()).italic = True  # the document prints no cell here
            return
        bullets = len([i for i in items if i is not CONTINUES]) > 1
        for n, it in enumerate(items):
            if it is CONTINUES:
                self._continues(cell, n == 0)
                continue
            p = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
            p.add_run(clean(f"・{it}" if bullets else str(it)))

    def schedule(self, s: sched.IssueSchedule) -> None:
        from docx.shared import Mm

        rows = s.rows
        labels = [("\n".join(x for x in ((r.label if r.action is None and (i == 0 or rows[i - 1].label != r.label)
                                          else ""), r.row_label or "") if x)) for i, r in enumerate(rows)]
        with_label = any(labels)
        headers = ([""] if with_label else []) + sched.quarter_headers()
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = self.doc.styles["Table Grid"]
        head = table.rows[0]
        head._tr.get_or_add_trPr().append(_el("w:tblHeader"))  # repeated on every page
        for cell, text in zip(head.cells, headers):
            cell.paragraphs[0].add_run(text).bold = True
            self._shade(cell, HEAD_FILL)
        for r, label in zip(rows, labels):
            row = table.add_row()
            row._tr.get_or_add_trPr().append(_el("w:cantSplit"))  # a row is never cut across pages
            cells = row.cells
            if with_label:
                cells[0].paragraphs[0].add_run(clean(label))
                cells = cells[1:]
            for cell, q in zip(cells, QUARTERS):
                self._cell(cell, r.cell(q))
        width = Mm(174)
        label_width = Mm(30) if with_label else Mm(0)
        quarter = (width - label_width) // 4
        for row in table.rows:
            for i, cell in enumerate(row.cells):
                cell.width = label_width if with_label and i == 0 else quarter
        self.doc.add_paragraph()

    # -- sections -------------------------------------------------------------------------------

    def section(self, sec: Section, level: int) -> None:
        self.heading(sec.heading, level)
        for item in sec.items:
            if isinstance(item, Section):
                if level == 0 and self.toc_at is None:  # after the plan's facts, before its parts
                    self.toc_at = self.doc.add_paragraph()  # filled in when every heading is known
                self.section(item, level + 1)
            elif isinstance(item, Fields):
                self.fields(item)
            elif isinstance(item, Prose):
                self.blocks(item.blocks)
            elif isinstance(item, Sched):
                self.schedule(item.schedule)

    def table_of_contents(self) -> None:
        """A TOC field over the headings, its result filled with them (Word adds the page numbers
        when it updates the field; it asks to on opening, settings' updateFields)."""
        if self.toc_at is None:
            return
        anchor = self.toc_at
        anchor.insert_paragraph_before("目次", style="TOC Heading")
        begin = anchor  # the field starts in the anchor paragraph
        run = begin.add_run()
        run._r.append(_el("w:fldChar", fldCharType="begin"))
        instr = _el("w:instrText")
        instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        instr.text = f' TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u '
        begin.add_run()._r.append(instr)
        begin.add_run()._r.append(_el("w:fldChar", fldCharType="separate"))
        last = begin
        entries = [(lv, text) for lv, text in self.headings if lv <= TOC_LEVELS]
        for n, (lv, text) in enumerate(entries):
            p = begin if n == 0 else self._after(last, f"toc {lv}")
            if n == 0:
                p.style = self.doc.styles[f"toc {lv}"]
            p.add_run(text)
            last = p
        last.add_run()._r.append(_el("w:fldChar", fldCharType="end"))
        settings = self.doc.settings.element
        settings.append(_el("w:updateFields", val="true"))

    def _after(self, paragraph: Any, style: str) -> Any:
        from docx.text.paragraph import Paragraph

        new = _el("w:p")
        paragraph._p.addnext(new)
        p = Paragraph(new, paragraph._parent)
        p.style = self.doc.styles[style]
        return p

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def bytes(self, title: str) -> bytes:
        from xplan.output.zipped import stable_zip

        self.doc.core_properties.title = clean(title)
        self.doc.core_properties.author = "xplan"
        buf = io.BytesIO()
        self.doc.save(buf)
        return stable_zip(buf.getvalue())


def document(docs: list[PlanDoc]) -> bytes:
    """The .docx file's bytes: each plan (or the chosen issue) from a new page."""
    w = _Writer()
    for n, d in enumerate(docs):
        if n:
            w.page_break()
        w.section(d.section, 0)
    w.table_of_contents()
    return w.bytes(" / ".join(d.section.heading for d in docs))
