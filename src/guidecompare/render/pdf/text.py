"""Spec text as Paragraph markup: escaping, faces, dates, links, anchors, and text cut to fit."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from urllib.parse import quote
from xml.sax.saxutils import escape

# First: ReportLab's settings are pinned before any of ReportLab copies them (rlsettings.py).
import guidecompare.render.rlsettings  # noqa: F401

# isort: split

from guidecompare.render.glyphs import Face, covers
from guidecompare.render.pdf.theme import FONT, LINK_HEX, MONTHS, VERDICT_MARKS
from guidecompare.spec.models import VerdictName

# ---------------------------------------------------------------------------------------------
# Text helpers. Every string from a spec is data: it is escaped before it meets Paragraph markup.


def _esc(text: str) -> str:
    return escape(" ".join(text.split()))


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


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


def _long_date(value: date) -> str:
    """'February 20, 2025': spelled out, independent of the locale."""
    return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"


def _partial_date(value: str) -> str:
    """'2023', 'March 2025' or 'March 1, 2025', as precise as the spec is."""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return _long_date(date(parts[0], parts[1], parts[2]))


def _doi_url(doi: str) -> str:
    # DOIs may hold characters that URLs must encode (the DOI handbook asks for it).
    return "https://doi.org/" + quote(doi, safe="/:;()._-")


def _link(url: str, shown: str) -> str:
    """An external link. `url` comes only from a validated DOI or http(s) URL field."""
    return f'<link href="{_attr(url)}" color="{LINK_HEX}">{_esc(shown)}</link>'


def _ref_key(number: int) -> str:
    return f"ref-{number}"


def _topic_key(index: int) -> str:
    return f"topic-{index + 1}"


def _verdict_word(verdict: VerdictName) -> str:
    return VERDICT_MARKS[verdict].text


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """'Adverse effects' → 'adverse effects', but 'QTc interval' stays as it is."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _first_sentences(text: str, fits: Callable[[str], bool]) -> str:
    """As many whole sentences of `text` as fit, then an ellipsis; at least the first one."""
    sentences = re.split(r"(?<=\.)\s+", " ".join(text.split()))
    kept = sentences[0]
    for sentence in sentences[1:]:
        if not fits(f"{kept} {sentence} …"):
            return kept + " …"
        kept = f"{kept} {sentence}"
    return kept
