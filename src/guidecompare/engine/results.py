"""What the comparison engine tells a reader: one result per topic that every output shows.

The engine (judge.py, telling.py) fills these; renderers only lay them out. Nothing here decides anything
but the shape of the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from guidecompare.grading import BUILT_IN_REGISTRY, GradeReading, GradingRegistry, read_grade

if TYPE_CHECKING:
    from guidecompare.engine.summary import Alert
from guidecompare.spec.models import (
    ComparisonSpec,
    Direction,
    GuidelineSpec,
    Override,
    Regimen,
    Silence,
    Statement,
    Status,
    Topic,
    VerdictName,
)


class Addressed(StrEnum):
    """Whether a guideline addresses a topic, as the CSV's `addressed` column says it."""

    YES = "yes"
    SILENT = "silent"
    NOT_EXTRACTED = "not-extracted"


def read_statement(
    guideline: GuidelineSpec, statement: Statement, registry: GradingRegistry = BUILT_IN_REGISTRY
) -> GradeReading:
    """A statement's grade and certainty read on the common scale of its guideline's system."""
    system = guideline.grading_system
    return read_grade(
        system.system if system else None,
        statement.grade,
        statement.certainty,
        direction=statement.stance.direction,
        registry=registry,
        inferred=system.inferred if system else False,
    )


@dataclass(frozen=True)
class Cell:
    """What one guideline says on one topic."""

    guideline: GuidelineSpec
    addressed: Addressed
    statements: tuple[Statement, ...] = ()
    silence: Silence | None = None
    # Each statement's grade on the common scale, in the order of `statements`. Left empty,
    # they are read with the built-in grading systems.
    readings: tuple[GradeReading, ...] = ()

    def __post_init__(self) -> None:
        if len(self.readings) != len(self.statements):
            readings = tuple(read_statement(self.guideline, s) for s in self.statements)
            object.__setattr__(self, "readings", readings)

    @property
    def counted(self) -> bool:
        """False for a superseded or withdrawn guideline: shown, marked, and not counted."""
        return self.guideline.status is Status.CURRENT

    @property
    def directions(self) -> tuple[Direction, ...]:
        """The distinct directions of its statements, in a fixed order; () when only descriptive."""
        present = {s.stance.direction for s in self.statements}
        order = (Direction.FOR, Direction.NEUTRAL, Direction.AGAINST)
        return tuple(d for d in order if d in present)

    @property
    def stance(self) -> str:
        """One word (or a few) for the summary: `for`, `descriptive`, `silent`, `not-extracted`."""
        if self.addressed is not Addressed.YES:
            return self.addressed.value
        return "; ".join(self.directions) or Direction.DESCRIPTIVE.value


@dataclass(frozen=True)
class Coverage:
    """Who addresses a topic. Counted guidelines are the current ones; the others are shown."""

    addressing: tuple[str, ...]  # labels of the current guidelines that address it
    silent: tuple[str, ...]
    not_extracted: tuple[str, ...]
    not_counted: tuple[tuple[str, str], ...]  # (label, status) of superseded and withdrawn ones
    counted: int  # how many current guidelines the comparison holds

    @property
    def text(self) -> str:
        """'2 of 3 address it; C is not extracted; D 2016 (superseded) is not counted'."""
        parts = [self.headline]
        parts.extend(self.gaps)
        return "; ".join(parts)

    @property
    def headline(self) -> str:
        """'2 of 3 address it'."""
        return f"{len(self.addressing)} of {self.counted} address it"

    @property
    def gaps(self) -> tuple[str, ...]:
        """Each group of guidelines that does not count toward the verdict, in words."""
        from guidecompare.engine.words import is_are, join_names

        parts = []
        if self.silent:
            parts.append(f"{join_names(self.silent)} {is_are(self.silent)} silent")
        if self.not_extracted:
            parts.append(
                f"{join_names(self.not_extracted)} {is_are(self.not_extracted)} not extracted"
            )
        by_status: dict[str, list[str]] = {}
        for label, status in self.not_counted:
            by_status.setdefault(status, []).append(label)
        for status, labels in by_status.items():
            parts.append(f"{join_names(labels)} {is_are(labels)} {status}: shown, not counted")
        return tuple(parts)


@dataclass(frozen=True)
class FactRow:
    """One trial's regimen or one thing named, as each guideline of its table gives it."""

    label: str  # the trial's short name, or the thing (an equivalence group's name)
    cited: str | None  # the trial's reference id, to cite beside the label
    cells: tuple[str, ...]  # in the table's column order; "" where that guideline gives none
    apart: tuple[str, ...] = ()  # fields the current guidelines report differently


@dataclass(frozen=True)
class FactTable:
    """Facts two or more current guidelines report on a topic, side by side (engine/tables.py).

    Only what descriptive statements report is tabled: a recommendation's regimen or facet
    stays beside it, with its population. What a table shows is not repeated beside the
    statements: `shows_regimen` and `shows_facet` say which.
    """

    title: str  # what the rows are: "Trial regimen", or a facet's label
    guidelines: tuple[str, ...]  # the ids of its columns, in the compared order
    counted: tuple[bool, ...]  # per column: False for a superseded or withdrawn guideline
    rows: tuple[FactRow, ...]
    blank: str  # what an empty cell means: "not reported", "not mentioned"
    facet: str | None = None  # the facet it shows; None for the trials' regimens

    @property
    def regimens(self) -> bool:
        return self.facet is None

    def shows_regimen(self, statement: Statement, regimen: Regimen) -> bool:
        """True when this table shows `regimen` of `statement` (in its trial's row)."""
        return (
            self.regimens
            and statement.stance.direction is Direction.DESCRIPTIVE
            and regimen.study is not None
            and any(row.cited == regimen.study for row in self.rows)
        )

    def shows_facet(self, statement: Statement, facet_id: str) -> bool:
        """True when this table shows the values `statement` gives for `facet_id`."""
        return facet_id == self.facet and statement.stance.direction is Direction.DESCRIPTIVE


