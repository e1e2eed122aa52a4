"""Validate one comparison as `build` needs it: its specs, and every character against the PDF's font.

Both `build` and `check` validate through here, so they can never accept different specs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from guidecompare.errors import Problem
from guidecompare.render.glyphs import font_cmap, glyph_problem, refused_despite_glyph
from guidecompare.spec.load import load_comparison
from guidecompare.spec.loaded import LoadedComparison
from guidecompare.spec.source import Keys


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


# A character outside printable ASCII and the allowed controls: only these need the font.
_SUSPECT: Final = re.compile(r"[^\x20-\x7e\n\r\t]")


def _strings(value: Any, keys: Keys) -> Iterator[tuple[Keys, str]]:
    """Every string value under `value` with its key path, in document order."""
    if isinstance(value, str):
        yield keys, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*keys, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*keys, index))


def missing_glyphs(loaded: LoadedComparison) -> list[Problem]:
    """A problem for each character of each spec string that the PDF cannot show.

    Each distinct character is reported once per string, at the position of that string's
    value in its file. Every string is checked, including those the PDF does not print today:
    a spec that builds must stay printable whatever the PDF comes to show.
    """
    problems: list[Problem] = []
    for source in loaded.sources:
        if source.plain_ascii:
            continue
        for keys, text in _strings(source.value, ()):
            # Printable ASCII, line breaks and tabs are always shown: most strings hold nothing
            # else, and skipping them spares reading the font at all.
            if not _SUSPECT.search(text):
                continue
            cmap = font_cmap("regular")
            unknown = [
                c for c in dict.fromkeys(text) if ord(c) not in cmap or refused_despite_glyph(c)
            ]
            for char in unknown:
                found = glyph_problem(char)
                if found is not None:
                    rule, message = found
                    problems.append(source.problem(keys, message, rule))
    return problems
