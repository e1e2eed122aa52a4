"""The committee PDF: the comparison as a document for a P&T meeting packet.

Built with ReportLab platypus. The same Comparison always gives the same bytes: the PDF's dates
come from the comparison's `current_as_of`, never from the clock or SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from importlib.resources import as_file, files
from types import SimpleNamespace
from typing import Any, BinaryIO, Final, Literal
from urllib.parse import quote
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
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
    Table,
    TableStyle,
)

import guidecompare
from guidecompare.align import (
    Addressed,
    Cell,
    Comparison,
    TopicResult,
    grade_label,
    regimen_fields,
)
from guidecompare.currency import review_status
from guidecompare.models import (
    Direction,
    GuidelineSpec,
    Reference,
    Regimen,
    Statement,
    VerdictName,
)
from guidecompare.models import Paragraph as NarrativeParagraph
from guidecompare.renderers.tables import source_text

__all__ = ["COLOUR_PAIRS", "NOT_EXTRACTED_TEXT", "VERDICT_MARKS", "VerdictMark", "render_pdf"]

# ---------------------------------------------------------------------------------------------
# Palette. Every text colour reaches at least 4.5:1 against every background it is set on
# (WCAG AA); tests/test_pdf.py checks the pairs.

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
        "✓", "agree", colors.HexColor("#DDF0DA"), "same direction and the same facets"
    ),
    VerdictName.PARTIAL: VerdictMark(
        "≈",
        "partial",
        colors.HexColor("#FFF1C7"),
        "same direction; facets, grade or certainty differ",
    ),
    VerdictName.CONFLICT: VerdictMark(
        "✕", "conflict", colors.HexColor("#F9D6D2"), "one guideline is for, another against"
    ),
    VerdictName.GAP: VerdictMark(
        "○", "gap", colors.HexColor("#DCE4F5"), "a guideline is silent or not extracted"
    ),
    VerdictName.NOT_ADDRESSED: VerdictMark(
        "\u2013",  # an en dash: a hyphen would be too faint to see
        "not addressed",
        colors.HexColor("#E9E9E9"),
        "no guideline addresses the topic",
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
# Fonts: DejaVu Sans has the verdict symbols and covers the text of most European languages.

FONT: Final = "GuidecompareDejaVuSans"
FONT_BOLD: Final = f"{FONT}-Bold"
FONT_ITALIC: Final = f"{FONT}-Oblique"
FONT_BOLD_ITALIC: Final = f"{FONT}-BoldOblique"
_FONT_FILES: Final = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
_font_lock = threading.Lock()
_fonts_registered = False


def _register_fonts() -> None:
    """Register the DejaVu family once per process: parsing the fonts again would slow every render."""
    global _fonts_registered
    with _font_lock:
        if _fonts_registered:
            return
        folder = files("guidecompare") / "fonts"
        for name, filename in _FONT_FILES.items():
            # as_file: the package may live in a zip; TTFont reads the file whole on creation.
            # asciiReadable is fixed so an RL_ttfAsciiReadable setting cannot change the bytes.
            with as_file(folder / filename) as path:
                pdfmetrics.registerFont(TTFont(name, str(path), asciiReadable=1))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )
        _fonts_registered = True


# ---------------------------------------------------------------------------------------------
# Determinism


@contextmanager
def _without_source_date_epoch() -> Iterator[None]:
    """Hide SOURCE_DATE_EPOCH while ReportLab reads it: a malformed value would raise there."""
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


class _FixedDateCanvas(Canvas):  # type: ignore[misc]  # ReportLab is untyped
    """A canvas whose document is dated `issued` (midnight UTC) and whose /ID comes from `seed`.

    With `counting` set, nothing is written: the first pass only counts pages.
    """

    def __init__(
        self, *args: Any, issued: date, seed: bytes, counting: bool = False, **kwargs: Any
    ) -> None:
        with _without_source_date_epoch():
            super().__init__(*args, **kwargs)
        epoch = calendar.timegm(issued.timetuple())
        stamp = time.gmtime(epoch)
        self._doc._timeStamp = SimpleNamespace(
            t=epoch, lt=stamp, YMDhms=tuple(stamp)[:6], dhh=0, dmm=0, tzname="UTC"
        )
        # ReportLab seeded the /ID digest with its own timestamp; start again from the seed.
        self._doc.signature = hashlib.md5(seed, usedforsecurity=False)
        self._counting = counting
        self.showOutline()

    def save(self) -> None:
        if not self._counting:
            super().save()


# ---------------------------------------------------------------------------------------------
# Text helpers. Every string from a spec is data: it is escaped before it meets Paragraph markup.


def _esc(text: str) -> str:
    return escape(" ".join(text.split()))


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


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
    return f'<link href="{_attr(url)}" color="{LINK_HEX}">{_esc(shown)}</link>'


def _verdict_word(verdict: VerdictName) -> str:
    return VERDICT_MARKS[verdict].text


def _stance_word(cell: Cell) -> str:
    return cell.stance.replace("-", " ")


def _cites(comparison: Comparison, ids: Sequence[str]) -> str:
    return "[" + ", ".join(str(comparison.citation_number(i)) for i in ids) + "]"


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


def _styles() -> _Styles:
    base = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=9,
        leading=12.5,
        textColor=INK,
        spaceAfter=6,
        allowWidows=0,
        allowOrphans=0,
    )

    def derive(name: str, **kwargs: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kwargs)

    cell = derive("cell", fontSize=8, leading=10.4, spaceAfter=3)
    return _Styles(
        body=base,
        title=derive(
            "title", fontName=FONT_BOLD, fontSize=15, leading=19, textColor=ACCENT, spaceAfter=10
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
            leading=11.5,
            textColor=MUTED,
            spaceAfter=0,
        ),
        meta=derive("meta", fontSize=8.5, leading=11.5, spaceAfter=0),
        bullet=derive("bullet", leftIndent=12, bulletIndent=2, spaceAfter=5),
        cell=cell,
        cell_head=ParagraphStyle("cell_head", parent=cell, fontName=FONT_BOLD, spaceAfter=1),
        cell_small=ParagraphStyle(
            "cell_small", parent=cell, fontSize=7, leading=9, textColor=MUTED, spaceAfter=2
        ),
        cell_quote=ParagraphStyle("cell_quote", parent=cell, fontName=FONT_ITALIC, leftIndent=5),
        cell_item=ParagraphStyle(
            "cell_item", parent=cell, leftIndent=8, bulletIndent=0, spaceAfter=2
        ),
        cell_label=ParagraphStyle("cell_label", parent=cell, spaceAfter=1),
        th=ParagraphStyle("th", parent=cell, fontName=FONT_BOLD, spaceAfter=0),
        legend=derive("legend", fontSize=7, leading=9, textColor=MUTED, spaceAfter=0),
        legend_note=derive(
            "legend_note", fontSize=7, leading=9, textColor=MUTED, spaceBefore=5, spaceAfter=0
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
# Flowables with outline entries


class _Heading(Paragraph):  # type: ignore[misc]  # ReportLab is untyped
    """A heading that adds itself to the PDF outline (bookmarks) when drawn."""

    def __init__(self, markup: str, style: ParagraphStyle, key: str, title: str, level: int):
        super().__init__(markup, style)
        self.outline_entry = (key, title, level)


Content = list[Flowable]


def _fill(flowables: Sequence[Flowable], width: float, limit: float) -> list[Content]:
    """`flowables` dealt into chunks no taller than `limit`, splitting paragraphs where needed.

    Why: platypus tables split only between rows, and its split inside a row repeats the
    header in the middle of the table; a cell cut into short rows needs neither.
    """
    chunks: list[Content] = [[]]
    used = 0.0
    queue = list(flowables)
    while queue:
        flowable = queue.pop(0)
        _, height = flowable.wrap(width, limit)
        height += flowable.getSpaceBefore() + flowable.getSpaceAfter()
        if used + height <= limit:
            chunks[-1].append(flowable)
            used += height
            continue
        parts = flowable.split(width, limit - used) if limit - used > 12 else []
        if len(parts) >= 2:
            chunks[-1].append(parts[0])
            queue[0:0] = parts[1:]
        elif chunks[-1]:
            queue.insert(0, flowable)
        else:
            # Alone and still too tall, and it will not split: it goes in whole.
            chunks[-1].append(flowable)
        chunks.append([])
        used = 0.0
    return [chunk for chunk in chunks if chunk] or [[]]


def _height(flowables: Sequence[Flowable], width: float, height: float) -> float:
    """The height `flowables` take stacked in a frame of this size, spaces included."""
    total = 0.0
    for flowable in flowables:
        total += flowable.wrap(width, height)[1]
        total += flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


class _Grid:
    """A table built from logical rows, each cut into physical rows no taller than `limit`.

    Style commands address logical rows; LINEBELOW / LINEABOVE fall on a logical row's
    last / first physical row, so the cuts inside a cell stay invisible.
    """

    def __init__(
        self,
        widths: Sequence[float],
        limit: float,
        *,
        header_rows: int = 1,
        padding: tuple[float, float, float, float] = (4, 4, 5, 5),  # top, bottom, left, right
        rules: Literal["grid", "columns", "none"] = "grid",
    ) -> None:
        self.widths = list(widths)
        self.limit = limit
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

    def build(self) -> Table:
        top, bottom, left, right = self.padding
        physical: list[list[Content]] = []
        spans: list[tuple[int, int]] = []
        for index, cells in enumerate(self.rows):
            if index < self.header_rows:
                pieces = [cells]
            else:
                columns = [
                    _fill(cell, width - left - right, self.limit)
                    for cell, width in zip(cells, self.widths, strict=True)
                ]
                depth = max(len(column) for column in columns)
                pieces = [
                    [column[i] if i < len(column) else [] for column in columns]
                    for i in range(depth)
                ]
            spans.append((len(physical), len(physical) + len(pieces) - 1))
            physical.extend(pieces)

        def first(row: int) -> int:
            return spans[row % len(spans)][0]

        def last(row: int) -> int:
            return spans[row % len(spans)][1]

        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), top),
            ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
            ("LEFTPADDING", (0, 0), (-1, -1), left),
            ("RIGHTPADDING", (0, 0), (-1, -1), right),
        ]
        if self.rules != "none":
            commands += [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LINEAFTER", (0, 0), (-2, -1), 0.4, RULE),
                # close the box of a table cut at a page end
                ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 0.6, RULE),
            ]
        ruled = range(len(spans) - 1) if self.rules == "grid" else range(self.header_rows)
        if self.rules != "none":
            commands += [("LINEBELOW", (0, last(r)), (-1, last(r)), 0.4, RULE) for r in ruled]
        for name, (c0, r0), (c1, r1), *rest in self.commands:
            rows = range(r0 % len(spans), r1 % len(spans) + 1)
            if name == "LINEBELOW":
                commands += [(name, (c0, last(r)), (c1, last(r)), *rest) for r in rows]
            elif name == "LINEABOVE":
                commands += [(name, (c0, first(r)), (c1, first(r)), *rest) for r in rows]
            else:
                commands.append((name, (c0, first(r0)), (c1, last(r1)), *rest))
        for start, end in spans:
            if end > start:  # a cut cell reads on as one
                commands.append(("BOTTOMPADDING", (0, start), (-1, end - 1), 0))
                commands.append(("TOPPADDING", (0, start + 1), (-1, end), 0))
        table = Table(
            physical,
            colWidths=self.widths,
            repeatRows=self.header_rows,
            splitByRow=1,
            hAlign="LEFT",
        )
        table.setStyle(TableStyle(commands))
        return table


# ---------------------------------------------------------------------------------------------
# The document


class _Writer:
    """Builds the story (the flowables) of one comparison for a frame of the given width."""

    def __init__(self, comparison: Comparison, width: float, height: float) -> None:
        self.c = comparison
        self.spec = comparison.spec
        self.width = width
        # No table row is taller than this: a row always fits on a fresh page under its header.
        self.height = height
        self.row_limit = 0.45 * height
        self.s = _styles()
        self.facet_labels = {facet.id: facet.label for facet in self.spec.facets}

    def p(self, markup: str, style: ParagraphStyle | None = None, **kwargs: Any) -> Paragraph:
        return Paragraph(markup, style or self.s.body, **kwargs)

    def grid(self, widths: Sequence[float], **kwargs: Any) -> _Grid:
        return _Grid(widths, self.row_limit, **kwargs)

    def story(self) -> list[Flowable]:
        return [
            *self.at_a_glance(),
            *self.key_points(),
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
            f"<b>{_esc(g.label)}</b> [{self.c.citation_number(g.id)}]: {_esc(g.title)} ({g.year})"
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
            [1.7 * inch, self.width - 1.7 * inch], header_rows=0, padding=(2, 4, 0, 6), rules="none"
        )
        for label, value in rows:
            meta.add([[self.p(label, s.meta_label)], [self.p(value, s.meta)]])
        meta.style("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT)
        meta.style("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE)
        return [
            self.p("GUIDELINE COMPARISON FOR PHARMACY &amp; THERAPEUTICS REVIEW", s.kicker),
            self.p(_esc(spec.question), s.title),
            meta.build(),
            # The matrix starts on page 1 even when it cannot end there.
            *self.kept(
                [_Heading("At a glance", s.h1_flow, "at-a-glance", "At a glance", 0)],
                self.matrix(),
                [Spacer(1, 6), *self.legend()],
                keep=False,
            ),
        ]

    def matrix(self) -> Table:
        s = self.s
        n = len(self.c.guidelines)
        topic_w, verdict_w = 1.35 * inch, 1.1 * inch
        col_w = (self.width - topic_w - verdict_w) / n
        grid = self.grid([topic_w, *([col_w] * n), verdict_w])
        grid.add(
            [
                [self.p("Topic", s.th)],
                *([self.p(_esc(g.label), s.th)] for g in self.c.guidelines),
                [self.p("Verdict", s.th)],
            ]
        )
        grid.style("BACKGROUND", (0, 0), (-1, 0), HEADER_BG)
        for result in self.c.topics:
            mark = VERDICT_MARKS[result.verdict]
            verdict = [self.p(f"<b>{mark.text}</b>", s.cell)]
            if result.override:
                verdict.append(self.p("reviewer's judgement", s.cell_small))
            row = grid.add(
                [
                    [self.p(f"<b>{_esc(result.topic.label)}</b>", s.cell)],
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
        directional = [
            st for st in cell.statements if st.stance.direction is not Direction.DESCRIPTIVE
        ]
        grades = list(dict.fromkeys(grade_label(st) for st in directional))
        stated = [g for g in grades if g != "grade not stated"] or grades
        if stated:
            out.append(self.p(_esc(" / ".join(stated)), s.cell_small))
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
            "<b>Stances:</b> <i>for</i>, <i>against</i> and <i>neutral</i> are the direction of a "
            "recommendation or finding; <i>descriptive</i> statements report without a direction. "
            "<i>silent</i>: checked, and the guideline says nothing on the topic. "
            "<i>not extracted</i>: no statement has been extracted yet; this is not the same as "
            "silent. Grades are the guideline's own.",
            s.legend_note,
        )
        return [grid.build(), stances]

    def key_points(self) -> list[Flowable]:
        s = self.s
        title = "Key agreements, differences and gaps"
        out: list[Flowable] = [
            CondPageBreak(1.2 * inch),
            _Heading(title, s.h1, "key-points", title, 0),
        ]
        for result in self.c.topics:
            mark = VERDICT_MARKS[result.verdict]
            reviewer = " (reviewer's judgement)" if result.override else ""
            out.append(
                self.p(
                    f"<b>{_esc(result.topic.label)}: {mark.text}</b>{reviewer}. "
                    f"{_esc(result.rationale)}",
                    s.bullet,
                    bulletText="•",
                )
            )
        return out

    # -- topic by topic -------------------------------------------------------------------------

    def topic_by_topic(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = []
        for index, result in enumerate(self.c.topics):
            title = result.topic.label
            heads: list[Flowable] = []
            if index == 0:
                heads.append(_Heading("Topic by topic", s.h1_flow, "topics", "Topic by topic", 0))
            heads.append(_Heading(_esc(title), s.h2, f"topic-{index}", title, 1))
            if result.topic.description:
                heads.append(self.p(_esc(result.topic.description), s.cell_small))
            out.extend(self.kept(heads, self.topic_table(result), self.verdict(result)))
        return out

    def kept(
        self, heads: list[Flowable], table: Table, tail: list[Flowable], *, keep: bool = True
    ) -> list[Flowable]:
        """Headings, a table and what follows it, laid out so that no heading ends a page.

        With `keep`, a block up to 60% of a page is kept on one page. Otherwise it starts
        wherever its headings, the table header and its first row fit, and splits between rows.
        """
        block = [*heads, table, *tail]
        if keep and _height(block, self.width, self.height) <= 0.6 * self.height:
            return [KeepTogether(block)]
        table.wrap(self.width, self.height)
        lead = _height(heads, self.width, self.height) + sum(table._rowHeights[:2])
        return [CondPageBreak(lead + 6), *block]

    def topic_table(self, result: TopicResult) -> Table:
        """One column per guideline; row i holds each guideline's i-th statement."""
        s = self.s
        n = len(result.cells)
        grid = self.grid([self.width / n] * n, padding=(5, 4, 5, 5), rules="columns")
        grid.add(
            [
                [
                    self.p(
                        f"{_esc(c.guideline.label)} [{self.c.citation_number(c.guideline.id)}]",
                        s.th,
                    )
                ]
                for c in result.cells
            ]
        )
        grid.style("BACKGROUND", (0, 0), (-1, 0), HEADER_BG)
        depth = max(1, *(len(c.statements) for c in result.cells))
        body: list[list[Content]] = [[[] for _ in result.cells] for _ in range(depth)]
        for col, cell in enumerate(result.cells):
            if cell.addressed is not Addressed.YES:
                body[0][col] = self.absent(cell)
                grid.style("BACKGROUND", (col, 1), (col, -1), ABSENT_BG)
                continue
            for row, statement in enumerate(cell.statements):
                body[row][col] = self.statement(statement)
                if row + 1 < len(cell.statements):
                    # A dotted rule between the statements of one guideline.
                    grid.style("LINEBELOW", (col, row + 1), (col, row + 1), 0.4, RULE, None, (1, 2))
        for cells in body:
            grid.add(cells)
        return grid.build()

    def absent(self, cell: Cell) -> list[Flowable]:
        s = self.s
        if cell.addressed is Addressed.SILENT and cell.silence is not None:
            out = [self.p(f"<i>Silent (verified {_long_date(cell.silence.checked)})</i>", s.cell)]
            if cell.silence.note:
                out.append(self.p(_esc(cell.silence.note), s.cell_small))
            return out
        return [self.p(f"<i>{NOT_EXTRACTED_TEXT}</i>", s.cell)]

    def statement(self, statement: Statement) -> list[Flowable]:
        s, c = self.s, self.c
        direction = statement.stance.direction.value.capitalize()
        head = f"{direction}"
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
            grade = grade_label(statement)
            out.append(self.p(_esc(grade[0].upper() + grade[1:]), s.cell_small))
        out.append(self.p(_esc(statement.text), s.cell))
        if statement.quote:
            out.append(self.p(f"“{_esc(statement.quote)}”", s.cell_quote))
        if statement.regimens:
            out.append(self.p("<b>Regimens</b>", s.cell_label))
            out.extend(
                self.p(self.regimen(regimen), s.cell_item, bulletText="•")
                for regimen in statement.regimens
            )
        for facet_id, values in statement.facets.items():
            label = self.facet_labels.get(facet_id, facet_id)
            out.append(self.p(f"<b>{_esc(label)}:</b> {_esc(', '.join(values))}", s.cell))
        if statement.evidence:
            cited = "; ".join(
                f"{_esc(c.short_name(e))} [{c.citation_number(e)}]" for e in statement.evidence
            )
            out.append(self.p(f"<b>Evidence:</b> {cited}", s.cell))
        if statement.note:
            out.append(self.p(f"Note: {_esc(statement.note)}", s.cell_small))
        out.append(self.p(f"Source: {_esc(source_text(c, statement.source))}", s.cell_small))
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
            name = _esc(self.c.short_name(regimen.study))
            text = f"<b>{name}</b> [{self.c.citation_number(regimen.study)}]: {text}"
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
                out.append(_Heading(title, self.s.h1, key, title, 0))
                out.extend(self.narrative_paragraph(p) for p in paragraphs)
        return out

    def narrative_paragraph(self, paragraph: NarrativeParagraph) -> Paragraph:
        cites = f" {_cites(self.c, paragraph.cites)}" if paragraph.cites else ""
        return self.p(_esc(paragraph.text) + cites)

    # -- the guidelines -------------------------------------------------------------------------

    def profiles(self) -> list[Flowable]:
        """One column per guideline, one row per attribute: profiles read side by side."""
        s = self.s
        title = "The guidelines"
        label_w = 1.2 * inch
        col_w = (self.width - label_w) / len(self.c.guidelines)
        header = [
            self.p("", s.th),
            *(
                self.p(f"{_esc(g.label)} [{self.c.citation_number(g.id)}]", s.th)
                for g in self.c.guidelines
            ),
        ]
        grid = self.grid([label_w, *([col_w] * len(self.c.guidelines))], padding=(4, 2, 5, 5))
        grid.add([[cell] for cell in header])
        grid.style("BACKGROUND", (0, 0), (-1, 0), HEADER_BG)
        for label, values in self.profile_rows():
            if all(value is None for value in values):
                continue
            grid.add(
                [
                    [self.p(label, s.cell_head)],
                    *([self.p(value or f"<i>{NOT_STATED}</i>", s.cell)] for value in values),
                ]
            )
        table = grid.build()
        return self.kept([_Heading(title, s.h1_flow, "guidelines", title, 0)], table, [])

    def profile_rows(self) -> list[tuple[str, list[str | None]]]:
        """Attribute label → each guideline's value as markup; None where the spec is silent.

        A row whose values are all None is left out, except funding and conflicts of interest:
        a committee expects those, so they say "not stated".
        """
        small = f'<br/><font size="7" color="{MUTED_HEX}">{{}}</font>'

        def grading(g: GuidelineSpec) -> str | None:
            if g.grading_system is None:
                return None
            text = _esc(g.grading_system.name)
            if g.grading_system.note:
                text += small.format(_esc(g.grading_system.note))
            return text

        def status(g: GuidelineSpec) -> str:
            # As of the comparison's own date, never today's, so the PDF stays deterministic.
            text = _esc(review_status(g, self.c.spec.current_as_of))
            return text + (small.format(_esc(g.review_note)) if g.review_note else "")

        def opt(value: str | None) -> str | None:
            return _esc(value) if value else None

        guidelines = self.c.guidelines
        rows: list[tuple[str, list[str | None]]] = [
            ("Title", [_esc(g.title) for g in guidelines]),
            ("Issued by", ["<br/>".join(_esc(o) for o in g.organisations) for g in guidelines]),
            ("Year", [str(g.year) for g in guidelines]),
            ("Published", [_long_date(g.published) if g.published else None for g in guidelines]),
            ("Citation", [_esc(g.citation) for g in guidelines]),
            (
                "DOI",
                [_link(_doi_url(g.doi), _doi_url(g.doi)) if g.doi else None for g in guidelines],
            ),
            ("Web page", [_link(g.url, g.url) if g.url else None for g in guidelines]),
            ("Methodology", [opt(g.methodology) for g in guidelines]),
            ("Grading system", [grading(g) for g in guidelines]),
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
            _Heading("References", s.h1, "references", "References", 0),
        ]
        by_id: dict[str, GuidelineSpec | Reference] = {g.id: g for g in self.c.guidelines}
        by_id.update({r.id: r for r in self.spec.references})
        for number, cited in enumerate(self.c.citation_order, start=1):
            entry = by_id[cited]
            text = _esc(entry.citation)
            if entry.doi:
                text += " " + _link(_doi_url(entry.doi), f"doi:{entry.doi}")
            if entry.url:
                text += " " + _link(entry.url, entry.url)
            out.append(self.p(text, s.reference, bulletText=f"[{number}]"))
        closing: list[Flowable] = []
        if self.spec.notes:
            title = "Notes on this comparison"
            closing.append(_Heading(title, s.h1, "notes", title, 0))
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
    """Letter pages with a header and a 'Page X of Y' footer; headings become bookmarks."""

    def __init__(
        self, stream: BinaryIO, comparison: Comparison, total_pages: int | None, **kwargs: Any
    ) -> None:
        super().__init__(stream, **kwargs)
        self.comparison = comparison
        self.total_pages = total_pages
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
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self.furniture)])

    def furniture(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
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
        total = self.total_pages if self.total_pages is not None else doc.page
        footer = (
            f"Page {doc.page} of {total} · {spec.id} · "
            f"Information current as of {_long_date(spec.current_as_of)}"
        )
        canvas.drawCentredString(width / 2, 0.45 * inch, _fit(footer, FONT, 7.5, right - left))
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802  # ReportLab's hook name
        entry = getattr(flowable, "outline_entry", None)
        if entry is None:
            return
        key, title, level = entry
        top = self.frame._y + flowable.height + flowable.getSpaceAfter() + 6
        self.canv.bookmarkPage(key, fit="XYZ", top=top)
        self.canv.addOutlineEntry(title, key, level=level, closed=False)


def _build(comparison: Comparison, stream: BinaryIO, total_pages: int | None) -> int:
    """Lay out and (unless only counting pages) write the document; return its page count."""
    spec = comparison.spec
    wide = len(comparison.guidelines) > 4
    pagesize = landscape(letter) if wide else letter
    margin = 0.75 * inch
    doc = _Document(
        stream,
        comparison,
        total_pages,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=0.85 * inch,
        bottomMargin=0.85 * inch,
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
    maker: Callable[..., Canvas] = partial(
        _FixedDateCanvas, issued=spec.current_as_of, seed=seed, counting=total_pages is None
    )
    doc.build(_Writer(comparison, doc.width, doc.height).story(), canvasmaker=maker)
    pages: int = doc.page
    return pages


def render_pdf(comparison: Comparison, stream: BinaryIO) -> None:
    """Write the committee PDF of `comparison` to `stream`.

    Two passes: the first lays the document out to count its pages, for 'Page X of Y'.
    """
    _register_fonts()
    total = _build(comparison, io.BytesIO(), None)
    _build(comparison, stream, total)
