"""Spec text as Paragraph markup: escaping, faces, dates, links, anchors, and text cut to fit."""

from __future__ import annotations

# First: ReportLab's settings are pinned before any of ReportLab copies them (rlsettings.py).
import guidecompare.render.rlsettings  # noqa: F401

# isort: split

from guidecompare.engine.dates import long_date as _long_date
from guidecompare.render.glyphs import Face, covers
from guidecompare.render.markup import escape
from guidecompare.render.pdf.theme import FONT, LINK_HEX, VERDICT_MARKS
from guidecompare.render.saying import doi_url as _doi_url
from guidecompare.render.saying import first_sentences as _first_sentences
from guidecompare.render.saying import lower_first as _lower_first
from guidecompare.render.saying import partial_date as _partial_date
from guidecompare.render.saying import ref_key as _ref_key
from guidecompare.render.saying import topic_key as _topic_key
from guidecompare.render.saying import upper_first as _upper_first
from guidecompare.spec.models import VerdictName

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


def _verdict_word(verdict: VerdictName) -> str:
    return VERDICT_MARKS[verdict].text


__all__ = [  # the PDF's modules import these from here
    "_attr",
    "_bold",
    "_doi_url",
    "_esc",
    "_first_sentences",
    "_in_face",
    "_link",
    "_long_date",
    "_lower_first",
    "_partial_date",
    "_ref_key",
    "_topic_key",
    "_upper_first",
    "_verdict_word",
]
