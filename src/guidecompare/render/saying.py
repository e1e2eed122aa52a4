"""What the committee documents say, and say once: decided here for the PDF and the HTML page.

The engine decides what is true of each topic; this module decides, once per comparison, what a
document says where, so that the PDF and the HTML page tell the same things in the same order:
which notes are numbered and said once after the topics, where a paraphrase only repeats its
quote (the quote is shown alone), whether the conclusion is page one's bottom line whole, and the
fixed words both documents use (verdict marks, dates, the legend). No ReportLab here: the HTML
page and the spreadsheet read it without loading a PDF library.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Final
from urllib.parse import quote

from guidecompare.engine import VERDICT_MEANINGS, Comparison, grade_label, regimen_fields
from guidecompare.engine.dates import MONTHS, long_date
from guidecompare.engine.results import Cell, FactTable, TopicResult
from guidecompare.engine.summary import Alert
from guidecompare.engine.words import upper_first as upper_first
from guidecompare.grading import GradeReading, Unmapped
from guidecompare.spec.models import (
    ComparisonSpec,
    Direction,
    GuidelineSpec,
    Population,
    Regimen,
    Statement,
    VerdictName,
)

# A grade the common scale cannot read: no 'Read as' line.
_UNREAD = (Unmapped.NOT_STATED, Unmapped.NOT_EXTRACTED, Unmapped.UNGRADED)

# The shortest note (in characters) said once, as a numbered note, when two statements share it.
SHARED_NOTE_MIN = 80
# The longest conclusion (in characters) that page one gives whole: about six lines.
CONCLUSION_ON_PAGE_ONE = 700
# The longest excerpt of a longer conclusion that page one gives as the bottom line.
BOTTOM_LINE_EXCERPT = 330


@dataclass(frozen=True)
class Mark:
    """How a verdict is shown: a symbol and a word (readable without colour) on a light tint."""

    symbol: str
    word: str
    tint: str  # "#RRGGBB"
    meaning: str

    @property
    def text(self) -> str:
        return f"{self.symbol} {self.word}"


MARKS: Final[dict[VerdictName, Mark]] = {
    VerdictName.AGREE: Mark("✓", "agree", "#DDF0DA", VERDICT_MEANINGS[VerdictName.AGREE]),
    VerdictName.PARTIAL: Mark("≈", "partial", "#FFF1C7", VERDICT_MEANINGS[VerdictName.PARTIAL]),
    VerdictName.CONFLICT: Mark("✕", "conflict", "#F9D6D2", VERDICT_MEANINGS[VerdictName.CONFLICT]),
    VerdictName.GAP: Mark("○", "gap", "#DCE4F5", VERDICT_MEANINGS[VerdictName.GAP]),
    VerdictName.NOT_ADDRESSED: Mark(
        "\u2013",  # an en dash: a hyphen would be too faint to see
        "not addressed",
        "#E9E9E9",
        VERDICT_MEANINGS[VerdictName.NOT_ADDRESSED],
    ),
}

# What a cell shows when the spec records nothing for it: a dash, not a placeholder.
NOTHING_RECORDED: Final = "\u2014"
NOT_EXTRACTED_TEXT: Final = (
    "Not extracted: no statement taken from this guideline on this topic (not the same as silent)."
)
KICKER: Final = "GUIDELINE COMPARISON FOR PHARMACY & THERAPEUTICS REVIEW"
NUMBERED_NOTES_LEAD: Final = (
    "Numbered notes: each applies to every statement or grade marked with its number."
)
EDITIONS_LEAD: Final = (
    "Each superseded guideline against its successor, statement by statement (matched by topic "
    "and population, then by topic): what the new edition changed."
)
# How a changed item and one that came or went read in a table of changes.
KIND_WORDS: Final = {
    "comparison": "The comparison",
    "guideline": "Guideline",
    "statement": "Statement",
    "topic": "Topic",
}
STATUS_WORDS: Final = {"added": "new", "removed": "removed"}


def topic_key(index: int) -> str:
    """The anchor of the topic at `index` (0-based) in both documents: 'topic-1'."""
    return f"topic-{index + 1}"


def ref_key(number: int) -> str:
    """The anchor of reference `number` in both documents: 'ref-3'."""
    return f"ref-{number}"


def verdict_text(verdict: VerdictName) -> str:
    """'✓ agree': the symbol and the word, for a verdict."""
    return MARKS[verdict].text


def verdict_box(
    result: TopicResult,
    *,
    bold: Callable[[str], str],
    esc: Callable[[str], str],
    verdict: Callable[[VerdictName], str],
    br: str,
) -> str:
    """The words under a topic's table in both documents: 'Verdict on Dosing: ✓ agree.', the
    rationale, and a reviewer's judgement with the verdict the rules gave. The documents differ
    only in markup: `bold` wraps markup, `esc` escapes spec text, `verdict` shows a verdict and
    `br` breaks a line."""
    heading = f"Verdict on {esc(result.topic.label)}: {verdict(result.verdict)}."
    text = f"{bold(heading)} {esc(result.rationale)}"
    if o := result.override:
        judgement = bold("Reviewer's judgement:")
        text += (
            f"{br}{judgement} {verdict(o.verdict)} — "
            f"{esc(o.reason)} ({esc(o.reviewer)}, {long_date(o.date)}); computed verdict: "
            f"{verdict(result.computed)}"
        )
    return text


def partial_date(value: str) -> str:
    """'2023', 'March 2025' or 'March 1, 2025', as precise as the spec is."""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return long_date(date(parts[0], parts[1], parts[2]))


def doi_url(doi: str) -> str:
    # DOIs may hold characters that URLs must encode (the DOI handbook asks for it).
    return "https://doi.org/" + quote(doi, safe="/:;()._-")


def lower_first(text: str) -> str:
    """'Adverse effects' → 'adverse effects', but 'QTc interval' stays as it is."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def first_sentences(text: str, fits: Callable[[str], bool]) -> str:
    """As many whole sentences of `text` as fit, then an ellipsis; at least the first one."""
    sentences = re.split(r"(?<=\.)\s+", " ".join(text.split()))
    kept = sentences[0]
    for sentence in sentences[1:]:
        if not fits(f"{kept} {sentence} …"):
            return kept + " …"
        kept = f"{kept} {sentence}"
    return kept


