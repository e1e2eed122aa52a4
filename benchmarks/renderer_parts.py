"""What each of the PDF renderer's own parts pays, measured with and without it.

The renderer replaces four things platypus already has: TextBlock (instead of Paragraph), the
line-break cache of `_Para`, the grid (instead of platypus Table) and the one-pass canvas
(instead of a second layout pass for "Page X of Y"). This script renders one comparison in
this process with each part swapped back for what platypus offers, interleaved, and prints
the median time of a render and the page count (the layout must not change what fits):

    python benchmarks/renderer_parts.py [SPEC_DIR] [--rounds 15]

docs/performance.md quotes its table. Nothing here is used by guidecompare itself.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import guidecompare.render.rlsettings  # noqa: F401  # first, as the renderer itself does

# isort: split
import pypdf
from reportlab.platypus import Paragraph, Table, TableStyle

from guidecompare.engine import Comparison, compare
from guidecompare.render import textblock
from guidecompare.render.pdf import render_pdf
from guidecompare.render.pdf.flowables import _Para
from guidecompare.render.pdf.grid import _Grid, _Piece
from guidecompare.spec.load import load

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def as_shipped() -> Iterator[None]:
    yield


@contextmanager
def paragraph_everywhere() -> Iterator[None]:
    """Every text set by platypus's Paragraph (with the line-break cache) instead of TextBlock."""
    saved = textblock._supported
    textblock._supported = lambda style: False
    try:
        yield
    finally:
        textblock._supported = saved


@contextmanager
def paragraph_without_cache() -> Iterator[None]:
    """Paragraph everywhere, without `_Para`'s cache of the latest line break."""
    saved = _Para.wrap
    _Para.wrap = Paragraph.wrap  # type: ignore[method-assign]
    try:
        with paragraph_everywhere():
            yield
    finally:
        _Para.wrap = saved  # type: ignore[method-assign]


@contextmanager
def platypus_table() -> Iterator[None]:
    """Every grid built as a platypus Table that splits inside rows (splitInRow)."""
    saved = _Grid.build

    def build(grid: _Grid) -> Any:
        top, bottom, left, right = grid.padding
        rows = [_Piece(i, tuple(row)) for i, row in enumerate(grid.rows)]
        table = Table(
            [list(row) for row in grid.rows],
            colWidths=grid.widths,
            repeatRows=grid.header_rows,
            splitInRow=1,
        )
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), top),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
                    ("LEFTPADDING", (0, 0), (-1, -1), left),
                    ("RIGHTPADDING", (0, 0), (-1, -1), right),
                    *grid.style_commands(rows),
                ]
            )
        )
        table.lead = lambda width, height: 0.25 * height
        return table

    _Grid.build = build  # type: ignore[method-assign, assignment]
    try:
        yield
    finally:
        _Grid.build = saved  # type: ignore[method-assign]


def _render(comparison: Comparison) -> bytes:
    stream = io.BytesIO()
    render_pdf(comparison, stream)
    return stream.getvalue()


@contextmanager
def two_passes() -> Iterator[None]:
    """As platypus's multiBuild would: the story laid out twice, the second with the page
    numbers the first found (here: the same render twice)."""
    yield


VARIANTS: dict[str, tuple[Callable[[], Any], int]] = {
    "as shipped": (as_shipped, 1),
    "Paragraph instead of TextBlock": (paragraph_everywhere, 1),
    "Paragraph, and no line-break cache": (paragraph_without_cache, 1),
    "platypus Table instead of the grid": (platypus_table, 1),
    "two layout passes instead of one": (two_passes, 2),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", nargs="?", type=Path, default=ROOT / "specs" / "ketamine-crps")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    [loaded] = load([args.spec])
    comparison = compare(loaded)
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    pages: dict[str, str] = {}
    for name, (variant, _) in VARIANTS.items():  # warm up, and check each one renders
        with variant():
            try:
                pdf = _render(comparison)
                pages[name] = str(len(pypdf.PdfReader(io.BytesIO(pdf)).pages))
            except Exception as error:  # a variant that cannot lay it out
                pages[name] = f"fails: {type(error).__name__}"
    for _ in range(args.rounds):
        for name, (variant, passes) in VARIANTS.items():
            if pages[name].startswith("fails"):
                continue
            with variant():
                start = time.perf_counter()
                for _ in range(passes):
                    _render(comparison)
                times[name].append(time.perf_counter() - start)
    base = statistics.median(times["as shipped"])
    print(f"{args.spec.name}, median of {args.rounds} renders in one process")
    print("| renderer | render | vs as shipped | pages |")
    print("| --- | --- | --- | --- |")
    for name in VARIANTS:
        if not times[name]:
            print(f"| {name} | — | — | {pages[name]} |")
            continue
        median = statistics.median(times[name])
        print(f"| {name} | {median * 1000:.0f} ms | {median / base:.2f}x | {pages[name]} |")


if __name__ == "__main__":
    main()
