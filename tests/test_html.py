"""comparison.html read back as a parser reads it: the PDF's content in the PDF's order, one
self-contained page, semantic structure, every spec string escaped, the same bytes every time.

The page in a real browser (axe-core, keyboard order, a screenshot) is tests/test_html_browser.py.
"""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

import pypdf
import pytest

from guidecompare.engine import Comparison, compare
from guidecompare.render import render_outputs
from guidecompare.render.saying import MARKS
from guidecompare.spec.load import load

from .conftest import REAL_SPEC, ROOT
from .facts import source_facts
from .html_page import ParsedPage, parse
from .test_hostile import spec_texts

CASES = Path(__file__).parent / "cases"
PAGES = [
    *sorted(path.parent for path in (ROOT / "specs").glob("*/comparison.yaml")),
    CASES / "pdf" / "six-guidelines",
    *sorted(p / "spec" for p in (CASES / "hostile").iterdir() if p.is_dir()),
]
# The elements and attributes the page is made of: anything else came from a spec string.
TAGS = frozenset(
    [
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "nav",
        "main",
        "section",
        "footer",
        "h1",
        "h2",
        "h3",
        "p",
        "br",
        "a",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "div",
        "span",
        "strong",
        "em",
        "blockquote",
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "wbr",
    ]
)
ATTRIBUTES = frozenset(
    [
        "lang",
        "charset",
        "name",
        "content",
        "href",
        "id",
        "class",
        "scope",
        "colspan",
        "rowspan",
        "aria-labelledby",
        "aria-label",
        "aria-hidden",
        "role",
        "tabindex",
    ]
)


def _comparison(directory: Path) -> Comparison:
    """The comparison as build renders it: with what the new editions changed (outputs_of)."""
    [loaded] = load([directory])
    comparison = compare(loaded)
    if any(g.superseded_by for g in comparison.guidelines):
        from guidecompare.diff.changes import with_editions

        comparison = with_editions(comparison)
    return comparison


def _page(comparison: Comparison) -> bytes:
    return render_outputs(comparison, ["comparison.html"])["comparison.html"]


@pytest.fixture(
    scope="module", params=PAGES, ids=lambda p: p.parent.name if p.name == "spec" else p.name
)
def page(request: pytest.FixtureRequest) -> tuple[Path, Comparison, bytes, ParsedPage]:
    comparison = _comparison(request.param)
    data = _page(comparison)
    return request.param, comparison, data, parse(data)


def test_the_same_comparison_gives_the_same_bytes(
    page: tuple[Path, Comparison, bytes, ParsedPage],
) -> None:
    directory, _, data, _ = page
    assert _page(_comparison(directory)) == data


def test_the_page_is_self_contained_and_runs_no_script(
    page: tuple[Path, Comparison, bytes, ParsedPage],
) -> None:
    _, _, data, parsed = page
    assert {e.tag for e in parsed.elements} <= TAGS
    assert {a for e in parsed.elements for a in e.attrs} <= ATTRIBUTES
    style = "".join(parsed.style)
    assert "url(" not in style and "@import" not in style
    assert not re.search(rb"<(script|link|img|iframe|object)\b", data, re.IGNORECASE)
    # Every link is to a place on the page, to a DOI, or to a web page a spec names.
    ids = {e.attrs["id"] for e in parsed.elements if "id" in e.attrs}
    for anchor in parsed.find("a"):
        href = anchor.attrs["href"]
        if href.startswith("#"):
            assert href[1:] in ids, href
        else:
            assert href.startswith(("https://", "http://")), href


def test_the_structure_is_semantic(page: tuple[Path, Comparison, bytes, ParsedPage]) -> None:
    _, _, data, parsed = page
    assert data.startswith(b'<!DOCTYPE html>\n<html lang="en">\n')
    assert len(parsed.find("h1")) == 1
    levels = [int(e.tag[1]) for e in parsed.elements if re.fullmatch(r"h[1-6]", e.tag)]
    # No level skipped on the way down.
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    tables = data.count(b"<table")
    assert tables == len(parsed.find("caption")) > 0
    assert re.findall(rb"<table[^>]*>\n(?!<caption)", data) == []  # the caption comes first
    # Each table scrolls sideways in a focusable region its caption names (a phone's screen).
    regions = [e for e in parsed.elements if e.attrs.get("role") == "region"]
    captions = {e.attrs["id"] for e in parsed.find("caption")}
    assert len(regions) == tables
    assert all(
        r.attrs["tabindex"] == "0" and r.attrs["aria-labelledby"] in captions for r in regions
    )
    assert all(e.attrs.get("scope") in {"col", "row", "rowgroup"} for e in parsed.find("th"))
    assert {e.tag for e in parsed.elements} >= {"header", "nav", "main", "footer"}