def regimen_parts(regimen: Regimen) -> list[str]:
    """A regimen's stated fields as 'dose 22 mg/h', in order; an unstated field is not shown."""
    return [f"{name} {value}" for name, value in regimen_fields(regimen).items() if value]


def system_label(spec: ComparisonSpec, system_id: str) -> str:
    """A grading system's name as a reader knows it ('USPSTF'), not its id in the tool."""
    from guidecompare.grading import BUILT_IN_REGISTRY

    declared = next((d for d in spec.grading_systems if d.id == system_id), None)
    found = declared or BUILT_IN_REGISTRY.get(system_id)
    return found.label if found is not None else system_id


@dataclass(frozen=True)
class Line:
    """One line of a profile's cell: text, a bold lead before it ('AGREE II: …'), or a small
    note under what it qualifies."""

    text: str
    lead: str = ""
    small: bool = False


# A guideline's value for one attribute, line by line; None where its spec is silent.
Lines = tuple[Line, ...] | None


def profile_rows(
    comparison: Comparison, guidelines: Sequence[GuidelineSpec]
) -> list[tuple[str, list[Lines]]]:
    """The guidelines' profiles, attribute by attribute: label → each guideline's lines.

    A renderer leaves out a row whose values are all None; funding and conflicts of interest
    are never None (a committee expects them: an empty one is a dash, nothing recorded). The
    title, citation, DOI and web page are in the numbered reference that each column's
    heading links to: said once, there.
    """
    spec = comparison.spec

    def grading(g: GuidelineSpec) -> Lines:
        system = g.grading_system
        if system is None:
            return None
        lines = [Line(system.name)]
        if system.system:
            label = system_label(spec, system.system)
            inferred = " (inferred: not named by the source)" if system.inferred else ""
            lines.append(Line(f"Read with the {label} grading table{inferred}", small=True))
        if system.note:
            lines.append(Line(system.note, small=True))
        return tuple(lines)

    def appraisals(g: GuidelineSpec) -> Lines:
        lines = []
        for a in g.appraisals:
            scores = "; ".join(f"{k} {v}" for k, v in a.scores.items())
            lines += [Line(scores, lead=a.instrument), Line(a.source, small=True)]
        return tuple(lines) or None

    def status(g: GuidelineSpec) -> Lines:
        # As of the comparison's own date, never today's, so the documents stay deterministic.
        review = Line(comparison.standing(g).review)
        return (review, Line(g.review_note, small=True)) if g.review_note else (review,)

    def each(values: Sequence[str]) -> Lines:
        return tuple(Line(value) for value in values) or None

    def opt(value: object) -> Lines:
        return (Line(str(value)),) if value else None

    def recorded(value: str | None) -> Lines:
        return (Line(value or NOTHING_RECORDED),)

    rows = [
        ("Issued by", [each(g.organisations) for g in guidelines]),
        ("Developer", [opt(g.developer) for g in guidelines]),
        ("Sponsors", [each(g.sponsors) for g in guidelines]),
        # Its date, else its year.
        ("Published", [opt(long_date(g.published) if g.published else g.year) for g in guidelines]),
        ("Population", [opt(g.population) for g in guidelines]),
        ("Setting", [opt(g.setting) for g in guidelines]),
        ("Methodology", [opt(g.methodology) for g in guidelines]),
        ("Grading system", [grading(g) for g in guidelines]),
        ("Appraisals", [appraisals(g) for g in guidelines]),
        ("Funding", [recorded(g.funding) for g in guidelines]),
        ("Conflicts of interest", [recorded(g.conflicts_of_interest) for g in guidelines]),
        ("Status and review", [status(g) for g in guidelines]),
        ("Notes", [opt(g.notes) for g in guidelines]),
    ]
    return [(label, values) for label, values in rows if any(v is not None for v in values)]


