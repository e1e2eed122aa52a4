"""The glyph check: every character of the specs can be shown by the PDF's embedded font.

The specs here are synthetic test data, not clinical advice.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from guidecompare.errors import Location, Problem
from guidecompare.pipeline.validate import missing_glyphs
from guidecompare.render.glyphs import covers, font_cmap, glyph_problem
from guidecompare.spec.load import load
from guidecompare.spec.loaded import LoadedComparison

from .conftest import REAL_SPEC, minimal_comparison, minimal_guideline, write_spec

ROOT = Path(__file__).resolve().parent.parent
SIX = ROOT / "tests" / "cases" / "pdf" / "six-guidelines"

MISSING = (
    "cannot be shown in the PDF: the embedded font DejaVu Sans has no glyph for it; "
    "replace it or transliterate"
)


OUTSIDE_BMP = (
    "lies outside Unicode's Basic Multilingual Plane, which the PDF cannot carry as text "
    "(copied text would be wrong): replace it, e.g. an emoji with words"
)
BIDI = "is not allowed: it silently reorders the text around it in CSV viewers; remove it"


def _loaded(directory: Path) -> LoadedComparison:
    [loaded] = load([directory])
    return loaded


@pytest.mark.parametrize(
    ("char", "expected"),
    [
        ("a", None),
        ("é", None),
        ("ß", None),
        ("\u03b1", None),  # Greek alpha
        ("Ж", None),  # Cyrillic
        ("ש", None),  # Hebrew
        ("م", None),  # Arabic
        ("≈", None),
        ("\n", None),
        ("\t", None),
        ("中", ("missing-glyph", f"character '中' (U+4E2D) {MISSING}")),
        # DejaVu draws a few emoji, but the PDF's ToUnicode map cannot carry them.
        ("😀", ("non-bmp-character", f"character '😀' (U+1F600) {OUTSIDE_BMP}")),
        ("🚀", ("non-bmp-character", f"character '🚀' (U+1F680) {OUTSIDE_BMP}")),
        ("\U0001d400", ("non-bmp-character", f"character '\U0001d400' (U+1D400) {OUTSIDE_BMP}")),
        ("\uffff", ("missing-glyph", f"character U+FFFF {MISSING}")),  # the last of the BMP
        # Bidirectional controls, although the font has a (blank) glyph for some of them.
        *(
            (char, ("bidi-control", f"bidirectional control character {code} ({name}) {BIDI}"))
            for char, code, name in [
                ("\u202a", "U+202A", "LEFT-TO-RIGHT EMBEDDING"),
                ("\u202b", "U+202B", "RIGHT-TO-LEFT EMBEDDING"),
                ("\u202c", "U+202C", "POP DIRECTIONAL FORMATTING"),
                ("\u202d", "U+202D", "LEFT-TO-RIGHT OVERRIDE"),
                ("\u202e", "U+202E", "RIGHT-TO-LEFT OVERRIDE"),
                ("\u2066", "U+2066", "LEFT-TO-RIGHT ISOLATE"),
                ("\u2067", "U+2067", "RIGHT-TO-LEFT ISOLATE"),
                ("\u2068", "U+2068", "FIRST STRONG ISOLATE"),
                ("\u2069", "U+2069", "POP DIRECTIONAL ISOLATE"),
                ("\u200e", "U+200E", "LEFT-TO-RIGHT MARK"),
                ("\u200f", "U+200F", "RIGHT-TO-LEFT MARK"),
                ("\u061c", "U+061C", "ARABIC LETTER MARK"),
            ]
        ),
        ("한", ("missing-glyph", f"character '한' (U+D55C) {MISSING}")),
        ("\ue000", ("missing-glyph", f"character U+E000 {MISSING}")),  # private use: invisible
        (
            "\u0007",
            ("control-character", "control character U+0007 cannot be shown in the PDF: remove it"),
        ),
        ("\r", None),  # a line break pasted from Windows text: folded like LF
        (
            "\x7f",
            ("control-character", "control character U+007F cannot be shown in the PDF: remove it"),
        ),
        (
            "\x85",
            ("control-character", "control character U+0085 cannot be shown in the PDF: remove it"),
        ),
    ],
)
def test_each_character_is_judged(char: str, expected: tuple[str, str] | None) -> None:
    assert glyph_problem(char) == expected


def _spec_with_text(tmp_path: Path, text: str) -> Path:
    statement = {
        "topic": "efficacy",
        "stance": {"direction": "for"},
        "text": text,
        "source": {"document": "alpha-2020", "section": "1"},
    }
    return write_spec(
        tmp_path / "specs" / "synthetic",
        minimal_comparison(),
        [minimal_guideline("alpha-2020", [statement]), minimal_guideline("beta-2021")],
    )


def test_a_missing_glyph_is_reported_at_its_file_line_and_key(tmp_path: Path) -> None:
    directory = _spec_with_text(tmp_path, "Drug X 中文 works 中.")
    problems = missing_glyphs(_loaded(directory))
    path = directory / "alpha-2020.yaml"
    line, column = next(
        (number, len(text) - len(text.lstrip()) + 1)
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if text.lstrip().startswith("text:")
    )
    # One problem per distinct character per string, at the string's key.
    assert problems == [
        Problem(
            Location(path, line, column),
            ("statements", 0, "text"),
            f"character '中' (U+4E2D) {MISSING}",
            "missing-glyph",
        ),
        Problem(
            Location(path, line, column),
            ("statements", 0, "text"),
            f"character '文' (U+6587) {MISSING}",
            "missing-glyph",
        ),
    ]
    assert str(problems[0]) == (
        f"{path.as_posix()}:{line}:{column}: statements[0].text: character '中' (U+4E2D) {MISSING}"
    )


def test_control_characters_are_reported_and_line_breaks_are_not(tmp_path: Path) -> None:
    directory = _spec_with_text(tmp_path, "Drug X\tworks\nwell\u0007.")
    problems = missing_glyphs(_loaded(directory))
    assert [(p.keys, p.rule, p.message) for p in problems] == [
        (
            ("statements", 0, "text"),
            "control-character",
            "control character U+0007 cannot be shown in the PDF: remove it",
        )
    ]


def test_every_string_in_every_file_is_walked(tmp_path: Path) -> None:
    """Lists, nested mappings and the comparison file too, each with its own key path."""
    comparison = minimal_comparison(
        prepared_by=[{"name": "Test Author", "role": "Rôle ☃ 中"}],
        topics=[
            {"id": "efficacy", "label": "Efficacy", "aliases": ["effectiveness", "效果"]},
            {"id": "dosing", "label": "Dosing"},
            {"id": "side-effects", "label": "Side effects"},
        ],
    )
    alpha = minimal_guideline("alpha-2020", organisations=["Synthetic Society", "学会"])
    directory = write_spec(
        tmp_path / "specs" / "synthetic", comparison, [alpha, minimal_guideline("beta-2021")]
    )
    found = {(p.location.path.name, p.keys) for p in missing_glyphs(_loaded(directory))}
    assert found == {
        ("comparison.yaml", ("prepared_by", 0, "role")),
        ("comparison.yaml", ("topics", 0, "aliases", 1)),
        ("alpha-2020.yaml", ("organisations", 1)),
    }


def test_the_shipped_specs_have_no_problem() -> None:
    assert missing_glyphs(_loaded(REAL_SPEC)) == []
    # Greek, Cyrillic, Hebrew and Arabic are all in DejaVu Sans.
    assert missing_glyphs(_loaded(SIX)) == []


def test_the_check_agrees_with_the_font_file() -> None:
    """What the check accepts, the regular face has; bold and italic may lack some of it."""
    regular = font_cmap("regular")
    assert ord("中") not in regular
    assert ord("م") in regular
    # Oblique DejaVu has no Arabic: the renderer falls back to the regular face for such text.
    assert not covers("italic", "مرحبا")
    assert covers("regular", "مرحبا")
    assert covers("bold", "Ελληνικά Русский עברית")


def test_the_font_is_read_once_and_the_check_is_fast() -> None:
    assert font_cmap("regular") is font_cmap("regular")
    loaded = _loaded(SIX)
    missing_glyphs(loaded)
    start = time.perf_counter()
    for _ in range(10):
        missing_glyphs(loaded)
    # Ten checks of seven files in well under a second: nothing is parsed again.
    assert time.perf_counter() - start < 0.5
