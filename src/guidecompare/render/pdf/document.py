"""The committee PDF as a document: its parts in order, page furniture, and the one-pass build."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, BinaryIO

# First: ReportLab's settings are pinned before any of ReportLab copies them (rlsettings.py).
import guidecompare.render.rlsettings

# isort: split
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

import guidecompare
from guidecompare.engine import Comparison
from guidecompare.engine.dates import long_date
from guidecompare.render.pdf.canvas import _Canvas, _collector_paused, _Resolved, page_layout
from guidecompare.render.pdf.changes import _Changes
from guidecompare.render.pdf.page_one import _PageOne
from guidecompare.render.pdf.profiles import _Profiles
from guidecompare.render.pdf.theme import FONT, MUTED, RULE, _register_fonts
from guidecompare.render.pdf.topics import _Topics


class _Writer(_PageOne, _Changes, _Topics, _Profiles):
    """Builds the story (the flowables) of one comparison for a frame of the given size:
    page one, the background and conclusion, the topic pages, the profiles and references."""

    def story(self) -> list[Flowable]:
        return [
            *self.at_a_glance(),
            *self.pairwise(),
            *self.changes_since(),
            # The background (and a conclusion too long for page one) before the detail, as
            # in the author's own document.
            *self.narrative(),
            *self.topic_by_topic(),
            *self.new_editions(),
            *self.profiles(),
            *self.references(),
        ]


# ---------------------------------------------------------------------------------------------
# Page furniture and the build


def _fit(text: str, font: str, size: float, width: float) -> str:
    """`text` cut with an ellipsis to fit `width` (headers are one line)."""
    text = " ".join(text.split())
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class _Document(BaseDocTemplate):  # type: ignore[misc]  # ReportLab is untyped
    """Pages with a header and a 'Page X of Y' footer; headings become bookmarks and anchors."""

    def __init__(self, stream: BinaryIO, comparison: Comparison, **kwargs: Any) -> None:
        super().__init__(stream, **kwargs)
        self.comparison = comparison
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate(
                    id="page", frames=[frame], onPage=self.header, onPageEnd=self.defer_footer
                )
            ]
        )

    def header(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        spec = self.comparison.spec
        width, height = self.pagesize
        left, right = self.leftMargin, width - self.rightMargin
        canvas.saveState()
        canvas.setFillColor(MUTED)
        canvas.setFont(FONT, 7.5)
        top = height - 0.5 * inch
        right_text = "Guideline comparison"
        room = right - left - pdfmetrics.stringWidth(right_text, FONT, 7.5) - 24
        canvas.drawString(left, top, _fit(spec.short_title or spec.question, FONT, 7.5, room))
        canvas.drawRightString(right, top, right_text)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, top - 4, right, top - 4)
        canvas.line(left, 0.62 * inch, right, 0.62 * inch)
        canvas.restoreState()

    def defer_footer(self, canvas: _Canvas, doc: BaseDocTemplate) -> None:
        # Drawn last on the page, so text extraction reads it after the page's content.
        canvas.defer(partial(self.footer, doc.page))

    def footer(self, page: int, canvas: Canvas, resolved: _Resolved) -> None:
        spec = self.comparison.spec
        width = self.pagesize[0]
        footer = (
            f"Page {page} of {resolved.total_pages} · "
            f"Information current as of {long_date(spec.current_as_of)}"
        )
        room = width - self.leftMargin - self.rightMargin
        canvas.setFillColor(MUTED)
        canvas.setFont(FONT, 7.5)
        canvas.drawCentredString(width / 2, 0.45 * inch, _fit(footer, FONT, 7.5, room))

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802  # ReportLab's hook name
        entry = getattr(flowable, "outline_entry", None)
        if entry is None:
            return
        key, title, level = entry
        top = self.frame._y + flowable.height + flowable.getSpaceAfter() + 6
        self.canv.bookmarkPage(key, fit="XYZ", top=top)
        self.canv.addOutlineEntry(title, key, level=level, closed=False)
        self.canv.anchors[key] = self.page


def render_pdf(comparison: Comparison, stream: BinaryIO) -> None:
    """Write the committee PDF of `comparison` to `stream`, laid out in one pass.

    The specs should have passed guidecompare.pipeline.validate.missing_glyphs: a character the font
    lacks would otherwise be drawn as nothing.
    """
    _register_fonts()
    with _collector_paused():
        _render(comparison, stream)


def _render(comparison: Comparison, stream: BinaryIO) -> None:
    spec = comparison.spec
    layout = page_layout(comparison)
    doc = _Document(
        stream,
        comparison,
        pagesize=layout.pagesize,
        leftMargin=layout.margin,
        rightMargin=layout.margin,
        topMargin=layout.top,
        bottomMargin=layout.bottom,
        title=" ".join(spec.question.split()),
        author="; ".join(person.name for person in spec.prepared_by),
        subject=f"Guideline comparison: {' '.join((spec.short_title or spec.question).split())}",
        keywords=[
            *(result.topic.label for result in comparison.topics),
            *(g.label for g in comparison.guidelines),
        ],
        creator=f"guidecompare {guidecompare.__version__}",
        invariant=1,
        pageCompression=1,
        lang="en",
        displayDocTitle=1,
        initialFontName=FONT,
    )
    seed = f"guidecompare\n{spec.id}\n{spec.current_as_of.isoformat()}".encode()
    maker: Callable[..., Canvas] = partial(_Canvas, issued=spec.current_as_of, seed=seed)
    doc.build(_Writer(comparison, doc.width, doc.height).story(), canvasmaker=maker)
