"""The verdict rules: what one guideline says on a topic (its position), and how two positions relate.

Every comparison the engine reports is made here, two guidelines at a time, by one function per
aspect; the topic's verdict, its wording and the pair-by-pair view are all built from these
answers, so they cannot disagree. docs/verdicts.md states the rules in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from guidecompare.engine.results import Cell
from guidecompare.engine.values import Ages, Equivalents, ages_of
from guidecompare.engine.words import REGIMEN_FIELDS, regimen_fields, regimen_text
from guidecompare.folding import fold
from guidecompare.grading import CertaintyCode, GradeReading, RecommendationCode, Unmapped
from guidecompare.spec.models import Direction, Facet, Regimen

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
    # regimen key (the trial's id, or "regimen: <folded text>") → field → (folded, as written)
    # for each value it states there (one trial's regimen may be told in several statements)
    regimens: Mapping[str, Mapping[str, tuple[tuple[str, str], ...]]]
    evidence: tuple[str, ...]
    # Regimens its statements with a direction give: its own recommendation, not a report.
    recommended: frozenset[str] = frozenset()
    # How a regimen matched by its text is written, by its key.
    regimen_labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def directions(self) -> tuple[Direction, ...]:
        present = {d.direction for d in self.directed}
        order = (Direction.FOR, Direction.NEUTRAL, Direction.AGAINST)
        return tuple(d for d in order if d in present)

    @property
    def stance(self) -> str:
        return "; ".join(self.directions) or Direction.DESCRIPTIVE.value


def regimen_key(regimen: Regimen) -> str:
    """What regimens are matched by: the trial they come from, else their folded text."""
    return regimen.study or f"regimen: {fold(regimen_text(regimen))}"


def position(cell: Cell, equivalents: Equivalents) -> Position:
    """The position of a cell that addresses its topic."""
    directed = []
    facets: dict[str, dict[str, tuple[str, ...]]] = {}
    regimens: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {}
    recommended: set[str] = set()
    labels: dict[str, str] = {}
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
            key = regimen_key(regimen)
            labels.setdefault(key, regimen_text(regimen))
            if statement.stance.direction is not Direction.DESCRIPTIVE:
                recommended.add(key)
            fields = regimens.setdefault(key, {})
            for name, stated in regimen_fields(regimen).items():
                if stated is not None and fold(stated) not in {f for f, _ in fields.get(name, ())}:
                    fields[name] = (*fields.get(name, ()), (fold(stated), stated))
    evidence = tuple(dict.fromkeys(e for s in cell.statements for e in s.evidence))
    return Position(
        cell.guideline.id,
        cell.guideline.label,
        tuple(directed),
        facets,
        regimens,
        evidence,
        frozenset(recommended),
        labels,
    )


# ---------------------------------------------------------------------------------------------
# One statement's grade


def graded(d: Directed) -> bool:
    """True when it gives a grade (readable on the common scale or not); not stated, ungraded
    and not extracted give none."""
    code = d.reading.recommendation
    return isinstance(code, RecommendationCode) or code is Unmapped.NOT_MAPPABLE


def _strength(d: Directed) -> str | None:
    """'strong' or 'weak' on the common scale; None for neutral or what cannot be read."""
    code = d.reading.recommendation
    if isinstance(code, RecommendationCode) and code is not RecommendationCode.NEUTRAL:
        return str(code).split("-")[0]
    return None


def _certainty(d: Directed) -> CertaintyCode | None:
    certainty = d.reading.certainty
    return certainty if isinstance(certainty, CertaintyCode) else None


def native_text(d: Directed) -> str:
    return d.reading.native_grade or ""


def strength_text(d: Directed) -> str:
    return str(d.reading.recommendation)


def certainty_text(d: Directed) -> str:
    """A certainty on the common scale, with the guideline's own words when they differ."""
    certainty = _certainty(d)
    native = d.reading.native_certainty
    if certainty is None:
        return native or ""
    if native and fold(native) != fold(certainty.value):
        return f"{certainty.value} ({native})"
    return certainty.value


