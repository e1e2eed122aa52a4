"""Page one: the header block, the bottom line, the warnings, the at-a-glance matrix and legend;
then, for three guidelines or more, the pairs."""

from __future__ import annotations

from collections.abc import Sequence

# First: ReportLab's settings are pinned before any of ReportLab copies them (rlsettings.py).
import guidecompare.render.rlsettings  # noqa: F401

# isort: split
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Spacer

from guidecompare.engine import PAIRS_MEANING, Addressed, Cell
from guidecompare.engine.dates import long_date
from guidecompare.render.pdf.canvas import _content_widths
from guidecompare.render.pdf.flowables import _heading, _PageRef
from guidecompare.render.pdf.grid import _GridTable
from guidecompare.render.pdf.text import (
    _bold,
    _esc,
    _in_face,
)
from guidecompare.render.pdf.theme import (
    ABSENT_BG,
    ACCENT,
    FONT,
    FONT_BOLD,
    HEADER_BG,
    LINK,
    LINK_HEX,
    RULE,
    VERDICT_MARKS,
    WHITE,
)
from guidecompare.render.pdf.writer import _WriterBase
from guidecompare.render.saying import KICKER, partial_date, topic_key, upper_first
from guidecompare.spec.models import GuidelineSpec, Status


class _PageOne(_WriterBase):
    """Page one of the document; the matrix starts there even when it cannot end there."""

    def at_a_glance(self) -> list[Flowable]:
        s, spec = self.s, self.spec
        people = [
            "<br/>".join(
                _esc(part) for part in (person.name, person.role, person.organisation) if part
            )
            for person in spec.prepared_by
        ]
        guidelines = "<br/>".join(
            f"{_bold(g.label)} {self.cite(g.id)}: {_esc(g.title)} ({g.year})"
            for g in self.c.guidelines
        )
        rows = [("Prepared by", "<br/><br/>".join(people))]
        if spec.prepared:
            rows.append(("Prepared", partial_date(spec.prepared)))
        rows += [
            ("Information current as of", long_date(spec.current_as_of)),
            ("Guidelines compared", guidelines),
        ]
        meta = self.grid(
            [1.9 * inch, self.width - 1.9 * inch], header_rows=0, padding=(2, 3, 0, 6), rules="none"
        )
        for label, value in rows:
            meta.add([[self.p(label, s.meta_label)], [self.p(value, s.meta)]])
        meta.style("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT)
        meta.style("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE)
        return [
            self.p(_esc(KICKER), s.kicker),
            self.p(_in_face("bold", spec.question), s.title),
            meta.build(),
            *self.bottom_line(),
            *self.alerts(),
            # The matrix starts on page 1 even when it cannot end there.
            *self.kept(
                [_heading("At a glance", s.h1_flow, "at-a-glance", "At a glance", 0)],
                self.matrix(),
                [Spacer(1, 5), *self.legend()],
                keep=False,
            ),
        ]

    def bottom_line(self) -> list[Flowable]:
        """The author's conclusion: whole when it is short (it is then said only here), else its
        first sentences, linked to the whole."""
        if not self.spec.conclusion:
            return []
        if self.saying.conclusion_on_page_one:
            text = self.narrative_markup(self.spec.conclusion[0])
            lead = "<b>Bottom line</b> (the author's conclusion)."
            return [Spacer(1, 6), self.p(f"{lead} {text}", self.s.body)]
        text = self.saying.bottom_line_excerpt()
        link = f'<a href="#conclusion" color="{LINK_HEX}">the full conclusion</a>'
        return [
            Spacer(1, 6),
            self.p(f"<b>Bottom line.</b> {_esc(text)} (See {link}.)", self.s.body),
        ]

    def alerts(self) -> list[Flowable]:
        """What a committee must not miss (decided by the engine), each linked to its detail."""
        if not self.c.warnings:
            return []
        out: list[Flowable] = [Spacer(1, 4), self.p("<b>Please note</b>", self.s.body)]
        for alert in self.c.warnings:
            target = self.saying.alert_target(alert)
            text = _esc(upper_first(alert.text))
            if target:
                text = f'<a href="#{target}" color="{LINK_HEX}">{text}</a>'
            out.append(self.p(text, self.s.bullet, bullet="•"))
        return out

    def matrix_head(self, guideline: GuidelineSpec, width: float) -> list[Flowable]:
        """A guideline's column head; a superseded or withdrawn one is marked as not counted."""
        s = self.s
        head = [self.p(self.clipped(guideline.label, "bold", s.th, width, 3), s.th)]
        if guideline.status is not Status.CURRENT:
            head.append(self.p(f"{guideline.status.value}: not counted", s.cell_small))
        return head

    def matrix(self) -> _GridTable:
        s = self.s
        n = len(self.c.guidelines)
        padding = 10  # left and right cell padding together

        def widest(texts: Sequence[str], font: str, size: float) -> float:
            return float(max(pdfmetrics.stringWidth(t, font, size) for t in texts)) + padding + 2

        labels = [result.topic.label for result in self.c.topics]
        topic_w = min(max(widest(labels, FONT_BOLD, s.cell.fontSize), 1.0 * inch), 1.8 * inch)
        verdict_texts = [VERDICT_MARKS[r.verdict].text for r in self.c.topics]
        verdict_w = widest(verdict_texts, FONT_BOLD, s.cell.fontSize)
        if any(r.override for r in self.c.topics):
            verdict_w = max(
                verdict_w, widest(["reviewer's judgement"], FONT, s.cell_small.fontSize)
            )
        verdict_w = max(verdict_w, 0.8 * inch)
        col_w = (self.width - topic_w - verdict_w) / n
        grid = self.grid([topic_w, *([col_w] * n), verdict_w])
        grid.add(
            [
                [self.p("Topic", s.th)],
                *(self.matrix_head(g, col_w - padding) for g in self.c.guidelines),
                [self.p("Verdict", s.th)],
            ]
        )
        grid.style("BACKGROUND", (0, 0), (-1, 0), HEADER_BG)
        # The page each topic is told on, under its label.
        page_ref = ParagraphStyle("matrix-page", parent=s.cell_small, textColor=LINK)
        for index, result in enumerate(self.c.topics):
            mark = VERDICT_MARKS[result.verdict]
            verdict = [self.p(f"<b>{mark.text}</b>", s.cell)]
            if result.coverage is not None:
                verdict.append(self.p(result.coverage.headline, s.cell_small))
            if result.override:
                verdict.append(self.p("reviewer's judgement", s.cell_small))
            # The topic label leads to the topic's page (an internal link, in the text colour).
            topic = f'<a href="#{topic_key(index)}">{_bold(result.topic.label)}</a>'
            row = grid.add(
                [
                    [self.p(topic, s.cell), _PageRef(topic_key(index), page_ref, align="left")],
                    *(
                        self.matrix_cell(cell, gist)
                        for cell, gist in zip(result.cells, result.gists, strict=True)
                    ),
                    verdict,
                ]
            )
            for col, cell in enumerate(result.cells, start=1):
                if cell.addressed is not Addressed.YES:
                    grid.style("BACKGROUND", (col, row), (col, row), ABSENT_BG)
            grid.style("BACKGROUND", (n + 1, row), (n + 1, row), mark.tint)
        return grid.build()

    def matrix_cell(self, cell: Cell, gist: str) -> list[Flowable]:
        """What one guideline says on one topic, in the engine's few words (its gist)."""
        s = self.s
        if cell.addressed is Addressed.NOT_EXTRACTED:
            return [self.p(f"<i>{_esc(gist)}</i>", s.cell)]
        if cell.addressed is Addressed.SILENT:
            checked = f"verified {long_date(cell.silence.checked)}" if cell.silence else ""
            return [self.p(f"<i>{_esc(gist)}</i>", s.cell), self.p(checked, s.cell_small)]
        return [self.p(_esc(gist), s.cell)]

    def legend(self) -> list[Flowable]:
        s = self.s
        marks = list(VERDICT_MARKS.values())
        grid = self.grid(
            [self.width / len(marks)] * len(marks),
            header_rows=0,
            padding=(3, 3, 5, 5),
            rules="none",
        )
        grid.add([[self.p(f"<b>{m.text}</b>", s.cell), self.p(m.meaning, s.legend)] for m in marks])
        for col, mark in enumerate(marks):
            grid.style("BACKGROUND", (col, 0), (col, 0), mark.tint)
        # White gaps between the swatches.
        grid.style("LINEBEFORE", (1, 0), (-1, 0), 2, WHITE)
        stances = self.p(
            "<b>Cells:</b> what each guideline says in a few words: its stance (<i>for</i>, "
            "<i>against</i>, <i>neutral</i>) with its own grade, or what it describes. "
            "<i>silent</i>: checked, and the guideline says nothing on the topic; "
            "<i>not extracted</i>: nothing extracted yet, which is not the same as silent. "
            "Each topic's page gives the statements in full, with grades read on a common scale.",
            s.legend_note,
        )
        return [grid.build(), stances]

    def pairwise(self) -> list[Flowable]:
        """With three or more guidelines: for each pair, on how many topics they agree, differ,
        conflict, or cannot be compared because one of them does not address the topic."""
        if len(self.c.guidelines) < 3:
            return []
        s = self.s
        title = "Guidelines pair by pair"
        labels = {t.topic.id: t.topic.label for t in self.c.topics}
        widths = _content_widths([3, 2, 2, 2, 2], self.width)
        grid = self.grid(widths, padding=(3, 3, 4, 4))
        grid.add(
            [
                [self.p(head, s.th)]
                for head in ("Pair", "Agree", "Differ", "Conflict", "Not both addressed")
            ]
        )
        grid.style("BACKGROUND", (0, 0), (-1, 0), HEADER_BG)

        def count(topics: tuple[str, ...]) -> list[Flowable]:
            out = [self.p(f"<b>{len(topics)}</b>", s.cell)]
            if topics:
                out.append(self.p(_esc(", ".join(labels[t] for t in topics)), s.cell_small))
            return out

        for pair in self.c.pairs:
            grid.add(
                [
                    [self.p(f"{_esc(pair.first.label)} vs {_esc(pair.second.label)}", s.cell)],
                    count(pair.agree),
                    count(pair.differ),
                    count(pair.conflict),
                    count(pair.unmatched),
                ]
            )
        note = self.p(
            PAIRS_MEANING,
            s.cell_small,
        )
        heading = _heading(title, s.h1_flow, "pairs", title, 0)
        return self.kept([heading], grid.build(), [note], keep=False)
