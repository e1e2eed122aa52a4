"""comparison.html: the comparison as one accessible, self-contained web page.

The same content, in the same order, as the committee PDF (page one first), laid out from the
same engine result and the same decisions of what is said once (render/saying.py): semantic
headings, tables with captions and scoped headers, verdicts as symbol, word and tint, links to
the references and DOIs, a print stylesheet. No script, no external fetch, the stylesheet
inline; every spec string escaped. The same comparison gives the same bytes. docs/html.md.
"""

from __future__ import annotations

import re
from typing import BinaryIO

from guidecompare.engine import Comparison
from guidecompare.render.html.closing import ClosingPart
from guidecompare.render.html.first import FirstPart
from guidecompare.render.html.markup import attr
from guidecompare.render.html.style import stylesheet
from guidecompare.render.html.topics import TopicsPart

# A top-level section of the page and its heading (markup.section writes them so).
_SECTIONS = re.compile(r'<section id="([^"]+)">\n<h2>(.*?)</h2>')


class Page(FirstPart, TopicsPart, ClosingPart):
    """The page of one comparison, its parts in the PDF's order."""

    @staticmethod
    def contents(main: str) -> str:
        """Links to the page's sections, read off the sections rendered (the PDF's bookmarks),
        for keyboard and screen-reader users; the warnings just below the links are left out."""
        links = "".join(
            f'<li><a href="#{key}">{title}</a></li>'
            for key, title in _SECTIONS.findall(main)
            if key != "please-note"
        )
        return f'<nav aria-label="Contents"><ul>{links}</ul></nav>'

    def html(self) -> str:
        spec = self.spec
        title = " ".join(spec.question.split())
        author = "; ".join(person.name for person in spec.prepared_by)
        main = "\n".join(
            part
            for part in (
                self.bottom_line(),
                self.alerts(),
                self.matrix(),
                self.pairwise(),
                self.changes_since(),
                self.background_and_conclusion(),
                self.topic_by_topic(),
                self.new_editions(),
                self.profiles(),
                self.references(),
                self.notes(),
            )
            if part
        )
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{attr(title)}</title>",  # text only: no <wbr> in a title
            f'<meta name="author" content="{attr(author)}">',
            f'<meta name="description" content="{attr(f"Guideline comparison: {title}")}">',
            f"<style>\n{stylesheet()}</style>",
            "</head>",
            "<body>",
            self.header(),
            self.contents(main),
            "<main>",
            main,
            "</main>",
            self.footer(),
            "</body>",
            "</html>",
        ]
        return "\n".join(part for part in parts if part) + "\n"


def render_html(comparison: Comparison, stream: BinaryIO) -> None:
    """Write comparison.html for `comparison` to `stream`."""
    stream.write(Page(comparison).html().encode("utf-8"))