def grade_shown(p: Position) -> str | None:
    """The grades of a position as the guideline gives them, with their common reading."""
    texts = []
    for d in p.directed:
        if not graded(d):
            continue
        reading = d.reading
        text = f"grade {reading.native_grade}" if reading.native_grade else "grade"
        if isinstance(reading.recommendation, RecommendationCode):
            text += f" ≈ {reading.recommendation.value}"
        if reading.native_certainty:
            text += f", {reading.native_certainty} certainty"
        texts.append(text)
    return " / ".join(dict.fromkeys(texts)) or None


def unreadable(p: Position) -> bool:
    """True when one of its grades cannot be read on the common scale."""
    return any(
        graded(d)
        and _strength(d) is None
        and d.reading.recommendation is not RecommendationCode.NEUTRAL
        for d in p.directed
    )


def different_systems(a: Position, b: Position) -> bool:
    """True when both grade in known systems and not in the same one."""
    sa = {d.reading.system for d in a.directed if graded(d)}
    sb = {d.reading.system for d in b.directed if graded(d)}
    return bool(sa and sb) and None not in sa | sb and sa != sb


# ---------------------------------------------------------------------------------------------
# Two positions, statement by statement


class Between(StrEnum):
    """How the directions of two positions relate."""

    SAME = "same"
    CONFLICT = "conflict"  # one for, the other against, for overlapping populations
    DIFFERENT = "different"  # neutral beside for or against, for overlapping populations
    APART = "apart"  # they would differ, but their populations do not overlap
    ONE_SIDED = "one-sided"  # only one of the two takes a direction


@dataclass(frozen=True)
class Relation:
    """How two positions on one topic relate: conflict, the substantive differences, or none.

    Directions, grades and certainties are compared statement by statement, only between
    statements whose populations overlap; grades and certainties only between statements of the
    same direction (a neutral beside a for is one difference: the direction).
    """

    between: Between
    differences: tuple[str, ...]  # aspect names: direction, grade, strength, certainty, ...
    # aspect → guideline id → the values behind that difference, as shown
    values: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    # the statement pairs that conflict, and those whose populations do not overlap
    conflicts: tuple[tuple[Directed, Directed], ...] = ()
    apart: tuple[tuple[Directed, Directed], ...] = ()

    @property
    def kind(self) -> str:
        """'conflict', 'differ' or 'agree', as the pair-by-pair view counts it."""
        if self.between is Between.CONFLICT:
            return "conflict"
        return "differ" if self.differences else "agree"


class _Found:
    """Differences as they are found, with the values of each guideline behind them."""

    def __init__(self, a: Position, b: Position) -> None:
        self.a, self.b = a, b
        self.values: dict[str, dict[str, list[str]]] = {}

    def add(self, aspect: str, value_a: str, value_b: str) -> None:
        found = self.values.setdefault(aspect, {})
        for gid, value in ((self.a.gid, value_a), (self.b.gid, value_b)):
            if value not in found.setdefault(gid, []):
                found[gid].append(value)

    def add_sides(self, aspect: str, values_a: list[str], values_b: list[str]) -> None:
        """Both sides' values for `aspect` where, as sets, they differ."""
        found = self.values.setdefault(aspect, {})
        for gid, values in ((self.a.gid, values_a), (self.b.gid, values_b)):
            known = found.setdefault(gid, [])
            known.extend(v for v in values if v not in known)

    def frozen(self) -> dict[str, dict[str, tuple[str, ...]]]:
        return {k: {g: tuple(v) for g, v in found.items()} for k, found in self.values.items()}


Pairs = list[tuple[Directed, Directed]]


