"""The committee PDF: the comparison as a document for a P&T meeting packet.

Built with ReportLab platypus in one layout pass; docs/pdf.md describes the document page by page.
The same Comparison always gives the same bytes: the PDF's dates come from the comparison's
`current_as_of`, never from the clock or SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import calendar
import gc
import hashlib
import math
import os
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from types import SimpleNamespace
from typing import Any, BinaryIO, Final, Literal
from urllib.parse import quote
from xml.sax.saxutils import escape

# First: ReportLab's settings are pinned before any of ReportLab copies them (rlsettings.py).
import guidecompare.render.rlsettings

# isort: split
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
)

import guidecompare
from guidecompare.engine import (
    PAIRS_MEANING,
    VERDICT_MEANINGS,
    Addressed,
    Cell,
    Comparison,
    KeyPoint,
    TopicResult,
    grade_label,
    regimen_fields,
)
from guidecompare.engine.currency import review_status, successor_name
from guidecompare.grading import (
    GradeReading,
    Unmapped,
)
from guidecompare.render.glyphs import FONT_NAMES, Face, covers, register_fonts
from guidecompare.render.rows import source_text
from guidecompare.render.textblock import TextBlock, text_block, text_width
from guidecompare.spec.models import (
    Direction,
    GuidelineSpec,
    Population,
    Reference,
    Regimen,
    Statement,
    Status,
    VerdictName,
)
from guidecompare.spec.models import Paragraph as NarrativeParagraph

__all__ = [
    "COLOUR_PAIRS",
    "NOT_EXTRACTED_TEXT",
    "VERDICT_MARKS",
    "VerdictMark",
    "page_layout",
    "render_pdf",
]

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


VERDICT_MARKS: Final[dict[VerdictName, VerdictMark]] = {
    VerdictName.AGREE: VerdictMark(
        "✓", "agree", colors.HexColor("#DDF0DA"), VERDICT_MEANINGS[VerdictName.AGREE]
    ),
    VerdictName.PARTIAL: VerdictMark(
        "≈", "partial", colors.HexColor("#FFF1C7"), VERDICT_MEANINGS[VerdictName.PARTIAL]
    ),
    VerdictName.CONFLICT: VerdictMark(
        "✕", "conflict", colors.HexColor("#F9D6D2"), VERDICT_MEANINGS[VerdictName.CONFLICT]
    ),
    VerdictName.GAP: VerdictMark(
        "○", "gap", colors.HexColor("#DCE4F5"), VERDICT_MEANINGS[VerdictName.GAP]
    ),
    VerdictName.NOT_ADDRESSED: VerdictMark(
        "\u2013",  # an en dash: a hyphen would be too faint to see
        "not addressed",
        colors.HexColor("#E9E9E9"),
        VERDICT_MEANINGS[VerdictName.NOT_ADDRESSED],
    ),
}

# Text colours and the backgrounds each is used on, for the contrast test.
COLOUR_PAIRS: Final[tuple[tuple[colors.Color, colors.Color], ...]] = (
    *((text, bg) for text in (INK, MUTED, ACCENT, LINK) for bg in (WHITE, HEADER_BG, ABSENT_BG)),
    *((text, mark.tint) for text in (INK, MUTED) for mark in VERDICT_MARKS.values()),
)

NOT_STATED: Final = "not stated"
NOT_EXTRACTED_TEXT: Final = (
    "Not extracted: no statement has been extracted from this guideline on this topic; "
    "this is not the same as silent."
)
MONTHS: Final = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# Regimen fields shown even when the source does not state them, so regimens line up.
ALWAYS_SHOWN_REGIMEN_FIELDS: Final = ("dose", "schedule", "duration", "setting")

# ---------------------------------------------------------------------------------------------
# Fonts: DejaVu Sans has the verdict symbols and the text of most European languages, Greek,
# Cyrillic, Hebrew and Arabic. guidecompare.render.glyphs checks the specs against it before rendering.

FONT: Final = FONT_NAMES["regular"]
FONT_BOLD: Final = FONT_NAMES["bold"]
FONT_ITALIC: Final = FONT_NAMES["italic"]
_register_fonts = register_fonts


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


def _stance_word(cell: Cell) -> str:
    return cell.stance.replace("-", " ")


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """'Adverse effects' → 'adverse effects', but 'QTc interval' stays as it is."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _two_lines(bold: str, regular: str, style: ParagraphStyle, width: float) -> bool | None:
    """Whether bold + regular text fits in two lines, when widths alone can tell; else None.

    Greedy line breaking leaves less than one word's width free at the end of the first line,
    so text narrower than two lines minus the widest word surely fits, and text wider than two
    full lines surely does not. In between (and for characters a face lacks, whose fallback
    changes widths) only a real line break can say: laying out a paragraph costs far more.
    """
    if not (covers("bold", bold) and covers("regular", regular)):
        return None
    size = style.fontSize
    line = width - style.leftIndent - style.rightIndent
    words = [(w, FONT_BOLD) for w in bold.split()] + [(w, FONT) for w in regular.split()]
    space = text_width(" ", FONT, size)
    widths = [text_width(w, font, size) + space for w, font in words]
    total = sum(widths)
    widest = max(widths, default=0.0)
    margin = 0.03 * line  # kerning-free widths: keep well clear of the edges
    if total <= 2 * line - widest - margin:
        return True
    if total > 2 * line + margin:
        return False
    return None


def _first_sentences(text: str, fits: Callable[[str], bool]) -> str:
    """As many whole sentences of `text` as fit, then an ellipsis; at least the first one."""
    sentences = re.split(r"(?<=\.)\s+", " ".join(text.split()))
    kept = sentences[0]
    for sentence in sentences[1:]:
        if not fits(f"{kept} {sentence} …"):
            return kept + " …"
        kept = f"{kept} {sentence}"
    return kept


def _fitted(point: KeyPoint, fits: Callable[[str], bool]) -> str:
    """The key point in its fullest forms if it fits; else shortened, longest clause first.

    When even the shortest forms do not fit, clauses are dropped from the end (an ellipsis
    shows it); the topic's page, beside every key point, tells the rest.
    """
    clauses = point.clauses
    levels = [0] * len(clauses)
    text = point.text(levels)
    while not fits(text):
        shorter = [i for i, c in enumerate(clauses) if levels[i] + 1 < len(c.forms)]
        if not shorter:
            break
        unpinned = [i for i in shorter if not clauses[i].pinned]
        longest = max(unpinned or shorter, key=lambda i: (len(clauses[i].forms[levels[i]]), -i))
        levels[longest] += 1
        text = point.text(levels)
    keep = len(clauses)
    while not fits(text) and keep > 1:
        keep -= 1
        text = point.text(levels, keep)
    return text


# ---------------------------------------------------------------------------------------------
# Determinism and one-pass layout


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while rendering.

    A render allocates hundreds of thousands of short-lived objects, each batch of which
    triggers a collection that walks every object of the process (the loaded specs, the fonts):
    that was a tenth of the render time. Reference counting frees almost all of them anyway;
    the rest waits for the next collection after the render.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _without_source_date_epoch() -> Iterator[None]:
    """Hide SOURCE_DATE_EPOCH while ReportLab reads it: a malformed value would raise there."""
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


