"""The committee PDF: its content, metadata, outline, determinism and text safety.

PDFs are compared by extracted text (pypdf), except for determinism, where bytes must match.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml
from reportlab.pdfbase.ttfonts import TTFont

import guidecompare
from guidecompare.engine import Addressed, Comparison, compare
from guidecompare.render import renderer
from guidecompare.render.pdf import COLOUR_PAIRS, NOT_EXTRACTED_TEXT, VERDICT_MARKS, render_pdf
from guidecompare.render.saying import repeats as _repeats
from guidecompare.spec.load import load

from .conftest import minimal_comparison, minimal_guideline, write_spec
from .facts import source_facts

ROOT = Path(__file__).resolve().parent.parent
REAL_SPEC = ROOT / "specs" / "ketamine-crps"


# ---------------------------------------------------------------------------------------------
# Helpers


def _comparison(directory: Path) -> Comparison:
    [loaded] = load([directory])
    return compare(loaded)


def _render(comparison: Comparison) -> bytes:
    stream = io.BytesIO()
    render_pdf(comparison, stream)
    return stream.getvalue()


def _flat(text: str) -> str:
    """Whitespace normalised: pypdf breaks lines where the PDF does."""
    return " ".join(text.split())


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return _flat(" ".join(page.extract_text() for page in reader.pages))


def _outline(pdf: bytes) -> list[tuple[int, str]]:
    """(depth, title) of every outline entry, in order."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found: list[tuple[int, str]] = []

    def walk(entries: list[Any], depth: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                found.append((depth, entry.title))

    walk(reader.outline, 0)
    return found


def _edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def real() -> Comparison:
    return _comparison(REAL_SPEC)


@pytest.fixture(scope="module")
def real_pdf(real: Comparison) -> bytes:
    return _render(real)


@pytest.fixture(scope="module")
def real_text(real_pdf: bytes) -> str:
    return _text(real_pdf)


def _topic_sections(comparison: Comparison, text: str) -> Iterator[tuple[str, str]]:
    """(topic id, text of its part of "Topic by topic"), read in the order the PDF has them."""
    body = text[text.index("Topic by topic") :]
    body = body[: body.rindex("The guidelines")]
    labels = [result.topic.label for result in comparison.topics]
    starts = []
    for label in labels:
        start = body.index(label, starts[-1] if starts else 0)
        starts.append(start)
    for index, result in enumerate(comparison.topics):
        end = starts[index + 1] if index + 1 < len(starts) else len(body)
        yield result.topic.id, body[starts[index] : end]


# ---------------------------------------------------------------------------------------------
# Content


def test_the_registry_renders_the_pdf_with_render_pdf() -> None:
    assert renderer("comparison.pdf") is render_pdf


def _without_page_furniture(text: str, comparison: Comparison) -> str:
    """The text with what repeats at a page break taken out: the footer, the header and the
    repeated head of a table split across pages, so that a statement cut by a page reads whole."""
    heads = " ".join(
        f"{g.label} [{comparison.citation_number(g.id)}]" for g in comparison.guidelines
    )
    furniture = (
        r" ?Page \d+ of \d+ · Information current as of [A-Za-z]+ \d+, \d{4} "
        + re.escape(comparison.spec.short_title or "")
        + r" Guideline comparison( "
        + re.escape(heads)
        + r")?"
    )
    return re.sub(furniture, "", text)


def test_every_statement_and_quote_is_in_the_pdf(real: Comparison, real_text: str) -> None:
    text = _without_page_furniture(real_text, real)
    said_once = 0
    for guideline in real.guidelines:
        for statement in guideline.statements:
            if statement.quote:
                assert _flat(statement.quote) in text
            if statement.quote and _repeats(statement.text, statement.quote):
                # Said once: the paraphrase only repeats the quote's words, so the quote alone.
                said_once += 1
                paraphrase, quote = _flat(statement.text), _flat(statement.quote)
                assert text.count(paraphrase) <= text.count(quote)  # only within the quote
            else:
                assert _flat(statement.text) in text
    assert said_once >= 5  # the reference's near-verbatim paraphrases


def test_topics_guidelines_and_verdicts_are_named(real: Comparison, real_text: str) -> None:
    for result in real.topics:
        assert result.topic.label in real_text
        assert _flat(result.rationale) in real_text
    for guideline in real.guidelines:
        assert guideline.label in real_text
    for result in real.topics:
        # A verdict names its topic: a page end may part it from the topic's table.
        topic = result.topic.label
        assert f"Verdict on {topic}: {VERDICT_MARKS[result.verdict].text}." in real_text
    # the legend names every verdict, present or not
    for mark in VERDICT_MARKS.values():
        assert f"{mark.text} {mark.meaning}" in real_text


def test_page_one_has_the_question_author_and_dates(real: Comparison, real_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(real_pdf))
    first = _flat(reader.pages[0].extract_text())
    assert _flat(real.spec.question) in first
    assert real.spec.prepared_by[0].name in first
    assert "Prepared March 2025" in first
    assert "February 20, 2025" in first
    assert "At a glance" in first
    first = re.sub(r" p\. \d+", "", first)  # each topic's page, under its label
    # the matrix: each topic row with each guideline's gist, the verdict and its coverage
    assert (
        "Oral route not extracted neutral: “no clinical trial evidence supporting oral ketamine” "
        "○ gap 1 of 2 address it" in first
    )
    assert (
        "Efficacy for (B, low to moderate certainty) for: “has shown effectiveness” ✓ agree "
        "2 of 2 address it" in first
    )
    assert (
        # Each trial's regimen in the same place in both cells: Sigtermans 2009, then Schwartzman.
        "Dosing 22 mg/h, about 4 days; 0.35 mg/kg/h, over 4 hours daily, 10 days 4.5 days; 10 "
        "consecutive infusions ✓ agree" in first
    )


def test_every_reference_doi_and_the_disclaimer_are_in_the_pdf(
    real: Comparison, real_text: str
) -> None:
    dois = [g.doi for g in real.guidelines if g.doi] + [
        r.doi for r in real.spec.references if r.doi
    ]
    assert len(dois) == 4
    for doi in dois:
        assert doi in real_text
    for reference in real.spec.references:
        assert _flat(reference.citation) in real_text
    assert _flat(real.spec.disclaimer) in real_text
    assert real.spec.notes is not None
    assert _flat(real.spec.notes) in real_text


def test_references_are_numbered_guidelines_first(real: Comparison, real_text: str) -> None:
    references = real_text[real_text.index("References [1]") :]
    for number, cited in enumerate(real.citation_order, start=1):
        entry = next((g for g in real.guidelines if g.id == cited), None) or next(
            r for r in real.spec.references if r.id == cited
        )
        assert f"[{number}] {_flat(entry.citation)}" in references


def test_not_extracted_is_said_only_where_nothing_was_extracted(
    real: Comparison, real_text: str
) -> None:
    not_extracted = {
        result.topic.id
        for result in real.topics
        for cell in result.cells
        if cell.addressed is Addressed.NOT_EXTRACTED
    }
    assert not_extracted == {"oral-route", "coma-therapy"}
    for topic_id, section in _topic_sections(real, real_text):
        assert (NOT_EXTRACTED_TEXT in section) == (topic_id in not_extracted), topic_id
    assert "Silent (verified" not in real_text


def test_a_verified_silence_says_so_with_its_date(real_spec_copy: Path) -> None:
    def silence(data: dict[str, Any]) -> None:
        data["silent"] = [{"topic": "oral-route", "checked": "2025-02-01"}]

    _edit(real_spec_copy / "asra-aapm-asa-2018.yaml", silence)
    comparison = _comparison(real_spec_copy)
    text = _text(_render(comparison))
    sections = dict(_topic_sections(comparison, text))
    assert "Silent (verified February 1, 2025)" in sections["oral-route"]
    assert NOT_EXTRACTED_TEXT not in sections["oral-route"]
    assert NOT_EXTRACTED_TEXT in sections["coma-therapy"]


def test_a_reviewer_override_is_shown_as_a_judgement(real_spec_copy: Path) -> None:
    def override(data: dict[str, Any]) -> None:
        data["overrides"] = [
            {
                "topic": "efficacy",
                "verdict": "partial",
                "reason": "Only one of the two grades its recommendation.",
                "reviewer": "P&T reviewer",
                "date": "2025-03-01",
            }
        ]

    _edit(real_spec_copy / "comparison.yaml", override)
    text = _text(_render(_comparison(real_spec_copy)))
    assert (
        "Reviewer's judgement: ≈ partial — Only one of the two grades its recommendation. "
        "(P&T reviewer, March 1, 2025); computed verdict: ✓ agree"
    ) in text
    assert "Verdict on Efficacy: ≈ partial." in text
    # Page 1's matrix says whose verdict it is.
    assert "≈ partial 2 of 2 address it reviewer's judgement" in text


def test_every_page_has_header_and_numbered_footer(real: Comparison, real_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(real_pdf))
    total = len(reader.pages)
    assert total >= 5
    for number, page in enumerate(reader.pages, start=1):
        text = _flat(page.extract_text())
        assert real.spec.short_title is not None
        assert real.spec.short_title in text
        footer = f"Page {number} of {total} · Information current as of February 20, 2025"
        assert footer in text


# ---------------------------------------------------------------------------------------------
# Metadata and outline


def test_metadata_comes_from_the_spec(real: Comparison, real_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(real_pdf))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == _flat(real.spec.question)
    assert meta.author == "Faria Munir, PharmD, MS, BCPS"
    assert meta.subject == "Guideline comparison: Ketamine for complex regional pain syndrome"
    assert meta.creator == f"guidecompare {guidecompare.__version__}"
    assert meta.creation_date == datetime(2025, 2, 20, tzinfo=UTC)
    assert meta.modification_date == datetime(2025, 2, 20, tzinfo=UTC)
    keywords = meta["/Keywords"]
    for label in ("Efficacy", "Oral route", "ASRA/AAPM/ASA 2018", "RSDSA 2022"):
        assert label in keywords
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/PageMode"] == "/UseOutlines"


def test_the_outline_has_each_section_and_each_topic(real: Comparison, real_pdf: bytes) -> None:
    outline = _outline(real_pdf)
    titles = [title for _, title in outline]
    for section in (
        "At a glance",
        "Background",
        "Topic by topic",
        "The guidelines",
        "References",
        "Notes",
    ):
        assert (0, section) in outline
    topics = [(1, result.topic.label) for result in real.topics]
    start = titles.index("Topic by topic") + 1
    assert outline[start : start + len(topics)] == topics


# ---------------------------------------------------------------------------------------------
# Determinism


def test_two_renders_are_byte_identical(real: Comparison, real_pdf: bytes) -> None:
    assert _render(real) == real_pdf


@pytest.mark.parametrize("value", ["0", "abc", "1700000000", ""])
def test_source_date_epoch_changes_nothing(
    real: Comparison, real_pdf: bytes, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert _render(real) == real_pdf
    # restored for whoever reads it next
    assert os.environ["SOURCE_DATE_EPOCH"] == value


def test_the_document_id_follows_the_comparison_date(real_spec_copy: Path, real_pdf: bytes) -> None:
    def document_id(pdf: bytes) -> object:
        return pypdf.PdfReader(io.BytesIO(pdf)).trailer["/ID"][0]

    _edit(real_spec_copy / "comparison.yaml", lambda data: data.update(current_as_of="2025-03-20"))
    redated = _render(_comparison(real_spec_copy))
    assert document_id(redated) != document_id(real_pdf)
    meta = pypdf.PdfReader(io.BytesIO(redated)).metadata
    assert meta is not None
    assert meta.creation_date == datetime(2025, 3, 20, tzinfo=UTC)


_RENDER_SCRIPT = """
import sys
from guidecompare.engine import compare
from guidecompare.spec.load import load
from guidecompare.render.pdf import render_pdf
[loaded] = load([sys.argv[1]])
render_pdf(compare(loaded), sys.stdout.buffer)
"""


@pytest.mark.parametrize(
    "env",
    [
        {"SOURCE_DATE_EPOCH": None, "TZ": "UTC"},
        {"SOURCE_DATE_EPOCH": "abc", "TZ": "Pacific/Kiritimati"},
        {"SOURCE_DATE_EPOCH": "0", "TZ": "America/Los_Angeles"},
    ],
)
def test_another_process_writes_the_same_bytes(real_pdf: bytes, env: dict[str, str | None]) -> None:
    environment = dict(os.environ)
    for key, value in env.items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    result = subprocess.run(
        [sys.executable, "-c", _RENDER_SCRIPT, str(REAL_SPEC)],
        env=environment,
        capture_output=True,
        check=True,
    )
    assert result.stdout == real_pdf


def _build_pdf(out: Path, env: dict[str, str]) -> bytes:
    """The PDF a `guidecompare build` of the real spec writes, in a process with `env` added."""
    result = subprocess.run(
        [sys.executable, "-m", "guidecompare", "build", str(REAL_SPEC), "--out", str(out)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stderr) == (0, "")
    return (out / "ketamine-crps" / "comparison.pdf").read_bytes()


# ReportLab reads an RL_<setting> variable for each of its settings when first imported.
@pytest.mark.parametrize(
    "env",
    [
        {"RL_pdfComments": "1"},
        {"RL_pdfMultiLine": "1"},
        {"RL_hyphenationLang": "en_GB"},
        {"RL_uriWasteReduce": "0.5"},  # made every build fail
        {"RL_uriWasteReduce": "half"},  # not a number: ReportLab's import raised
        {"RL_invariant": "0", "RL_pageCompression": "0", "RL_defaultPageSize": "letter"},
    ],
    ids=lambda env: ",".join(f"{k}={v}" for k, v in env.items()),
)
def test_reportlab_settings_in_the_environment_change_nothing(
    tmp_path: Path, real_pdf: bytes, env: dict[str, str]
) -> None:
    assert _build_pdf(tmp_path, env) == real_pdf


def test_a_reportlab_settings_file_changes_nothing(tmp_path: Path, real_pdf: bytes) -> None:
    """ReportLab runs ~/.reportlab_settings when first imported and takes its values."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".reportlab_settings").write_text(
        "pdfComments = 1\npdfMultiLine = 1\nhyphenationLang = 'en_GB'\ninvariant = 0\n",
        encoding="utf-8",
    )
    assert _build_pdf(tmp_path / "out", {"HOME": str(home)}) == real_pdf


# ---------------------------------------------------------------------------------------------
# Text safety and robustness


def test_markup_in_spec_text_is_shown_literally(real_spec_copy: Path) -> None:
    hostile = '<b>bold</b> & <img src="/etc/passwd"/>'

    def inject(data: dict[str, Any]) -> None:
        data["statements"][0]["text"] = hostile
        data["statements"][0]["quote"] = "<font size=40>big</font> &amp; <a href='x'>link</a>"
        data["label"] = "ASRA <i>2018</i>"

    _edit(real_spec_copy / "asra-aapm-asa-2018.yaml", inject)
    pdf = _render(_comparison(real_spec_copy))
    text = _text(pdf)
    assert hostile in text
    assert "<font size=40>big</font> &amp; <a href='x'>link</a>" in text
    assert "ASRA <i>2018</i>" in text
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        resources = page["/Resources"]
        assert "/XObject" not in resources
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if "/Dest" in annotation:  # a link inside the document: a citation, a page number
                continue
            uri = annotation["/A"]["/URI"]
            assert uri.startswith("https://"), uri


def test_a_20000_character_statement_renders(real_spec_copy: Path, real_pdf: bytes) -> None:
    words = ("ketamine infusion evidence " * 800)[:19990] + " final-word"
    assert len(words) == 20001

    def lengthen(data: dict[str, Any]) -> None:
        data["statements"][0]["text"] = words
        data["statements"][1]["quote"] = "Q" * 20000  # one word: it must be broken to fit

    _edit(real_spec_copy / "asra-aapm-asa-2018.yaml", lengthen)
    pdf = _render(_comparison(real_spec_copy))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > len(pypdf.PdfReader(io.BytesIO(real_pdf)).pages) + 5
    text = _text(pdf)
    assert "final-word" in text
    assert text.count("Q") >= 20000


def test_eight_guidelines_render_on_landscape_pages(real_spec_copy: Path) -> None:
    base = yaml.safe_load((real_spec_copy / "rsdsa-2022.yaml").read_text(encoding="utf-8"))
    added = []
    for index in range(6):
        guideline = dict(base, id=f"copy-{index}", label=f"Copy {index} 2022")
        path = real_spec_copy / f"copy-{index}.yaml"
        path.write_text(yaml.safe_dump(guideline, sort_keys=False), encoding="utf-8")
        added.append(guideline["id"])
    _edit(real_spec_copy / "comparison.yaml", lambda data: data["guidelines"].extend(added))
    pdf = _render(_comparison(real_spec_copy))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (width, height) == (792, 612)
    text = _text(pdf)
    for index in range(6):
        assert f"Copy {index} 2022 [{index + 3}]" in text


# ---------------------------------------------------------------------------------------------
# Legibility


def _luminance(colour: Any) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red)
        + 0.7152 * channel(colour.green)
        + 0.0722 * channel(colour.blue)
    )


def test_text_contrast_is_at_least_4_5_to_1() -> None:
    assert len(COLOUR_PAIRS) >= 10
    for text, background in COLOUR_PAIRS:
        lighter, darker = sorted((_luminance(text), _luminance(background)), reverse=True)
        ratio = (lighter + 0.05) / (darker + 0.05)
        assert ratio >= 4.5, (text.hexval(), background.hexval(), round(ratio, 2))


def test_verdict_marks_are_distinct_and_the_fonts_have_their_glyphs() -> None:
    symbols = [mark.symbol for mark in VERDICT_MARKS.values()]
    words = [mark.word for mark in VERDICT_MARKS.values()]
    assert len(set(symbols)) == len(symbols) == 5
    assert len(set(words)) == 5
    fonts = files("guidecompare.render") / "fonts"
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        face = TTFont(name, str(fonts / name)).face
        for symbol in [*symbols, "“", "”", "·", "•", "—", "…"]:
            assert ord(symbol) in face.charToGlyph, (name, symbol)


def test_review_status_is_stated_as_of_the_comparison_date(real_text: str) -> None:
    assert (
        "Current; planned review 2023 passed as of February 20, 2025: no update recorded"
        in real_text
    )
    assert "Current; no planned review date recorded" in real_text


def test_grades_are_also_read_on_the_common_scale(real_text: str) -> None:
    assert (
        "Read as grade B (USPSTF, inferred) ≈ weak-for; low to moderate certainty ≈ low certainty"
        in real_text
    )
    assert "≈ weak-for, low" in real_text  # the at-a-glance matrix
    assert "Guidelines pair by pair" not in real_text  # two guidelines: the matrix says it all


def test_a_statement_shows_its_population_and_a_grade_not_extracted(tmp_path: Path) -> None:
    def statement(topic: str, **fields: Any) -> dict[str, Any]:
        return {
            "topic": topic,
            "stance": {"direction": "for"},
            "text": f"Statement on {topic}.",
            "source": {"document": "alpha-2020"},
            **fields,
        }

    statements = [
        statement("efficacy", grade="not-extracted"),
        statement("dosing", population={"text": "children", "age_max": 12}),
    ]
    spec = write_spec(
        tmp_path / "s",
        minimal_comparison(),
        [
            minimal_guideline("alpha-2020", statements=statements, population="adults with Y"),
            minimal_guideline("beta-2021"),
        ],
    )
    text = _text(_render(_comparison(spec)))
    # The guideline's population is its statements' default; a statement's own comes first.
    assert "Grade not extracted Population: adults with Y Statement on efficacy." in text
    assert "Population: children; up to 12 years Statement on dosing." in text
    # beta-2021 states no population: none is shown for its statement.
    assert text.count("Population: ") == 2


def test_every_fact_of_the_reference_is_visible_in_the_pdf(
    real: Comparison, real_text: str
) -> None:
    """The seed document is the floor: what the specs record of it is somewhere in the PDF
    (said once, in the table or the section where it belongs)."""
    text = "".join(_without_page_furniture(real_text, real).split())

    def shown(fact: str) -> bool:
        return "".join(fact.split()) in text

    facts = source_facts(real, "[3], ")
    missing = [fact for fact in facts if not shown(fact)]
    assert missing == []


def test_a_statement_note_said_once_is_numbered_and_what_it_adds_stays_beside(
    real: Comparison, real_text: str
) -> None:
    shared = (
        "This sentence carries no citation of its own in the response; it is attributed to the "
        "guideline because the response presents it within its paragraph on this guideline."
    )
    text = _without_page_furniture(real_text, real)
    noted = {id(s): s.note for g in real.guidelines for s in g.statements if s.note}
    assert sum(note == shared for note in noted.values()) >= 2
    longer = [note for note in noted.values() if note.startswith(shared + " ")]
    assert longer  # "Apart from CRPS": the shared note, then a sentence of its own
    assert text.count(_flat(shared)) == 1  # said once, in the closing notes
    assert f"1. {_flat(shared)}" in text
    for note in longer:
        assert _flat(note[len(shared) :]) in text  # said beside its statement
    # Every statement the note concerns points to it, once each in each topic it is filed under.
    marked = [s for g in real.guidelines for s in g.statements if (s.note or "").startswith(shared)]
    assert text.count("(note 1)") == sum(len(s.topic) for s in marked)