def _compare_statements(a: Position, b: Position, found: _Found) -> tuple[Pairs, Pairs]:
    """Directions pair by pair; grades and certainties as the sets each guideline gives for one
    direction, over its statements whose populations overlap the other's (a guideline grading
    several sub-questions of a topic I, IIa and IIb does not differ from another that does)."""
    conflicts: Pairs = []
    apart: Pairs = []
    # (aspect, direction) → each side's values over the overlapping statements of that direction
    sides: dict[tuple[str, Direction], tuple[dict[str, str], dict[str, str]]] = {}

    def note(aspect: str, da: Directed, db: Directed) -> None:
        """Record both statements' values for `aspect`: compared by key, shown as written."""
        side_a, side_b = sides.setdefault((aspect, da.direction), ({}, {}))
        for side, d in ((side_a, da), (side_b, db)):
            if aspect == GRADE:
                side.setdefault(fold(native_text(d)), native_text(d))
            elif aspect == STRENGTH:
                side.setdefault(strength_text(d), strength_text(d))
            else:
                side.setdefault(str(_certainty(d)), certainty_text(d))

    for da in a.directed:
        for db in b.directed:
            overlap = da.ages.overlaps(db.ages)
            if da.direction is not db.direction:
                if not overlap:
                    apart.append((da, db))
                elif {da.direction, db.direction} == {Direction.FOR, Direction.AGAINST}:
                    conflicts.append((da, db))
                else:
                    found.add(DIRECTION, da.direction.value, db.direction.value)
                continue
            if not overlap:
                continue
            if graded(da) and graded(db):
                system = da.reading.system
                if system is not None and system == db.reading.system:
                    note(GRADE, da, db)
                elif _strength(da) and _strength(db):
                    note(STRENGTH, da, db)
            if _certainty(da) and _certainty(db):
                note(CERTAINTY, da, db)
    for (aspect, _direction), (side_a, side_b) in sides.items():
        if set(side_a) != set(side_b):
            found.add_sides(aspect, list(side_a.values()), list(side_b.values()))
    return conflicts, apart


# ---------------------------------------------------------------------------------------------
# Facets and regimens


def facet_values(p: Position, facet_id: str) -> Mapping[str, tuple[str, ...]]:
    return p.facets.get(facet_id, {})


def facet_differs(a: Position, b: Position, facet: Facet) -> bool:
    """A 'value' facet stated by both with other values; a 'list' facet never differs (a thing
    one guideline names and the other does not is a detail it alone gives)."""
    if facet.kind != "value":
        return False
    va, vb = set(facet_values(a, facet.id)), set(facet_values(b, facet.id))
    return bool(va and vb and va != vb)


def regimen_fields_apart(a: Position, b: Position, key: str) -> list[str]:
    """The fields of one trial's regimen that both state and state differently."""
    fa, fb = a.regimens.get(key), b.regimens.get(key)
    if fa is None or fb is None:
        return []
    return [
        f
        for f in REGIMEN_FIELDS
        if f in fa and f in fb and {v for v, _ in fa[f]} != {v for v, _ in fb[f]}
    ]


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


def relate(a: Position, b: Position, facets: tuple[Facet, ...]) -> Relation:
    """Every substantive difference between two positions, by the rules of docs/verdicts.md.

    Not differences: a value one states and the other does not, a graded statement beside an
    ungraded or not stated one, the same meaning in other words, one trial's regimen reported
    in other numbers, statements for populations that do not overlap.
    """
    found = _Found(a, b)
    conflicts, apart = _compare_statements(a, b, found)
    if not a.directed or not b.directed:
        between = Between.SAME if not a.directed and not b.directed else Between.ONE_SIDED
    elif conflicts:
        between = Between.CONFLICT
    elif DIRECTION in found.values:
        between = Between.DIFFERENT
    elif apart and a.directions != b.directions:
        between = Between.APART
    else:
        between = Between.SAME
    differences = [
        aspect for aspect in (DIRECTION, GRADE, STRENGTH, CERTAINTY) if aspect in found.values
    ]
    differences.extend(f.id for f in facets if facet_differs(a, b, f))
    differences.extend(sorted(recommended_regimens_differ(a, b)))
    return Relation(
        between,
        tuple(differences),
        found.frozen(),
        tuple(conflicts),
        tuple(apart),
    )
