"""Read one statement's native grade and certainty on the common scale, with the rows used and why.

Reading never raises: a value it cannot place is `not-mappable`, an absent one `not-stated`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from guidecompare.grading.model import (
    Axis,
    GradingSystemDefinition,
    NativeCertainty,
    NativeGrade,
    normalise,
)
from guidecompare.grading.registry import BUILT_IN_REGISTRY, GradingRegistry
from guidecompare.grading.scale import (
    CERTAINTY_ORDER,
    CertaintyCode,
    RecommendationCode,
    Strength,
    Unmapped,
    combine,
    lower_certainty,
)
from guidecompare.spec.types import Direction

CertaintyBasis = Literal["stated", "range-lower-bound", "implied-by-grade", "none"]
_RANGE_WORDS = ("to", "or")


def is_not_extracted(native: str | None) -> bool:
    """'not-extracted', 'Not extracted', 'grade not extracted': the source's value was not recorded."""
    return native is not None and normalise(native) == "not extracted"


@dataclass(frozen=True)
class GradeReading:
    """A statement's grade and certainty on the common scale, and how they were read."""

    system: str | None
    native_grade: str | None
    native_certainty: str | None
    recommendation: RecommendationCode | Unmapped
    certainty: CertaintyCode | Unmapped
    certainty_basis: CertaintyBasis
    direction: Direction | None  # the direction the native grade itself states
    rows: tuple[NativeGrade | NativeCertainty, ...]
    notes: tuple[str, ...]
    text: str  # e.g. "Grade B (USPSTF) ≈ weak-for; moderate certainty (implied by grade B)"

    def differs_from(self, other: GradeReading) -> bool:
        """True when the two read differently on the common scale (strength or certainty)."""
        return (self.recommendation, self.certainty) != (other.recommendation, other.certainty)


