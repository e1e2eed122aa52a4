"""The topic pages (one table and verdict per topic), then the background and conclusion."""

from __future__ import annotations

import functools
import re
from collections import Counter

# First: ReportLab's settings are pinned before any of ReportLab copies them (rlsettings.py).
import guidecompare.render.rlsettings  # noqa: F401

# isort: split
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from guidecompare.engine import Addressed, Cell, TopicResult, grade_label, regimen_fields
from guidecompare.grading import GradeReading, Unmapped
from guidecompare.render.pdf.canvas import _content_widths
from guidecompare.render.pdf.flowables import Content, _amount, _heading
from guidecompare.render.pdf.grid import _GridTable
from guidecompare.render.pdf.text import (
    _bold,
    _esc,
    _in_face,
    _long_date,
    _lower_first,
    _topic_key,
    _upper_first,
    _verdict_word,
)
from guidecompare.render.pdf.theme import (
    ABSENT_BG,
    FONT,
    HEADER_BG,
    NOT_EXTRACTED_TEXT,
    RULE,
    VERDICT_MARKS,
)
from guidecompare.render.pdf.writer import _WriterBase
from guidecompare.spec.models import Paragraph as NarrativeParagraph
from guidecompare.spec.models import Population, Regimen, Statement


class _Topics(_WriterBase):
    """One page part per topic, then the narrative."""

    @functools.cached_property
    def grading_notes(self) -> dict[str, int]:
        """Caveats of a grade's reading that recur in the document, numbered in order of use.

        Said once, after the topics, instead of beside every grade of that system.
        """
        counts = Counter(
            note
            for result in self.c.topics
            for cell in result.cells
            for reading in cell.readings
            for note in reading.notes
        )
        recurring = [note for note, count in counts.items() if count > 1]  # in order of use
        return {note: number for number, note in enumerate(recurring, start=1)}

    def grading_notes_section(self) -> list[Flowable]:
        if not self.grading_notes:
            return []
        title = "Grading notes"
        out: list[Flowable] = [_heading(title, self.s.h1_flow, "grading-notes", title, 0)]
        out.extend(
            self.p(f"{number}. {_esc(_upper_first(note))}", self.s.cell_small)
            for note, number in self.grading_notes.items()
        )
        return out

    def topic_by_topic(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = []
        for index, result in enumerate(self.c.topics):
            title = result.topic.label
            heads: list[Flowable] = []
            if index == 0:
                heads.append(_heading("Topic by topic", s.h1_flow, "topics", "Topic by topic", 0))
            heads.append(_heading(_in_face("bold", title), s.h2, _topic_key(index), title, 1))
            if result.topic.description:
                heads.append(self.p(_esc(result.topic.description), s.cell_small))
            out.extend(self.kept(heads, self.topic_table(result), self.verdict(result)))
        out.extend(self.grading_notes_section())
        return out

    def topic_table(self, result: TopicResult) -> _GridTable:
        """One column per guideline, as wide as its text asks; row i holds each i-th statement."""
        s = self.s
        columns: list[list[Content]] = []
        for cell in result.cells:
            if cell.addressed is Addressed.YES:
                columns.append(
                    [
                        self.statement(
                            st,
                            reading,
                            cell.guideline.population_of(st),
                            self.c.quoted_in(st, cell.guideline),
                        )
                        for st, reading in zip(cell.statements, cell.readings, strict=True)
                    ]
                )
            else:
                columns.append([self.absent(cell)])
        widths = _content_widths(
            [sum(_amount(content) for content in column) for column in columns], self.width
        )
        left, right = 5, 5
        grid = self.grid(widths, padding=(5, 4, left, right), rules="columns")
        grid.add(
            [
                [
                    self.p(
                        self.clipped(c.guideline.label, "bold", s.th, w - left - right - 24, 3)
                        + " "
                        + self.cite(c.guideline.id),
                        s.th,
                    )
                ]
                for c, w in zip(result.cells, widths, strict=True)
            ]
        )
        grid.style("BACKGROUND", (0, 0), (-1, 0), HEADER_BG)
        depth = max(len(column) for column in columns)
        for row in range(depth):
            grid.add([column[row] if row < len(column) else [] for column in columns])
        for col, (cell, column) in enumerate(zip(result.cells, columns, strict=True)):
            if cell.addressed is not Addressed.YES:
                grid.style("BACKGROUND", (col, 1), (col, -1), ABSENT_BG)
            for row in range(1, len(column)):
                # A dotted rule between the statements of one guideline.
                grid.style("LINEBELOW", (col, row), (col, row), 0.4, RULE, None, (1, 2))
        return grid.build()

    def absent(self, cell: Cell) -> list[Flowable]:
        s = self.s
        if cell.addressed is Addressed.SILENT and cell.silence is not None:
            out = [self.p(f"<i>Silent (verified {_long_date(cell.silence.checked)})</i>", s.cell)]
            if cell.silence.note:
                out.append(self.p(_esc(cell.silence.note), s.cell_small))
            return out
        return [self.p(f"<i>{NOT_EXTRACTED_TEXT}</i>", s.cell)]

    def statement(
        self,
        statement: Statement,
        reading: GradeReading,
        population: Population | None = None,
        quoted_in: str | None = None,
    ) -> list[Flowable]:
        s, c = self.s, self.c
        head = statement.stance.direction.value.capitalize()
        if statement.stance.wording:
            head += f': <font name="{FONT}">“{_esc(statement.stance.wording)}”</font>'
        out: list[Flowable] = [self.p(head, s.cell_head)]
        # A grade the source does not state is simply not shown (the matrix's gist gives the
        # stance alone): no "grade not stated" placeholder.
        if statement.grade is not None or statement.certainty is not None:
            out.append(self.p(_esc(_upper_first(grade_label(statement))), s.cell_small))
            if reading.system is not None and reading.recommendation not in (
                Unmapped.NOT_STATED,
                Unmapped.NOT_EXTRACTED,
                Unmapped.UNGRADED,
            ):
                # The same grade on the common scale (docs/grading.md), with its caveats: one
                # that recurs is said once, as a numbered grading note after the topics.
                numbered = self.grading_notes
                own = [note for note in reading.notes if note not in numbered]
                refs = [str(numbered[note]) for note in reading.notes if note in numbered]
                common = "; ".join((f"Read as {_lower_first(reading.text)}", *own))
                if refs:
                    common += (
                        f" (grading {'note' if len(refs) == 1 else 'notes'} {', '.join(refs)})"
                    )
                out.append(self.p(f"<i>{_esc(common)}</i>", s.cell_small))
        if population is not None:
            # Whom the statement concerns: the statement's own population, else its guideline's.
            out.append(self.p(f"Population: {_esc(str(population))}", s.cell_small))
        # Say it once: where the paraphrase only repeats the quote's words, the quote alone.
        if not (statement.quote and _repeats(statement.text, statement.quote)):
            out.append(self.p(_esc(statement.text), s.cell))
        if statement.quote:
            out.append(self.p(f"“{_in_face('italic', statement.quote)}”", s.cell_quote))
        if statement.regimens:
            out.append(self.p("<b>Regimens</b>", s.cell_label))
            out.extend(
                self.p(self.regimen(regimen), s.cell_item, bullet="•")
                for regimen in statement.regimens
            )
        for facet_id, values in statement.facets.items():
            label = self.facet_labels.get(facet_id, facet_id)
            out.append(self.p(f"{_bold(label + ':')} {_esc(', '.join(values))}", s.cell))
        if statement.evidence:
            cited = "; ".join(f"{_esc(c.short_name(e))} {self.cite(e)}" for e in statement.evidence)
            out.append(self.p(f"<b>Evidence:</b> {cited}", s.cell))
        if statement.note:
            out.append(self.p(f"Note: {_esc(statement.note)}", s.cell_small))
        source = statement.source
        # Where it stands: the section and the page, when the source gives one (an absent page
        # number is simply not shown).
        where = "".join(
            f", {part}" for part in (source.section, source.page and f"page {source.page}") if part
        )
        # A quote read in a secondary source is that source's account, not the guideline's own
        # words: the source line says so.
        label = "Quoted in" if statement.quote and quoted_in else "Source:"
        out.append(
            self.p(
                f"{label} {_esc(c.short_name(source.document))} {self.cite(source.document)}"
                f"{_esc(where)}",
                s.cell_small,
            )
        )
        return out

    def regimen(self, regimen: Regimen) -> str:
        fields = regimen_fields(regimen)
        parts = []
        for name, value in fields.items():
            if value:  # a field the source does not state is simply not shown
                parts.append(f"{name} {_esc(value)}")
        text = " · ".join(parts)
        if regimen.study:
            name = _bold(self.c.short_name(regimen.study))
            text = f"{name} {self.cite(regimen.study)}: {text}"
        if regimen.note:
            text += f" ({_esc(regimen.note)})"
        return text

    def verdict(self, result: TopicResult) -> list[Flowable]:
        s = self.s
        mark = VERDICT_MARKS[result.verdict]
        style = ParagraphStyle(f"verdict-{mark.word}", parent=s.verdict_box, backColor=mark.tint)
        out = [self.p(f"<b>Verdict: {mark.text}.</b> {_esc(result.rationale)}", style)]
        if result.override:
            o = result.override
            out.append(
                self.p(
                    f"<b>Reviewer's judgement:</b> {_verdict_word(o.verdict)} — {_esc(o.reason)} "
                    f"({_esc(o.reviewer)}, {_long_date(o.date)}); computed verdict: "
                    f"{_verdict_word(result.computed)}",
                    style,
                )
            )
        return out

    # -- background and conclusion -------------------------------------------------------------

    def narrative(self) -> list[Flowable]:
        out: list[Flowable] = []
        for key, title, paragraphs in (
            ("background", "Background", self.spec.background),
            ("conclusion", "Conclusion", self.spec.conclusion),
        ):
            if paragraphs:
                out.append(_heading(title, self.s.h1, key, title, 0))
                out.extend(self.narrative_paragraph(p) for p in paragraphs)
        return out

    def narrative_paragraph(self, paragraph: NarrativeParagraph) -> Flowable:
        cites = "".join(f" {self.cite(cited)}" for cited in paragraph.cites)
        return self.p(_esc(paragraph.text) + cites)


_WORD = re.compile(r"[\w']+")


def _repeats(paraphrase: str, quote: str) -> bool:
    """True when nearly every word of `paraphrase` (nine in ten) is a word of `quote`."""
    said = {w.casefold() for w in _WORD.findall(quote)}
    words = [w.casefold() for w in _WORD.findall(paraphrase)]
    return bool(words) and sum(w in said for w in words) >= 0.9 * len(words)