@dataclass(frozen=True)
class _Resolved:
    """What is known only once every page is laid out."""

    total_pages: int
    anchors: Mapping[str, int]  # anchor key → page number


Deferred = Callable[[Canvas, _Resolved], None]


class _Canvas(Canvas):  # type: ignore[misc]  # ReportLab is untyped
    """A canvas dated `issued` (midnight UTC), with an /ID from `seed`, that can defer drawing.

    `defer` leaves a marker line in the page's content stream; `save` replaces each marker with
    what its function draws once the page count and the pages of anchors are known. That is what
    lets "Page X of Y" and "p. N" be printed after a single layout pass: ReportLab keeps each
    page's content as text until the file is written.
    """

    _code: list[str]  # ReportLab's content of the current page, one operator line per item

    def __init__(self, *args: Any, issued: date, seed: bytes, **kwargs: Any) -> None:
        with _without_source_date_epoch():
            super().__init__(*args, **kwargs)
        epoch = calendar.timegm(issued.timetuple())
        stamp = time.gmtime(epoch)
        self._doc._timeStamp = SimpleNamespace(
            t=epoch, lt=stamp, YMDhms=tuple(stamp)[:6], dhh=0, dmm=0, tzname="UTC"
        )
        # ReportLab seeded the /ID digest with its own timestamp; start again from the seed.
        self._doc.signature = hashlib.md5(seed, usedforsecurity=False)
        self._deferred: list[tuple[int, str, Deferred]] = []
        self.anchors: dict[str, int] = {}
        self.showOutline()

    def defer(self, draw: Deferred) -> None:
        """Draw here, on this page, with `draw`, once the whole document is laid out."""
        # A line of its own: spec text reaches the stream only inside escaped (...) strings.
        marker = f"%guidecompare-deferred-{len(self._deferred)}"
        self._code.append(marker)
        self._deferred.append((self.getPageNumber(), marker, draw))

    def _drawn(self, draw: Deferred, resolved: _Resolved) -> str:
        saved: list[str] = self._code
        self._code = []
        try:
            self.saveState()
            draw(self, resolved)
            self.restoreState()
            return "\n".join(self._code)
        finally:
            self._code = saved

    def save(self) -> None:
        if self._code:
            self.showPage()
        pages = self._doc.Pages.pages
        resolved = _Resolved(len(pages), dict(self.anchors))
        for number, marker, draw in self._deferred:
            page = pages[number - 1]
            line = f"\n{marker}\n"
            if line not in page.stream:  # pragma: no cover - a bug, not a user error
                raise RuntimeError(f"deferred drawing {marker} lost from page {number}")
            page.stream = page.stream.replace(line, f"\n{self._drawn(draw, resolved)}\n", 1)
        super().save()


# ---------------------------------------------------------------------------------------------
# Page size and orientation

# A topic column narrower than this no longer reads comfortably at 8 pt in portrait.
MIN_PORTRAIT_COLUMN: Final = 1.55 * inch
# The narrowest a topic column may become when widths follow content.
MIN_COLUMN: Final = 0.95 * inch


@dataclass(frozen=True)
class PageLayout:
    """The paper, its orientation and the margins of one document."""

    pagesize: tuple[float, float]
    orientation: Literal["portrait", "landscape"]
    margin: float
    top: float = 0.8 * inch
    bottom: float = 0.8 * inch

    @property
    def frame_width(self) -> float:
        return self.pagesize[0] - 2 * self.margin


def page_layout(comparison: Comparison) -> PageLayout:
    """Portrait when each guideline's topic column can be MIN_PORTRAIT_COLUMN wide; else landscape.

    2 to 4 guidelines fit portrait on both papers; 5 to 8 go landscape with narrower margins.
    """
    paper: tuple[float, float] = A4 if comparison.spec.paper == "a4" else letter
    margin = 0.75 * inch
    if len(comparison.guidelines) * MIN_PORTRAIT_COLUMN <= paper[0] - 2 * margin:
        return PageLayout(paper, "portrait", margin)
    return PageLayout(landscape(paper), "landscape", 0.6 * inch)


def _content_widths(weights: Sequence[float], total: float) -> list[float]:
    """Column widths summing to `total`, wider where there is more to read.

    Each column gets a floor (half an equal share, at least MIN_COLUMN); the rest is shared by
    the square root of its amount of text, so a long column grows without starving the others.
    """
    count = len(weights)
    equal = total / count
    floor = min(equal, max(equal / 2, MIN_COLUMN))
    roots = [math.sqrt(max(weight, 1.0)) for weight in weights]
    spare = total - floor * count
    return [floor + spare * root / sum(roots) for root in roots]


# ---------------------------------------------------------------------------------------------
# Styles


