"""The committee PDF: the comparison as a document for a P&T meeting packet.

Built with ReportLab platypus in one layout pass; docs/pdf.md describes the document page by page.
The same Comparison always gives the same bytes: the PDF's dates come from the comparison's
`current_as_of`, never from the clock or SOURCE_DATE_EPOCH.

theme (palette, verdict marks, styles) → text (markup helpers) → canvas (determinism, page
layout) → flowables → grid (tables that split inside rows) → writer, page_one, topics, profiles
(the document's parts) → document (the build).
"""

from __future__ import annotations

# First: ReportLab's settings are pinned before any of ReportLab copies them (rlsettings.py).
import guidecompare.render.rlsettings  # noqa: F401

# isort: split
from guidecompare.render.pdf.canvas import MIN_COLUMN, MIN_PORTRAIT_COLUMN, page_layout
from guidecompare.render.pdf.document import render_pdf
from guidecompare.render.pdf.theme import (
    COLOUR_PAIRS,
    FONT_ITALIC,
    NOT_EXTRACTED_TEXT,
    VERDICT_MARKS,
    VerdictMark,
)

__all__ = [
    "COLOUR_PAIRS",
    "FONT_ITALIC",
    "MIN_COLUMN",
    "MIN_PORTRAIT_COLUMN",
    "NOT_EXTRACTED_TEXT",
    "VERDICT_MARKS",
    "VerdictMark",
    "page_layout",
    "render_pdf",
]