@dataclass(frozen=True)
class StatementSaid:
    """What a document says of one statement, in order; each renderer sets it in its own way.
    A part that is None (or empty) is not shown."""

    stance: str | None  # 'For', 'Descriptive'; None when a description has no wording of its own
    wording: str | None  # the guideline's own words for its stance
    grade: str | None  # 'Grade B, low to moderate certainty'; None when the source states none
    reading: str | None  # the grade on the common scale, with its caveats said here
    reading_notes: tuple[int, ...]  # the numbered notes the reading refers to
    population: str | None
    text: str | None  # None where the paraphrase only repeats the quote: the quote alone
    quote: str | None
    regimens: tuple[Regimen, ...]  # those no table under the statements shows
    facets: tuple[tuple[str, str], ...]  # (facet label, its values) not shown in a table
    evidence: tuple[str, ...]  # ids of the references cited as evidence
    note: str | None  # what the statement's note says besides its numbered note
    note_number: int | None  # the numbered note (after the topics) its note starts with
    source_label: str  # 'Source:', or 'Quoted in' for a quote read in a secondary source
    source_document: str  # the id of the document cited on the source line
    source_named: bool  # False for the common source: named once, above the topics
    where: str  # ', Guidelines, paragraph 2, page 3': the section and page, when given


class Saying:
    """What one comparison's documents say once, and where: computed once, read by each one."""

    def __init__(self, comparison: Comparison) -> None:
        self.c = comparison
        self.spec = comparison.spec

    @functools.cached_property
    def facet_labels(self) -> dict[str, str]:
        return {facet.id: facet.label for facet in self.spec.facets}

    @functools.cached_property
    def shared_notes(self) -> dict[str, int]:
        """Notes said of two or more statements, numbered in order of use: a grade reading's
        caveat, or a statement's note (whole, or as the start of a longer note). Said once, in
        the closing notes, instead of beside every statement they concern. A short one is said
        where it applies: a number would save nothing and send the reader to the end."""
        notes: dict[str, None] = {}  # every note, in order of use
        readings_of: dict[str, set[int]] = {}
        statement_notes: dict[int, str] = {}  # a statement filed under two topics is one
        for result in self.c.topics:
            for cell in result.cells:
                for statement, reading in zip(cell.statements, cell.readings, strict=True):
                    for note in reading.notes:
                        notes.setdefault(note)
                        readings_of.setdefault(note, set()).add(id(statement))
                    if statement.note:
                        notes.setdefault(statement.note)
                        statement_notes[id(statement)] = statement.note

        def said_of(note: str) -> int:
            starting = {k for k, n in statement_notes.items() if _starts(n, note)}
            return len(readings_of.get(note, set()) | starting)

        recurring = [n for n in notes if len(n) >= SHARED_NOTE_MIN and said_of(n) > 1]
        return {note: number for number, note in enumerate(recurring, start=1)}

    def note_parts(self, note: str) -> tuple[int | None, str]:
        """A statement's note as (the numbered note it starts with, what it says besides)."""
        for shared, number in self.shared_notes.items():
            if _starts(note, shared):
                return number, note[len(shared) :].strip()
        return None, note

    def statements(self, cell: Cell, tables: Sequence[FactTable]) -> list[StatementSaid]:
        """What is said of each statement of a guideline that addresses a topic, in order."""
        guideline = cell.guideline
        return [
            self.statement(
                statement,
                reading,
                guideline.population_of(statement),
                self.c.quoted_in(statement, guideline),
                tables,
            )
            for statement, reading in zip(cell.statements, cell.readings, strict=True)
        ]

    def statement(
        self,
        statement: Statement,
        reading: GradeReading,
        population: Population | None,
        quoted_in: str | None,
        tables: Sequence[FactTable],
    ) -> StatementSaid:
        """What is said of `statement` beside the others of its guideline on a topic."""
        direction = statement.stance.direction
        stance = statement.stance.wording or direction is not Direction.DESCRIPTIVE
        graded = statement.grade is not None or statement.certainty is not None
        said_reading: str | None = None
        numbers: tuple[int, ...] = ()
        if graded and reading.system is not None and reading.recommendation not in _UNREAD:
            # The same grade on the common scale (docs/grading.md), with its caveats: one that
            # recurs is said once, as a numbered note after the topics.
            own = [note for note in reading.notes if note not in self.shared_notes]
            numbers = tuple(self.shared_notes[n] for n in reading.notes if n in self.shared_notes)
            said_reading = "; ".join((f"Read as {lower_first(reading.text)}", *own))
        number, besides = self.note_parts(statement.note) if statement.note else (None, "")
        source = statement.source
        common = source.document == self.c.common_source
        return StatementSaid(
            stance=direction.value.capitalize() if stance else None,
            wording=statement.stance.wording,
            grade=upper_first(grade_label(statement)) if graded else None,
            reading=said_reading,
            reading_notes=numbers,
            population=str(population) if population is not None else None,
            text=None
            if statement.quote and repeats(statement.text, statement.quote)
            else statement.text,
            quote=statement.quote,
            regimens=tuple(
                r
                for r in statement.regimens
                if not any(t.shows_regimen(statement, r) for t in tables)
            ),
            facets=tuple(
                (self.facet_labels.get(facet_id, facet_id), ", ".join(values))
                for facet_id, values in statement.facets.items()
                if not any(t.shows_facet(statement, facet_id) for t in tables)
            ),
            evidence=tuple(statement.evidence),
            note=besides or None,
            note_number=number,
            source_label="Quoted in" if statement.quote and quoted_in and not common else "Source:",
            source_document=source.document,
            source_named=not common,
            where="".join(
                f", {part}"
                for part in (source.section, source.page and f"page {source.page}")
                if part
            ),
        )

    def alert_target(self, alert: Alert) -> str | None:
        """Where a warning's detail is: its topic's part (topic-N), the guidelines, or none."""
        keys = {result.topic.id: topic_key(i) for i, result in enumerate(self.c.topics)}
        return keys.get(alert.topic or "") or ("guidelines" if alert.guideline else None)

    @property
    def conclusion_on_page_one(self) -> bool:
        """True when the author's conclusion is short enough to be page one's bottom line whole:
        it is then said there only, not again as a section of its own."""
        conclusion = self.spec.conclusion
        return len(conclusion) == 1 and len(conclusion[0].text) <= CONCLUSION_ON_PAGE_ONE

    def bottom_line_excerpt(self) -> str:
        """The first sentences of a conclusion too long for page one (it is said whole later)."""
        text = self.spec.conclusion[0].text
        return first_sentences(text, lambda t: len(t) <= BOTTOM_LINE_EXCERPT)