@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
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
    return _Styles(
        body=base,
        title=derive(
            "title", fontName=FONT_BOLD, fontSize=15, leading=19, textColor=ACCENT, spaceAfter=6
        ),
        kicker=derive("kicker", fontSize=8, leading=10, textColor=MUTED, spaceAfter=3),
        h1=derive(
            "h1",
            fontName=FONT_BOLD,
            fontSize=13,
            leading=16,
            textColor=ACCENT,
            spaceBefore=12,
            spaceAfter=7,
            keepWithNext=1,
        ),
        h1_flow=derive(
            "h1_flow",
            fontName=FONT_BOLD,
            fontSize=13,
            leading=16,
            textColor=ACCENT,
            spaceBefore=12,
            spaceAfter=7,
        ),
        h2=derive(
            "h2",
            fontName=FONT_BOLD,
            fontSize=11,
            leading=14,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=5,
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
            "reference", fontSize=8.5, leading=11.5, leftIndent=22, bulletIndent=0, spaceAfter=3.5
        ),
        verdict_box=derive(
            "verdict_box",
            fontSize=8.5,
            leading=11.5,
            borderPadding=(5, 6, 5, 6),
            leftIndent=6,
            rightIndent=6,
            spaceBefore=8,
            spaceAfter=10,
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


# ---------------------------------------------------------------------------------------------
# Flowables


class _Para(Paragraph):  # type: ignore[misc]  # ReportLab is untyped
    """A Paragraph that breaks its lines once per width.

    Tables, KeepTogether and frames wrap the same paragraph at the same width again and again;
    line breaking is most of the render time. Only the latest width is remembered, because
    drawing uses the lines of the latest break.
    """

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        # split() may drop the broken lines (blPara) to push the paragraph on whole.
        wrapped = self._wrapped
        if wrapped is not None and wrapped[0] == available_width and hasattr(self, "blPara"):
            return wrapped[1]
        size: tuple[float, float] = super().wrap(available_width, available_height)
        self._wrapped = (available_width, size)
        return size


def _heading(markup: str, style: ParagraphStyle, key: str, title: str, level: int) -> Flowable:
    """A heading that adds itself to the PDF outline (bookmarks) and anchors `key` when drawn."""
    heading = text_block(markup, style, None, _Para)
    heading.outline_entry = (key, title, level)
    return heading


class _PageRef(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """'p. N', right-aligned and linked: the page the anchor `key` lands on."""

    def __init__(self, key: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.key = key
        self.style = style

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = float(self.style.leading)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)
        # Where the text baseline of a paragraph of this style would be.
        baseline = self.height - self.style.fontSize
        canvas.defer(partial(self._text, baseline))

    def _text(self, baseline: float, canvas: Canvas, resolved: _Resolved) -> None:
        canvas.setFillColor(self.style.textColor)
        canvas.setFont(self.style.fontName, self.style.fontSize)
        canvas.drawRightString(self.width, baseline, f"p. {resolved.anchors[self.key]}")


Content = list[Flowable]


def _height(flowables: Sequence[Flowable], width: float, height: float) -> float:
    """The height `flowables` take stacked in a frame of this size, spaces included."""
    total = 0.0
    for flowable in flowables:
        total += flowable.wrap(width, height)[1]
        total += flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def _amount(flowables: Sequence[Flowable]) -> float:
    """How much text a cell holds, in characters: what its column width should follow."""
    return float(
        sum(len(f.getPlainText()) for f in flowables if isinstance(f, Paragraph | TextBlock))
    )


def _cut_cell(flowables: Sequence[Flowable], width: float, room: float) -> tuple[Content, Content]:
    """A cell's flowables cut at `room`: what fits (a paragraph split between lines), and the rest."""
    head: Content = []
    used = 0.0
    queue = list(flowables)
    while queue:
        flowable = queue.pop(0)
        spaces = flowable.getSpaceBefore() + flowable.getSpaceAfter()
        height = flowable.wrap(width, room)[1] + spaces
        if used + height <= room:
            head.append(flowable)
            used += height
            continue
        parts = flowable.split(width, room - used - spaces) if room - used - spaces > 0 else []
        if len(parts) >= 2:
            return [*head, parts[0]], [*parts[1:], *queue]
        return head, [flowable, *queue]
    return head, []


@dataclass(frozen=True)
class _Piece:
    """A logical row of a grid, or the part of one that a page end cut off."""

    row: int  # the logical row's index in its grid
    cells: tuple[Content, ...]
    first: bool = True  # holds the top of the logical row
    last: bool = True  # holds its bottom


class _Grid:
    """A table of logical rows that splits at a page end inside a row as well as between rows.

    Platypus tables split only between rows, and their own split inside a row
    (splitInRow) repeats the header in the middle of the table; a committee table has cells
    taller than a page. Here a row is cut where the page ends, each cell between lines, and
    the next page starts with the header rows again. Style commands address logical rows:
    LINEABOVE falls on a row's first part, LINEBELOW on its last.
    """

    def __init__(
        self,
        widths: Sequence[float],
        *,
        header_rows: int = 1,
        padding: tuple[float, float, float, float] = (4, 4, 5, 5),  # top, bottom, left, right
        rules: Literal["grid", "columns", "none"] = "grid",
    ) -> None:
        self.widths = list(widths)
        self.header_rows = header_rows
        self.padding = padding
        self.rules = rules
        self.rows: list[list[Content]] = []
        self.commands: list[tuple[Any, ...]] = []

    def add(self, cells: Sequence[Content]) -> int:
        """Add a logical row; return its index."""
        self.rows.append(list(cells))
        return len(self.rows) - 1

    def style(self, *command: Any) -> None:
        self.commands.append(tuple(command))

    def build(self) -> _GridTable:
        body = range(self.header_rows, len(self.rows))
        return _GridTable(self, [_Piece(i, tuple(self.rows[i])) for i in body])

    def rows_with_header(self, pieces: Sequence[_Piece]) -> list[_Piece]:
        return [*(_Piece(i, tuple(self.rows[i])) for i in range(self.header_rows)), *pieces]

    def style_commands(self, rows: Sequence[_Piece]) -> list[tuple[Any, ...]]:
        """The style commands for the physical `rows` (header rows first), in TableStyle terms."""
        count = len(self.rows)

        def physical(
            r0: int, r1: int, *, edge: Literal["first", "last"] | None = None
        ) -> list[int]:
            r0, r1 = r0 % count, r1 % count
            return [
                index
                for index, piece in enumerate(rows)
                if r0 <= piece.row <= r1 and (edge is None or getattr(piece, edge))
            ]

        commands: list[tuple[Any, ...]] = []
        if self.rules != "none":
            commands += [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LINEAFTER", (0, 0), (-2, -1), 0.4, RULE),
            ]
            below = range(self.header_rows) if self.rules == "columns" else range(len(rows) - 1)
            commands += [("LINEBELOW", (0, i), (-1, i), 0.4, RULE) for i in below if rows[i].last]
        for name, (c0, r0), (c1, r1), *rest in self.commands:
            if name in ("LINEBELOW", "LINEABOVE"):
                edge: Literal["first", "last"] = "last" if name == "LINEBELOW" else "first"
                commands += [(name, (c0, i), (c1, i), *rest) for i in physical(r0, r1, edge=edge)]
            elif found := physical(r0, r1):
                commands.append((name, (c0, found[0]), (c1, found[-1]), *rest))
        return commands

    def cut(self, piece: _Piece, room: float) -> tuple[_Piece, _Piece] | None:
        """`piece` cut so that its first part is at most `room` tall; None if nothing fits."""
        top, bottom, left, right = self.padding
        # Two points to spare: the table and this count may round differently.
        room -= top + bottom + 2
        if room < 20:  # not even two lines: the row starts on the next page
            return None
        heads, tails = [], []
        for cell, width in zip(piece.cells, self.widths, strict=True):
            head, tail = _cut_cell(cell, width - left - right, room)
            heads.append(head)
            tails.append(tail)
        if not any(heads) or not any(tails):
            return None
        return (
            _Piece(piece.row, tuple(heads), first=piece.first, last=False),
            _Piece(piece.row, tuple(tails), first=False, last=piece.last),
        )


class _GridTable(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """The flowable of a _Grid: some of its rows (or parts of rows) under its header rows.

    Laid out and drawn as a platypus Table with these column widths, paddings and style
    commands would be (cells top-aligned), without the Table machinery for spans, automatic
    widths and cell styles that a grid does not use.
    """

    def __init__(self, grid: _Grid, pieces: list[_Piece]) -> None:
        super().__init__()
        self.grid = grid
        self.pieces = pieces
        self.rows = grid.rows_with_header(pieces)
        self.row_heights: list[float] | None = None

    def _cell_heights(self, cell: Content, width: float) -> tuple[float, list[float]]:
        """As Table._listCellGeom: the flowables' heights and spaces, less the outer two."""
        heights = [flowable.wrap(width, 72000)[1] for flowable in cell]
        if not cell:
            return 0.0, heights
        total = sum(
            height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
            for flowable, height in zip(cell, heights, strict=True)
        )
        return total - cell[0].getSpaceBefore() - cell[-1].getSpaceAfter(), heights

    def _layout(self) -> list[float]:
        if self.row_heights is None:
            top, bottom, left, right = self.grid.padding
            self.row_heights = [
                max(
                    (
                        self._cell_heights(cell, width - left - right)[0] + top + bottom
                        for cell, width in zip(row.cells, self.grid.widths, strict=True)
                    ),
                    default=0.0,
                )
                for row in self.rows
            ]
        return self.row_heights

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = float(sum(self.grid.widths))
        self.height = float(sum(self._layout()))
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        heights = self._layout()
        widths = self.grid.widths
        # Row positions from the top down, summed from the bottom as Table sums them.
        positions: list[float] = []
        height = compensation = 0.0
        for row_height in reversed(heights):
            positions.append(height)
            step = row_height - compensation
            total = height + step
            compensation = (total - height) - step
            height = total
        positions.append(height)
        positions.reverse()
        columns = [0.0]
        for width in widths:
            columns.append(columns[-1] + width)
        commands = self.grid.style_commands(self.rows)
        canvas.saveState()
        for _, (c0, r0), (c1, r1), colour in (c for c in commands if c[0] == "BACKGROUND"):
            c0, c1 = c0 % len(widths), c1 % len(widths)
            r0, r1 = r0 % len(heights), r1 % len(heights)
            x0, y0 = columns[c0], positions[r0]
            canvas.setFillColor(colour)
            canvas.rect(x0, y0, columns[c1 + 1] - x0, positions[r1 + 1] - y0, stroke=0, fill=1)
        top, _, left, right = self.grid.padding
        for row, row_top in zip(self.rows, positions[:-1], strict=True):
            for cell, x, width in zip(row.cells, columns[:-1], widths, strict=True):
                if not cell:
                    continue
                inner = width - left - right
                y = row_top - top + cell[0].getSpaceBefore()
                for flowable, flowable_height in zip(
                    cell, self._cell_heights(cell, inner)[1], strict=True
                ):
                    y -= flowable.getSpaceBefore() + flowable_height
                    if isinstance(flowable, TextBlock):
                        flowable.draw_at(canvas, x + left, y)
                    else:
                        flowable.drawOn(canvas, x + left, y)
                    y -= flowable.getSpaceAfter()
        self._draw_lines(
            [c for c in commands if c[0] != "BACKGROUND"], columns, positions, len(heights)
        )
        canvas.restoreState()

    def _draw_lines(
        self,
        commands: Sequence[tuple[Any, ...]],
        columns: Sequence[float],
        positions: Sequence[float],
        count: int,
    ) -> None:
        """Rules as Table._drawLines draws them: round caps and joins unless told otherwise."""
        canvas = self.canv
        canvas.saveState()
        state: dict[str, Any] = {}

        def setting(key: str, value: Any, apply: Callable[[Any], None]) -> None:
            if state.get(key, ...) != value:
                state[key] = value
                apply(value)

        def horizontal(c0: int, c1: int, rows: Sequence[float]) -> None:
            for y in rows:
                canvas.line(columns[c0], y, columns[c1 + 1], y)

        def vertical(r0: int, r1: int, xs: Sequence[float]) -> None:
            for x in xs:
                canvas.line(x, positions[r1 + 1], x, positions[r0])

        ncols = len(columns) - 1
        for name, (c0, r0), (c1, r1), weight, colour, *rest in commands:
            cap = rest[0] if rest else 1
            dash = rest[1] if len(rest) > 1 else None
            if cap is not None:
                setting("cap", cap, canvas.setLineCap)
            if dash:
                setting("dash", dash, canvas.setDash)
            elif state.get("dash"):
                setting("dash", None, lambda _: canvas.setDash())
            setting("join", 1, canvas.setLineJoin)
            c0 = max(0, c0 + ncols if c0 < 0 else c0)
            c1 = min(ncols - 1, c1 + ncols if c1 < 0 else c1)
            r0 = max(0, r0 + count if r0 < 0 else r0)
            r1 = min(count - 1, r1 + count if r1 < 0 else r1)
            setting("colour", colour, canvas.setStrokeColor)
            setting("weight", weight, canvas.setLineWidth)
            if name == "BOX":
                horizontal(c0, c1, [positions[r0], positions[r1 + 1]])
                vertical(r0, r1, [columns[c0], columns[c1 + 1]])
            elif name == "LINEABOVE":
                horizontal(c0, c1, positions[r0 : r1 + 1])
            elif name == "LINEBELOW":
                horizontal(c0, c1, positions[r0 + 1 : r1 + 2])
            elif name == "LINEBEFORE":
                vertical(r0, r1, columns[c0 : c1 + 1])
            elif name == "LINEAFTER":
                vertical(r0, r1, columns[c0 + 1 : c1 + 2])
            else:  # pragma: no cover - a bug, not a user error
                raise ValueError(f"unknown grid command {name}")
        canvas.restoreState()

    def lead(self, width: float, height: float) -> float:
        """The height of the header rows and of the first row, up to a quarter of `height`.

        What must fit below a heading for the table to start on this page: a table that
        starts with a sliver of its first row at the foot of a page reads badly.
        """
        heights = self._layout()
        first = heights[self.grid.header_rows : self.grid.header_rows + 1]
        return float(sum(heights[: self.grid.header_rows]) + min([*first, 0.25 * height]))

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        heights = self._layout()
        header = self.grid.header_rows
        used = float(sum(heights[:header]))
        fitting = 0
        for height in heights[header:]:
            if used + height > available_height:
                break
            used += height
            fitting += 1
        if fitting == len(self.pieces):
            return [self]
        cut = self.grid.cut(self.pieces[fitting], available_height - used)
        before = self.pieces[:fitting]
        after = self.pieces[fitting:]
        if cut is not None:
            before = [*before, cut[0]]
            after = [cut[1], *after[1:]]
        if not before:
            return []  # nothing fits here: the frame tries on the next page
        return [_GridTable(self.grid, before), _GridTable(self.grid, after)]


# ---------------------------------------------------------------------------------------------
# The document


class _Writer:
    """Builds the story (the flowables) of one comparison for a frame of the given size."""

    def __init__(self, comparison: Comparison, width: float, height: float) -> None:
        self.c = comparison
        self.spec = comparison.spec
        self.width = width
        self.height = height
        # Many guidelines make narrow topic columns: their text is set a little smaller.
        self.s = _styles(dense=width / len(comparison.guidelines) < 1.5 * inch)
        self.facet_labels = {facet.id: facet.label for facet in self.spec.facets}

    def p(
        self, markup: str, style: ParagraphStyle | None = None, *, bullet: str | None = None
    ) -> Flowable:
        """A paragraph of `markup`: a TextBlock, or a Paragraph where only it can set the text."""
        return text_block(markup, style or self.s.body, bullet, _Para)

    def grid(self, widths: Sequence[float], **kwargs: Any) -> _Grid:
        return _Grid(widths, **kwargs)

    def cite(self, cited: str) -> str:
        """'[N]', linked to reference N in the list."""
        number = self.c.citation_number(cited)
        return f'<a href="#{_ref_key(number)}" color="{LINK_HEX}">[{number}]</a>'

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

    def story(self) -> list[Flowable]:
        return [
            *self.at_a_glance(),
            *self.key_points(),
            *self.pairwise(),
            *self.topic_by_topic(),
            *self.narrative(),
            *self.profiles(),
            *self.references(),
        ]

    # -- page 1 ---------------------------------------------------------------------------------

    def at_a_glance(self) -> list[Flowable]:
        s, spec = self.s, self.spec
        people = [
            "<br/>".join(
                _esc(part) for part in (person.name, person.role, person.organisation) if part
            )
            for person in spec.prepared_by
        ]
        guidelines = "<br/>".join(
            f"{_bold(g.label)} {self.cite(g.id)}: {_esc(g.title)} ({g.year})"
            for g in self.c.guidelines
        )
        rows = [("Prepared by", "<br/><br/>".join(people))]
        if spec.prepared:
            rows.append(("Prepared", _partial_date(spec.prepared)))
        rows += [
            ("Information current as of", _long_date(spec.current_as_of)),
            ("Guidelines compared", guidelines),
        ]
        meta = self.grid(
            [1.9 * inch, self.width - 1.9 * inch], header_rows=0, padding=(2, 3, 0, 6), rules="none"
        )
        for label, value in rows:
            meta.add([[self.p(label, s.meta_label)], [self.p(value, s.meta)]])
        meta.style("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT)
        meta.style("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE)
        return [
            self.p("GUIDELINE COMPARISON FOR PHARMACY &amp; THERAPEUTICS REVIEW", s.kicker),
            self.p(_in_face("bold", spec.question), s.title),
            meta.build(),
            # The matrix starts on page 1 even when it cannot end there.
            *self.kept(
                [_heading("At a glance", s.h1_flow, "at-a-glance", "At a glance", 0)],
                self.matrix(),
                [Spacer(1, 5), *self.legend()],
                keep=False,
            ),
        ]

    def matrix_head(self, guideline: GuidelineSpec, width: float) -> list[Flowable]:
        """A guideline's column head; a superseded or withdrawn one is marked as not counted."""
        s = self.s
        head = [self.p(self.clipped(guideline.label, "bold", s.th, width, 3), s.th)]
        if guideline.status is not Status.CURRENT:
            head.append(self.p(f"{guideline.status.value}: not counted", s.cell_small))
        return head

    def matrix(self) -> _GridTable:
        s = self.s
        n = len(self.c.guidelines)
        padding = 10  # left and right cell padding together

        def widest(texts: Sequence[str], font: str, size: float) -> float:
            return float(max(pdfmetrics.stringWidth(t, font, size) for t in texts)) + padding + 2

        labels = [result.topic.label for result in self.c.topics]
        topic_w = min(max(widest(labels, FONT_BOLD, s.cell.fontSize), 1.0 * inch), 1.8 * inch)
        verdict_texts = [VERDICT_MARKS[r.verdict].text for r in self.c.topics]
        verdict_w = widest(verdict_texts, FONT_BOLD, s.cell.fontSize)
        if any(r.override for r in self.c.topics):
            verdict_w = max(
                verdict_w, widest(["reviewer's judgement"], FONT, s.cell_small.fontSize)
            )
        verdict_w = max(verdict_w, 0.8 * inch)
        col_w = (self.width - topic_w - verdict_w) / n
        grid = self.grid([topic_w, *([col_w] * n), verdict_w])
        grid.add(
            [
                [self.p("Topic", s.th)],
                *(self.matrix_head(g, col_w - padding) for g in self.c.guidelines),
                [self.p("Verdict", s.th)],
            ]
        )
        grid.style("BACKGROUND", (0, 0), (-1, 0), HEADER_BG)
        for index, result in enumerate(self.c.topics):
            mark = VERDICT_MARKS[result.verdict]
            verdict = [self.p(f"<b>{mark.text}</b>", s.cell)]
            if result.override:
                verdict.append(self.p("reviewer's judgement", s.cell_small))
            # The topic label leads to the topic's page (an internal link, in the text colour).
            topic = f'<a href="#{_topic_key(index)}">{_bold(result.topic.label)}</a>'
            row = grid.add(
                [
                    [self.p(topic, s.cell)],
                    *(self.matrix_cell(cell) for cell in result.cells),
                    verdict,
                ]
            )
            for col, cell in enumerate(result.cells, start=1):
                if cell.addressed is not Addressed.YES:
                    grid.style("BACKGROUND", (col, row), (col, row), ABSENT_BG)
            grid.style("BACKGROUND", (n + 1, row), (n + 1, row), mark.tint)
        return grid.build()

    def matrix_cell(self, cell: Cell) -> list[Flowable]:
        s = self.s
        if cell.addressed is Addressed.NOT_EXTRACTED:
            return [self.p("<i>not extracted</i>", s.cell)]
        if cell.addressed is Addressed.SILENT:
            checked = f"verified {_long_date(cell.silence.checked)}" if cell.silence else ""
            return [self.p("<i>silent</i>", s.cell), self.p(checked, s.cell_small)]
        out = [self.p(f"<b>{_esc(_stance_word(cell))}</b>", s.cell)]
        grades = cell.grades_text
        if grades:
            out.append(self.p(_esc(grades), s.cell_small))
        common = cell.common_text
        if common:
            out.append(self.p(f"≈ {_esc(common)}", s.cell_small))
        return out

    def legend(self) -> list[Flowable]:
        s = self.s
        marks = list(VERDICT_MARKS.values())
        grid = self.grid(
            [self.width / len(marks)] * len(marks),
            header_rows=0,
            padding=(3, 3, 5, 5),
            rules="none",
        )
        grid.add([[self.p(f"<b>{m.text}</b>", s.cell), self.p(m.meaning, s.legend)] for m in marks])
        for col, mark in enumerate(marks):
            grid.style("BACKGROUND", (col, 0), (col, 0), mark.tint)
        # White gaps between the swatches.
        grid.style("LINEBEFORE", (1, 0), (-1, 0), 2, WHITE)
        stances = self.p(
            "<b>Stances:</b> <i>for</i>, <i>against</i>, <i>neutral</i>: the direction of a "
            "recommendation or finding; <i>descriptive</i>: reports without a direction. "
            "<i>silent</i>: checked, and the guideline says nothing on the topic; "
            "<i>not extracted</i>: nothing extracted yet, which is not the same as silent. "
            "Grades are the guideline's own; after ≈, the same grade read on the common scale "
            "(recommendation strength and direction, certainty of evidence).",
            s.legend_note,
        )
        return [grid.build(), stances]

    def key_points(self) -> list[Flowable]:
        """One short line per topic, with the page where the topic is told in full."""
        s = self.s
        title = "Key agreements, differences and gaps"
        ref_w = 0.45 * inch
        text_w = self.width - ref_w
        grid = self.grid([text_w, ref_w], header_rows=0, padding=(0, 3, 0, 0), rules="none")
        for index, result in enumerate(self.c.topics):
            mark = VERDICT_MARKS[result.verdict]
            reviewer = " (reviewer's judgement)" if result.override else ""
            lead = f"{_bold(result.topic.label)}<b>: {mark.text}</b>{reviewer}. "
            lead_plain = f"{result.topic.label}: {mark.text}{reviewer}. "

            def fits(text: str, lead: str = lead, lead_plain: str = lead_plain) -> bool:
                # Two lines: a key point is read at a glance; the topic page has the rest.
                estimate = _two_lines(lead_plain, text, s.bullet, text_w)
                if estimate is not None:
                    return estimate
                paragraph = self.p(lead + _esc(text), s.bullet, bullet="•")
                height = paragraph.wrap(text_w, 1e6)[1]
                return bool(height <= 2 * s.bullet.leading + 0.5)

            summary = _fitted(result.key_point, fits)
            grid.add(
                [
                    [self.p(lead + _esc(summary), s.bullet, bullet="•")],
                    [_PageRef(_topic_key(index), s.page_ref)],
                ]
            )
        heading = _heading(title, s.h1_flow, "key-points", title, 0)
        return self.kept([heading], grid.build(), [], keep=False)

    def pairwise(self) -> list[Flowable]:
        """With three or more guidelines: for each pair, on how many topics they agree, differ,
        conflict, or cannot be compared because one of them does not address the topic."""
        if len(self.c.guidelines) < 3:
            return []
        s = self.s
        title = "Guidelines pair by pair"
        labels = {t.topic.id: t.topic.label for t in self.c.topics}
        widths = _content_widths([3, 2, 2, 2, 2], self.width)
        grid = self.grid(widths, padding=(3, 3, 4, 4))
        grid.add(
            [
                [self.p(head, s.th)]
                for head in ("Pair", "Agree", "Differ", "Conflict", "Not both addressed")
            ]
        )
        grid.style("BACKGROUND", (0, 0), (-1, 0), HEADER_BG)

        def count(topics: tuple[str, ...]) -> list[Flowable]:
            out = [self.p(f"<b>{len(topics)}</b>", s.cell)]
            if topics:
                out.append(self.p(_esc(", ".join(labels[t] for t in topics)), s.cell_small))
            return out

        for pair in self.c.pairs:
            grid.add(
                [
                    [self.p(f"{_esc(pair.first.label)} vs {_esc(pair.second.label)}", s.cell)],
                    count(pair.agree),
                    count(pair.differ),
                    count(pair.conflict),
                    count(pair.unmatched),
                ]
            )
        note = self.p(
            PAIRS_MEANING,
            s.cell_small,
        )
        heading = _heading(title, s.h1_flow, "pairs", title, 0)
        return self.kept([heading], grid.build(), [note], keep=False)

    # -- topic by topic -------------------------------------------------------------------------

    def topic_by_topic(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = []
        for index, result in enumerate(self.c.topics):
            title = result.topic.label
            heads: list[Flowable] = []
            if index == 0:
                heads.append(_heading("Topic by topic", s.h1_flow, "topics", "Topic by topic", 0))
            heads.append(_heading(_in_face("bold", title), s.h2, _topic_key(index), title, 1))
            if result.topic.description:
                heads.append(self.p(_esc(result.topic.description), s.cell_small))
            out.extend(self.kept(heads, self.topic_table(result), self.verdict(result)))
        return out

    def kept(
        self, heads: list[Flowable], table: _GridTable, tail: list[Flowable], *, keep: bool = True
    ) -> list[Flowable]:
        """Headings, a table and what follows it, laid out so that no heading ends a page.

        With `keep`, a block that fits on a page (with room to spare) is kept on one page: a
        topic read without turning the page is worth some white space. Otherwise it starts
        wherever its headings, the table header and its first row fit, and splits between rows.
        """
        block = [*heads, table, *tail]
        if keep and _height(block, self.width, self.height) <= 0.85 * self.height:
            return [KeepTogether(block)]
        lead = _height(heads, self.width, self.height) + table.lead(self.width, self.height)
        return [CondPageBreak(lead + 6), *block]

    def topic_table(self, result: TopicResult) -> _GridTable:
        """One column per guideline, as wide as its text asks; row i holds each i-th statement."""
        s = self.s
        columns: list[list[Content]] = []
        for cell in result.cells:
            if cell.addressed is Addressed.YES:
                columns.append(
                    [
                        self.statement(
                            st,
                            reading,
                            cell.guideline.population_of(st),
                            self.c.quoted_in(st, cell.guideline),
                        )
                        for st, reading in zip(cell.statements, cell.readings, strict=True)
                    ]
                )
            else:
                columns.append([self.absent(cell)])
        widths = _content_widths(
            [sum(_amount(content) for content in column) for column in columns], self.width
        )
        left, right = 5, 5
        grid = self.grid(widths, padding=(5, 4, left, right), rules="columns")
        grid.add(
            [
                [
                    self.p(
                        self.clipped(c.guideline.label, "bold", s.th, w - left - right - 24, 3)
                        + " "
                        + self.cite(c.guideline.id),
                        s.th,
                    )
                ]
                for c, w in zip(result.cells, widths, strict=True)
            ]
        )
        grid.style("BACKGROUND", (0, 0), (-1, 0), HEADER_BG)
        depth = max(len(column) for column in columns)
        for row in range(depth):
            grid.add([column[row] if row < len(column) else [] for column in columns])
        for col, (cell, column) in enumerate(zip(result.cells, columns, strict=True)):
            if cell.addressed is not Addressed.YES:
                grid.style("BACKGROUND", (col, 1), (col, -1), ABSENT_BG)
            for row in range(1, len(column)):
                # A dotted rule between the statements of one guideline.
                grid.style("LINEBELOW", (col, row), (col, row), 0.4, RULE, None, (1, 2))
        return grid.build()

    def absent(self, cell: Cell) -> list[Flowable]:
        s = self.s
        if cell.addressed is Addressed.SILENT and cell.silence is not None:
            out = [self.p(f"<i>Silent (verified {_long_date(cell.silence.checked)})</i>", s.cell)]
            if cell.silence.note:
                out.append(self.p(_esc(cell.silence.note), s.cell_small))
            return out
        return [self.p(f"<i>{NOT_EXTRACTED_TEXT}</i>", s.cell)]

    def statement(
        self,
        statement: Statement,
        reading: GradeReading,
        population: Population | None = None,
        quoted_in: str | None = None,
    ) -> list[Flowable]:
        s, c = self.s, self.c
        head = statement.stance.direction.value.capitalize()
        if statement.stance.wording:
            head += f': <font name="{FONT}">“{_esc(statement.stance.wording)}”</font>'
        out: list[Flowable] = [self.p(head, s.cell_head)]
        ungraded_description = (
            statement.stance.direction is Direction.DESCRIPTIVE
            and statement.grade is None
            and statement.certainty is None
        )
        if not ungraded_description:
            # A description reports without recommending: "grade not stated" would be noise.
            out.append(self.p(_esc(_upper_first(grade_label(statement))), s.cell_small))
            if reading.system is not None and reading.recommendation not in (
                Unmapped.NOT_STATED,
                Unmapped.NOT_EXTRACTED,
                Unmapped.UNGRADED,
            ):
                # The same grade on the common scale (docs/grading.md), with its caveats.
                common = "; ".join((f"Read as {_lower_first(reading.text)}", *reading.notes))
                out.append(self.p(f"<i>{_esc(common)}</i>", s.cell_small))
        if population is not None:
            # Whom the statement concerns: the statement's own population, else its guideline's.
            out.append(self.p(f"Population: {_esc(str(population))}", s.cell_small))
        out.append(self.p(_esc(statement.text), s.cell))
        if statement.quote:
            out.append(self.p(f"“{_in_face('italic', statement.quote)}”", s.cell_quote))
            if quoted_in:
                # The words are the secondary source's account, not the guideline's own.
                out.append(self.p(f"As quoted in {_esc(quoted_in)}", s.cell_small))
        if statement.regimens:
            out.append(self.p("<b>Regimens</b>", s.cell_label))
            out.extend(
                self.p(self.regimen(regimen), s.cell_item, bullet="•")
                for regimen in statement.regimens
            )
        for facet_id, values in statement.facets.items():
            label = self.facet_labels.get(facet_id, facet_id)
            out.append(self.p(f"{_bold(label + ':')} {_esc(', '.join(values))}", s.cell))
        if statement.evidence:
            cited = "; ".join(f"{_esc(c.short_name(e))} {self.cite(e)}" for e in statement.evidence)
            out.append(self.p(f"<b>Evidence:</b> {cited}", s.cell))
        if statement.note:
            out.append(self.p(f"Note: {_esc(statement.note)}", s.cell_small))
        source = statement.source
        where = source_text(c, source).removeprefix(
            f"{c.short_name(source.document)} [{c.citation_number(source.document)}]"
        )
        out.append(
            self.p(
                f"Source: {_esc(c.short_name(source.document))} {self.cite(source.document)}"
                f"{_esc(where)}",
                s.cell_small,
            )
        )
        return out

    def regimen(self, regimen: Regimen) -> str:
        fields = regimen_fields(regimen)
        parts = []
        for name, value in fields.items():
            if value:
                parts.append(f"{name} {_esc(value)}")
            elif name in ALWAYS_SHOWN_REGIMEN_FIELDS:
                parts.append(f"{name} <i>{NOT_STATED}</i>")
        text = " · ".join(parts)
        if regimen.study:
            name = _bold(self.c.short_name(regimen.study))
            text = f"{name} {self.cite(regimen.study)}: {text}"
        if regimen.note:
            text += f" ({_esc(regimen.note)})"
        return text

    def verdict(self, result: TopicResult) -> list[Flowable]:
        s = self.s
        mark = VERDICT_MARKS[result.verdict]
        style = ParagraphStyle(f"verdict-{mark.word}", parent=s.verdict_box, backColor=mark.tint)
        out = [self.p(f"<b>Verdict: {mark.text}.</b> {_esc(result.rationale)}", style)]
        if result.override:
            o = result.override
            out.append(
                self.p(
                    f"<b>Reviewer's judgement:</b> {_verdict_word(o.verdict)} — {_esc(o.reason)} "
                    f"({_esc(o.reviewer)}, {_long_date(o.date)}); computed verdict: "
                    f"{_verdict_word(result.computed)}",
                    style,
                )
            )
        return out

    # -- narrative ------------------------------------------------------------------------------

    def narrative(self) -> list[Flowable]:
        out: list[Flowable] = []
        for key, title, paragraphs in (
            ("background", "Background", self.spec.background),
            ("conclusion", "Conclusion", self.spec.conclusion),
        ):
            if paragraphs:
                out.append(_heading(title, self.s.h1, key, title, 0))
                out.extend(self.narrative_paragraph(p) for p in paragraphs)
        return out

    def narrative_paragraph(self, paragraph: NarrativeParagraph) -> Flowable:
        cites = "".join(f" {self.cite(cited)}" for cited in paragraph.cites)
        return self.p(_esc(paragraph.text) + cites)

    # -- the guidelines -------------------------------------------------------------------------

    def profiles(self) -> list[Flowable]:
        """One column per guideline, one row per attribute: profiles read side by side.

        At most four guidelines share a table, so that a column stays wide enough to read.
        """
        s = self.s
        title = "The guidelines"
        label_w = 1.25 * inch
        guidelines = self.c.guidelines
        per_table = 4
        groups = [guidelines[i : i + per_table] for i in range(0, len(guidelines), per_table)]
        out: list[Flowable] = []
        for number, group in enumerate(groups):
            col_w = (self.width - label_w) / min(len(guidelines), per_table)
            header = [
                self.p("", s.th),
                *(
                    self.p(
                        self.clipped(g.label, "bold", s.th, col_w - 34, 3) + " " + self.cite(g.id),
                        s.th,
                    )
                    for g in group
                ),
            ]
            grid = self.grid([label_w, *([col_w] * len(group))], padding=(4, 2, 5, 5))
            grid.add([[cell] for cell in header])
            grid.style("BACKGROUND", (0, 0), (-1, 0), HEADER_BG)
            for label, values in self.profile_rows(group):
                if all(value is None for value in values):
                    continue
                grid.add(
                    [
                        [self.p(label, s.cell_head)],
                        *([self.p(value or f"<i>{NOT_STATED}</i>", s.cell)] for value in values),
                    ]
                )
            heads: list[Flowable] = (
                [_heading(title, s.h1_flow, "guidelines", title, 0)] if number == 0 else []
            )
            tail: list[Flowable] = [Spacer(1, 10)] if number + 1 < len(groups) else []
            out.extend(self.kept(heads, grid.build(), tail))
        return out

    def profile_rows(
        self, guidelines: Sequence[GuidelineSpec]
    ) -> list[tuple[str, list[str | None]]]:
        """Attribute label → each guideline's value as markup; None where the spec is silent.

        A row whose values are all None is left out, except funding and conflicts of interest:
        a committee expects those, so they say "not stated".
        """
        small = f'<br/><font size="7" color="{MUTED_HEX}">{{}}</font>'

        def grading(g: GuidelineSpec) -> str | None:
            system = g.grading_system
            if system is None:
                return None
            text = _esc(system.name)
            if system.system:
                inferred = " (inferred: the source does not name it)" if system.inferred else ""
                text += small.format(f"guidecompare system: {_esc(system.system)}{inferred}")
            if system.note:
                text += small.format(_esc(system.note))
            return text

        def appraisals(g: GuidelineSpec) -> str | None:
            texts = [
                f"<b>{_esc(a.instrument)}</b>: "
                + "; ".join(f"{_esc(k)} {_esc(v)}" for k, v in a.scores.items())
                + small.format(_esc(a.source))
                for a in g.appraisals
            ]
            return "<br/>".join(texts) or None

        def status(g: GuidelineSpec) -> str:
            # As of the comparison's own date, never today's, so the PDF stays deterministic.
            successor = successor_name(self.c.spec, self.c.guidelines, g)
            text = _esc(review_status(g, self.c.spec.current_as_of, successor))
            return text + (small.format(_esc(g.review_note)) if g.review_note else "")

        def opt(value: str | None) -> str | None:
            return _esc(value) if value else None

        rows: list[tuple[str, list[str | None]]] = [
            ("Title", [_esc(g.title) for g in guidelines]),
            ("Issued by", ["<br/>".join(_esc(o) for o in g.organisations) for g in guidelines]),
            ("Developer", [opt(g.developer) for g in guidelines]),
            ("Sponsors", ["<br/>".join(_esc(o) for o in g.sponsors) or None for g in guidelines]),
            ("Year", [str(g.year) for g in guidelines]),
            ("Published", [_long_date(g.published) if g.published else None for g in guidelines]),
            ("Citation", [_esc(g.citation) for g in guidelines]),
            (
                "DOI",
                [_link(_doi_url(g.doi), _doi_url(g.doi)) if g.doi else None for g in guidelines],
            ),
            ("Web page", [_link(g.url, g.url) if g.url else None for g in guidelines]),
            ("Population", [opt(str(g.population) if g.population else None) for g in guidelines]),
            ("Setting", [opt(g.setting) for g in guidelines]),
            ("Methodology", [opt(g.methodology) for g in guidelines]),
            ("Grading system", [grading(g) for g in guidelines]),
            ("Appraisals", [appraisals(g) for g in guidelines]),
            ("Funding", [opt(g.funding) or f"<i>{NOT_STATED}</i>" for g in guidelines]),
            (
                "Conflicts of interest",
                [opt(g.conflicts_of_interest) or f"<i>{NOT_STATED}</i>" for g in guidelines],
            ),
            ("Status and review", [status(g) for g in guidelines]),
            ("Notes", [opt(g.notes) for g in guidelines]),
        ]
        return rows

    # -- references and notes -------------------------------------------------------------------

    def references(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = [
            CondPageBreak(1.5 * inch),
            _heading("References", s.h1, "references", "References", 0),
        ]
        by_id: dict[str, GuidelineSpec | Reference] = {g.id: g for g in self.c.guidelines}
        by_id.update({r.id: r for r in self.spec.references})
        for number, cited in enumerate(self.c.citation_order, start=1):
            entry = by_id[cited]
            # The anchor that the numbered citations throughout the document link to.
            text = f'<a name="{_ref_key(number)}"/>{_esc(entry.citation)}'
            if entry.doi:
                text += " " + _link(_doi_url(entry.doi), f"doi:{entry.doi}")
            if entry.url:
                text += " " + _link(entry.url, entry.url)
            out.append(self.p(text, s.reference, bullet=f"[{number}]"))
        closing: list[Flowable] = []
        if self.spec.notes:
            title = "Notes on this comparison"
            closing.append(_heading(title, s.h1, "notes", title, 0))
            closing.append(self.p(_esc(self.spec.notes), s.meta))
        closing.append(self.p(f"<b>Disclaimer.</b> {_esc(self.spec.disclaimer)}", s.disclaimer))
        # The disclaimer closes the document beside the notes, not alone on a last page.
        out.append(KeepTogether(closing))
        return out


# ---------------------------------------------------------------------------------------------
# Page furniture and the build


def _fit(text: str, font: str, size: float, width: float) -> str:
    """`text` cut with an ellipsis to fit `width` (headers are one line)."""
    text = " ".join(text.split())
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class _Document(BaseDocTemplate):  # type: ignore[misc]  # ReportLab is untyped
    """Pages with a header and a 'Page X of Y' footer; headings become bookmarks and anchors."""

    def __init__(self, stream: BinaryIO, comparison: Comparison, **kwargs: Any) -> None:
        super().__init__(stream, **kwargs)
        self.comparison = comparison
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate(
                    id="page", frames=[frame], onPage=self.header, onPageEnd=self.defer_footer
                )
            ]
        )

    def header(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        spec = self.comparison.spec
        width, height = self.pagesize
        left, right = self.leftMargin, width - self.rightMargin
        canvas.saveState()
        canvas.setFillColor(MUTED)
        canvas.setFont(FONT, 7.5)
        top = height - 0.5 * inch
        right_text = "Guideline comparison"
        room = right - left - pdfmetrics.stringWidth(right_text, FONT, 7.5) - 24
        canvas.drawString(left, top, _fit(spec.short_title or spec.question, FONT, 7.5, room))
        canvas.drawRightString(right, top, right_text)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, top - 4, right, top - 4)
        canvas.line(left, 0.62 * inch, right, 0.62 * inch)
        canvas.restoreState()

    def defer_footer(self, canvas: _Canvas, doc: BaseDocTemplate) -> None:
        # Drawn last on the page, so text extraction reads it after the page's content.
        canvas.defer(partial(self.footer, doc.page))

    def footer(self, page: int, canvas: Canvas, resolved: _Resolved) -> None:
        spec = self.comparison.spec
        width = self.pagesize[0]
        footer = (
            f"Page {page} of {resolved.total_pages} · {spec.id} · "
            f"Information current as of {_long_date(spec.current_as_of)}"
        )
        room = width - self.leftMargin - self.rightMargin
        canvas.setFillColor(MUTED)
        canvas.setFont(FONT, 7.5)
        canvas.drawCentredString(width / 2, 0.45 * inch, _fit(footer, FONT, 7.5, room))

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802  # ReportLab's hook name
        entry = getattr(flowable, "outline_entry", None)
        if entry is None:
            return
        key, title, level = entry
        top = self.frame._y + flowable.height + flowable.getSpaceAfter() + 6
        self.canv.bookmarkPage(key, fit="XYZ", top=top)
        self.canv.addOutlineEntry(title, key, level=level, closed=False)
        self.canv.anchors[key] = self.page


def render_pdf(comparison: Comparison, stream: BinaryIO) -> None:
    """Write the committee PDF of `comparison` to `stream`, laid out in one pass.

    The specs should have passed guidecompare.pipeline.validate.missing_glyphs: a character the font
    lacks would otherwise be drawn as nothing.
    """
    _register_fonts()
    with _collector_paused():
        _render(comparison, stream)


def _render(comparison: Comparison, stream: BinaryIO) -> None:
    spec = comparison.spec
    layout = page_layout(comparison)
    doc = _Document(
        stream,
        comparison,
        pagesize=layout.pagesize,
        leftMargin=layout.margin,
        rightMargin=layout.margin,
        topMargin=layout.top,
        bottomMargin=layout.bottom,
        title=" ".join(spec.question.split()),
        author="; ".join(person.name for person in spec.prepared_by),
        subject=f"Guideline comparison: {' '.join((spec.short_title or spec.question).split())}",
        keywords=[
            *(result.topic.label for result in comparison.topics),
            *(g.label for g in comparison.guidelines),
        ],
        creator=f"guidecompare {guidecompare.__version__}",
        invariant=1,
        pageCompression=1,
        lang="en",
        displayDocTitle=1,
        initialFontName=FONT,
    )
    seed = f"guidecompare\n{spec.id}\n{spec.current_as_of.isoformat()}".encode()
    maker: Callable[..., Canvas] = partial(_Canvas, issued=spec.current_as_of, seed=seed)
    doc.build(_Writer(comparison, doc.width, doc.height).story(), canvasmaker=maker)
