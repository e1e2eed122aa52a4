"""What a reader sees is in human words: no internal ids, file paths or tool terms in any PDF or
HTML page."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest

from guidecompare.engine import compare
from guidecompare.render import render_outputs
from guidecompare.spec.load import load

from .conftest import ROOT
from .html_page import parse
from .test_hostile import spec_texts

# Every comparison this repository builds into output/ (test fixtures name their own ids on
# purpose, to test how they are drawn).
SPECS = sorted(path.parent for path in (ROOT / "specs").glob("*/comparison.yaml"))
# Words of the tool, or placeholders where nothing should be shown.
JARGON = (
    "not stated",
    "guidecompare system",
    "not-extracted",
    "not-stated",
    "not-mappable",
)
# Paths of this repository or of the files a spec was made from (a citation's web address is a
# reference, not a path).
PATHS = re.compile(r"shared/|research/|\.ya?ml\b|(?<![\w/])specs/|(?<![\w/])output/")


@pytest.fixture(
    scope="module",
    params=[(spec, kind) for spec in SPECS for kind in ("pdf", "html")],
    ids=lambda p: f"{p[0].name}-{p[1]}",
)
def pdf_text(request: pytest.FixtureRequest) -> tuple[Path, str, set[str]]:
    """The text a reader sees in a comparison's PDF, or in its HTML page."""
    directory, kind = request.param
    [loaded] = load([directory])
    data = render_outputs(compare(loaded), [f"comparison.{kind}"])[f"comparison.{kind}"]
    if kind == "pdf":
        pages = pypdf.PdfReader(io.BytesIO(data)).pages
        text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    else:
        text = parse(data).text
    # Ids that are never words: the comparison's, the guidelines' and the references'.
    ids = {loaded.spec.id, *loaded.spec.guidelines, *(r.id for r in loaded.spec.references)}
    return directory, text, ids


def test_no_internal_id_is_shown(pdf_text: tuple[Path, str, set[str]]) -> None:
    _, text, ids = pdf_text
    shown = sorted(i for i in ids if re.search(rf"(?<![\w/.-]){re.escape(i)}(?![\w-])", text))
    assert shown == []


def _authored(directory: Path) -> list[str]:
    """Every text the spec's author wrote, longest first: their own words may say 'not stated'."""
    return sorted((" ".join(text.split()) for text in spec_texts(directory)), key=len, reverse=True)


def test_no_file_path_or_tool_term_is_shown(pdf_text: tuple[Path, str, set[str]]) -> None:
    directory, text, _ = pdf_text
    # What the tool itself writes: the PDF without the author's own words.
    tools_words = text
    for authored in _authored(directory):
        tools_words = tools_words.replace(authored, " ")
    assert [term for term in JARGON if term.casefold() in tools_words.casefold()] == []
    assert PATHS.findall(text) == []


def test_a_recurring_grading_caveat_is_said_once() -> None:
    """The ACC/AHA caveat on levels of evidence once, as a numbered note, not per grade."""
    [loaded] = load([ROOT / "specs" / "statins-primary-prevention"])
    comparison = compare(loaded)
    pdf = render_outputs(comparison)["comparison.pdf"]
    text = " ".join(
        " ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
    )
    caveat = "ACC/AHA levels of evidence are not synonymous with GRADE certainty"
    graded = sum(
        caveat in note
        for t in comparison.topics
        for c in t.cells
        for r in c.readings
        for note in r.notes
    )
    assert graded > 10  # the caveat belongs to every ACC/AHA reading
    assert text.count(caveat) == 1
    assert "1. ACC/AHA levels of evidence" in text
    assert "(note 1)" in text
