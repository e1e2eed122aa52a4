"""What every part of the document is built with: paragraphs, grids, citations, clipped labels
and headings kept with what follows them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# First: ReportLab's settings are pinned before any of ReportLab copies them (rlsettings.py).
import guidecompare.render.rlsettings  # noqa: F401

# isort: split
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether

from guidecompare.engine import Comparison
from guidecompare.render.glyphs import Face
from guidecompare.render.pdf.flowables import _height, _Para
from guidecompare.render.pdf.grid import _Grid, _GridTable
from guidecompare.render.pdf.text import _in_face, _ref_key
from guidecompare.render.pdf.theme import LINK_HEX, _styles
from guidecompare.render.textblock import text_block


class _WriterBase:
    """What the document's parts share: the comparison, the frame size, the styles, and how
    they set paragraphs, grids, citations and headings in it (document._Writer combines the parts)."""

    def __init__(self, comparison: Comparison, width: float, height: float) -> None:
        self.c = comparison
        self.spec = comparison.spec
        self.width = width
        self.height = height
        # Many guidelines make narrow topic columns: their text is set a little smaller.
        self.s = _styles(dense=width / len(comparison.guidelines) < 1.5 * inch)
        self.facet_labels = {facet.id: facet.label for facet in self.spec.facets}

    def p(
        self, markup: str, style: ParagraphStyle | None = None, *, bullet: str | None = None
    ) -> Flowable:
        """A paragraph of `markup`: a TextBlock, or a Paragraph where only it can set the text."""
        return text_block(markup, style or self.s.body, bullet, _Para)

    def grid(self, widths: Sequence[float], **kwargs: Any) -> _Grid:
        return _Grid(widths, **kwargs)

    def cite(self, cited: str) -> str:
        """'[N]', linked to reference N in the list."""
        number = self.c.citation_number(cited)
        return f'<a href="#{_ref_key(number)}" color="{LINK_HEX}">[{number}]</a>'

    def clipped(
        self, text: str, face: Face, style: ParagraphStyle, width: float, lines: int
    ) -> str:
        """`text` as markup, cut with an ellipsis to `lines` lines of `width`.

        For labels in table headers, which repeat on every page of a table and cannot split;
        the label is shown in full where the guideline's profile lists it.
        """

        def height(markup: str) -> float:
            return float(text_block(markup, style).wrap(width, 1e6)[1])

        limit = float(lines * style.leading + 0.5)
        if height(_in_face(face, text)) <= limit:
            return _in_face(face, text)
        low, high = 0, len(text)
        while low < high:  # the longest prefix that fits
            middle = (low + high + 1) // 2
            if height(_in_face(face, text[:middle].rstrip() + "…")) <= limit:
                low = middle
            else:
                high = middle - 1
        cut = text[:low]
        if " " in cut.strip():  # at a word boundary where there is one
            cut = cut[: cut.rstrip().rfind(" ")]
        return _in_face(face, cut.rstrip() + "…")

    def kept(
        self, heads: list[Flowable], table: _GridTable, tail: list[Flowable], *, keep: bool = True
    ) -> list[Flowable]:
        """Headings, a table and what follows it, laid out so that no heading ends a page.

        With `keep`, a block that fits on a page (with room to spare) is kept on one page: a
        topic read without turning the page is worth some white space. Otherwise it starts
        wherever its headings, the table header and its first row fit, and splits between rows.
        """
        block = [*heads, table, *tail]
        lead = _height(heads, self.width, self.height) + table.lead(self.width, self.height)
        if keep and _height(block, self.width, self.height) <= 0.85 * self.height:
            return [_KeptUnlessRoomy(block, lead + 6, 0.5 * self.height)]
        return [CondPageBreak(lead + 6), *block]


class _KeptUnlessRoomy(KeepTogether):  # type: ignore[misc]  # ReportLab is untyped
    """Kept on one page when the page is already more than half full; otherwise it starts
    here, where its headings and first row fit, and splits: a topic read without turning the
    page is worth a little white space, never half a page."""

    def __init__(self, content: list[Flowable], lead: float, roomy: float) -> None:
        super().__init__(content)
        self._lead = lead
        self._roomy = roomy

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if available_height >= self._roomy and available_height >= self._lead:
            return list(self._content)
        result: list[Flowable] = super().split(available_width, available_height)
        return result
