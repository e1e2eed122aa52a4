"""What every part of the HTML page is built with: the comparison, what is said once, citations."""

from __future__ import annotations

import functools

from guidecompare.engine import Comparison
from guidecompare.render.html.markup import esc
from guidecompare.render.saying import Saying, ref_key
from guidecompare.spec.models import Paragraph as NarrativeParagraph


class PageBase:
    """The comparison and how the page's parts cite and word it (page.Page combines the parts)."""

    def __init__(self, comparison: Comparison) -> None:
        self.c = comparison
        self.spec = comparison.spec

    @functools.cached_property
    def saying(self) -> Saying:
        """What the documents say once, and where: the same decisions as the PDF's."""
        return Saying(self.c)

    def cite(self, cited: str) -> str:
        """'[N]', linked to reference N in the list; a screen reader's list of links reads
        'reference N'."""
        number = self.c.citation_number(cited)
        hidden = '<span class="visually-hidden">reference </span>'
        return f'<a href="#{ref_key(number)}">{hidden}[{number}]</a>'

    def narrative(self, paragraph: NarrativeParagraph) -> str:
        """A paragraph of the background or conclusion, with its citations."""
        return esc(paragraph.text) + "".join(f" {self.cite(c)}" for c in paragraph.cites)
