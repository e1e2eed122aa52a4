"""The guidelines side by side (profiles), the references, the notes and the disclaimer."""

from __future__ import annotations

from collections.abc import Sequence

# First: ReportLab's settings are pinned before any of ReportLab copies them (rlsettings.py).
import guidecompare.render.rlsettings  # noqa: F401

# isort: split
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from guidecompare.render.pdf.flowables import _heading
from guidecompare.render.pdf.text import _doi_url, _esc, _link, _long_date, _ref_key, _upper_first
from guidecompare.render.pdf.theme import HEADER_BG, MUTED_HEX, NOTHING_RECORDED
from guidecompare.render.pdf.writer import _WriterBase
from guidecompare.spec.models import ComparisonSpec, GuidelineSpec, Reference


class _Profiles(_WriterBase):
    """The guideline profiles and the closing references."""

    def profiles(self) -> list[Flowable]:
        """One column per guideline, one row per attribute: profiles read side by side.

        At most four guidelines share a table, so that a column stays wide enough to read.
        """
        s = self.s
        title = "The guidelines"
        label_w = 1.0 * inch
        guidelines = self.c.guidelines
        per_table = 4
        groups = [guidelines[i : i + per_table] for i in range(0, len(guidelines), per_table)]
        out: list[Flowable] = []
        for number, group in enumerate(groups):
            col_w = (self.width - label_w) / min(len(guidelines), per_table)
            header = [
                self.p("", s.th),
                *(
                    self.p(
                        self.clipped(g.label, "bold", s.th, col_w - 34, 3) + " " + self.cite(g.id),
                        s.th,
                    )
                    for g in group
                ),
            ]
            grid = self.grid([label_w, *([col_w] * len(group))], padding=(4, 2, 5, 5))
            grid.add([[cell] for cell in header])
            grid.style("BACKGROUND", (0, 0), (-1, 0), HEADER_BG)
            for label, values in self.profile_rows(group):
                if all(value is None for value in values):
                    continue
                # The notes are the long tail of a profile: set small, as a grade's caveats are.
                style = s.cell_small if label == "Notes" else s.cell
                grid.add(
                    [
                        [self.p(label, s.cell_head)],
                        *([self.p(value or NOTHING_RECORDED, style)] for value in values),
                    ]
                )
            heads: list[Flowable] = (
                [_heading(title, s.h1_flow, "guidelines", title, 0)] if number == 0 else []
            )
            tail: list[Flowable] = [Spacer(1, 10)] if number + 1 < len(groups) else []
            out.extend(self.kept(heads, grid.build(), tail))
        return out

    def profile_rows(
        self, guidelines: Sequence[GuidelineSpec]
    ) -> list[tuple[str, list[str | None]]]:
        """Attribute label → each guideline's value as markup; None where the spec is silent.

        A row whose values are all None is left out, except funding and conflicts of interest:
        a committee expects those, so an empty one shows a dash (nothing recorded).
        """
        small = f'<br/><font size="7" color="{MUTED_HEX}">{{}}</font>'

        def grading(g: GuidelineSpec) -> str | None:
            system = g.grading_system
            if system is None:
                return None
            text = _esc(system.name)
            if system.system:
                label = _system_label(self.spec, system.system)
                inferred = " (inferred: not named by the source)" if system.inferred else ""
                text += small.format(f"Read with the {_esc(label)} grading table{inferred}")
            if system.note:
                text += small.format(_esc(system.note))
            return text

        def appraisals(g: GuidelineSpec) -> str | None:
            texts = [
                f"<b>{_esc(a.instrument)}</b>: "
                + "; ".join(f"{_esc(k)} {_esc(v)}" for k, v in a.scores.items())
                + small.format(_esc(a.source))
                for a in g.appraisals
            ]
            return "<br/>".join(texts) or None

        def status(g: GuidelineSpec) -> str:
            # As of the comparison's own date, never today's, so the PDF stays deterministic.
            text = _esc(self.c.standing(g).review)
            return text + (small.format(_esc(g.review_note)) if g.review_note else "")

        def opt(value: str | None) -> str | None:
            return _esc(value) if value else None

        rows: list[tuple[str, list[str | None]]] = [
            ("Issued by", ["<br/>".join(_esc(o) for o in g.organisations) for g in guidelines]),
            ("Developer", [opt(g.developer) for g in guidelines]),
            ("Sponsors", ["<br/>".join(_esc(o) for o in g.sponsors) or None for g in guidelines]),
            # Its date, else its year. The title, citation, DOI and web page are in the
            # numbered reference that the column's heading links to: said once, there.
            (
                "Published",
                [_long_date(g.published) if g.published else str(g.year) for g in guidelines],
            ),
            ("Population", [opt(str(g.population) if g.population else None) for g in guidelines]),
            ("Setting", [opt(g.setting) for g in guidelines]),
            ("Methodology", [opt(g.methodology) for g in guidelines]),
            ("Grading system", [grading(g) for g in guidelines]),
            ("Appraisals", [appraisals(g) for g in guidelines]),
            ("Funding", [opt(g.funding) or NOTHING_RECORDED for g in guidelines]),
            (
                "Conflicts of interest",
                [opt(g.conflicts_of_interest) or NOTHING_RECORDED for g in guidelines],
            ),
            ("Status and review", [status(g) for g in guidelines]),
            ("Notes", [opt(g.notes) for g in guidelines]),
        ]
        return rows

    # -- references and notes -------------------------------------------------------------------

    def references(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = [
            CondPageBreak(1.5 * inch),
            _heading("References", s.h1, "references", "References", 0),
        ]
        by_id: dict[str, GuidelineSpec | Reference] = {g.id: g for g in self.c.guidelines}
        by_id.update({r.id: r for r in self.spec.references})
        for number, cited in enumerate(self.c.citation_order, start=1):
            entry = by_id[cited]
            # The anchor that the numbered citations throughout the document link to.
            text = f'<a name="{_ref_key(number)}"/>{_esc(entry.citation)}'
            if entry.doi:
                text += " " + _link(_doi_url(entry.doi), f"doi:{entry.doi}")
            if entry.url:
                text += " " + _link(entry.url, entry.url)
            out.append(self.p(text, s.reference, bullet=f"[{number}]"))
        # The notes on this comparison, then the numbered notes that the statements and grades
        # refer to: said once, here, instead of beside each.
        notes = [self.p(_esc(self.spec.notes), s.meta)] if self.spec.notes else []
        numbered = ParagraphStyle("numbered-note", parent=s.meta, spaceBefore=3)
        if self.shared_notes:
            notes.append(
                self.p(
                    "Numbered notes: each applies to every statement or grade marked with its "
                    "number.",
                    numbered,
                )
            )
        notes.extend(
            self.p(f"{number}. {_esc(_upper_first(note))}", numbered)
            for note, number in self.shared_notes.items()
        )
        disclaimer = self.p(f"<b>Disclaimer.</b> {_esc(self.spec.disclaimer)}", s.disclaimer)
        if notes:
            out.append(_heading("Notes", s.h1, "notes", "Notes", 0))
            # The disclaimer closes the document beside the last note, never alone on a page.
            out.extend(notes[:-1])
            out.append(KeepTogether([notes[-1], disclaimer]))
        else:
            out.append(disclaimer)
        return out


def _system_label(spec: ComparisonSpec, system_id: str) -> str:
    """A grading system's name as a reader knows it ('USPSTF'), not its id in the tool."""
    from guidecompare.grading import BUILT_IN_REGISTRY

    declared = next((d for d in spec.grading_systems if d.id == system_id), None)
    found = declared or BUILT_IN_REGISTRY.get(system_id)
    return found.label if found is not None else system_id
