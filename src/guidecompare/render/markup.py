"""The few tags render/pdf/ writes, read into runs of text and line breaks for a TextBlock.

`read_markup` knows <b>, <i>, <font name size color>, <a href color>, <link href color>, <br/>
and the entities &amp; &lt; &gt; &quot;, as Paragraph reads them; anything else makes it answer
None, and the text is left to a Paragraph (textblock.text_block).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final, NamedTuple

# First: ReportLab's settings are pinned before any of ReportLab copies them (rlsettings.py).
import guidecompare.render.rlsettings  # noqa: F401

# isort: split
from reportlab.lib import colors
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.styles import ParagraphStyle

__all__ = ["BREAK", "Break", "Piece", "Run", "escape", "read_markup"]

_TAG: Final = re.compile(r'<(/?)([a-z]+)((?:\s+[a-z]+="[^"]*")*)\s*(/?)>')
_ATTRIBUTE: Final = re.compile(r'([a-z]+)="([^"]*)"')
_UNKNOWN_ENTITY: Final = re.compile(r"&(?!amp;|lt;|gt;|quot;)")


# What xml.sax.saxutils does, without the module: it imports urllib.request, and with it
# http.client and ssl, which a build needs for nothing else (about 5 ms of every build).
def escape(text: str, quote: bool = False) -> str:
    """`text` as markup: & < > as entities, and " too when `quote` (an attribute's value)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text


def _unescape(text: str) -> str:
    """The text of markup `text`: the entities &lt; &gt; &quot; and &amp; (last) as characters."""
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    return text.replace("&amp;", "&")


class Run(NamedTuple):
    """How a stretch of text is set; compared by identity (one object per tag opened)."""

    font: str
    size: float
    color: colors.Color
    link: tuple[int, str] | None  # (which link of the paragraph, its target)


class _State(NamedTuple):
    """The tags open at a point of the markup: the face, size, colour and link of its text."""

    family: str
    bold: int
    italic: int
    size: float
    color: colors.Color
    link: tuple[int, str] | None
    run: Run

    def opened(
        self,
        face: tuple[str, int, int],
        size: float,
        color: colors.Color,
        link: tuple[int, str] | None,
    ) -> _State:
        return _State(*face, size, color, link, Run(_font(*face), size, color, link))


class Break:
    """A forced line break (<br/>)."""


BREAK: Final = Break()
Piece = tuple[Run, str]


@lru_cache(maxsize=64)
def _colour(value: str) -> colors.Color:
    found: colors.Color = colors.toColor(value)
    return found


@lru_cache(maxsize=64)
def _font(family: str, bold: int, italic: int) -> str:
    name: str = tt2ps(family, bold, italic)
    return name


@lru_cache(maxsize=64)
def _face(font_name: str) -> tuple[str, int, int]:
    family, bold, italic = ps2tt(font_name)
    return str(family), int(bold), int(italic)


def read_markup(markup: str, style: ParagraphStyle) -> list[Piece | Break] | None:
    """The markup as runs of text and line breaks; None if it holds anything else."""
    try:
        face = _face(style.fontName)
    except ValueError:
        return None
    size, colour = style.fontSize, style.textColor
    base = _State(*face, size, colour, None, Run(_font(*face), size, colour, None))
    if "<" not in markup and ">" not in markup and "&" not in markup:
        return [(base.run, markup)] if markup else []
    stack = [base]
    names: list[str] = []
    out: list[Piece | Break] = []
    links = 0
    position = 0
    for match in _TAG.finditer(markup):
        raw = markup[position : match.start()]
        if raw:
            if "<" in raw or ">" in raw or _UNKNOWN_ENTITY.search(raw):
                return None
            out.append((stack[-1].run, _unescape(raw) if "&" in raw else raw))
        position = match.end()
        closing, name, attributes, empty = match.groups()
        if closing:
            if attributes or empty or not names or names.pop() != name:
                return None
            stack.pop()
            continue
        # Attribute values are escaped in the markup (a link's & as &amp;), as in Paragraph's.
        found = (
            {key: _unescape(value) for key, value in _ATTRIBUTE.findall(attributes)}
            if attributes
            else {}
        )
        state = stack[-1]
        if name == "br" and empty and not found:
            out.append(BREAK)
            continue
        if empty:
            return None
        face = (state.family, state.bold, state.italic)
        if name in ("b", "i") and not found:
            face = (state.family, 1, state.italic) if name == "b" else (*face[:2], 1)
            state = state.opened(face, state.size, state.color, state.link)
        elif name == "font" and found and set(found) <= {"name", "size", "color"}:
            try:
                state = state.opened(
                    _face(found["name"]) if "name" in found else face,
                    float(found["size"]) if "size" in found else state.size,
                    _colour(found["color"]) if "color" in found else state.color,
                    state.link,
                )
            except ValueError:
                return None
        elif name in ("a", "link") and "href" in found and set(found) <= {"href", "color"}:
            try:
                colour = _colour(found["color"]) if "color" in found else state.color
            except ValueError:
                return None
            state = state.opened(face, state.size, colour, (links, found["href"]))
            links += 1
        else:
            return None
        stack.append(state)
        names.append(name)
    raw = markup[position:]
    if names or "<" in raw or ">" in raw or _UNKNOWN_ENTITY.search(raw):
        return None
    if raw:
        out.append((base.run, _unescape(raw) if "&" in raw else raw))
    return out
