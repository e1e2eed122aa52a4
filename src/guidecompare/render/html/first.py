"""The top of the page, as page one of the PDF: the question and who prepared it, the bottom
line, what a committee must not miss, the at-a-glance matrix with its legend, and (for three
guidelines or more) the guidelines pair by pair."""

from __future__ import annotations

from guidecompare.engine import PAIRS_MEANING, Addressed, Cell
from guidecompare.engine.dates import long_date
from guidecompare.render.html.base import PageBase
from guidecompare.render.html.markup import (
    Td,
    esc,
    section,
    small,
    table,
    verdict_class,
    verdict_words,
)
from guidecompare.render.saying import (
    KICKER,
    MARKS,
    partial_date,
    topic_key,
    upper_first,
)
from guidecompare.spec.models import GuidelineSpec, Status


class FirstPart(PageBase):
    def header(self) -> str:
        spec = self.spec
        people = [
            "<br>".join(esc(part) for part in (p.name, p.role, p.organisation) if part)
            for p in spec.prepared_by
        ]
        guidelines = "".join(
            f"<li><strong>{esc(g.label)}</strong> {self.cite(g.id)}: {esc(g.title)} ({g.year})</li>"
            for g in self.c.guidelines
        )
        rows = [("Prepared by", "".join(f"<p>{person}</p>" for person in people))]
        if spec.prepared:
            rows.append(("Prepared", partial_date(spec.prepared)))
        rows += [
            ("Information current as of", long_date(spec.current_as_of)),
            ("Guidelines compared", f"<ul>{guidelines}</ul>"),
        ]
        meta = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
        return "\n".join(
            (
                "<header>",
                f'<p class="kicker">{esc(KICKER)}</p>',
                f"<h1>{esc(spec.question)}</h1>",
                f'<dl class="meta">{meta}</dl>',
                "</header>",
            )
        )

    def bottom_line(self) -> str:
        """The author's conclusion: whole when it is short (it is then said only here), else its
        first sentences, linked to the whole."""
        if not self.spec.conclusion:
            return ""
        if self.saying.conclusion_on_page_one:
            text = self.narrative(self.spec.conclusion[0])
            return f'<p class="bottom-line"><strong>Bottom line</strong> (the author\'s conclusion). {text}</p>'
        text = esc(self.saying.bottom_line_excerpt())
        more = '<a href="#conclusion">the full conclusion</a>'
        return f'<p class="bottom-line"><strong>Bottom line.</strong> {text} (See {more}.)</p>'

    def alerts(self) -> str:
        """What a committee must not miss (decided by the engine), each linked to its detail."""
        if not self.c.warnings:
            return ""
        items = []
        for alert in self.c.warnings:
            target = self.saying.alert_target(alert)
            text = esc(upper_first(alert.text))
            items.append(
                f'<li><a href="#{target}">{text}</a></li>' if target else f"<li>{text}</li>"
            )
        return section("please-note", "Please note", ["<ul>", *items, "</ul>"])

    def matrix(self) -> str:
        heads: list[str | Td] = ["Topic", *(self.matrix_head(g) for g in self.c.guidelines)]
        heads.append("Verdict")
        rows: list[list[str | Td]] = []
        for index, result in enumerate(self.c.topics):
            verdict = f"<strong>{verdict_words(result.verdict)}</strong>"
            if result.coverage is not None:
                verdict += f"<br>{small(result.coverage.headline)}"
            if result.override:
                verdict += "<br>" + small("reviewer's judgement")
            topic = f'<a href="#{topic_key(index)}">{esc(result.topic.label)}</a>'
            rows.append(
                [
                    topic,
                    *(
                        self.matrix_cell(cell, gist)
                        for cell, gist in zip(result.cells, result.gists, strict=True)
                    ),
                    Td(verdict, verdict_class(result.verdict)),
                ]
            )
        matrix = table(
            "at-a-glance-table",
            "What each guideline says on each topic, and the verdict",
            heads,
            rows,
            cls="matrix",
        )
        return section("at-a-glance", "At a glance", [matrix, self.legend()])

    def matrix_head(self, guideline: GuidelineSpec) -> str:
        """A guideline's column head; a superseded or withdrawn one is marked as not counted."""
        head = esc(guideline.label)
        if guideline.status is not Status.CURRENT:
            head += f"<br>{small(f'{guideline.status.value}: not counted')}"
        return head

    def matrix_cell(self, cell: Cell, gist: str) -> Td:
        """What one guideline says on one topic, in the engine's few words (its gist)."""
        if cell.addressed is Addressed.NOT_EXTRACTED:
            return Td(f"<em>{esc(gist)}</em>", "absent")
        if cell.addressed is Addressed.SILENT:
            checked = f"verified {long_date(cell.silence.checked)}" if cell.silence else ""
            return Td(f"<em>{esc(gist)}</em><br>{small(checked)}", "absent")
        return Td(esc(gist))

    def legend(self) -> str:
        marks = "".join(
            f'<div class="{verdict_class(name)}"><dt>{verdict_words(name)}</dt>'
            f"<dd>{esc(mark.meaning)}</dd></div>"
            for name, mark in MARKS.items()
        )
        cells = (
            "<strong>Cells:</strong> what each guideline says in a few words: its stance "
            "(<em>for</em>, <em>against</em>, <em>neutral</em>) with its own grade, or what it "
            "describes. <em>silent</em>: checked, and the guideline says nothing on the topic; "
            "<em>not extracted</em>: nothing extracted yet, which is not the same as silent. "
            "Each topic's section gives the statements in full, with grades read on a common "
            "scale."
        )
        return f'<dl class="legend">{marks}</dl>\n<p class="legend-note">{cells}</p>'

    def pairwise(self) -> str:
        """With three or more guidelines: for each pair, on how many topics they agree, differ,
        conflict, or cannot be compared because one of them does not address the topic."""
        if len(self.c.guidelines) < 3:
            return ""
        labels = {t.topic.id: t.topic.label for t in self.c.topics}

        def count(topics: tuple[str, ...]) -> str:
            named = f"<br>{small(esc(', '.join(labels[t] for t in topics)))}" if topics else ""
            return f"<strong>{len(topics)}</strong>{named}"

        rows: list[list[str | Td]] = [
            [
                f"{esc(pair.first.label)} vs {esc(pair.second.label)}",
                count(pair.agree),
                count(pair.differ),
                count(pair.conflict),
                count(pair.unmatched),
            ]
            for pair in self.c.pairs
        ]
        heads: list[str | Td] = ["Pair", "Agree", "Differ", "Conflict", "Not both addressed"]
        body = [
            table("pairs-table", "On how many topics each pair of guidelines agrees", heads, rows),
            f'<p class="small">{esc(PAIRS_MEANING)}</p>',
        ]
        return section("pairs", "Guidelines pair by pair", body)
