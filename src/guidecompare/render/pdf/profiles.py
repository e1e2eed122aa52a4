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
from guidecompare.render.pdf.text import _esc, _link
from guidecompare.render.pdf.theme import HEADER_BG, MUTED_HEX, NOTHING_RECORDED
from guidecompare.render.pdf.writer import _WriterBase
from guidecompare.render.saying import (
    NUMBERED_NOTES_LEAD,
    Lines,
    doi_url,
    profile_rows,
    ref_key,
    upper_first,
)
from guidecompare.spec.models import GuidelineSpec, Reference


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
        """Attribute label → each guideline's value as markup; None where the spec is silent
        (the rows of render/saying.py, their small notes set smaller and muted)."""

        def markup(lines: Lines) -> str | None:
            if lines is None:
                return None
            said = []
            for line in lines:
                text = _esc(line.text)
                if line.lead:
                    text = f"<b>{_esc(line.lead)}</b>: {text}"
                if line.small:
                    text = f'<font size="7" color="{MUTED_HEX}">{text}</font>'
                said.append(text)
            return "<br/>".join(said)

        return [
            (label, [markup(value) for value in values])
            for label, values in profile_rows(self.c, guidelines)
        ]

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
            text = f'<a name="{ref_key(number)}"/>{_esc(entry.citation)}'
            if entry.doi:
                text += " " + _link(doi_url(entry.doi), f"doi:{entry.doi}")
            if entry.url:
                text += " " + _link(entry.url, entry.url)
            out.append(self.p(text, s.reference, bullet=f"[{number}]"))
        # The notes on this comparison, then the numbered notes that the statements and grades
        # refer to: said once, here, instead of beside each.
        notes = [self.p(_esc(self.spec.notes), s.meta)] if self.spec.notes else []
        numbered = ParagraphStyle("numbered-note", parent=s.meta, spaceBefore=3)
        if self.saying.shared_notes:
            notes.append(self.p(NUMBERED_NOTES_LEAD, numbered))
        notes.extend(
            self.p(f"{number}. {_esc(upper_first(note))}", numbered)
            for note, number in self.saying.shared_notes.items()
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
