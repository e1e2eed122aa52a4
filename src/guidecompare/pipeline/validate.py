"""Validate one comparison as `build` needs it: its specs, and every character against the PDF's font.

Both `build` and `check` validate through here, so they can never accept different specs.
"""

from __future__ import annotations

from pathlib import Path

from guidecompare.errors import Problem
from guidecompare.render.glyphs import missing_glyphs
from guidecompare.spec.load import LoadedComparison, load_comparison


def load_for_pdf(directory: Path, problems: list[Problem]) -> LoadedComparison | None:
    """Load one comparison and check every character against the PDF's font, as build does.

    Problems (the glyph check's included) are appended to `problems`. The comparison is
    returned even when a character cannot be shown, so that its id is known; None only when
    it could not be loaded.
    """
    item = load_comparison(directory, problems)
    if item is not None:
        problems.extend(missing_glyphs(item))
    return item
