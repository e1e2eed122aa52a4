"""The grid engine: tables whose rows split at a page end inside a row, under repeated headers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

# First: ReportLab's settings are pinned before any of ReportLab copies them (rlsettings.py).
import guidecompare.render.rlsettings  # noqa: F401

# isort: split
from reportlab.platypus import Flowable

from guidecompare.render.pdf.flowables import Content
from guidecompare.render.pdf.theme import RULE
from guidecompare.render.textblock import TextBlock

# Points: about two lines of cell text, the least either part of a cut row may hold.
_MIN_PART = 20.0


def _height(flowables: Sequence[Flowable], width: float) -> float:
    """The height of a cell's flowables set at `width`."""
    return float(
        sum(f.wrap(width, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)
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
        inner = [width - left - right for width in self.widths]

        def tallest(parts: Sequence[Content]) -> float:
            return max(_height(part, width) for part, width in zip(parts, inner, strict=True))

        # Two points to spare: the table and this count may round differently.
        room -= top + bottom + 2
        while True:
            if room < _MIN_PART:  # not even two lines: the row starts on the next page
                return None
            cut = [
                _cut_cell(cell, width, room) for cell, width in zip(piece.cells, inner, strict=True)
            ]
            heads, tails = [head for head, _ in cut], [tail for _, tail in cut]
            carried = tallest(tails)
            if not 0 < carried < _MIN_PART:
                break
            # Only a line or so would go over (the last word of a source line, alone on the
            # next page): cut higher, so the row's end carries at least two lines.
            room -= _MIN_PART - carried
        if not any(heads) or not any(tails):
            return None
        if tallest(heads) < _MIN_PART:  # a line alone at the foot of the page: start after it
            return None
        if piece.cells[0] and not heads[0]:
            # The row's first cell (its label or its text) would leave this page empty while a
            # neighbour, such as a page reference, stayed: start the row on the next page.
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
