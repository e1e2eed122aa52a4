"""The PDF canvas and page layout: fixed dates and /ID, deferred drawing, paper and columns.

The same Comparison always gives the same bytes: the dates come from `current_as_of`, never
from the clock or SOURCE_DATE_EPOCH; "Page X of Y" and "p. N" are drawn after one layout pass.
"""

from __future__ import annotations

import calendar
import gc
import hashlib
import math
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any, Final, Literal

# First: ReportLab's settings are pinned before any of ReportLab copies them (rlsettings.py).
import guidecompare.render.rlsettings  # noqa: F401

# isort: split
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from guidecompare.engine import Comparison

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
    top: float = 0.72 * inch
    bottom: float = 0.75 * inch

    @property
    def frame_width(self) -> float:
        return self.pagesize[0] - 2 * self.margin


def page_layout(comparison: Comparison) -> PageLayout:
    """Portrait when each guideline's topic column can be MIN_PORTRAIT_COLUMN wide; else landscape.

    2 to 4 guidelines fit portrait on both papers; 5 to 8 go landscape with narrower margins.
    """
    paper: tuple[float, float] = A4 if comparison.spec.paper == "a4" else letter
    margin = 0.55 * inch
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
