"""The verdict rules: what one guideline says on a topic (its position), and how two positions relate.

Every comparison the engine reports is made here, two guidelines at a time, by one function per
aspect; the topic's verdict, its wording and the pair-by-pair view are all built from these
answers, so they cannot disagree. docs/verdicts.md states the rules in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from guidecompare.engine.results import Cell
from guidecompare.engine.values import Ages, Equivalents, ages_of, fold
from guidecompare.engine.words import REGIMEN_FIELDS, regimen_fields, regimen_text
from guidecompare.grading import CertaintyCode, GradeReading, RecommendationCode, Unmapped
from guidecompare.spec.models import Direction, Facet

# The aspects in the order the engine reports them.
DIRECTION = "direction"
GRADE = "grade"
STRENGTH = "strength"
CERTAINTY = "certainty"


@dataclass(frozen=True)
class Directed:
    """A statement with a direction, reduced to what the rules compare."""

    direction: Direction
    ages: Ages
    population: str | None  # the statement's own population, in words, folded for comparing
    reading: GradeReading


@dataclass(frozen=True)
class Position:
    """What one guideline says on one topic, reduced to what the rules compare."""

    gid: str
    label: str
    directed: tuple[Directed, ...]
    # facet id → canonical value → the values as written that read as it
    facets: Mapping[str, Mapping[str, tuple[str, ...]]]
    # regimen key (the trial's id, or "regimen: <text>") → field → (folded, as written)
    regimens: Mapping[str, Mapping[str, tuple[str, str]]]
    evidence: tuple[str, ...]
    # Regimens its statements with a direction give: its own recommendation, not a report.
    recommended: frozenset[str] = frozenset()

    @property
    def directions(self) -> tuple[Direction, ...]:
        present = {d.direction for d in self.directed}
        order = (Direction.FOR, Direction.NEUTRAL, Direction.AGAINST)
        return tuple(d for d in order if d in present)

    @property
    def stance(self) -> str:
        return "; ".join(self.directions) or Direction.DESCRIPTIVE.value


def position(cell: Cell, equivalents: Equivalents) -> Position:
    """The position of a cell that addresses its topic."""
    directed = []
    facets: dict[str, dict[str, tuple[str, ...]]] = {}
    regimens: dict[str, dict[str, tuple[str, str]]] = {}
    recommended: set[str] = set()
    for statement, reading in zip(cell.statements, cell.readings, strict=True):
        if statement.stance.direction is not Direction.DESCRIPTIVE:
            # Overlap is judged on the population it applies to (its own, else its guideline's);
            # only a population the statement states itself is compared in words.
            own = statement.population
            directed.append(
                Directed(
                    statement.stance.direction,
                    ages_of(cell.guideline.population_of(statement)),
                    str(own) if own is not None else None,
                    reading,
                )
            )
        for facet_id, values in statement.facets.items():
            found = facets.setdefault(facet_id, {})
            for value in values:
                canonical = equivalents.canonical(value)
                if value not in found.get(canonical, ()):
                    found[canonical] = (*found.get(canonical, ()), value)
        for regimen in statement.regimens:
            key = regimen.study or f"regimen: {regimen_text(regimen)}"
            if statement.stance.direction is not Direction.DESCRIPTIVE:
                recommended.add(key)
            fields = regimens.setdefault(key, {})
            for name, stated in regimen_fields(regimen).items():
                if stated is not None:
                    fields.setdefault(name, (fold(stated), stated))
    evidence = tuple(dict.fromkeys(e for s in cell.statements for e in s.evidence))
    return Position(
        cell.guideline.id,
        cell.guideline.label,
        tuple(directed),
        facets,
        regimens,
        evidence,
        frozenset(recommended),
    )


# ---------------------------------------------------------------------------------------------
# Grades


def _graded(p: Position) -> list[GradeReading]:
    """The readings of its directed statements that give a grade (readable on the common scale
    or not); not stated, ungraded and not extracted give none."""
    return [
        d.reading
        for d in p.directed
        if isinstance(d.reading.recommendation, RecommendationCode)
        or d.reading.recommendation is Unmapped.NOT_MAPPABLE
    ]


def _native(reading: GradeReading) -> tuple[str | None, str]:
    return reading.system, fold(reading.native_grade or "")


def _directed_code(reading: GradeReading) -> bool:
    code = reading.recommendation
    return isinstance(code, RecommendationCode) and code is not RecommendationCode.NEUTRAL


def _strength(code: RecommendationCode | object) -> str:
    return str(code).split("-")[0]  # strong-for -> strong


def grade_shown(p: Position) -> str | None:
    """The grades of a position as the guideline gives them, with their common reading."""
    texts = []
    for reading in _graded(p):
        grade = reading.native_grade or ""
        text = f"grade {grade}" if grade else "grade"
        if isinstance(reading.recommendation, RecommendationCode):
            text += f" ≈ {reading.recommendation.value}"
        if reading.native_certainty:
            text += f", {reading.native_certainty} certainty"
        texts.append(text)
    return " / ".join(dict.fromkeys(texts)) or None


def native_shown(p: Position) -> str | None:
    """Its native grades alone, as the guideline writes them: 'B', 'C / I'."""
    return " / ".join(dict.fromkeys(r.native_grade or "" for r in _graded(p))) or None


def strength_shown(p: Position, *, directed: bool = False) -> str | None:
    """Its grades on the common scale: 'weak-for'; None when none can be read there.

    `directed` leaves out neutral readings (compared as a direction, not a strength)."""
    codes = [
        str(r.recommendation)
        for r in _graded(p)
        if (_directed_code(r) if directed else isinstance(r.recommendation, RecommendationCode))
    ]
    return " / ".join(dict.fromkeys(codes)) or None


def grades_differ(a: Position, b: Position) -> str | None:
    """GRADE when two native grades of one system differ, STRENGTH when two systems' grades
    differ in strength on the common scale; None when both are graded alike, or either is not
    graded (graded beside not stated is no difference)."""
    ga, gb = _graded(a), _graded(b)
    if not ga or not gb:
        return None
    systems = {r.system for r in (*ga, *gb)}
    if len(systems) == 1 and None not in systems:
        return GRADE if {_native(r) for r in ga} != {_native(r) for r in gb} else None
    # Strength within a direction: neutral beside for is a difference of direction, told once.
    sa = {_strength(r.recommendation) for r in ga if _directed_code(r)}
    sb = {_strength(r.recommendation) for r in gb if _directed_code(r)}
    if sa and sb and sa != sb:
        return STRENGTH
    return None


def unreadable(p: Position) -> bool:
    """True when one of its grades cannot be read on the common scale."""
    return any(not isinstance(r.recommendation, RecommendationCode) for r in _graded(p))


def different_systems(a: Position, b: Position) -> bool:
    """True when both grade in known systems and not in the same one."""
    sa = {r.system for r in _graded(a)}
    sb = {r.system for r in _graded(b)}
    return bool(sa and sb) and None not in sa | sb and sa != sb


def certainty_shown(p: Position) -> str | None:
    texts = []
    for d in p.directed:
        reading = d.reading
        if isinstance(reading.certainty, CertaintyCode):
            native = reading.native_certainty
            if native and fold(native) != fold(reading.certainty.value):
                texts.append(f"{reading.certainty.value} ({native})")
            else:
                texts.append(reading.certainty.value)
    return " / ".join(dict.fromkeys(texts)) or None


def _certainties(p: Position) -> set[CertaintyCode]:
    return {
        d.reading.certainty for d in p.directed if isinstance(d.reading.certainty, CertaintyCode)
    }


def certainty_differs(a: Position, b: Position) -> bool:
    """True when both state a certainty and they differ by a level or more."""
    ca, cb = _certainties(a), _certainties(b)
    return bool(ca and cb and ca != cb)


# ---------------------------------------------------------------------------------------------
# Direction and population


class Between(StrEnum):
    """How the directions of two positions relate."""

    SAME = "same"
    CONFLICT = "conflict"  # one for, the other against, for overlapping populations
    DIFFERENT = "different"  # neutral beside for or against, for overlapping populations
    APART = "apart"  # they would differ, but their populations do not overlap
    ONE_SIDED = "one-sided"  # only one of the two takes a direction


def directions_between(a: Position, b: Position) -> Between:
    if not a.directed or not b.directed:
        return Between.SAME if not a.directed and not b.directed else Between.ONE_SIDED
    found = Between.SAME
    apart = False
    for da in a.directed:
        for db in b.directed:
            if da.direction is db.direction:
                continue
            if not da.ages.overlaps(db.ages):
                apart = True
                continue
            if {da.direction, db.direction} == {Direction.FOR, Direction.AGAINST}:
                return Between.CONFLICT
            found = Between.DIFFERENT
    if found is Between.SAME and apart and a.directions != b.directions:
        return Between.APART
    return found


def population_shown(p: Position) -> str | None:
    texts = [d.population for d in p.directed if d.population]
    return "; ".join(dict.fromkeys(texts)) or None


# ---------------------------------------------------------------------------------------------
# Facets and regimens


def facet_values(p: Position, facet_id: str) -> Mapping[str, tuple[str, ...]]:
    return p.facets.get(facet_id, {})


def facet_differs(a: Position, b: Position, facet: Facet) -> bool:
    """A 'value' facet stated by both with other values; a 'list' facet never differs (a thing
    one guideline names and the other does not is a detail it alone gives)."""
    if getattr(facet, "kind", "list") != "value":
        return False
    va, vb = set(facet_values(a, facet.id)), set(facet_values(b, facet.id))
    return bool(va and vb and va != vb)


def regimen_fields_apart(a: Position, b: Position, key: str) -> list[str]:
    """The fields of one trial's regimen that both state and state differently."""
    fa, fb = a.regimens.get(key), b.regimens.get(key)
    if fa is None or fb is None:
        return []
    return [f for f in REGIMEN_FIELDS if f in fa and f in fb and fa[f][0] != fb[f][0]]


