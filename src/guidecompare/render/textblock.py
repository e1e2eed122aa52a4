"""Light paragraphs for the PDF: the few tags render/pdf/ writes, laid out and drawn directly.

A platypus Paragraph parses its markup with an HTML parser, then breaks and draws its lines with
machinery for every feature ReportLab has; for a document of a thousand small paragraphs that was
most of the render time. A TextBlock sets the same text with the same metrics and rules as a
left-aligned Paragraph (greedy breaking, spaces that may shrink by 5 %, words too long for a line
cut between characters, widows and orphans as the style says) and draws it the same way.
`text_block` falls back to a Paragraph for markup or a style that a TextBlock does not know;
markup.py reads the tags.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import Any, Final, NamedTuple, overload

# First: ReportLab's settings are pinned before any of ReportLab copies them (rlsettings.py).
import guidecompare.render.rlsettings  # noqa: F401

# isort: split
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.geomutils import normalizeTRBL
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from guidecompare.render.markup import BREAK, Break, Piece, Run, read_markup

__all__ = ["TextBlock", "text_block", "text_width"]

# ReportLab's defaults (rl_config): a line may be 5 % of its spaces too long, its spaces
# shrinking to fit; a paragraph's first baseline is its font size below its top.
SPACE_SHRINKAGE: Final = 0.05
_FUZZ: Final = 1e-6

_ANCHOR: Final = re.compile(r'<a name="([^"<>&]+)"/>')  # only where a paragraph starts


@lru_cache(maxsize=1 << 16)
def text_width(text: str, font: str, size: float) -> float:
    width: float = getFont(font).stringWidth(text, size)
    return width


class _Word(NamedTuple):
    parts: tuple[Piece, ...]
    width: float
    # The space after the word: its run (the tag it stands in) and its width there.
    space_run: Run | None
    space: float


Item = _Word | Break


def _words(pieces: Sequence[Piece | Break]) -> list[Item]:
    """Words (their parts may differ in face, as in 'ref.[3]') and forced breaks."""
    words: list[Item] = []
    parts: list[Piece] = []
    width = 0.0
    for piece in pieces:
        if isinstance(piece, Break):
            if parts:
                words.append(_Word(tuple(parts), width, None, 0.0))
                parts, width = [], 0.0
            words.append(piece)
            continue
        run, text = piece
        font, size = run.font, run.size
        space = text_width(" ", font, size)
        chunks = text.split(" ")
        if parts and chunks[0]:  # a word that goes on from the run before
            parts.append((run, chunks[0]))
            width += text_width(chunks[0], font, size)
            chunks[0] = ""
        for index, chunk in enumerate(chunks):
            if index and parts:
                words.append(_Word(tuple(parts), width, run, space))
                parts, width = [], 0.0
            if chunk:
                if index == len(chunks) - 1:
                    parts, width = [(run, chunk)], text_width(chunk, font, size)
                else:
                    words.append(_Word(((run, chunk),), text_width(chunk, font, size), run, space))
    if parts:
        words.append(_Word(tuple(parts), width, None, 0.0))
    return words


class _Line(NamedTuple):
    words: tuple[_Word, ...]
    width: float  # of the words and the spaces between them
    room: float  # the width the line may take
    hard: bool = False  # ended by a forced break

    @property
    def size(self) -> float:
        return max((r.size for w in self.words for r, _ in w.parts), default=0.0)


def _cut(word: _Word, used: float, room: float, later: float) -> list[_Word]:
    """A word too long for any line, cut between characters as ReportLab cuts it.

    The first part fills what is left of the current line (`used` of `room`), possibly
    nothing; each further part fills a line of width `later`.
    """
    cuts: list[list[Piece]] = [[]]
    width = used
    limit = room
    for run, text in word.parts:
        chunk = ""
        for char in text:
            char_width = text_width(char, run.font, run.size)
            if width + char_width > limit and (chunk or cuts[-1] or char_width <= later):
                if chunk:
                    cuts[-1].append((run, chunk))
                cuts.append([])
                chunk = ""
                limit = later
                width = 0.0
            chunk += char
            width += char_width
        if chunk:
            cuts[-1].append((run, chunk))
    return [
        _Word(
            tuple(parts),
            sum(text_width(t, r.font, r.size) for r, t in parts),
            word.space_run,
            word.space,
        )
        for parts in cuts
    ]


def _break_lines(items: Sequence[Item], first: float, later: float) -> list[_Line]:
    """Greedy line breaking, as Paragraph.breakLines does for left-aligned text."""
    lines: list[_Line] = []
    current: list[_Word] = []
    width = 0.0
    room = first

    def end(hard: bool = False) -> None:
        nonlocal current, width, room
        lines.append(_Line(tuple(current), width, room, hard))
        current = []
        width = 0.0
        room = later

    queue = list(reversed(items))
    while queue:
        item = queue.pop()
        if isinstance(item, Break):
            end(hard=True)
            continue
        gap = current[-1].space if current else 0.0
        wider = width + gap + item.width
        limit = room + SPACE_SHRINKAGE * gap * len(current)
        if wider > limit and item.width > room:
            # Too long for any line: cut. The first part ends this line; the last part
            # starts a line that other words may share.
            cuts = _cut(item, wider - item.width, room, later)
            head = cuts[0]
            if head.parts:
                width = width + gap + head.width if current else head.width
                current.append(head)
            end()
            queue.extend(reversed(cuts[1:]))
        elif wider <= limit or not current:
            current.append(item)
            width = wider
        else:
            end()
            current.append(item)
            width = item.width
    if current:
        end()
    return lines


def _supported(style: ParagraphStyle) -> bool:
    """Whether a TextBlock sets text in `style` as a Paragraph would."""
    return bool(
        style.alignment == TA_LEFT
        and not style.firstLineIndent
        and not style.borderRadius
        and getattr(style, "autoLeading", "") in ("", "off")
        and not style.wordWrap
        and not style.textTransform
        and not style.endDots
        and not style.hyphenationLang
        and not style.embeddedHyphenation
        and not style.uriWasteReduce
        and style.splitLongWords
        and style.spaceShrinkage == SPACE_SHRINKAGE
        and style.bulletAnchor == "start"
        and not getattr(style, "bulletOffsetY", 0)
        and not getattr(style, "underline", False)
        and not getattr(style, "strike", False)
        and not style.linkUnderline
        and not style.shaping
    )


class TextBlock(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """A left-aligned paragraph of runs of text, broken into lines once per width.

    Splitting at a page end takes time in proportion to the lines that fit, not to the whole
    paragraph: the rest shares the lines it was broken into (a _LinesFrom), and lists its words
    only when asked to (to break them again at another width, or for its plain text). A
    paragraph split over many pages would otherwise be copied whole at every page, time
    quadratic in its length.
    """

    def __init__(
        self,
        items: list[Item] | None,
        style: ParagraphStyle,
        bullet: str | None = None,
        *,
        plain: str | None = None,
        anchor: str | None = None,
        lines: Sequence[_Line] | None = None,
        width: float | None = None,
    ) -> None:
        """`items` None: the words of `lines`, listed when first needed."""
        super().__init__()
        self._items = items
        self._source = lines if items is None else None  # where the words are, if not listed
        self.style = style
        self.bullet = bullet
        self.plain = plain
        self.anchor = anchor  # a destination named where the text starts
        self._lines = lines
        self._lines_width = width
        self.width = width or 0.0
        self.height = len(lines) * style.leading if lines is not None else 0.0

    @property
    def items(self) -> list[Item]:
        """The words and forced breaks of the text, as the lines are broken from."""
        if self._items is None:
            assert self._source is not None
            self._items = _items(self._source)
        return self._items

    def _empty(self) -> bool:
        if self._items is not None:
            return not self._items
        assert self._source is not None
        return not any(line.words or line.hard for line in self._source)

    def getSpaceBefore(self) -> float:  # noqa: N802  # ReportLab's name
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:  # noqa: N802  # ReportLab's name
        return float(self.style.spaceAfter)

    def getPlainText(self) -> str:  # noqa: N802  # ReportLab's name
        """The text without markup, as Paragraph.getPlainText gives it."""
        if self.plain is None:
            self.plain = " ".join(
                "".join(text for _, text in item.parts) if isinstance(item, _Word) else ""
                for item in self.items
            )
        return self.plain

    def _room(self, available_width: float) -> tuple[float, float]:
        style = self.style
        later = available_width - style.leftIndent - style.rightIndent
        first = later
        if self.bullet:
            size = style.bulletFontSize
            reach = (
                style.bulletIndent
                + text_width(self.bullet, style.bulletFontName, size)
                + 0.6 * size
            )
            if reach > style.leftIndent:
                first -= reach - style.leftIndent
        return first, later

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if available_width < _FUZZ:
            return 0, 0x7FFFFFFF
        if self._lines is None or self._lines_width != available_width:
            self._lines = _break_lines(self.items, *self._room(available_width))
            self._lines_width = available_width
        self.width = available_width
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if available_width < _FUZZ or available_height < _FUZZ or self._empty():
            return []
        self.wrap(available_width, available_height)
        lines = self._lines
        assert lines is not None
        style = self.style
        fitting = int(available_height / float(style.leading))
        if (not style.allowOrphans and fitting <= 1) or fitting == 0:
            return []
        count = len(lines)
        if count <= fitting:
            return [self]
        if not style.allowWidows and count == fitting + 1:
            if (style.allowOrphans and count == 3) or count > 3:
                fitting -= 1
            else:
                return []
        # The rest starts a paragraph without a bullet: its lines were all broken for the
        # width of a later line already, and keep the same words. Only what fits is copied.
        first = TextBlock(
            None,
            style,
            self.bullet,
            lines=lines[:fitting],
            width=available_width,
            anchor=self.anchor,  # links to it must still find it, wherever the text breaks
        )
        if hasattr(self, "outline_entry"):  # a heading's bookmark goes where it starts
            first.outline_entry = self.outline_entry
        rest = TextBlock(None, style, None, lines=_LinesFrom(lines, fitting), width=available_width)
        return [first, rest]

    def draw(self) -> None:
        self.draw_at(self.canv, 0.0, 0.0)

    def draw_at(self, canvas: Canvas, left: float, bottom: float) -> None:
        """Draw with the block's bottom left corner at (`left`, `bottom`) of the canvas.

        A grid draws its cells' blocks so, without the saved state and translation that
        drawOn puts around each flowable: every block sets the colours it draws with.
        """
        lines = self._lines
        if not lines:
            return
        style = self.style
        leading = style.leading
        # Where Paragraph puts the first baseline: the first line's largest size below the top.
        baseline = bottom + self.height - (lines[0].size or style.fontSize)
        if style.backColor or (style.borderColor and style.borderWidth):
            self._draw_box(canvas, left, bottom)
        offset = self._draw_bullet(canvas, left, baseline) if self.bullet else 0.0
        if self.anchor:
            # Where Paragraph puts an <a name> anchor: the top of the line the text starts on.
            x0 = left + style.leftIndent + offset
            canvas.bookmarkHorizontal(self.anchor, x0, baseline + leading)
        text = canvas.beginText(left + style.leftIndent, baseline)
        font: tuple[str, float] | None = None
        colour: colors.Color | None = None
        links: list[tuple[str, float, float, float, float]] = []
        for index, line in enumerate(lines):
            y = baseline - index * leading
            shift = offset if index == 0 else 0.0
            if shift:
                text.setXPos(shift)
            gaps = len(line.words) - 1
            extra = line.room - line.width
            # A line a little too long (spaces may shrink) is set with narrower spaces.
            spacing = extra / gaps if extra < -1e-8 and gaps > 0 else 0.0
            if spacing:
                text.setWordSpace(spacing)
            x = left + style.leftIndent + shift
            segments = _segments(line)
            last = len(segments) - 1
            link: list[Any] | None = None  # the link being drawn: target, x0, x1, low, high
            for number, (run, chunk) in enumerate(segments):
                if font != (run.font, run.size):
                    font = (run.font, run.size)
                    text.setFont(run.font, run.size, leading)
                if run.color is not colour and run.color != colour:
                    colour = run.color
                    text.setFillColor(run.color)
                if number == last:
                    text.textLine(chunk)
                else:
                    text.textOut(chunk)
                if run.link is None and link is None:
                    if number != last:
                        x += text_width(chunk, run.font, run.size)
                        if spacing:
                            x += spacing * chunk.count(" ")
                    continue
                start = x
                x += text_width(chunk, run.font, run.size)
                if spacing:
                    x += spacing * chunk.count(" ")
                if run.link is not None:
                    stripped = chunk.rstrip(" ")
                    end = start + text_width(stripped, run.font, run.size)
                    end += spacing * stripped.count(" ")
                    low, high = y - 0.2 * run.size, y + run.size
                    if link is not None and link[0] is run.link:
                        link[2:] = [end, min(link[3], low), max(link[4], high)]
                        continue
                    if link is not None:
                        links.append((link[0][1], *link[1:]))
                    link = [run.link, start, end, low, high]
                elif link is not None:
                    links.append((link[0][1], *link[1:]))
                    link = None
            if not segments:
                text.textLine("")
            if link is not None:
                links.append((link[0][1], *link[1:]))
            if spacing:
                text.setWordSpace(0)
            if shift:
                text.setXPos(-shift)
        canvas.drawText(text)
        for target, x0, x1, low, high in links:
            rect = (x0, low, x1, high)
            if target.startswith("#"):
                canvas.linkRect("", target[1:], rect, relative=1)
            else:
                canvas.linkURL(target, rect, relative=1, kind="URI")

    def _draw_box(self, canvas: Canvas, x: float, y: float) -> None:
        """The background and border around the text, as Paragraph draws them."""
        style = self.style
        stroke = bool(style.borderColor and style.borderWidth)
        canvas.saveState()
        if stroke:
            canvas.setStrokeColor(style.borderColor)
            canvas.setLineWidth(style.borderWidth)
        if style.backColor:
            canvas.setFillColor(style.backColor)
        top, right, bottom, left = normalizeTRBL(style.borderPadding)
        canvas.rect(
            x + style.leftIndent - left,
            y - bottom,
            self.width - (style.leftIndent + style.rightIndent) + left + right,
            self.height + top + bottom,
            fill=1 if style.backColor else 0,
            stroke=1 if stroke else 0,
        )
        canvas.restoreState()

    def _draw_bullet(self, canvas: Canvas, x: float, baseline: float) -> float:
        style = self.style
        bullet = self.bullet
        assert bullet is not None
        text = canvas.beginText(x + style.bulletIndent, baseline)
        text.setFont(style.bulletFontName, style.bulletFontSize)
        text.setFillColor(getattr(style, "bulletColor", style.textColor))
        text.textOut(bullet)
        canvas.drawText(text)
        reach = float(text.getX()) - x + style.bulletFontSize * 0.6
        return max(0.0, float(reach - style.leftIndent))


def _segments(line: _Line) -> list[Piece]:
    """The line as runs of text; each space between words in the run it stands in."""
    out: list[Piece] = []
    run: Run | None = None
    texts: list[str] = []
    space_run: Run | None = None
    for word in line.words:
        if space_run is not None:
            if space_run is not run:
                if texts:
                    out.append((run, "".join(texts)))  # type: ignore[arg-type]
                run, texts = space_run, []
            texts.append(" ")
        for part_run, text in word.parts:
            if part_run is not run:
                if texts:
                    out.append((run, "".join(texts)))  # type: ignore[arg-type]
                run, texts = part_run, []
            texts.append(text)
        space_run = word.space_run or word.parts[-1][0]
    if texts:
        out.append((run, "".join(texts)))  # type: ignore[arg-type]
    return out


def _items(lines: Sequence[_Line]) -> list[Item]:
    items: list[Item] = []
    for line in lines:
        items.extend(line.words)
        if line.hard:
            items.append(BREAK)
    return items


class _LinesFrom(Sequence[_Line]):
    """The lines of a paragraph from one of them on, without copying them: a split's rest."""

    __slots__ = ("_lines", "_start")

    def __init__(self, lines: Sequence[_Line], start: int) -> None:
        if isinstance(lines, _LinesFrom):  # the rest of a rest: one level, never a chain
            start += lines._start
            lines = lines._lines
        self._lines: Sequence[_Line] = lines
        self._start: int = start

    def __len__(self) -> int:
        return len(self._lines) - self._start

    @overload
    def __getitem__(self, index: int) -> _Line: ...

    @overload
    def __getitem__(self, index: slice) -> list[_Line]: ...

    def __getitem__(self, index: int | slice) -> _Line | list[_Line]:
        if isinstance(index, slice):
            return [self._lines[self._start + i] for i in range(*index.indices(len(self)))]
        if not -len(self) <= index < len(self):
            raise IndexError("line index out of range")
        return self._lines[self._start + index % len(self)]

    def __iter__(self) -> Iterator[_Line]:
        # By index: islice would step through the lines before the start to skip them.
        return map(self._lines.__getitem__, range(self._start, len(self._lines)))


def text_block(
    markup: str,
    style: ParagraphStyle,
    bullet: str | None = None,
    fallback: Callable[..., Flowable] = Paragraph,
) -> Flowable:
    """A TextBlock of `markup`, or `fallback(markup, style, bulletText=bullet)` where a
    TextBlock would not look the same."""
    # As Paragraph cleans its text: runs of white space become one space, none at the ends.
    text = " ".join(markup.split())
    anchor = _ANCHOR.match(text)
    text = text[anchor.end() :] if anchor else text
    pieces = read_markup(text, style) if _supported(style) else None
    # Paragraph sets a leading line break in a way of its own (no line for <br/> alone).
    if pieces is None or (pieces and isinstance(pieces[0], Break)):
        return fallback(markup, style, bulletText=bullet)
    plain = "".join(piece[1] for piece in pieces if not isinstance(piece, Break))
    name = anchor.group(1) if anchor else None
    return TextBlock(_words(pieces), style, bullet, plain=plain, anchor=name)