def read_grade(
    system: str | None,
    grade: str | None,
    certainty: str | None,
    *,
    direction: Direction | None = None,
    registry: GradingRegistry = BUILT_IN_REGISTRY,
    inferred: bool = False,
) -> GradeReading:
    """Read a native grade and certainty of `system` on the common scale.

    `direction` is the statement's stance: it completes a strength-only grade (GRADE 'strong')
    and is checked against the direction a grade states. `inferred` marks a system the guideline
    does not name (the reading says so).
    """
    definition = registry.get(system) if system is not None else None
    label = definition.label if definition else (f"'{system}'" if system else "no grading system")
    notes: list[str] = []
    if system is not None and definition is None:
        notes.append(f"'{system}' is not a known grading system")
    if inferred and definition is not None:
        notes.append(f"the source does not name the grading system; {label} is inferred")

    grade_text = (grade or "").strip()
    grade_row: NativeGrade | None = None
    grade_system = system
    recommendation: RecommendationCode | Unmapped = Unmapped.NOT_STATED
    if is_not_extracted(grade_text):
        recommendation = Unmapped.NOT_EXTRACTED
    elif grade_text:
        found = registry.find_grade(system, grade_text)
        if found is not None:
            grade_system, grade_row = found
            recommendation = _recommendation(grade_row, direction, notes)
        else:
            recommendation = Unmapped.NOT_MAPPABLE
            notes.append(
                f"'{grade_text}' is not a {label} grade"
                if definition
                else f"'{grade_text}' cannot be read without a known grading system"
            )
    stated_direction = grade_row.stated_direction() if grade_row else None
    if (
        stated_direction is not None
        and direction in (Direction.FOR, Direction.AGAINST, Direction.NEUTRAL)
        and direction != stated_direction
    ):
        notes.append(
            f"{_grade_display(definition, grade_row, grade_text, grade_system)} states "
            f"'{stated_direction}' but the statement's stance is '{direction}'"
        )

    certainty_text = (certainty or "").strip()
    certainty_rows: tuple[NativeCertainty, ...] = ()
    common: CertaintyCode | Unmapped
    basis: CertaintyBasis = "none"
    if is_not_extracted(certainty_text):
        common = Unmapped.NOT_EXTRACTED
    elif certainty_text:
        common, certainty_rows, basis = _certainty(
            registry, system, certainty_text, definition, label, notes
        )
    elif grade_row is not None and grade_row.implied_certainty is not None:
        common, basis = grade_row.implied_certainty, "implied-by-grade"
    elif recommendation is Unmapped.UNGRADED:
        common = Unmapped.UNGRADED
    else:
        common = Unmapped.NOT_STATED

    if (
        basis in ("stated", "range-lower-bound")
        and isinstance(common, CertaintyCode)
        and grade_row is not None
        and grade_row.implied_certainty is not None
        and CERTAINTY_ORDER.index(common) < CERTAINTY_ORDER.index(grade_row.implied_certainty)
    ):
        shown = _grade_display(definition, grade_row, grade_text, grade_system)
        notes.append(
            f"certainty '{certainty_text}' reaches below the {grade_row.implied_certainty} "
            f"certainty that {label} {shown[:1].lower()}{shown[1:]} requires, so the guideline may "
            f"not use {label} as published"
        )
    if definition is not None and definition.caveat and certainty_rows:
        notes.append(definition.caveat)

    rows: tuple[NativeGrade | NativeCertainty, ...] = (
        (grade_row,) if grade_row else ()
    ) + certainty_rows
    for row in rows:
        axis: Axis = "grade" if isinstance(row, NativeGrade) else "certainty"
        row_system = grade_system if axis == "grade" else system
        override = registry.override_for(row_system, axis, row.value) if row_system else None
        if override is not None:
            notes.append(
                f"this comparison overrides the {label} {axis} '{row.value}': {override.reason}"
            )

    text = _text(
        definition=definition,
        label=label + (", inferred" if inferred and definition else ""),
        grade_text=grade_text,
        grade_row=grade_row,
        grade_system=grade_system,
        recommendation=recommendation,
        stated_direction=stated_direction,
        certainty_rows=certainty_rows,
        certainty_text=certainty_text,
        common=common,
        basis=basis,
    )
    return GradeReading(
        system=system,
        native_grade=grade,
        native_certainty=certainty,
        recommendation=recommendation,
        certainty=common,
        certainty_basis=basis,
        direction=stated_direction,
        rows=rows,
        notes=tuple(dict.fromkeys(notes)),
        text=text,
    )


def _recommendation(
    row: NativeGrade, direction: Direction | None, notes: list[str]
) -> RecommendationCode | Unmapped:
    mapping = row.recommendation
    if isinstance(mapping, RecommendationCode):
        return mapping
    if isinstance(mapping, Strength):
        # A direction the grade states comes first; otherwise the statement's stance gives it.
        direction = row.direction or direction
        combined = combine(mapping, direction.value) if direction is not None else None
        if combined is None:
            stance = f"'{direction}'" if direction is not None else "not given"
            notes.append(
                f"'{row.value}' gives a strength without a direction, and the statement's "
                f"stance is {stance}"
            )
            return Unmapped.NOT_MAPPABLE
        return combined
    return Unmapped(mapping)


def _certainty(
    registry: GradingRegistry,
    system: str | None,
    native: str,
    definition: GradingSystemDefinition | None,
    label: str,
    notes: list[str],
) -> tuple[CertaintyCode | Unmapped, tuple[NativeCertainty, ...], CertaintyBasis]:
    row = registry.find_certainty(system, native)
    if row is not None:
        return _certainty_value(row), (row,), "stated"
    bounds = _range(registry, system, native)
    if bounds is not None:
        low, high = (_certainty_value(row) for row in bounds)
        if isinstance(low, CertaintyCode) and isinstance(high, CertaintyCode):
            return lower_certainty(low, high), bounds, "range-lower-bound"
        notes.append(f"one end of the range '{native}' cannot be mapped")
        return Unmapped.NOT_MAPPABLE, bounds, "stated"
    term = definition.certainty_term if definition else "certainty"
    notes.append(
        f"'{native}' is not a {label} {term}"
        if definition
        else f"'{native}' cannot be read without a known grading system"
    )
    return Unmapped.NOT_MAPPABLE, (), "stated"