def test_a_verdict_is_never_colour_alone(page: tuple[Path, Comparison, bytes, ParsedPage]) -> None:
    _, comparison, _, parsed = page
    tinted = [
        e
        for e in parsed.elements
        if any(c.startswith("v-") for c in e.attrs.get("class", "").split())
    ]
    assert tinted
    words = {mark.word for mark in MARKS.values()}
    for element in tinted:
        assert any(word in element.text for word in words), element.text
    # Each topic's verdict is said in words twice: in the matrix and under the topic.
    for result in comparison.topics:
        word = MARKS[result.verdict].word
        told = [
            e
            for e in tinted
            if e.tag == "p" and f"Verdict on {result.topic.label}" in " ".join(e.text.split())
        ]
        assert len(told) == 1 and f"{word}." in told[0].text


def test_every_spec_string_shown_is_text_never_markup(
    page: tuple[Path, Comparison, bytes, ParsedPage],
) -> None:
    """A spec's `<script>`, `&` or quotes are text on the page: the question, every statement
    and every quote read back exactly as written (their white space made single spaces)."""
    directory, comparison, _, parsed = page
    text = parsed.text
    shown = [comparison.spec.question]
    for guideline in comparison.guidelines:
        for statement in guideline.statements:
            shown.append(statement.quote or statement.text)
    for value in shown:
        assert " ".join(value.split()) in text
    markup_like = [t for t in spec_texts(directory) if "<" in t or "&" in t]
    if directory.parent.name == "markup-formulas-rtl":
        assert markup_like  # the hostile case holds markup, and it was read as text above


def test_the_page_tells_what_the_pdf_tells_in_the_same_order(
    page: tuple[Path, Comparison, bytes, ParsedPage],
) -> None:
    """The PDF's bookmarks are the page's headings, in the same order (page one first); the
    page adds a heading for the warnings, which the PDF lists under the bottom line."""
    _, comparison, _, parsed = page
    pdf = render_outputs(comparison, ["comparison.pdf"])["comparison.pdf"]
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    bookmarks: list[str] = []

    def walk(entries: list[object]) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                bookmarks.append(" ".join(str(entry.title).split()))  # type: ignore[attr-defined]

    walk(reader.outline)
    headings = [" ".join(e.text.split()) for e in parsed.elements if e.tag in ("h2", "h3")]
    assert [h for h in headings if h != "Please note"] == bookmarks
    assert ("Please note" in headings) == bool(comparison.warnings)


def test_every_fact_of_the_reference_is_on_the_page() -> None:
    real = _comparison(REAL_SPEC)
    text = "".join(parse(_page(real)).text.split())
    missing = [f for f in source_facts(real, "[3], ") if "".join(f.split()) not in text]
    assert missing == []


def test_numbered_notes_are_linked_and_said_once() -> None:
    statins = _comparison(ROOT / "specs" / "statins-primary-prevention")
    parsed = parse(_page(statins))
    notes = [e for e in parsed.find("li") if e.attrs.get("id", "").startswith("note-")]
    assert notes
    caveat = "ACC/AHA levels of evidence are not synonymous with GRADE certainty"
    assert parsed.text.count(caveat) == 1


def test_a_long_run_without_spaces_may_break_after_its_punctuation() -> None:
    """A web address quoted in a note would widen its table past the page: it gets <wbr> after
    its slashes, dots and the like; the text it shows, entities included, is the same, and a
    long word with no punctuation or a short string is left whole."""
    from html import unescape

    from guidecompare.render.html.markup import esc

    address = "see https://example.org/a_b?x=1&y=<2>#top, then  more"
    marked = esc(address)
    assert marked == (
        "see https:/<wbr>/<wbr>example.<wbr>org/<wbr>a_<wbr>b?<wbr>x=<wbr>1&amp;<wbr>y=<wbr>"
        "&lt;2&gt;#<wbr>top, then more"
    )
    assert unescape(marked.replace("<wbr>", "")) == " ".join(address.split())
    assert esc("hypercholesterolaemia" * 2) == "hypercholesterolaemia" * 2
    assert esc("a/b.c & <d>") == "a/b.c &amp; &lt;d&gt;"
