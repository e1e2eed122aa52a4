"""What every part of the document is built with: paragraphs, grids, citations, clipped labels
and headings kept with what follows them."""

from __future__ import annotations

import functools
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
from guidecompare.render.pdf.text import _esc, _in_face
from guidecompare.render.pdf.theme import LINK_HEX, _styles
from guidecompare.render.saying import Saying, ref_key
from guidecompare.render.textblock import text_block
from guidecompare.spec.models import Paragraph as NarrativeParagraph

# A topic starts on a page only where at least this share of the page is left (and its
# headings and first rows fit); otherwise it moves on to the next page.
ROOMY = 0.1


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

    def p(
        self, markup: str, style: ParagraphStyle | None = None, *, bullet: str | None = None
    ) -> Flowable:
        """A paragraph of `markup`: a TextBlock, or a Paragraph where only it can set the text."""
        return text_block(markup, style or self.s.body, bullet, _Para)

    @functools.cached_property
    def saying(self) -> Saying:
        """What the documents say once, and where (render/saying.py)."""
        return Saying(self.c)

    def narrative_markup(self, paragraph: NarrativeParagraph) -> str:
        """A paragraph of the background or conclusion, with its citations."""
        return _esc(paragraph.text) + "".join(f" {self.cite(c)}" for c in paragraph.cites)

    def grid(self, widths: Sequence[float], **kwargs: Any) -> _Grid:
        return _Grid(widths, **kwargs)

    def cite(self, cited: str) -> str:
        """'[N]', linked to reference N in the list."""
        number = self.c.citation_number(cited)
        return f'<a href="#{ref_key(number)}" color="{LINK_HEX}">[{number}]</a>'

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

        The block starts wherever its headings, the table's header row and the first part of its
        first row fit, and splits between rows and inside them. With `keep`, a block that fits
        on a page does not start in the last tenth of a page, nor where its first row cannot be
        cut (each side of a cut keeps two lines): it moves on to the next page, whole.
        """
        block = [*heads, table, *tail]
        lead = _height(heads, self.width, self.height) + table.lead(self.width, self.height)
        if keep and _height(block, self.width, self.height) <= 0.85 * self.height:
            return [_KeptUnlessRoomy(block, lead + 6, ROOMY * self.height)]
        return [CondPageBreak(lead + 6), *block]


class _KeptUnlessRoomy(KeepTogether):  # type: ignore[misc]  # ReportLab is untyped
    """Starts here when at least `roomy` of the page is left and its headings and the first part
    of its table fit; otherwise it moves on to the next page, whole (it fits a page). A page is
    never left half empty for a topic: one that starts lower runs on over the page."""

    def __init__(self, content: list[Flowable], lead: float, roomy: float) -> None:
        super().__init__(content)
        self._lead = lead
        self._roomy = roomy

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if (
            available_height >= self._roomy
            and available_height >= self._lead
            and self._starts_in(available_width, available_height)
        ):
            first, *rest = self._content
            if isinstance(first, _GridTable):
                # The frame places the first part as it is: a table must be cut here already.
                return [*first.split(available_width, available_height), *rest]
            return list(self._content)
        result: list[Flowable] = super().split(available_width, available_height)
        return result

    def _starts_in(self, width: float, height: float) -> bool:
        """True when its headings and the first part of its table fit in `height`: a table
        cannot always be cut where the page ends (each side of a cut keeps two lines)."""
        used = 0.0
        for flowable in self._content:
            if isinstance(flowable, _GridTable):
                return bool(flowable.split(width, height - used))
            used += _height([flowable], width, height)
        return True