def is_trial(key: str) -> bool:
    return not key.startswith("regimen: ")


def regimen_aspect(key: str) -> str:
    return f"regimen: {key}"


def recommended_regimens_differ(a: Position, b: Position) -> list[str]:
    """Regimens both recommend (statements with a direction) whose stated fields differ.

    A regimen only described (a trial's, in a descriptive statement) reported in other words or
    numbers is one fact reported twice: a note, not a difference.
    """
    return [
        regimen_aspect(key)
        for key in a.recommended & b.recommended
        if regimen_fields_apart(a, b, key)
    ]


# ---------------------------------------------------------------------------------------------
# Two positions


@dataclass(frozen=True)
class Relation:
    """How two positions on one topic relate: conflict, the substantive differences, or none."""

    between: Between
    differences: tuple[str, ...]  # aspect names: direction, grade, strength, certainty, ...

    @property
    def kind(self) -> str:
        """'conflict', 'differ' or 'agree', as the pair-by-pair view counts it."""
        if self.between is Between.CONFLICT:
            return "conflict"
        return "differ" if self.differences else "agree"


def relate(a: Position, b: Position, facets: tuple[Facet, ...]) -> Relation:
    """Every substantive difference between two positions, by the rules of docs/verdicts.md.

    Not differences: a value one states and the other does not, a graded statement beside an
    ungraded or not stated one, the same meaning in other words, one trial's regimen reported
    in other numbers, statements for populations that do not overlap.
    """
    between = directions_between(a, b)
    differences = []
    if between is Between.DIFFERENT:
        differences.append(DIRECTION)
    if between in (Between.SAME, Between.DIFFERENT):
        grade = grades_differ(a, b)
        if grade:
            differences.append(grade)
        if certainty_differs(a, b):
            differences.append(CERTAINTY)
    differences.extend(f.id for f in facets if facet_differs(a, b, f))
    differences.extend(sorted(recommended_regimens_differ(a, b)))
    return Relation(between, tuple(differences))
