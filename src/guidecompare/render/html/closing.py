"""What changed (since a baseline, and in each new edition), the guidelines side by side, the
references, the notes and the disclaimer (as in the PDF)."""

from __future__ import annotations

from guidecompare.engine.dates import long_date
from guidecompare.engine.results import ComparisonChanges
from guidecompare.engine.words import changed_words
from guidecompare.render.html.base import PageBase
from guidecompare.render.html.markup import Td, esc, link, scrolling, section, small, table
from guidecompare.render.saying import (
    EDITIONS_LEAD,
    KIND_WORDS,
    NOTHING_RECORDED,
    NUMBERED_NOTES_LEAD,
    STATUS_WORDS,
    Lines,
    doi_url,
    profile_rows,
    ref_key,
    upper_first,
)
from guidecompare.spec.models import GuidelineSpec, Reference


class ClosingPart(PageBase):
    def changes_since(self) -> str:
        baseline = self.c.baseline
        if baseline is None:
            return ""
        title = esc(f"Changes since {baseline.name}")
        changes = baseline.changes
        if changes.status == "added":
            said = f"<p>{esc(f'The comparison is new since {baseline.name}.')}</p>"
        elif not changes.items:
            said = f"<p>{esc(f'Nothing has changed in meaning since {baseline.name}.')}</p>"
        else:
            caption = f"What changed since {esc(baseline.name)}"
            said = self.changes_table("changes-table", changes, caption)
        return section("changes", title, [said])

    def new_editions(self) -> str:
        """What each successor changed against the guideline it supersedes, both compared here."""
        changes = self.c.editions
        if changes is None or not changes.items:
            return ""
        body = [
            f"<p>{esc(EDITIONS_LEAD)}</p>",
            self.changes_table("editions-table", changes, "What each new edition changed"),
        ]
        return section("editions", "What the new editions changed", body)

    def changes_table(self, key: str, changes: ComparisonChanges, caption: str) -> str:
        """What changed: one group of rows per item, headed by what it is; a row per axis."""
        out = [
            '<thead><tr><th scope="col">What</th><th scope="col">Change</th>'
            '<th scope="col">Before</th><th scope="col">After</th></tr></thead>',
        ]
        for item in changes.items:
            what = esc(f"{KIND_WORDS[item.kind]} {item.subject}")
            out.append("<tbody>")
            if not item.changes:
                status = esc(STATUS_WORDS.get(item.status, item.status))
                out.append(f'<tr><th scope="row">{what}</th><td colspan="3">{status}</td></tr>')
            for number, change in enumerate(item.changes):
                before, after = changed_words(change.before, change.after)
                head = (
                    f'<th scope="rowgroup" rowspan="{len(item.changes)}">{what}</th>'
                    if number == 0
                    else ""
                )
                out.append(
                    f"<tr>{head}<td>{esc(change.axis)}</td>"
                    f"<td>{esc(before) or NOTHING_RECORDED}</td>"
                    f"<td>{esc(after) or NOTHING_RECORDED}</td></tr>"
                )
            out.append("</tbody>")
        return scrolling(key, caption, out)

    def profiles(self) -> str:
        """One column per guideline, one row per attribute: profiles read side by side."""
        guidelines = self.c.guidelines
        heads: list[str | Td] = [
            '<span class="visually-hidden">Attribute</span>',
            *(f"{esc(g.label)} {self.cite(g.id)}" for g in guidelines),
        ]
        rows: list[list[str | Td]] = []
        for label, values in self.profile_rows(guidelines):
            rows.append([label, *(value or NOTHING_RECORDED for value in values)])
        caption = "The guidelines compared, side by side"
        profile = table("guidelines-table", caption, heads, rows, cls="profiles")
        return section("guidelines", "The guidelines", [profile])

    def profile_rows(
        self, guidelines: tuple[GuidelineSpec, ...]
    ) -> list[tuple[str, list[str | None]]]:
        """Attribute label → each guideline's value as markup; None where the spec is silent
        (the rows of render/saying.py, as the PDF shows them)."""

        def markup(lines: Lines) -> str | None:
            if lines is None:
                return None
            said = []
            for line in lines:
                text = esc(line.text)
                if line.lead:
                    text = f"<strong>{esc(line.lead)}</strong>: {text}"
                said.append(small(text) if line.small else text)
            return "<br>".join(said)

        return [
            (label, [markup(value) for value in values])
            for label, values in profile_rows(self.c, guidelines)
        ]

    def references(self) -> str:
        by_id: dict[str, GuidelineSpec | Reference] = {g.id: g for g in self.c.guidelines}
        by_id.update({r.id: r for r in self.spec.references})
        items = []
        for number, cited in enumerate(self.c.citation_order, start=1):
            entry = by_id[cited]
            text = esc(entry.citation)
            if entry.doi:
                text += " " + link(doi_url(entry.doi), f"doi:{entry.doi}")
            if entry.url:
                text += " " + link(entry.url, entry.url)
            items.append(f'<li id="{ref_key(number)}">[{number}] {text}</li>')
        # The numbers are the text's own ([1]): no list marker, and role="list" keeps the list
        # a list where a browser drops the role of a list without markers.
        listed = ['<ol class="references" role="list">', *items, "</ol>"]
        return section("references", "References", listed)

    def notes(self) -> str:
        """The notes on this comparison, the numbered notes, and the disclaimer that closes it."""
        body = [f"<p>{esc(self.spec.notes)}</p>"] if self.spec.notes else []
        shared = self.saying.shared_notes
        if shared:
            body.append(f"<p>{esc(NUMBERED_NOTES_LEAD)}</p>")
            items = (
                f'<li id="note-{number}">{number}. {esc(upper_first(note))}</li>'
                for note, number in shared.items()
            )
            body.extend(['<ol class="notes" role="list">', *items, "</ol>"])
        disclaimer = (
            f'<p class="disclaimer"><strong>Disclaimer.</strong> {esc(self.spec.disclaimer)}</p>'
        )
        if not body:
            return disclaimer
        return section("notes", "Notes", [*body, disclaimer])

    def footer(self) -> str:
        when = long_date(self.spec.current_as_of)
        return f"<footer><p>Information current as of {when}</p></footer>"
