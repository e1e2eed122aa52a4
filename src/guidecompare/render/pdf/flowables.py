"""The PDF's own flowables: a paragraph that breaks its lines once per width, headings that
become bookmarks, and page references resolved once the document is laid out."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Literal

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
    """'p. N', linked: the page the anchor `key` lands on (right-aligned unless asked)."""

    def __init__(
        self, key: str, style: ParagraphStyle, align: Literal["left", "right"] = "right"
    ) -> None:
        super().__init__()
        self.key = key
        self.style = style
        self.align = align

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
        text = f"p. {resolved.anchors[self.key]}"
        if self.align == "left":
            canvas.drawString(0, baseline, text)
        else:
            canvas.drawRightString(self.width, baseline, text)


class _Whole(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """A flowable that moves on whole rather than be cut across pages (a verdict is read whole),
    unless it is taller than a whole frame: then it is cut as its own kind would be."""

    def __init__(self, inner: Flowable, frame_height: float) -> None:
        super().__init__()
        self.inner = inner
        self.frame_height = frame_height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        size: tuple[float, float] = self.inner.wrap(available_width, available_height)
        self.width, self.height = size
        return size

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        height = self.inner.wrap(available_width, self.frame_height)[1]
        if height <= self.frame_height:
            return []  # on to the next page, whole
        parts: list[Flowable] = self.inner.split(available_width, available_height)
        return parts

    def getSpaceBefore(self) -> float:  # noqa: N802  # ReportLab's name
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802  # ReportLab's name
        return float(self.inner.getSpaceAfter())

    def draw(self) -> None:
        self.inner.drawOn(self.canv, 0, 0)


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
