"""HTML from spec text: escaping, and the few elements every part of the page is built from.

Every string from a spec is data: it goes through `esc` (or `attr`, for an attribute) before it
meets markup, whatever it holds (`<script>`, `&`, quotes, right-to-left text).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from guidecompare.render.saying import MARKS
from guidecompare.spec.models import VerdictName

# A run of this many characters without a space (a web address quoted in a note) would widen its
# table past the page: it may break after its slashes, dots, hyphens and the like (<wbr>), as the
# PDF breaks it. Ordinary words keep whole: a table cell breaks a word only where it must.
_LONG_RUN = 30
_LONG: Final = re.compile(rf"(\S{{{_LONG_RUN},}})")
_AFTER_PUNCTUATION: Final = re.compile(r"(?<=[/.\-_?&=#])")


def esc(text: str) -> str:
    """Spec `text` as HTML text, its runs of white space made one space (as the PDF sets it),
    and a long run without a space breakable after its punctuation."""
    flat = " ".join(text.split())
    if len(flat) < _LONG_RUN:
        return html.escape(flat, quote=False)
    # Split before escaping, so that a break never falls inside an entity (&amp;). With its
    # group, the split gives the text between the long runs at even places, the runs at odd.
    parts = _LONG.split(flat)
    return "".join(
        _breakable(p) if i % 2 else html.escape(p, quote=False) for i, p in enumerate(parts)
    )


def _breakable(run: str) -> str:
    pieces = _AFTER_PUNCTUATION.split(run)
    return "<wbr>".join(html.escape(piece, quote=False) for piece in pieces if piece)


def attr(text: str) -> str:
    """Text for a double-quoted attribute value."""
    return html.escape(text, quote=True)


def verdict_class(verdict: VerdictName) -> str:
    """The class that gives a verdict's cell its tint: 'v-not-addressed'."""
    return "v-" + MARKS[verdict].word.replace(" ", "-")


def verdict_words(verdict: VerdictName) -> str:
    """'✓ agree', the symbol hidden from screen readers (the word says it)."""
    mark = MARKS[verdict]
    return f'<span aria-hidden="true">{mark.symbol}</span> {mark.word}'


def small(markup: str) -> str:
    return f'<span class="small">{markup}</span>'


def link(url: str, shown: str) -> str:
    """An external link. `url` comes only from a validated DOI or http(s) URL field."""
    return f'<a href="{attr(url)}">{esc(shown)}</a>'


@dataclass(frozen=True)
class Td:
    """A table cell: its markup and, optionally, a class (a verdict's tint, an absent cell)."""

    markup: str
    cls: str = ""

    def html(self, tag: str = "td", scope: str = "") -> str:
        attributes = f' scope="{scope}"' if scope else ""
        attributes += f' class="{self.cls}"' if self.cls else ""
        return f"<{tag}{attributes}>{self.markup}</{tag}>"


def table(
    key: str,
    caption: str,
    heads: Sequence[str | Td],
    rows: Sequence[Sequence[str | Td]],
    *,
    cls: str = "",
    row_heads: bool = True,
) -> str:
    """A data table: a caption, column headers (`th scope="col"`), and rows whose first cell is
    the row's header (`th scope="row"`) when `row_heads`. Cells are markup, or Td for a class.
    `key` is unique on the page: the table scrolls sideways in a region named by its caption."""

    def cell(value: str | Td) -> Td:
        return value if isinstance(value, Td) else Td(value)

    body = ["<tbody>"]
    for row in rows:
        cells = [cell(value) for value in row]
        first = cells[0].html("th", "row") if row_heads else cells[0].html()
        body.append("<tr>" + first + "".join(c.html() for c in cells[1:]) + "</tr>")
    body.append("</tbody>")
    head = "<thead><tr>" + "".join(cell(h).html("th", "col") for h in heads) + "</tr></thead>"
    return scrolling(key, caption, [head, *body], cls)


def scrolling(key: str, caption: str, content: Sequence[str], cls: str = "") -> str:
    """A table in a region of its own that scrolls sideways where the screen is narrower than
    the table (a phone): focusable, so that the keyboard can scroll it, and named by the
    table's caption for screen readers."""
    classes = f' class="{cls}"' if cls else ""
    return "\n".join(
        (
            f'<div class="table" role="region" aria-labelledby="{key}" tabindex="0">',
            f"<table{classes}>",
            f'<caption id="{key}">{caption}</caption>',
            *content,
            "</table>",
            "</div>",
        )
    )


def section(key: str, title: str, body: Sequence[str], level: int = 2) -> str:
    """A section with its heading (`title` is markup), linkable as #key. Not named, so not a
    landmark: a screen reader finds the parts by their headings, the landmarks stay few."""
    return "\n".join(
        (
            f'<section id="{key}">',
            f"<h{level}>{title}</h{level}>",
            *body,
            "</section>",
        )
    )