def notes_ref(numbers: Sequence[int], show: Callable[[int], str] = str) -> str:
    """' (note 2)' or ' (notes 1, 3)': the numbered notes said after the topics."""
    if not numbers:
        return ""
    return f" ({'note' if len(numbers) == 1 else 'notes'} {', '.join(map(show, numbers))})"


def _starts(note: str, shared: str) -> bool:
    """True when `note` is `shared`, or `shared` followed by more sentences."""
    return note == shared or note.startswith(shared + " ")


_WORD = re.compile(r"[\w']+")


def repeats(paraphrase: str, quote: str) -> bool:
    """True when the paraphrase only repeats the quote: 85 in 100 of its words are the quote's
    words in the quote's order, and every number and negation in it is among them. What is
    left is a few words of context that the topic and the guideline's column already give.
    The quote is then shown alone."""
    said = [w.casefold() for w in _WORD.findall(quote)]
    words = [w.casefold() for w in _WORD.findall(paraphrase)]
    if not words:
        return False
    matcher = SequenceMatcher(None, words, said, autojunk=False)
    matched = {
        i for block in matcher.get_matching_blocks() for i in range(block.a, block.a + block.size)
    }
    telling = {i for i, w in enumerate(words) if any(c.isdigit() for c in w) or w in _NEGATIONS}
    return len(matched) >= 0.85 * len(words) and telling <= matched


# Words whose loss would change what a statement says.
_NEGATIONS = frozenset({"no", "not", "nor", "never", "none", "without", "cannot", "against"})
