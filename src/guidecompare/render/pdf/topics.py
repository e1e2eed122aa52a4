"""The background and conclusion, then the topic pages: one table per topic, the tables of what
several guidelines report, and the verdict."""

from __future__ import annotations

from collections.abc import Sequence

# First: ReportLab's settings are pinned before any of ReportLab copies them (rlsettings.py).
import guidecompare.render.rlsettings  # noqa: F401

# isort: split
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable
from reportlab.platypus.flowables import HRFlowable

from guidecompare.engine import Addressed, Cell, TopicResult
from guidecompare.engine.dates import long_date
from guidecompare.engine.results import FactTable
from guidecompare.render.pdf.canvas import _content_widths
from guidecompare.render.pdf.flowables import Content, _amount, _heading, _height, _Whole
from guidecompare.render.pdf.grid import _GridTable
from guidecompare.render.pdf.text import (
    _bold,
    _esc,
    _in_face,
)
from guidecompare.render.pdf.theme import (
    ABSENT_BG,
    FONT,
    HEADER_BG,
    NOT_EXTRACTED_TEXT,
    NOTHING_RECORDED,
    RULE,
    VERDICT_MARKS,
)
from guidecompare.render.pdf.writer import _WriterBase
from guidecompare.render.saying import (
    StatementSaid,
    notes_ref,
    regimen_parts,
    topic_key,
    upper_first,
    verdict_box,
    verdict_text,
)
from guidecompare.spec.models import Regimen


