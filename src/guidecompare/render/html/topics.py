"""The background and conclusion, then topic by topic: what each guideline says, the tables of
what several guidelines report, and the verdict (as in the PDF's topic pages)."""

from __future__ import annotations

from collections.abc import Sequence

from guidecompare.engine import Addressed, Cell, TopicResult
from guidecompare.engine.dates import long_date
from guidecompare.engine.results import FactTable
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
    NOT_EXTRACTED_TEXT,
    NOTHING_RECORDED,
    StatementSaid,
    lower_first,
    notes_ref,
    regimen_parts,
    topic_key,
    upper_first,
    verdict_box,
)
from guidecompare.spec.models import Regimen


class TopicsPart(PageBase):
    def background_and_conclusion(self) -> str:
        # A conclusion that the top of the page gives whole is not said again.
        conclusion = () if self.saying.conclusion_on_page_one else self.spec.conclusion
        parts = []
        for key, title, paragraphs in (
            ("background", "Background", self.spec.background),
            ("conclusion", "Conclusion", conclusion),
        ):
            if paragraphs:
                body = [f"<p>{self.narrative(p)}</p>" for p in paragraphs]
                parts.append(section(key, title, body))
        return "\n".join(parts)

    def topic_by_topic(self) -> str:
        body = []
        if self.c.common_source:
            source = self.c.common_source
            body.append(
                f"<p>Every statement below was read in the {esc(self.c.short_name(source))} "
                f"{self.cite(source)}, not in the guideline itself: a quote gives that "
                "document's words, and each statement ends with where it stands there.</p>"
            )
        for index, result in enumerate(self.c.topics):
            parts = []
            if result.topic.description:
                parts.append(f'<p class="small">{esc(result.topic.description)}</p>')
            key = topic_key(index)
            parts.append(self.topic_table(key, result))
            parts.extend(
                self.fact_table(f"{key}-facts-{n}", t) for n, t in enumerate(result.tables, 1)
            )
            parts.append(self.verdict(result))
            body.append(section(key, esc(result.topic.label), parts, level=3))
        return section("topics", "Topic by topic", body)

    def topic_table(self, key: str, result: TopicResult) -> str:
        """One column per guideline, its statements one under another."""
        heads: list[str | Td] = [
            f"{esc(c.guideline.label)} {self.cite(c.guideline.id)}" for c in result.cells
        ]
        cells: list[str | Td] = []
        for cell in result.cells:
            if cell.addressed is Addressed.YES:
                said = [self.statement(s) for s in self.saying.statements(cell, result.tables)]
                cells.append("".join(f'<div class="statement">{s}</div>' for s in said))
            else:
                cells.append(Td(self.absent(cell), "absent"))
        caption = f"What each guideline says on {esc(lower_first(result.topic.label))}"
        return table(f"{key}-said", caption, heads, [cells], cls="topic", row_heads=False)

    def absent(self, cell: Cell) -> str:
        if cell.addressed is Addressed.SILENT and cell.silence is not None:
            out = f"<p><em>Silent (verified {long_date(cell.silence.checked)})</em></p>"
            if cell.silence.note:
                out += f'<p class="small">{esc(cell.silence.note)}</p>'
            return out
        return f"<p><em>{esc(NOT_EXTRACTED_TEXT)}</em></p>"

    def statement(self, said: StatementSaid) -> str:
        """One statement, as render/saying.py says it (and the PDF shows it)."""
        c = self.c
        out: list[str] = []
        if said.stance:
            head = f"<strong>{esc(said.stance)}</strong>"
            if said.wording:
                head += f": “{esc(said.wording)}”"
            out.append(f'<p class="stance">{head}</p>')
        if said.grade:
            out.append(f'<p class="small">{esc(said.grade)}</p>')
        if said.reading:
            notes = _notes_linked(said.reading_notes)
            out.append(f'<p class="small"><em>{esc(said.reading)}</em>{notes}</p>')
        if said.population:
            out.append(f'<p class="small">Population: {esc(said.population)}</p>')
        if said.text:
            out.append(f"<p>{esc(said.text)}</p>")
        if said.quote:
            out.append(f"<blockquote><p>“{esc(said.quote)}”</p></blockquote>")
        if said.regimens:
            items = "".join(f"<li>{self.regimen(r)}</li>" for r in said.regimens)
            out.append(f'<p class="label"><strong>Regimens</strong></p><ul>{items}</ul>')
        for label, values in said.facets:
            out.append(f"<p><strong>{esc(label)}:</strong> {esc(values)}</p>")
        if said.evidence:
            cited = "; ".join(f"{esc(c.short_name(e))} {self.cite(e)}" for e in said.evidence)
            out.append(f"<p><strong>Evidence:</strong> {cited}</p>")
        if said.note:
            out.append(f'<p class="small">Note: {esc(said.note)}</p>')
        document = self.cite(said.source_document)
        if said.source_named:
            document = f"{esc(c.short_name(said.source_document))} {document}"
        numbered = _notes_linked((said.note_number,) if said.note_number else ())
        out.append(
            f'<p class="small">{said.source_label} {document}{esc(said.where)}{numbered}</p>'
        )
        return "".join(out)

    def regimen(self, regimen: Regimen) -> str:
        text = " · ".join(esc(part) for part in regimen_parts(regimen))
        if regimen.study:
            name = f"<strong>{esc(self.c.short_name(regimen.study))}</strong>"
            text = f"{name} {self.cite(regimen.study)}: {text}"
        if regimen.note:
            text += f" ({esc(regimen.note)})"
        return text

    def fact_table(self, key: str, fact: FactTable) -> str:
        """Regimens or named things side by side: one row each, one column per guideline that
        reports them (a superseded one marked), and which fields the current guidelines report
        differently; then what a dash means."""
        apart = any(row.apart for row in fact.rows)
        guidelines = {g.id: g for g in self.c.guidelines}
        heads: list[str | Td] = [esc(fact.title)]
        for gid, counted in zip(fact.guidelines, fact.counted, strict=True):
            head = esc(guidelines[gid].label)
            if not counted:
                head += f"<br>{small(f'{guidelines[gid].status.value}: not counted')}"
            heads.append(head)
        if apart:
            heads.append("Reported differently")
        rows: list[list[str | Td]] = []
        for row in fact.rows:
            name = esc(upper_first(row.label)) + (f" {self.cite(row.cited)}" if row.cited else "")
            cells: list[str | Td] = [name, *(esc(text) or NOTHING_RECORDED for text in row.cells)]
            if apart:
                cells.append(esc(", ".join(row.apart)) or NOTHING_RECORDED)
            rows.append(cells)
        caption = esc(f"{fact.title}: who reports what")
        out = table(key, caption, heads, rows, cls="facts")
        if any(not text for row in fact.rows for text in row.cells):
            legend = (
                f"{NOTHING_RECORDED} {fact.blank} in that guideline's statements on this topic."
            )
            out += f'\n<p class="legend-note">{esc(legend)}</p>'
        return out

    def verdict(self, result: TopicResult) -> str:
        text = verdict_box(
            result,
            bold=lambda t: f"<strong>{t}</strong>",
            esc=esc,
            verdict=verdict_words,
            br="<br>",
        )
        return f'<p class="verdict {verdict_class(result.verdict)}">{text}</p>'


def _notes_linked(numbers: Sequence[int]) -> str:
    """' (note 2)' or ' (notes 1, 3)', each number linked to its note after the topics."""
    return notes_ref(numbers, lambda n: f'<a href="#note-{n}">{n}</a>')
