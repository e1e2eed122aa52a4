"""The look of the committee PDF: palette, verdict marks, fonts and paragraph styles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

# First: ReportLab's settings are pinned before any of ReportLab copies them (rlsettings.py).
import guidecompare.render.rlsettings  # noqa: F401

# isort: split
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle

from guidecompare.render.glyphs import FONT_NAMES, register_fonts

# The words every document shows (render/saying.py), re-exported for the PDF's modules.
from guidecompare.render.saying import MARKS
from guidecompare.render.saying import NOT_EXTRACTED_TEXT as NOT_EXTRACTED_TEXT
from guidecompare.render.saying import NOTHING_RECORDED as NOTHING_RECORDED
from guidecompare.spec.models import VerdictName

# ---------------------------------------------------------------------------------------------
# Palette. Every text colour reaches at least 4.5:1 against every background it is set on
# (WCAG AA); tests/test_pdf.py computes the ratio of each pair in COLOUR_PAIRS.

INK: Final = colors.HexColor("#1A1A1A")
MUTED_HEX: Final = "#4A4A4A"
MUTED: Final = colors.HexColor(MUTED_HEX)
ACCENT: Final = colors.HexColor("#1F3A5F")
LINK_HEX: Final = "#1A4F8B"
LINK: Final = colors.HexColor(LINK_HEX)
RULE: Final = colors.HexColor("#9AA5B1")
HEADER_BG: Final = colors.HexColor("#E4EAF1")
ABSENT_BG: Final = colors.HexColor("#F1F1F1")
WHITE: Final = colors.white


@dataclass(frozen=True)
class VerdictMark:
    """How a verdict is shown: a symbol and a word (readable in grayscale) on a light tint."""

    symbol: str
    word: str
    tint: colors.Color
    meaning: str

    @property
    def text(self) -> str:
        return f"{self.symbol} {self.word}"


# The marks every document shows (render/saying.py), with their tints as ReportLab colours.
VERDICT_MARKS: Final[dict[VerdictName, VerdictMark]] = {
    name: VerdictMark(mark.symbol, mark.word, colors.HexColor(mark.tint), mark.meaning)
    for name, mark in MARKS.items()
}

# Text colours and the backgrounds each is used on, for the contrast test.
COLOUR_PAIRS: Final[tuple[tuple[colors.Color, colors.Color], ...]] = (
    *((text, bg) for text in (INK, MUTED, ACCENT, LINK) for bg in (WHITE, HEADER_BG, ABSENT_BG)),
    *((text, mark.tint) for text in (INK, MUTED) for mark in VERDICT_MARKS.values()),
)


# ---------------------------------------------------------------------------------------------
# Fonts: DejaVu Sans has the verdict symbols and the text of most European languages, Greek,
# Cyrillic, Hebrew and Arabic. guidecompare.render.glyphs checks the specs against it before rendering.

FONT: Final = FONT_NAMES["regular"]
FONT_BOLD: Final = FONT_NAMES["bold"]
FONT_ITALIC: Final = FONT_NAMES["italic"]
_register_fonts = register_fonts


# ---------------------------------------------------------------------------------------------
# Styles


@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
    narrative: ParagraphStyle
    title: ParagraphStyle
    kicker: ParagraphStyle
    h1: ParagraphStyle
    h1_flow: ParagraphStyle
    h2: ParagraphStyle
    meta_label: ParagraphStyle
    meta: ParagraphStyle
    bullet: ParagraphStyle
    page_ref: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    cell_small: ParagraphStyle
    cell_quote: ParagraphStyle
    cell_item: ParagraphStyle
    cell_label: ParagraphStyle
    th: ParagraphStyle
    legend: ParagraphStyle
    legend_note: ParagraphStyle
    reference: ParagraphStyle
    verdict_box: ParagraphStyle
    disclaimer: ParagraphStyle


def _styles(dense: bool) -> _Styles:
    """The document's styles; `dense` sets the table text a little smaller for many columns."""
    base = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=9,
        leading=12.5,
        textColor=INK,
        spaceAfter=6,
        allowWidows=0,
        allowOrphans=0,
        # Bullets default to Helvetica, a font the PDF would not embed.
        bulletFontName=FONT,
        bulletFontSize=9,
    )

    def derive(name: str, **kwargs: Any) -> ParagraphStyle:
        # A bullet ("•", "[3]") is set at the size of its text.
        kwargs.setdefault("bulletFontSize", kwargs.get("fontSize", base.fontSize))
        return ParagraphStyle(name, parent=base, **kwargs)

    size, leading = (7.5, 9.6) if dense else (8, 10.4)
    # A cell is cut into table rows at any line: the cut is invisible, so a single line on
    # either side of it is no orphan, and refusing it would leave a gap in the cell.
    cell = derive(
        "cell", fontSize=size, leading=leading, spaceAfter=3, allowOrphans=1, allowWidows=1
    )
    h1 = derive(
        "h1",
        fontName=FONT_BOLD,
        fontSize=13,
        leading=16,
        textColor=ACCENT,
        spaceBefore=9,
        spaceAfter=5,
        keepWithNext=1,
    )
    return _Styles(
        body=base,
        # The background and conclusion: running text, set a little tighter than page one's.
        narrative=derive("narrative", fontSize=8.5, leading=11.8, spaceAfter=5),
        title=derive(
            "title", fontName=FONT_BOLD, fontSize=15, leading=19, textColor=ACCENT, spaceAfter=6
        ),
        kicker=derive("kicker", fontSize=8, leading=10, textColor=MUTED, spaceAfter=3),
        h1=h1,
        # The same heading, left free to end a page: its section keeps itself with it.
        h1_flow=ParagraphStyle("h1_flow", parent=h1, keepWithNext=0),
        h2=derive(
            "h2",
            fontName=FONT_BOLD,
            fontSize=11,
            leading=14,
            textColor=ACCENT,
            spaceBefore=7,
            spaceAfter=3,
        ),
        meta_label=derive(
            "meta_label",
            fontName=FONT_BOLD,
            fontSize=8.5,
            leading=11,
            textColor=MUTED,
            spaceAfter=0,
        ),
        meta=derive("meta", fontSize=8.5, leading=11, spaceAfter=0),
        bullet=derive("bullet", leftIndent=11, bulletIndent=1, spaceAfter=0),
        page_ref=derive("page_ref", fontSize=8.5, textColor=LINK, spaceAfter=0),
        cell=cell,
        cell_head=ParagraphStyle("cell_head", parent=cell, fontName=FONT_BOLD, spaceAfter=1),
        cell_small=ParagraphStyle(
            "cell_small",
            parent=cell,
            fontSize=size - 1,
            leading=leading - 1.4,
            textColor=MUTED,
            spaceAfter=2,
        ),
        cell_quote=ParagraphStyle("cell_quote", parent=cell, fontName=FONT_ITALIC, leftIndent=5),
        cell_item=ParagraphStyle(
            "cell_item", parent=cell, leftIndent=8, bulletIndent=0, spaceAfter=2
        ),
        cell_label=ParagraphStyle("cell_label", parent=cell, spaceAfter=1),
        th=ParagraphStyle("th", parent=cell, fontName=FONT_BOLD, spaceAfter=0),
        legend=derive("legend", fontSize=7, leading=9, textColor=MUTED, spaceAfter=0),
        legend_note=derive(
            "legend_note", fontSize=7, leading=9, textColor=MUTED, spaceBefore=4, spaceAfter=0
        ),
        reference=derive(
            "reference", fontSize=7.5, leading=9.8, leftIndent=20, bulletIndent=0, spaceAfter=2.5
        ),
        verdict_box=derive(
            "verdict_box",
            fontSize=8.5,
            leading=11.5,
            borderPadding=(4, 6, 4, 6),
            leftIndent=6,
            rightIndent=6,
            spaceBefore=6,
            spaceAfter=6,
        ),
        disclaimer=derive(
            "disclaimer",
            fontSize=8.5,
            leading=11.5,
            borderPadding=(6, 7, 6, 7),
            borderColor=RULE,
            borderWidth=0.6,
            backColor=ABSENT_BG,
            leftIndent=7,
            rightIndent=7,
            spaceBefore=10,
        ),
    )