@dataclass(frozen=True)
class TopicResult:
    """One topic: the cells side by side and everything a reader is told about them."""

    topic: Topic
    cells: tuple[Cell, ...]
    computed: VerdictName
    rationale: str
    override: Override | None = None
    coverage: Coverage | None = None
    agreements: tuple[str, ...] = ()  # what the counted guidelines share
    differences: tuple[str, ...] = ()  # substantive: they count toward the verdict
    details: tuple[str, ...] = ()  # values one guideline states and another does not
    notes: tuple[str, ...] = ()  # reported differently, populations apart, not comparable
    gists: tuple[str, ...] = ()  # what each guideline says, in a few words, in the cells' order
    tables: tuple[FactTable, ...] = ()  # regimens and named things, side by side

    @property
    def verdict(self) -> VerdictName:
        return self.override.verdict if self.override else self.computed


@dataclass(frozen=True)
class PairSummary:
    """How two guidelines compare across all topics: the topic ids in each class."""

    first: GuidelineSpec
    second: GuidelineSpec
    agree: tuple[str, ...]
    differ: tuple[str, ...]
    conflict: tuple[str, ...]
    unmatched: tuple[str, ...]  # at least one of the two does not address the topic


@dataclass(frozen=True)
class Standing:
    """A guideline's standing in words, as of the comparison's date (never today's)."""

    successor: str | None  # a superseded guideline's successor, as people know it
    review: str  # e.g. 'Current; planned review 2023 passed as of February 20, 2025: no update…'


ChangeStatus = Literal["added", "removed", "changed"]
Kind = Literal["comparison", "guideline", "statement", "topic"]


@dataclass(frozen=True)
class Change:
    """One axis that changed: its value before and after ("" where there was none)."""

    axis: str
    before: str
    after: str


@dataclass(frozen=True)
class ItemChange:
    """A guideline, statement or topic that was added, removed or changed."""

    kind: Kind
    key: str  # what matches it across versions: a guideline or topic id, a statement's key
    subject: str  # what a reader calls it: "RSDSA 2022", "RSDSA 2022 · Dosing", "Dosing"
    status: ChangeStatus
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class ComparisonChanges:
    """Everything that changed in one comparison, or its arrival or removal."""

    comparison: str  # the comparison's id
    title: str
    status: ChangeStatus | Literal["unchanged"]
    items: tuple[ItemChange, ...] = ()

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"


@dataclass(frozen=True)
class Baseline:
    """What changed since a baseline version of the comparison (diff/changes.py computes it):
    shown in the PDF as "Changes since …" when a build names one."""

    name: str  # the revision as given: "v1.0", "HEAD~3"
    changes: ComparisonChanges


@dataclass(frozen=True)
class Comparison:
    """The result of comparing: what the renderers turn into PDF and CSV."""

    spec: ComparisonSpec
    guidelines: tuple[GuidelineSpec, ...]
    topics: tuple[TopicResult, ...]
    pairs: tuple[PairSummary, ...] = ()
    warnings: tuple[Alert, ...] = ()  # what page 1 must not let a committee miss
    standings: tuple[Standing, ...] = ()  # one per guideline, in the same order
    baseline: Baseline | None = None  # what changed since a baseline, when a build names one
    # What each successor changed against the guideline it supersedes, when both are compared.
    editions: ComparisonChanges | None = None

    def standing(self, guideline: GuidelineSpec) -> Standing:
        return self.standings[self.guidelines.index(guideline)]

    @property
    def citation_order(self) -> tuple[str, ...]:
        """Ids in reference-list order: the guidelines compared, then the other references."""
        return (*self.spec.guidelines, *(ref.id for ref in self.spec.references))

    def citation_number(self, cited: str) -> int:
        return self.citation_order.index(cited) + 1

    def short_name(self, cited: str) -> str:
        return short_names(self.spec, self.guidelines).get(cited, cited)

    @property
    def common_source(self) -> str | None:
        """The one document every statement was read in, when it is not a guideline of the
        comparison (a secondary source, such as a drug-information response); else None."""
        documents = {s.source.document for g in self.guidelines for s in g.statements}
        if len(documents) == 1 and not documents & {g.id for g in self.guidelines}:
            return next(iter(documents))
        return None

    def quoted_in(self, statement: Statement, guideline: GuidelineSpec) -> str | None:
        """The document a statement's quote was read in when it is not the guideline itself
        (a secondary source): its words are that document's, not the guideline's own."""
        document = statement.source.document
        return None if document == guideline.id else self.short_name(document)


def short_names(spec: ComparisonSpec, guidelines: Sequence[GuidelineSpec]) -> dict[str, str]:
    """What the engine calls each reference and guideline in words, by id."""
    names = {ref.id: ref.short or ref.id for ref in spec.references}
    names.update({g.id: g.label for g in guidelines})
    return names
