"""What the comparison engine tells a reader: one result per topic that every output shows.

The engine (engine.py) fills these; renderers only lay them out. Nothing here decides anything
but the shape of the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from guidecompare.grading import BUILT_IN_REGISTRY, GradeReading, GradingRegistry, read_grade

if TYPE_CHECKING:
    from guidecompare.engine.summary import Alert
from guidecompare.spec.models import (
    ComparisonSpec,
    Direction,
    GuidelineSpec,
    Override,
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
class Clause:
    """One finding of a key point, in forms from the fullest to a word or two.

    A renderer short of room takes a shorter form; the fullest names who and what.
    """

    forms: tuple[str, ...]
    # Shortened only when every other clause is as short as it gets: who is for and who is
    # against is the point of a conflict.
    pinned: bool = False

    @classmethod
    def of(cls, *forms: str, pinned: bool = False) -> Clause:
        return cls(tuple(dict.fromkeys(forms)), pinned)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class KeyPoint:
    """A topic in a line: what is shared, what differs, what only one gives, who is absent."""

    shared: tuple[Clause, ...]
    differences: tuple[Clause, ...] = ()
    details: tuple[Clause, ...] = ()
    absent: Clause | None = None

    @property
    def clauses(self) -> tuple[Clause, ...]:
        return (
            *self.shared,
            *self.differences,
            *self.details,
            *((self.absent,) if self.absent else ()),
        )

    def text(self, levels: Sequence[int] | None = None, keep: int | None = None) -> str:
        """The key point as sentences, clause i in its form `levels[i]` (0: the fullest).

        With `keep`, only the first `keep` clauses are told and an ellipsis says there is more.
        """
        clauses = self.clauses
        levels = levels or [0] * len(clauses)
        kept = len(clauses) if keep is None else keep
        words = [
            c.forms[level] if i < kept else ""
            for i, (c, level) in enumerate(zip(clauses, levels, strict=True))
        ]
        bounds = [0, len(self.shared), len(self.differences), len(self.details)]
        starts = [sum(bounds[: i + 1]) for i in range(4)]
        # A shortened clause may read like another one: say each once.
        seen: set[str] = set()
        for index, word in enumerate(words):
            if word.casefold() in seen:
                words[index] = ""
            seen.add(word.casefold())
        shared = [w for w in words[starts[0] : starts[1]] if w]
        differences = [w for w in words[starts[1] : starts[2]] if w]
        details = [w for w in words[starts[2] : starts[3]] if w]
        absent = [w for w in words[starts[3] :] if w]
        sentences = []
        if shared:
            sentences.append(_upper_first("; ".join(shared)))
        if differences:
            sentences.append("Differences: " + "; ".join(differences))
        if details:
            sentences.append(_upper_first("; ".join(details)))
        if absent:
            sentences.append(_upper_first(absent[0]))
        text = ". ".join(sentences)
        return text + ("; …" if kept < len(clauses) else ".")


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
        parts = [f"{len(self.addressing)} of {self.counted} address it"]
        parts.extend(self.gaps)
        return "; ".join(parts)

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
class TopicResult:
    """One topic: the cells side by side and everything a reader is told about them."""

    topic: Topic
    cells: tuple[Cell, ...]
    computed: VerdictName
    rationale: str
    override: Override | None = None
    coverage: Coverage | None = None
    key_point: KeyPoint = field(default_factory=lambda: KeyPoint(()))
    agreements: tuple[str, ...] = ()  # what the counted guidelines share
    differences: tuple[str, ...] = ()  # substantive: they count toward the verdict
    details: tuple[str, ...] = ()  # values one guideline states and another does not
    notes: tuple[str, ...] = ()  # reported differently, populations apart, not comparable
    gists: tuple[str, ...] = ()  # what each guideline says, in a few words, in the cells' order

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
    review: str  # e.g. 'Current; planned review 2023 passed as of 2025-02-20: no update recorded'


@dataclass(frozen=True)
class Comparison:
    """The result of comparing: what the renderers turn into PDF and CSV."""

    spec: ComparisonSpec
    guidelines: tuple[GuidelineSpec, ...]
    topics: tuple[TopicResult, ...]
    pairs: tuple[PairSummary, ...] = ()
    warnings: tuple[Alert, ...] = ()  # what page 1 must not let a committee miss
    standings: tuple[Standing, ...] = ()  # one per guideline, in the same order

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
