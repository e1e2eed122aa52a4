"""The PDF's own flowables: a paragraph that breaks its lines once per width, headings that
become bookmarks, and page references resolved once the document is laid out."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

# First: ReportLab's settings are pinned before any of ReportLab copies them (rlsettings.py).
import guidecompare.render.rlsettings  # noqa: F401

# isort: split
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from guidecompare.render.pdf.canvas import _Resolved
from guidecompare.render.textblock import TextBlock, text_block

# ---------------------------------------------------------------------------------------------
# Flowables


class _Para(Paragraph):  # type: ignore[misc]  # ReportLab is untyped
    """A Paragraph that breaks its lines once per width.

    Tables, KeepTogether and frames wrap the same paragraph at the same width again and again;
    line breaking is most of the render time. Only the latest width is remembered, because
    drawing uses the lines of the latest break.
    """

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        # split() may drop the broken lines (blPara) to push the paragraph on whole.
        wrapped = self._wrapped
        if wrapped is not None and wrapped[0] == available_width and hasattr(self, "blPara"):
            return wrapped[1]
        size: tuple[float, float] = super().wrap(available_width, available_height)
        self._wrapped = (available_width, size)
        return size


def _heading(markup: str, style: ParagraphStyle, key: str, title: str, level: int) -> Flowable:
    """A heading that adds itself to the PDF outline (bookmarks) and anchors `key` when drawn."""
    heading = text_block(markup, style, None, _Para)
    heading.outline_entry = (key, title, level)
    return heading


class _PageRef(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """'p. N', right-aligned and linked: the page the anchor `key` lands on."""

    def __init__(self, key: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.key = key
        self.style = style

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = float(self.style.leading)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)
        # Where the text baseline of a paragraph of this style would be.
        baseline = self.height - self.style.fontSize
        canvas.defer(partial(self._text, baseline))

    def _text(self, baseline: float, canvas: Canvas, resolved: _Resolved) -> None:
        canvas.setFillColor(self.style.textColor)
        canvas.setFont(self.style.fontName, self.style.fontSize)
        canvas.drawRightString(self.width, baseline, f"p. {resolved.anchors[self.key]}")


Content = list[Flowable]


def _height(flowables: Sequence[Flowable], width: float, height: float) -> float:
    """The height `flowables` take stacked in a frame of this size, spaces included."""
    total = 0.0
    for flowable in flowables:
        total += flowable.wrap(width, height)[1]
        total += flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def _amount(flowables: Sequence[Flowable]) -> float:
    """How much text a cell holds, in characters: what its column width should follow."""
    return float(
        sum(len(f.getPlainText()) for f in flowables if isinstance(f, Paragraph | TextBlock))
    )