def _certainty_value(row: NativeCertainty) -> CertaintyCode | Unmapped:
    value = row.certainty
    return value if isinstance(value, CertaintyCode) else Unmapped(value)


def _range(
    registry: GradingRegistry, system: str | None, native: str
) -> tuple[NativeCertainty, NativeCertainty] | None:
    """Two certainties of the system written as a range: 'low to moderate', 'low-moderate'."""
    if system is None:
        return None
    words = normalise(native).split()
    for cut in range(1, len(words)):
        left, right = words[:cut], words[cut:]
        if right[0] in _RANGE_WORDS:
            right = right[1:]
        if not right:
            continue
        low = registry.find_certainty(system, " ".join(left), fallback=False)
        high = registry.find_certainty(system, " ".join(right), fallback=False)
        if low is not None and high is not None:
            return low, high
    return None


def _grade_display(
    definition: GradingSystemDefinition | None,
    row: NativeGrade | None,
    native: str,
    row_system: str | None,
) -> str:
    if row is None:
        return f"'{native}'"
    term = definition.grade_term if definition and row_system == definition.id else None
    return f"{term} {row.value}" if term else row.value


def _text(
    *,
    definition: GradingSystemDefinition | None,
    label: str,
    grade_text: str,
    grade_row: NativeGrade | None,
    grade_system: str | None,
    recommendation: RecommendationCode | Unmapped,
    stated_direction: Direction | None,
    certainty_rows: tuple[NativeCertainty, ...],
    certainty_text: str,
    common: CertaintyCode | Unmapped,
    basis: CertaintyBasis,
) -> str:
    if recommendation is Unmapped.UNGRADED and common in (Unmapped.UNGRADED, Unmapped.NOT_STATED):
        return "ungraded"
    if recommendation is Unmapped.NOT_STATED and common is Unmapped.NOT_STATED:
        return "grade and certainty not stated"
    if recommendation is Unmapped.NOT_EXTRACTED and common is Unmapped.NOT_EXTRACTED:
        return "grade and certainty not extracted"

    if recommendation is Unmapped.NOT_STATED:
        head = f"grade not stated ({label})"
    elif recommendation is Unmapped.NOT_EXTRACTED:
        head = f"grade not extracted ({label})"
    elif recommendation is Unmapped.UNGRADED:
        head = "ungraded"
    else:
        head = f"{_grade_display(definition, grade_row, grade_text, grade_system)} ({label})"
        if isinstance(recommendation, RecommendationCode):
            head += f" ≈ {recommendation}"
        elif stated_direction is not None:
            head += f": {stated_direction}, strength not mappable"
        else:
            head += ": not mappable"

    term = definition.certainty_term if definition else "certainty"
    if common is Unmapped.NOT_STATED:
        return head
    if common is Unmapped.UNGRADED:
        return f"{head}; certainty ungraded"
    if common is Unmapped.NOT_EXTRACTED:
        return f"{head}; certainty not extracted"
    if basis == "implied-by-grade":
        shown = _grade_display(definition, grade_row, grade_text, grade_system)
        return f"{head}; {common} certainty (implied by {shown[:1].lower()}{shown[1:]})"
    if basis == "range-lower-bound":
        low, high = certainty_rows
        return (
            f"{head}; {_certainty_display(term, f'{low.value} to {high.value}')} ≈ "
            f"{common} certainty (lower bound of the range)"
        )
    native = certainty_rows[0].value if certainty_rows else f"'{certainty_text}'"
    if common is Unmapped.NOT_MAPPABLE:
        return f"{head}; {_certainty_display(term, native)}: not mappable"
    if normalise(native) == normalise(common.value):
        return f"{head}; {common} certainty"
    return f"{head}; {_certainty_display(term, native)} ≈ {common} certainty"


def _certainty_display(term: str, value: str) -> str:
    """'low to moderate certainty', 'LOE B-NR', 'level 1a'."""
    return f"{value} {term}" if term == "certainty" else f"{term} {value}"