class _Topics(_WriterBase):
    """One page part per topic, then the narrative."""

    def topic_by_topic(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = []
        for index, result in enumerate(self.c.topics):
            title = result.topic.label
            heads: list[Flowable] = []
            if index == 0:
                heads.append(_heading("Topic by topic", s.h1_flow, "topics", "Topic by topic", 0))
                if self.c.common_source:
                    source = self.c.common_source
                    heads.append(
                        self.p(
                            f"Every statement below was read in the {_esc(self.c.short_name(source))}"
                            f" {self.cite(source)}, not in the guideline itself: a quote gives that"
                            " document's words, and each statement ends with where it stands there.",
                            s.cell,
                        )
                    )
            heads.append(_heading(_in_face("bold", title), s.h2, topic_key(index), title, 1))
            if result.topic.description:
                heads.append(self.p(_esc(result.topic.description), s.cell_small))
            tables: list[Flowable] = [f for table in result.tables for f in self.fact_table(table)]
            out.extend(self.kept(heads, self.topic_table(result), [*tables, *self.verdict(result)]))
        return out

    def topic_table(self, result: TopicResult) -> _GridTable:
        """One column per guideline, as wide as its text asks, its statements one under another.

        A guideline's statements are not matched to another's by their order, so each column
        runs on by itself (a row per statement would pad each to its neighbour's height).
        """
        s = self.s
        columns: list[list[Content]] = []
        for cell in result.cells:
            if cell.addressed is Addressed.YES:
                said = self.saying.statements(cell, result.tables)
                columns.append([self.statement(statement) for statement in said])
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
        grid.add([_joined(column) for column in columns])
        for col, cell in enumerate(result.cells):
            if cell.addressed is not Addressed.YES:
                grid.style("BACKGROUND", (col, 1), (col, -1), ABSENT_BG)
        return grid.build()

    def absent(self, cell: Cell) -> list[Flowable]:
        s = self.s
        if cell.addressed is Addressed.SILENT and cell.silence is not None:
            out = [self.p(f"<i>Silent (verified {long_date(cell.silence.checked)})</i>", s.cell)]
            if cell.silence.note:
                out.append(self.p(_esc(cell.silence.note), s.cell_small))
            return out
        return [self.p(f"<i>{NOT_EXTRACTED_TEXT}</i>", s.cell)]

    def statement(self, said: StatementSaid) -> list[Flowable]:
        """One statement, as render/saying.py says it."""
        s, c = self.s, self.c
        out: list[Flowable] = []
        if said.stance:
            head = said.stance
            if said.wording:
                head += f': <font name="{FONT}">“{_esc(said.wording)}”</font>'
            out.append(self.p(head, s.cell_head))
        if said.grade:
            out.append(self.p(_esc(said.grade), s.cell_small))
        if said.reading:
            common = said.reading + notes_ref(said.reading_notes)
            out.append(self.p(f"<i>{_esc(common)}</i>", s.cell_small))
        if said.population:
            out.append(self.p(f"Population: {_esc(said.population)}", s.cell_small))
        if said.text:
            out.append(self.p(_esc(said.text), s.cell))
        if said.quote:
            out.append(self.p(f"“{_in_face('italic', said.quote)}”", s.cell_quote))
        if said.regimens:
            out.append(self.p("<b>Regimens</b>", s.cell_label))
            out.extend(
                self.p(self.regimen(regimen), s.cell_item, bullet="•") for regimen in said.regimens
            )
        for label, values in said.facets:
            out.append(self.p(f"{_bold(label + ':')} {_esc(values)}", s.cell))
        if said.evidence:
            cited = "; ".join(f"{_esc(c.short_name(e))} {self.cite(e)}" for e in said.evidence)
            out.append(self.p(f"<b>Evidence:</b> {cited}", s.cell))
        if said.note:
            out.append(self.p(_esc(f"Note: {said.note}"), s.cell_small))
        document = self.cite(said.source_document)
        if said.source_named:
            document = f"{_esc(c.short_name(said.source_document))} {document}"
        # A numbered note said in the closing notes is named on the source line.
        numbered = notes_ref((said.note_number,) if said.note_number else ())
        out.append(
            self.p(f"{said.source_label} {document}{_esc(said.where)}{numbered}", s.cell_small)
        )
        return out

    def regimen(self, regimen: Regimen) -> str:
        # A field the source does not state is simply not shown (regimen_parts).
        text = " · ".join(_esc(part) for part in regimen_parts(regimen))
        if regimen.study:
            name = _bold(self.c.short_name(regimen.study))
            text = f"{name} {self.cite(regimen.study)}: {text}"
        if regimen.note:
            text += f" ({_esc(regimen.note)})"
        return text

    def fact_table(self, table: FactTable) -> list[Flowable]:
        """Regimens or named things side by side: one row each, one column per guideline that
        reports them (a superseded one marked), and which fields the current guidelines report
        differently; then what a dash means."""
        s = self.s
        apart = any(row.apart for row in table.rows)
        guidelines = {g.id: g for g in self.c.guidelines}
        first = min(0.22 * self.width, 1.6 * inch)
        last = min(0.16 * self.width, 1.1 * inch) if apart else 0.0
        share = (self.width - first - last) / len(table.guidelines)
        widths = [first, *([share] * len(table.guidelines)), *([last] if apart else [])]
        grid = self.grid(widths, padding=(3, 2, 5, 5))
        heads: list[Content] = [[self.p(_esc(table.title), s.th)]]
        for gid, counted in zip(table.guidelines, table.counted, strict=True):
            head = [self.p(_esc(guidelines[gid].label), s.th)]
            if not counted:
                head.append(self.p(f"{guidelines[gid].status.value}: not counted", s.cell_small))
            heads.append(head)
        if apart:
            heads.append([self.p("Reported differently", s.th)])
        grid.add(heads)
        grid.style("BACKGROUND", (0, 0), (-1, 0), HEADER_BG)
        for row in table.rows:
            name = _esc(upper_first(row.label)) + (f" {self.cite(row.cited)}" if row.cited else "")
            cells = [[self.p(name, s.cell_head)]]
            cells.extend([self.p(_esc(text) or NOTHING_RECORDED, s.cell)] for text in row.cells)
            if apart:
                cells.append([self.p(_esc(", ".join(row.apart)) or NOTHING_RECORDED, s.cell)])
            grid.add(cells)
        out: list[Flowable] = [grid.build()]
        if any(not text for row in table.rows for text in row.cells):
            legend = (
                f"{NOTHING_RECORDED} {table.blank} in that guideline's statements on this topic."
            )
            out.append(self.p(_esc(legend), s.legend_note))
        return out

    def verdict(self, result: TopicResult) -> list[Flowable]:
        s = self.s
        mark = VERDICT_MARKS[result.verdict]
        style = ParagraphStyle(f"verdict-{mark.word}", parent=s.verdict_box, backColor=mark.tint)
        # The topic is named: a verdict that a page end parts from its table is still read
        # as this topic's.
        text = verdict_box(
            result, bold=lambda t: f"<b>{t}</b>", esc=_esc, verdict=verdict_text, br="<br/>"
        )
        # A verdict is read whole: never cut across a page.
        return [_Whole(self.p(text, style), self.height)]

    # -- background and conclusion -------------------------------------------------------------

    def narrative(self) -> list[Flowable]:
        out: list[Flowable] = []
        # A conclusion that page one gives whole is not said again.
        conclusion = () if self.saying.conclusion_on_page_one else self.spec.conclusion
        for key, title, paragraphs in (
            ("background", "Background", self.spec.background),
            ("conclusion", "Conclusion", conclusion),
        ):
            if paragraphs:
                # The heading goes where it and three lines of its text fit: the section may
                # start at the foot of page one and run on.
                heading = _heading(title, self.s.h1_flow, key, title, 0)
                room = _height([heading], self.width, self.height) + 3 * self.s.narrative.leading
                out.extend((CondPageBreak(room), heading))
                out.extend(self.p(self.narrative_markup(p), self.s.narrative) for p in paragraphs)
        return out


def _joined(statements: Sequence[Content]) -> Content:
    """A guideline's statements in one cell, a dotted rule between each two."""
    out: Content = []
    for index, statement in enumerate(statements):
        if index:
            out.append(
                HRFlowable(
                    width="100%",
                    thickness=0.4,
                    color=RULE,
                    dash=(1, 2),
                    spaceBefore=2,
                    spaceAfter=5,
                )
            )
        out.extend(statement)
    return out
