"""How the PDF uses its pages: the reference comparison in five pages on either paper, and no
page but the last left half empty, for both real comparisons and the six-guideline case."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from guidecompare.engine import compare
from guidecompare.render import textblock
from guidecompare.render.pdf import render_pdf
from guidecompare.render.pdf.canvas import PageLayout
from guidecompare.render.pdf.theme import _styles
from guidecompare.spec.load import load

from .conftest import REAL_SPEC, ROOT

INCH = 72.0
CASES = {
    "reference-letter": REAL_SPEC,
    "reference-a4": REAL_SPEC,
    "statins": ROOT / "specs" / "statins-primary-prevention",
    "six-guidelines": ROOT / "tests" / "cases" / "pdf" / "six-guidelines",
}


def _pdf(directory: Path, tmp_path: Path, paper: str | None = None) -> pypdf.PdfReader:
    if paper is not None:
        copy = tmp_path / directory.name
        shutil.copytree(directory, copy)
        spec = yaml.safe_load((copy / "comparison.yaml").read_text(encoding="utf-8"))
        spec["paper"] = paper
        (copy / "comparison.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
        directory = copy
    [loaded] = load([directory])
    stream = io.BytesIO()
    render_pdf(compare(loaded), stream)
    return pypdf.PdfReader(io.BytesIO(stream.getvalue()))


def _filled(page: pypdf.PageObject) -> float:
    """How far down its frame a page's text reaches: 0 empty, 1 to the foot of the frame."""
    height = float(page.mediabox.height)
    layout = PageLayout((float(page.mediabox.width), height), "portrait", 0)
    top, bottom = height - layout.top, layout.bottom
    lowest = top

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        nonlocal lowest
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
        if text.strip() and bottom - 0.1 * INCH <= y <= top:  # the body, not header or footer
            lowest = min(lowest, y)

    page.extract_text(visitor_text=visit)
    return (top - lowest) / (top - bottom)


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_reference_comparison_fits_in_five_pages(paper: str, tmp_path: Path) -> None:
    reader = _pdf(REAL_SPEC, tmp_path, paper)
    width = float(reader.pages[0].mediabox.width)
    assert width == pytest.approx(612 if paper == "letter" else 595.28, abs=0.01)
    assert len(reader.pages) <= 5


@pytest.mark.parametrize("case", sorted(CASES))
def test_no_page_but_the_last_is_under_half_full(case: str, tmp_path: Path) -> None:
    paper = {"reference-letter": "letter", "reference-a4": "a4"}.get(case)
    reader = _pdf(CASES[case], tmp_path, paper)
    filled = [round(_filled(page), 2) for page in reader.pages]
    assert len(filled) >= 5
    half_empty = [number for number, f in enumerate(filled[:-1], start=1) if f < 0.5]
    assert half_empty == [], f"pages under half full: {half_empty} of {filled}"


@pytest.mark.parametrize("share", [0.2, 0.45, 0.8])
def test_the_fill_measure_reads_how_far_down_the_text_goes(share: float) -> None:
    # A page drawn by hand: a header, a line of text `share` of the way down the frame, and a
    # footer; the measure sees the text and not the page furniture.
    stream = io.BytesIO()
    canvas = Canvas(stream, pagesize=letter)
    layout = PageLayout(letter, "portrait", 0)
    top, bottom = letter[1] - layout.top, layout.bottom
    canvas.drawString(72, letter[1] - 0.5 * INCH, "Header")
    canvas.drawString(72, top - 10, "First line")
    canvas.drawString(72, top - share * (top - bottom), "Lowest line")
    canvas.drawString(72, 0.45 * INCH, "Page 1 of 1")
    canvas.showPage()
    canvas.save()
    page = pypdf.PdfReader(io.BytesIO(stream.getvalue())).pages[0]
    assert _filled(page) == pytest.approx(share, abs=0.01)


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_verdict_is_never_cut_across_pages(case: str, tmp_path: Path) -> None:
    paper = {"reference-letter": "letter", "reference-a4": "a4"}.get(case)
    directory = CASES[case]
    [loaded] = load([directory])
    comparison = compare(loaded)
    reader = _pdf(directory, tmp_path, paper)
    pages = ["".join(page.extract_text().split()) for page in reader.pages]
    for result in comparison.topics:
        rationale = "".join(result.rationale.split())
        assert any(rationale in page for page in pages), result.topic.id


def test_bold_italic_is_set_bold_and_bold_still_reads_as_bold_alone() -> None:
    # The document has three faces; bold italic, were markup ever to ask for it, is set bold,
    # and that mapping leaves the bold face reading back as bold (not bold italic).
    from reportlab.lib.fonts import ps2tt, tt2ps

    from guidecompare.render.glyphs import FONT_NAMES, register_fonts

    register_fonts()
    family = FONT_NAMES["regular"]
    assert tt2ps(family, 1, 1) == FONT_NAMES["bold"]
    assert ps2tt(FONT_NAMES["bold"]) == (family.lower(), 1, 0)
    assert ps2tt(FONT_NAMES["italic"]) == (family.lower(), 0, 1)
    text = textblock.text_block(
        "<b>bold <i>and italic</i></b> <i>italic</i>", _styles(dense=False).cell
    )
    stream = io.BytesIO()
    canvas = Canvas(stream)
    text.wrapOn(canvas, 300, 100)
    text.drawOn(canvas, 10, 10)
    canvas.showPage()
    canvas.save()
    page = pypdf.PdfReader(io.BytesIO(stream.getvalue())).pages[0]
    fonts = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    faces = {name.split("+")[1] for name in fonts if "+" in name}  # the embedded subsets
    # "and italic" inside bold is set bold: no bold-oblique face is asked for or embedded.
    assert faces == {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"}


def test_a_verdict_taller_than_a_page_is_cut_rather_than_lost(tmp_path: Path) -> None:
    # A reviewer's reason of thousands of words: the verdict cannot move on whole, so it is
    # cut across pages like any long paragraph, and the build does not fail.
    spec = tmp_path / REAL_SPEC.name
    shutil.copytree(REAL_SPEC, spec)
    data = yaml.safe_load((spec / "comparison.yaml").read_text(encoding="utf-8"))
    reason = " ".join(f"reason{i}" for i in range(3000)) + " LASTWORD."
    data["overrides"] = [
        {
            "topic": "dosing",
            "verdict": "partial",
            "reason": reason,
            "reviewer": "P&T reviewer",
            "date": "2025-03-01",
        }
    ]
    (spec / "comparison.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    reader = _pdf(spec, tmp_path / "out")
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "reason2999 LASTWORD." in text and "Verdict on Dosing: ≈ partial." in text
