"""What changed, in the PDF: "Changes since …" a baseline version, when a build names one
(`build --since REV`, or `baseline:` in comparison.yaml), and what each new edition changed,
when a comparison holds a guideline beside its successor. The changes are the diff stage's
(diff/changes.py, carried on the comparison); this lays them out."""

from __future__ import annotations

# First: ReportLab's settings are pinned before any of ReportLab copies them (rlsettings.py).
import guidecompare.render.rlsettings  # noqa: F401

# isort: split
from reportlab.lib.units import inch
from reportlab.platypus import Flowable

from guidecompare.engine.results import ComparisonChanges
from guidecompare.engine.words import changed_words
from guidecompare.render.pdf.flowables import _heading
from guidecompare.render.pdf.text import _esc
from guidecompare.render.pdf.theme import HEADER_BG, NOTHING_RECORDED
from guidecompare.render.pdf.writer import _WriterBase
from guidecompare.render.saying import EDITIONS_LEAD, KIND_WORDS, STATUS_WORDS


class _Changes(_WriterBase):
    """What changed since the baseline, as a table: what, which axis, before, after."""

    def changes_since(self) -> list[Flowable]:
        baseline = self.c.baseline
        if baseline is None:
            return []
        title = f"Changes since {baseline.name}"
        heading = _heading(_esc(title), self.s.h1_flow, "changes", title, 0)
        changes = baseline.changes
        if changes.status == "added":
            return [heading, self.p(_esc(f"The comparison is new since {baseline.name}."))]
        if not changes.items:
            return [heading, self.p(_esc(f"Nothing has changed in meaning since {baseline.name}."))]
        return self.changes_table(heading, changes)

    def new_editions(self) -> list[Flowable]:
        """What each successor changed against the guideline it supersedes, both compared here."""
        changes = self.c.editions
        if changes is None or not changes.items:
            return []
        title = "What the new editions changed"
        heading = _heading(title, self.s.h1_flow, "editions", title, 0)
        lead = self.p(EDITIONS_LEAD, self.s.cell)
        return [*self.changes_table(heading, changes, lead)]

    def changes_table(
        self, heading: Flowable, changes: ComparisonChanges, *lead: Flowable
    ) -> list[Flowable]:
        """What changed, as a table: what, which axis, before, after."""
        s = self.s
        what_w, axis_w = 1.9 * inch, 1.1 * inch
        rest = (self.width - what_w - axis_w) / 2
        grid = self.grid([what_w, axis_w, rest, rest], padding=(3, 2, 5, 5))
        grid.add([[self.p(head, s.th)] for head in ("What", "Change", "Before", "After")])
        grid.style("BACKGROUND", (0, 0), (-1, 0), HEADER_BG)
        for item in changes.items:
            what = [self.p(_esc(f"{KIND_WORDS[item.kind]} {item.subject}"), s.cell)]
            if not item.changes:
                status = STATUS_WORDS.get(item.status, item.status)
                grid.add([what, [self.p(_esc(status), s.cell)], [], []])
            for change in item.changes:
                before, after = changed_words(change.before, change.after)
                grid.add(
                    [
                        what,
                        [self.p(_esc(change.axis), s.cell)],
                        [self.p(_esc(before) or NOTHING_RECORDED, s.cell)],
                        [self.p(_esc(after) or NOTHING_RECORDED, s.cell)],
                    ]
                )
                what = []
        return self.kept([heading, *lead], grid.build(), [], keep=False)
