"""Can the PDF show every character of the specs? Checked before rendering, with file:line:col.

Also refused here, though the font draws them: control characters, bidirectional controls and
characters outside the Basic Multilingual Plane.

ReportLab draws a character its font lacks as nothing (or an empty box), silently. The PDF embeds
DejaVu Sans; this module knows which characters the family can show and finds every other one
in the parsed spec files, so that `build` and `check` can fail with a message a person can act on.
"""

from __future__ import annotations

import threading
import unicodedata
from contextlib import ExitStack
from functools import cache
from importlib.resources import as_file, files
from typing import Final, Literal

__all__ = [
    "FONT_FAMILY",
    "FONT_FILES",
    "FONT_NAMES",
    "Face",
    "covers",
    "font_cmap",
    "glyph_problem",
    "register_fonts",
]

FONT_FAMILY: Final = "DejaVu Sans"
Face = Literal["regular", "bold", "italic"]
# The files shipped in guidecompare/fonts/, under the DejaVu licence (LICENSE-DejaVu.txt).
FONT_FILES: Final[dict[Face, str]] = {
    "regular": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "italic": "DejaVuSans-Oblique.ttf",
}
# Line breaks (LF, and CR as in text pasted with Windows line ends) and tabs in spec text are
# layout, folded into spaces by the renderer.
ALLOWED_CONTROLS: Final = frozenset("\n\r\t")
# Bidirectional formatting characters (embeddings, overrides, isolates, marks): invisible, yet a
# bidi-aware viewer of the CSV reorders the text around them, so that a cell can show words in
# another order than the spec has them ("not recommended" where the text says otherwise).
BIDI_CONTROLS: Final = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # LRE, RLE, PDF, LRO, RLO
    "\u2066\u2067\u2068\u2069"  # LRI, RLI, FSI, PDI
    "\u200e\u200f\u061c"  # LRM, RLM, ALM
)
# ReportLab's ToUnicode CMap (ttfonts.makeToUnicodeCMap) writes each code point as "<%04X>", not
# as UTF-16: above U+FFFF (emoji, mathematical alphanumerics) the entry is invalid, and the text
# is drawn but copies out of the PDF wrong.
_LAST_BMP: Final = 0xFFFF


# The names the faces are registered under with ReportLab.
FONT_NAMES: Final[dict[Face, str]] = {
    "regular": "GuidecompareDejaVuSans",
    "bold": "GuidecompareDejaVuSans-Bold",
    "italic": "GuidecompareDejaVuSans-Oblique",
}
_font_lock = threading.Lock()
_fonts_registered = False


def register_fonts() -> None:
    """Register the DejaVu family with ReportLab once per process.

    Parsing a face takes tens of milliseconds: the glyph check and the renderer share the
    parsed fonts rather than reading each file twice, and fontcache.py keeps them between runs.
    """
    import guidecompare.render.rlsettings  # noqa: F401  # before ReportLab: pins its settings

    # isort: split
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics  # imported on first use: `check` may not need it

    from guidecompare.render.fontcache import load_fonts

    global _fonts_registered
    with _font_lock:
        if _fonts_registered:
            return
        folder = files("guidecompare.render") / "fonts"
        with ExitStack() as stack:
            # as_file: the package may live in a zip; fonts are read whole on creation.
            paths = [stack.enter_context(as_file(folder / FONT_FILES[face])) for face in FONT_NAMES]
            for font in load_fonts(list(zip(FONT_NAMES.values(), paths, strict=True))):
                pdfmetrics.registerFont(font)
        # Three faces: the document never sets text bold and italic at once, so no fourth face
        # is parsed (a quarter of the fonts' start-up). Bold italic, were it ever asked for, is
        # set bold: mapped first, so that the bold face still reads back as bold alone.
        family = FONT_NAMES["regular"]
        addMapping(family, 1, 1, FONT_NAMES["bold"])
        faces: dict[tuple[int, int], Face] = {(0, 0): "regular", (1, 0): "bold", (0, 1): "italic"}
        for (bold, italic), face in faces.items():
            addMapping(family, bold, italic, FONT_NAMES[face])
        _fonts_registered = True


@cache
def font_cmap(face: Face = "regular") -> frozenset[int]:
    """The code points `face` has a glyph for."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    return frozenset(pdfmetrics.getFont(FONT_NAMES[face]).face.charToGlyph)


def covers(face: Face, text: str) -> bool:
    """True when `face` can show every character of `text` (line breaks and tabs aside)."""
    cmap = font_cmap(face)
    return all(ord(char) in cmap for char in set(text) - ALLOWED_CONTROLS)


def _is_control(char: str) -> bool:
    # C0 (U+0000-U+001F), DEL and C1 (U+0080-U+009F): category Cc.
    return unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS


def refused_despite_glyph(char: str) -> bool:
    """True for a character refused whether or not the font draws it."""
    return _is_control(char) or char in BIDI_CONTROLS or ord(char) > _LAST_BMP


def glyph_problem(char: str) -> tuple[str, str] | None:
    """(rule, message) when the PDF cannot show `char`; None when it can.

    Only the regular face is consulted: the renderer sets spec text in bold or italic only when
    that face has every character of the text, and in the regular face otherwise.
    """
    code = f"U+{ord(char):04X}"
    if _is_control(char):
        return (
            "control-character",
            f"control character {code} cannot be shown in the PDF: remove it",
        )
    if char in BIDI_CONTROLS:
        name = unicodedata.name(char)
        return (
            "bidi-control",
            f"bidirectional control character {code} ({name}) is not allowed: it silently "
            "reorders the text around it in CSV viewers; remove it",
        )
    if ord(char) > _LAST_BMP:
        return (
            "non-bmp-character",
            f"character '{char}' ({code}) lies outside Unicode's Basic Multilingual Plane, "
            "which the PDF cannot carry as text (copied text would be wrong): replace it, "
            "e.g. an emoji with words",
        )
    if char in ALLOWED_CONTROLS or ord(char) in font_cmap("regular"):
        return None
    # An invisible or unassigned character is named by its code point (and name, if it has one).
    if char.isprintable():
        shown = f"'{char}' ({code})"
    else:
        name = unicodedata.name(char, "")
        shown = f"{code} ({name})" if name else code
    return (
        "missing-glyph",
        f"character {shown} cannot be shown in the PDF: the embedded font {FONT_FAMILY} has no "
        "glyph for it; replace it or transliterate",
    )
