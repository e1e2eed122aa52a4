"""Spec text as Paragraph markup: escaping, faces, dates, links, anchors, and text cut to fit."""

from __future__ import annotations

# First: ReportLab's settings are pinned before any of ReportLab copies them (rlsettings.py).
import guidecompare.render.rlsettings  # noqa: F401

# isort: split

from guidecompare.render.glyphs import Face, covers
from guidecompare.render.markup import escape
from guidecompare.render.pdf.theme import FONT, LINK_HEX

# ---------------------------------------------------------------------------------------------
# Text helpers. Every string from a spec is data: it is escaped before it meets Paragraph markup.


def _esc(text: str) -> str:
    return escape(" ".join(text.split()))


def _attr(text: str) -> str:
    return escape(text, quote=True)


def _in_face(face: Face, text: str) -> str:
    """Spec `text` escaped for a paragraph whose font is `face`.

    Bold and italic DejaVu lack some glyphs the regular face has (Arabic above all); such text
    is set in the regular face, which the glyph check guarantees can show it.
    """
    escaped = _esc(text)
    return escaped if covers(face, text) else f'<font name="{FONT}">{escaped}</font>'


def _bold(text: str) -> str:
    """Spec `text` in bold within regular text, or regular when bold cannot show it."""
    return f"<b>{_esc(text)}</b>" if covers("bold", text) else _esc(text)


def _link(url: str, shown: str) -> str:
    """An external link. `url` comes only from a validated DOI or http(s) URL field."""
    return f'<link href="{_attr(url)}" color="{LINK_HEX}">{_esc(shown)}</link>'


__all__ = [  # the PDF's modules import these from here
    "_bold",
    "_esc",
    "_in_face",
    "_link",
]
