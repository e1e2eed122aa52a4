"""Grading systems and the common scale: every built-in mapping row is a case here.

The expected values below are written out by hand, not derived from the tables: changing a
mapping in src/guidecompare/grading/builtin.py must change this file too (and docs/grading.md).
"""

from __future__ import annotations

import re
from pathlib import Path

import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidecompare.grading import (
    BUILT_IN_REGISTRY,
    BUILT_IN_SYSTEMS,
    CertaintyCode,
    GradingSystemDefinition,
    GradingTableError,
    MappingOverride,
    NativeCertainty,
    NativeGrade,
    RecommendationCode,
    Unmapped,
    format_grading_table,
    grading_table_rows,
    merge_systems,
    normalise,
    read_grade,
)
from guidecompare.grading.model import Axis
from guidecompare.spec.models import Direction

FOR, AGAINST, NEUTRAL = Direction.FOR, Direction.AGAINST, Direction.NEUTRAL

# (system, native grade, stance given with it, common recommendation, certainty when none is stated)
GRADE_ROWS = [
    ("grade", "strong for", FOR, "strong-for", "not-stated"),
    ("grade", "strong against", AGAINST, "strong-against", "not-stated"),
    ("grade", "conditional for", FOR, "weak-for", "not-stated"),
    ("grade", "conditional against", AGAINST, "weak-against", "not-stated"),
    ("grade", "strong", FOR, "strong-for", "not-stated"),
    ("grade", "conditional", FOR, "weak-for", "not-stated"),
    ("uspstf", "A", FOR, "strong-for", "high"),
    ("uspstf", "B", FOR, "weak-for", "moderate"),
    ("uspstf", "C", FOR, "weak-for", "moderate"),
    ("uspstf", "D", AGAINST, "not-mappable", "moderate"),
    ("uspstf", "I", NEUTRAL, "neutral", "low"),
    ("acc-aha", "1", FOR, "strong-for", "not-stated"),
    ("acc-aha", "2a", FOR, "weak-for", "not-stated"),
    ("acc-aha", "2b", FOR, "weak-for", "not-stated"),
    ("acc-aha", "3: No Benefit", AGAINST, "not-mappable", "not-stated"),
    ("acc-aha", "3: Harm", AGAINST, "strong-against", "not-stated"),
    ("acc-aha", "3", AGAINST, "not-mappable", "not-stated"),
    ("oxford-cebm-2009", "A", FOR, "not-mappable", "not-stated"),
    ("oxford-cebm-2009", "B", FOR, "not-mappable", "not-stated"),
    ("oxford-cebm-2009", "C", FOR, "not-mappable", "not-stated"),
    ("oxford-cebm-2009", "D", FOR, "not-mappable", "not-stated"),
    ("sort", "A", FOR, "not-mappable", "not-stated"),
    ("sort", "B", FOR, "not-mappable", "not-stated"),
    ("sort", "C", FOR, "not-mappable", "not-stated"),
    ("ungraded", "ungraded", FOR, "ungraded", "ungraded"),
]

# (system, native certainty, common certainty)
CERTAINTY_ROWS = [
    ("grade", "high", "high"),
    ("grade", "moderate", "moderate"),
    ("grade", "low", "low"),
    ("grade", "very low", "very-low"),
    ("uspstf", "high", "high"),
    ("uspstf", "moderate", "moderate"),
    ("uspstf", "low", "low"),
    ("acc-aha", "A", "high"),
    ("acc-aha", "B-R", "moderate"),
    ("acc-aha", "B-NR", "low"),
    ("acc-aha", "C-LD", "very-low"),
    ("acc-aha", "C-EO", "not-mappable"),
    *(
        ("oxford-cebm-2009", level, "not-mappable")
        for level in ("1a", "1b", "1c", "2a", "2b", "2c", "3a", "3b", "4", "5")
    ),
    ("ungraded", "ungraded", "ungraded"),
]


def test_every_built_in_row_is_a_test_case() -> None:
    grades = {(s.id, row.value) for s in BUILT_IN_SYSTEMS for row in s.grades}
    certainties = {(s.id, row.value) for s in BUILT_IN_SYSTEMS for row in s.certainties}
    assert grades == {(system, value) for system, value, *_ in GRADE_ROWS}
    assert certainties == {(system, value) for system, value, _ in CERTAINTY_ROWS}


# Every native grade that recommends against, written out by hand.
AGAINST_GRADES = [
    ("grade", "strong against"),
    ("grade", "conditional against"),
    ("uspstf", "D"),
    ("acc-aha", "3: No Benefit"),
    ("acc-aha", "3: Harm"),
    ("acc-aha", "3"),
]
# A definition of a recommendation for: the benefits outweigh the harms.
FOR_WORDING = re.compile(
    r"(?<!un)desirable effects (clearly |probably )?outweigh (the )?undesirable|benefit >+ risk",
    re.IGNORECASE,
)
# A definition of a recommendation against: the harms outweigh, or there is no benefit.
AGAINST_WORDING = re.compile(
    r"undesirable effects (clearly |probably )?outweigh (the )?desirable|harms outweigh benefits"
    r"|risk > benefit|no benefit|not useful|recommends against",
    re.IGNORECASE,
)


def test_the_against_grades_are_these() -> None:
    against = {RecommendationCode.STRONG_AGAINST, RecommendationCode.WEAK_AGAINST}
    found = {
        (system.id, row.value)
        for system in BUILT_IN_SYSTEMS
        for row in system.grades
        if row.recommendation in against or row.direction == AGAINST
    }
    assert found == set(AGAINST_GRADES)


@pytest.mark.parametrize(("system", "native"), AGAINST_GRADES)
def test_an_against_grade_is_defined_as_against(system: str, native: str) -> None:
    definition = BUILT_IN_REGISTRY.get(system)
    assert definition is not None
    [row] = [row for row in definition.grades if row.value == native]
    assert AGAINST_WORDING.search(row.meaning), row.meaning
    assert not FOR_WORDING.search(row.meaning), row.meaning


def test_the_wording_patterns_tell_for_from_against() -> None:
    for_grade = "Desirable effects probably outweigh undesirable ones, but the panel is less sure."
    against_grade = (
        "Undesirable effects probably outweigh desirable ones, but the panel is less sure."
    )
    assert FOR_WORDING.search(for_grade) and not AGAINST_WORDING.search(for_grade)
    assert AGAINST_WORDING.search(against_grade) and not FOR_WORDING.search(against_grade)


def test_built_in_systems_are_the_documented_ones() -> None:
    assert [s.id for s in BUILT_IN_SYSTEMS] == [
        "grade",
        "uspstf",
        "acc-aha",
        "oxford-cebm-2009",
        "sort",
        "ungraded",
    ]
    uspstf = BUILT_IN_REGISTRY.get("uspstf")
    assert uspstf is not None
    assert "after July 2012" in uspstf.version


@pytest.mark.parametrize(
    ("system", "native", "stance", "recommendation", "certainty"),
    GRADE_ROWS,
    ids=[f"{s}:{v}" for s, v, *_ in GRADE_ROWS],
)
def test_grade_row(
    system: str, native: str, stance: Direction, recommendation: str, certainty: str
) -> None:
    reading = read_grade(system, native, None, direction=stance)
    assert reading.recommendation == recommendation
    assert reading.certainty == certainty
    assert [row.value for row in reading.rows] == [native]
    assert not [n for n in reading.notes if "stance" in n]  # the stance agrees with the grade


@pytest.mark.parametrize(
    ("system", "native", "certainty"),
    CERTAINTY_ROWS,
    ids=[f"{s}:{v}" for s, v, _ in CERTAINTY_ROWS],
)
def test_certainty_row(system: str, native: str, certainty: str) -> None:
    reading = read_grade(system, None, native)
    assert reading.certainty == certainty
    assert reading.certainty_basis == "stated"
    assert [row.value for row in reading.rows] == [native]


@pytest.mark.parametrize("system", BUILT_IN_SYSTEMS, ids=lambda s: s.id)
def test_every_row_cites_its_source(system: GradingSystemDefinition) -> None:
    assert system.source and system.version
    rows: list[NativeGrade | NativeCertainty] = [*system.grades, *system.certainties]
    for row in rows:
        assert row.source.strip(), row.value
        assert row.meaning.strip(), row.value
        if system.id != "ungraded":
            assert "http" in row.source, row.value
        if row_is_unmapped(row):
            assert row.note, f"{system.id} {row.value}: a not-mappable row says why"


def row_is_unmapped(row: NativeGrade | NativeCertainty) -> bool:
    value = row.recommendation if isinstance(row, NativeGrade) else row.certainty
    return value == "not-mappable"


def test_crosswalk_disagreements_name_the_side_taken() -> None:
    uspstf_b = BUILT_IN_REGISTRY.find_grade("uspstf", "B")
    assert uspstf_b is not None
    assert uspstf_b[1].note is not None
    assert "follows ACCF/AHA" in uspstf_b[1].note
    assert "dbpia" in uspstf_b[1].note  # the crosswalk not followed is cited too
    for loe in ("B-NR", "C-LD"):
        row = BUILT_IN_REGISTRY.find_certainty("acc-aha", loe)
        assert row is not None and row.note is not None
        assert "Crosswalks disagree" in row.note


# --- Direction: strength-only grades and contradictions -------------------------------------------


@pytest.mark.parametrize(
    ("native", "stance", "expected"),
    [
        ("strong", FOR, "strong-for"),
        ("strong", AGAINST, "strong-against"),
        ("conditional", FOR, "weak-for"),
        ("weak", AGAINST, "weak-against"),
        ("strong", NEUTRAL, "not-mappable"),
        ("strong", Direction.DESCRIPTIVE, "not-mappable"),
        ("strong", None, "not-mappable"),
    ],
)
def test_strength_only_grade_takes_the_stance(
    native: str, stance: Direction | None, expected: str
) -> None:
    reading = read_grade("grade", native, "moderate", direction=stance)
    assert reading.recommendation == expected
    if expected == "not-mappable":
        assert any("strength without a direction" in note for note in reading.notes)


def test_strength_only_row_that_states_a_direction_uses_it() -> None:
    system = synthetic_system(
        grades=[
            {
                "value": "X",
                "meaning": "m",
                "recommendation": "strong",
                "direction": "against",
                "source": CITATION,
            }
        ]
    )
    registry = merge_systems([system])
    reading = read_grade("synthetic-letters", "X", None, direction=AGAINST, registry=registry)
    assert reading.recommendation is RecommendationCode.STRONG_AGAINST
    contradicted = read_grade("synthetic-letters", "X", None, direction=FOR, registry=registry)
    assert contradicted.recommendation is RecommendationCode.STRONG_AGAINST
    assert "Letter X states 'against' but the statement's stance is 'for'" in contradicted.notes


def test_grade_that_contradicts_the_stance_is_noted() -> None:
    reading = read_grade("uspstf", "D", None, direction=FOR)
    assert reading.direction is AGAINST
    assert "Grade D states 'against' but the statement's stance is 'for'" in reading.notes


# --- Tolerant spelling ----------------------------------------------------------------------------

SPELLINGS = [
    ("acc-aha", "grade", "Class 2a", "2a"),
    ("acc-aha", "grade", "IIa", "2a"),
    ("acc-aha", "grade", "2A", "2a"),
    ("acc-aha", "grade", "class IIa", "2a"),
    ("acc-aha", "grade", "COR IIb", "2b"),
    ("acc-aha", "grade", "Class I (Strong)", "1"),
    ("acc-aha", "grade", "Class III: Harm", "3: Harm"),
    ("acc-aha", "grade", "class 3 \u2013 no benefit", "3: No Benefit"),
    ("acc-aha", "certainty", "LOE B-NR", "B-NR"),
    ("acc-aha", "certainty", "level b\u2011nr", "B-NR"),
    ("acc-aha", "certainty", "B\u2013R", "B-R"),
    ("acc-aha", "certainty", "Level of evidence: C-EO", "C-EO"),
    ("acc-aha", "certainty", "C-LD.", "C-LD"),
    ("uspstf", "grade", "Grade B", "B"),
    ("uspstf", "grade", " b ", "B"),
    ("uspstf", "grade", "B recommendation", "B"),
    ("uspstf", "grade", "Grade B recommendation", "B"),
    ("uspstf", "grade", "I statement", "I"),
    ("uspstf", "certainty", "Moderate certainty", "moderate"),
    ("uspstf", "certainty", "HIGH", "high"),
    ("uspstf", "certainty", "low level of certainty", "low"),
    ("grade", "grade", "Strong recommendation for", "strong for"),
    ("grade", "grade", "Weak for", "conditional for"),
    ("grade", "grade", "Conditional recommendation against", "conditional against"),
    ("grade", "grade", "STRONG", "strong"),
    ("grade", "certainty", "Very-low", "very low"),
    ("grade", "certainty", "very  low", "very low"),
    ("grade", "certainty", "high-quality evidence", "high"),
    ("grade", "certainty", "low certainty of evidence", "low"),
    ("oxford-cebm-2009", "certainty", "Level 1A", "1a"),
    ("oxford-cebm-2009", "grade", "grade a", "A"),
    ("sort", "grade", "SOR B", "B"),
    ("uspstf", "grade", "Ungraded", "ungraded"),
    ("acc-aha", "grade", "not graded", "ungraded"),
    ("grade", "certainty", "Not rated", "ungraded"),
]


@pytest.mark.parametrize(("system", "axis", "spelled", "value"), SPELLINGS)
def test_spelling_is_tolerated(system: str, axis: str, spelled: str, value: str) -> None:
    assert axis in ("grade", "certainty")
    found = BUILT_IN_REGISTRY.lookup(system, "grade" if axis == "grade" else "certainty", spelled)
    assert found is not None, spelled
    assert found[1].value == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Class IIa", "iia"),
        ("LOE B-NR", "b nr"),
        ("Low to moderate level of certainty", "low to moderate"),
        ("Grade", "grade"),  # a filler word alone is kept: it is the whole value
        ("", ""),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("system", "axis", "native"),
    [(s, "grade", v) for s, v, *_ in GRADE_ROWS]
    + [(s, "certainty", v) for s, v, _ in CERTAINTY_ROWS],
)
def test_evidence_is_a_filler_before_or_after_every_built_in_value(
    system: str, axis: Axis, native: str
) -> None:
    """docs/grading.md: the word "evidence" is ignored, as the other filler words, wherever it is."""
    plain = BUILT_IN_REGISTRY.lookup(system, axis, native)
    assert plain is not None and plain[1].value == native
    for spelled in (f"evidence {native}", f"{native} evidence", f"Evidence: {native}"):
        assert BUILT_IN_REGISTRY.lookup(system, axis, spelled) == plain, spelled


def test_evidence_before_a_grade_of_a_declared_system_is_ignored() -> None:
    system = synthetic_system(
        grades=[
            {
                "value": "Type 3",
                "meaning": "Test value type 3.",
                "recommendation": "weak-for",
                "source": CITATION,
            }
        ]
    )
    registry = merge_systems([system])
    reading = read_grade("synthetic-letters", "evidence type 3", None, registry=registry)
    assert reading.recommendation == "weak-for"
    assert [row.value for row in reading.rows] == ["Type 3"]


@pytest.mark.parametrize(
    ("system", "spelled"),
    [
        ("acc-aha", "II a"),  # a different token, not a spelling of 2a
        ("acc-aha", "B"),  # before 2015 ACC/AHA had a bare level B; not a 2019 value
        ("uspstf", "very low"),  # USPSTF has no very low
        ("uspstf", "B+"),
        ("grade", "1A"),  # GRADE-like letter-number grades are another system
    ],
)
def test_near_misses_are_not_guessed(system: str, spelled: str) -> None:
    reading = read_grade(system, spelled, spelled)
    assert reading.recommendation is Unmapped.NOT_MAPPABLE
    assert reading.certainty is Unmapped.NOT_MAPPABLE


# --- Ranges: read as their lower bound ------------------------------------------------------------


@pytest.mark.parametrize(
    ("system", "native", "expected"),
    [
        ("uspstf", "low to moderate", "low"),
        ("uspstf", "Low-to-moderate level of certainty", "low"),
        ("uspstf", "low\u2013moderate", "low"),
        ("uspstf", "moderate to high", "moderate"),
        ("uspstf", "high to moderate", "moderate"),
        ("grade", "very low to low", "very-low"),
        ("grade", "moderate or high", "moderate"),
        ("acc-aha", "B-NR to B-R", "low"),
    ],
)
def test_range_reads_as_its_lower_bound(system: str, native: str, expected: str) -> None:
    reading = read_grade(system, None, native)
    assert reading.certainty == expected
    assert reading.certainty_basis == "range-lower-bound"
    assert len(reading.rows) == 2


@pytest.mark.parametrize(
    ("system", "native"),
    [
        ("acc-aha", "C-EO to A"),  # one end has no common value
        ("oxford-cebm-2009", "1a to 2b"),
        ("uspstf", "low to very low"),  # very low is not a USPSTF certainty
        ("uspstf", "low to"),
    ],
)
def test_range_with_an_unmappable_end_is_not_mappable(system: str, native: str) -> None:
    assert read_grade(system, None, native).certainty is Unmapped.NOT_MAPPABLE


# --- Readings as text, and the real spec ----------------------------------------------------------


@pytest.mark.parametrize(
    ("system", "grade", "certainty", "stance", "text"),
    [
        (
            "uspstf",
            "B",
            "low to moderate",
            FOR,
            "Grade B (USPSTF) ≈ weak-for; low to moderate certainty ≈ low certainty "
            "(lower bound of the range)",
        ),
        (
            "uspstf",
            "B",
            None,
            FOR,
            "Grade B (USPSTF) ≈ weak-for; moderate certainty (implied by grade B)",
        ),
        ("uspstf", "A", "high", FOR, "Grade A (USPSTF) ≈ strong-for; high certainty"),
        (
            "uspstf",
            "D",
            None,
            AGAINST,
            "Grade D (USPSTF): against, strength not mappable; moderate certainty (implied by grade D)",
        ),
        (
            "acc-aha",
            "Class IIa",
            "LOE B-NR",
            FOR,
            "Class 2a (ACC/AHA) ≈ weak-for; LOE B-NR ≈ low certainty",
        ),
        (
            "acc-aha",
            "III: Harm",
            "C-EO",
            AGAINST,
            "Class 3: Harm (ACC/AHA) ≈ strong-against; LOE C-EO: not mappable",
        ),
        ("grade", "strong", "low", AGAINST, "strong (GRADE) ≈ strong-against; low certainty"),
        (
            "grade",
            "weak for",
            "very low",
            FOR,
            "conditional for (GRADE) ≈ weak-for; very-low certainty",
        ),
        (
            "oxford-cebm-2009",
            "A",
            "1a",
            FOR,
            "Grade A (Oxford CEBM 2009): not mappable; level 1a: not mappable",
        ),
        ("sort", "B", None, FOR, "B (SORT): not mappable"),
        ("ungraded", "ungraded", None, FOR, "ungraded"),
        ("uspstf", "ungraded", None, FOR, "ungraded"),
        ("uspstf", "Z", None, FOR, "'Z' (USPSTF): not mappable"),
        ("uspstf", None, "moderate", FOR, "grade not stated (USPSTF); moderate certainty"),
        ("uspstf", None, None, FOR, "grade and certainty not stated"),
        (None, "B", None, FOR, "'B' (no grading system): not mappable"),
        (
            "unknown-system",
            "A",
            "high",
            FOR,
            "'A' ('unknown-system'): not mappable; 'high' certainty: not mappable",
        ),
    ],
)
def test_reading_text(
    system: str | None, grade: str | None, certainty: str | None, stance: Direction, text: str
) -> None:
    assert read_grade(system, grade, certainty, direction=stance).text == text


def test_asra_2018_efficacy_statement() -> None:
    """The real spec: grade B, certainty 'low to moderate', USPSTF form inferred, not named."""
    reading = read_grade("uspstf", "B", "low to moderate", direction=FOR, inferred=True)
    assert reading.recommendation is RecommendationCode.WEAK_FOR
    assert reading.certainty is CertaintyCode.LOW
    assert reading.certainty_basis == "range-lower-bound"
    assert reading.text == (
        "Grade B (USPSTF, inferred) ≈ weak-for; low to moderate certainty ≈ low certainty "
        "(lower bound of the range)"
    )
    assert reading.notes == (
        "the source does not name the grading system; USPSTF is inferred",
        "certainty 'low to moderate' reaches below the moderate certainty that USPSTF grade B "
        "requires, so the guideline may not use USPSTF as published",
    )


def test_rsdsa_2022_ungraded_statement() -> None:
    reading = read_grade("ungraded", "ungraded", None, direction=FOR)
    assert (reading.recommendation, reading.certainty) == (Unmapped.UNGRADED, Unmapped.UNGRADED)
    assert reading.text == "ungraded"
    asra = read_grade("uspstf", "B", "low to moderate", direction=FOR)
    assert asra.differs_from(reading)
    assert not asra.differs_from(read_grade("uspstf", "grade b", "Low-moderate", direction=FOR))


def test_acc_aha_readings_carry_the_loe_caveat() -> None:
    reading = read_grade("acc-aha", "1", "A")
    assert any("not synonymous with GRADE certainty" in note for note in reading.notes)
    assert not any("synonymous" in note for note in read_grade("acc-aha", "1", None).notes)


@pytest.mark.parametrize(
    ("system", "grade", "certainty", "recommendation", "common"),
    [
        ("uspstf", "", "  ", "not-stated", "not-stated"),
        ("uspstf", None, None, "not-stated", "not-stated"),
        (None, None, None, "not-stated", "not-stated"),
        ("uspstf", "E", "certain", "not-mappable", "not-mappable"),
        ("no-such-system", "B", None, "not-mappable", "not-stated"),
        (None, "ungraded", None, "ungraded", "ungraded"),
    ],
)
def test_not_stated_and_not_mappable(
    system: str | None,
    grade: str | None,
    certainty: str | None,
    recommendation: str,
    common: str,
) -> None:
    reading = read_grade(system, grade, certainty)
    assert (reading.recommendation, reading.certainty) == (recommendation, common)


@pytest.mark.parametrize(
    ("system", "grade", "certainty", "recommendation", "common", "text"),
    [
        ("uspstf", "not-extracted", None, "not-extracted", "not-stated",
         "grade not extracted (USPSTF)"),
        ("uspstf", "Not Extracted", "not extracted", "not-extracted", "not-extracted",
         "grade and certainty not extracted"),
        ("grade", "grade not extracted", "low", "not-extracted", "low",
         "grade not extracted (GRADE); low certainty"),
        ("uspstf", "B", "NOT-EXTRACTED", "weak-for", "not-extracted",
         "Grade B (USPSTF) ≈ weak-for; certainty not extracted"),
        (None, None, "not-extracted", "not-stated", "not-extracted",
         "grade not stated (no grading system); certainty not extracted"),
    ],
)  # fmt: skip
def test_not_extracted_is_told_apart_from_not_stated_and_ungraded(
    system: str | None,
    grade: str | None,
    certainty: str | None,
    recommendation: str,
    common: str,
    text: str,
) -> None:
    """'not-extracted': the source gives a value that was not recorded."""
    reading = read_grade(system, grade, certainty, direction=FOR)
    assert (reading.recommendation, reading.certainty, reading.text) == (
        recommendation,
        common,
        text,
    )
    assert Unmapped.NOT_EXTRACTED not in (Unmapped.NOT_STATED, Unmapped.UNGRADED)


# --- Spec-declared systems and overrides ----------------------------------------------------------

CITATION = "Synthetic citation for tests, not clinical content. https://example.org/synthetic"


def synthetic_system(**changes: object) -> GradingSystemDefinition:
    """A made-up system (synthetic, not clinical advice)."""
    data: dict[str, object] = {
        "id": "synthetic-letters",
        "name": "Synthetic letter grades (test only)",
        "label": "Synthetic",
        "version": "test",
        "source": CITATION,
        "grade_term": "Letter",
        "grades": [
            {
                "value": "X",
                "meaning": "Test value X.",
                "recommendation": "strong-for",
                "source": CITATION,
            },
            {
                "value": "Y",
                "aliases": ["why"],
                "meaning": "Test value Y.",
                "recommendation": "weak",
                "source": CITATION,
            },
            {
                "value": "Z",
                "meaning": "Test value Z.",
                "recommendation": "not-mappable",
                "direction": "against",
                "source": CITATION,
                "note": "Test note.",
            },
        ],
        "certainties": [
            {"value": "solid", "meaning": "Test.", "certainty": "high", "source": CITATION},
            {"value": "shaky", "meaning": "Test.", "certainty": "low", "source": CITATION},
        ],
    }
    data.update(changes)
    return GradingSystemDefinition.model_validate(data)


def override(system: str, axis: str, **row: object) -> MappingOverride:
    row.setdefault("meaning", "Overridden for a test.")
    row.setdefault("source", CITATION)
    return MappingOverride.model_validate(
        {"system": system, axis: row, "reason": "Committee decision (test)."}
    )


def test_spec_declares_its_own_system() -> None:
    registry = merge_systems([synthetic_system()])
    assert registry.origin("synthetic-letters") == "spec"
    assert registry.origin("uspstf") == "built-in"
    reading = read_grade("synthetic-letters", "why", "shaky", direction=AGAINST, registry=registry)
    assert (reading.recommendation, reading.certainty) == ("weak-against", "low")
    assert reading.text == "Letter Y (Synthetic) ≈ weak-against; shaky certainty ≈ low certainty"
    z = read_grade("synthetic-letters", "z", "solid", registry=registry)
    assert (
        z.text
        == "Letter Z (Synthetic): against, strength not mappable; solid certainty ≈ high certainty"
    )
    # the built-ins are still there, and reading with the built-in registry knows nothing of it
    assert read_grade("uspstf", "A", None, registry=registry).recommendation == "strong-for"
    assert read_grade("synthetic-letters", "X", None).recommendation == "not-mappable"


def test_override_replaces_one_mapping_and_keeps_its_spellings() -> None:
    registry = merge_systems(
        overrides=[override("uspstf", "grade", value="b", recommendation="strong-for")]
    )
    reading = read_grade("uspstf", "Grade B", None, direction=FOR, registry=registry)
    assert reading.recommendation is RecommendationCode.STRONG_FOR
    assert reading.rows[0].value == "B"
    assert reading.rows[0].source == CITATION
    assert (
        "this comparison overrides the USPSTF grade 'B': Committee decision (test)."
        in reading.notes
    )
    # other rows and the built-in registry are untouched
    assert read_grade("uspstf", "C", None, registry=registry).recommendation == "weak-for"
    assert read_grade("uspstf", "B", None).recommendation == "weak-for"
    row = next(r for r in grading_table_rows(registry, "uspstf") if r.native == "B")
    assert (row.origin, row.common) == ("override", "strong-for")
    assert row.note.startswith("Overridden by this comparison: Committee decision (test).")


def test_override_of_a_certainty() -> None:
    registry = merge_systems(
        overrides=[override("acc-aha", "certainty", value="LOE B-NR", certainty="moderate")]
    )
    assert read_grade("acc-aha", None, "bnr", registry=registry).certainty == "moderate"
    assert read_grade("acc-aha", None, "B-NR").certainty == "low"


def test_override_can_add_a_spelling() -> None:
    registry = merge_systems(
        overrides=[
            override("sort", "grade", value="A", aliases=["SORT-A"], recommendation="not-mappable")
        ]
    )
    found = registry.find_grade("sort", "sort-a")
    assert found is not None and found[1].value == "A"


def test_merge_reports_every_problem_at_its_key_path() -> None:
    with pytest.raises(GradingTableError) as caught:
        merge_systems(
            [synthetic_system(id="uspstf"), synthetic_system(), synthetic_system()],
            [
                override("uspstfx", "grade", value="B", recommendation="strong-for"),
                override("uspstf", "grade", value="E", recommendation="strong-for"),
                override("uspstf", "grade", value="B", recommendation="strong-for"),
                override("uspstf", "grade", value="grade b", recommendation="weak-for"),
                override("uspstf", "grade", value="A", aliases=["C"], recommendation="strong-for"),
            ],
        )
    issues = [(issue.keys, issue.message) for issue in caught.value.issues]
    assert issues[:5] == [
        (
            ("grading_systems", 0, "id"),
            "grading system 'uspstf' is built in: give your system another id, or replace "
            "single rows with grading_overrides",
        ),
        (("grading_systems", 2, "id"), "grading system 'synthetic-letters' is declared twice"),
        (
            ("grading_overrides", 0, "system"),
            "unknown grading system 'uspstfx' (did you mean 'uspstf'?)",
        ),
        (
            ("grading_overrides", 1, "grade", "value"),
            "'E' is not a grade of 'uspstf' (its grades: A, B, C, D, I)",
        ),
        (
            ("grading_overrides", 3, "grade", "value"),
            "grade 'B' of 'uspstf' is already overridden by grading_overrides[2]",
        ),
    ]
    assert issues[5][0] == ("grading_overrides", 4, "grade")
    assert issues[5][1] == "the override makes 'uspstf' ambiguous: 'C' and 'A' are both spelled 'c'"
    assert len(issues) == 6


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"system": "uspstf", "reason": "r"}, "exactly one of 'grade' or 'certainty'"),
        (
            {
                "system": "uspstf",
                "reason": "r",
                "grade": {
                    "value": "B",
                    "meaning": "m",
                    "source": "s",
                    "recommendation": "weak-for",
                },
                "certainty": {"value": "low", "meaning": "m", "source": "s", "certainty": "low"},
            },
            "exactly one of 'grade' or 'certainty'",
        ),
        (
            {
                "system": "uspstf",
                "reason": "r",
                "grade": {"value": "B", "meaning": "m", "recommendation": "weak-for"},
            },
            "source",  # every mapping cites its source
        ),
        (
            {
                "system": "uspstf",
                "reason": "r",
                "grade": {
                    "value": "B",
                    "meaning": "m",
                    "source": "s",
                    "recommendation": "fairly-strong",
                },
            },
            "recommendation",
        ),
        (
            {
                "system": "uspstf",
                "reason": "r",
                "grade": {
                    "value": "B",
                    "meaning": "m",
                    "source": "s",
                    "recommendation": "weak-for",
                    "direction": "against",
                },
            },
            "contradicts",
        ),
        (
            {
                "system": "uspstf",
                "reason": "r",
                "certainty": {
                    "value": "low",
                    "meaning": "m",
                    "source": "s",
                    "certainty": "low",
                    "colour": "red",
                },
            },
            "Extra inputs are not permitted",
        ),
        ({"system": "USPSTF", "reason": "r"}, "system"),  # ids are lower-case
    ],
)
def test_override_model_is_strict(data: dict[str, object], fragment: str) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        MappingOverride.model_validate(data)
    assert fragment in str(caught.value)


def test_system_model_rejects_ambiguous_spellings_and_is_frozen() -> None:
    with pytest.raises(pydantic.ValidationError, match="'Y' and 'X' are both spelled 'x'"):
        synthetic_system(
            grades=[
                {"value": "X", "meaning": "m", "recommendation": "strong-for", "source": "s"},
                {
                    "value": "Y",
                    "aliases": ["x"],
                    "meaning": "m",
                    "recommendation": "weak-for",
                    "source": "s",
                },
            ]
        )
    system = synthetic_system()
    with pytest.raises(pydantic.ValidationError):
        system.id = "other"  # type: ignore[misc]


def test_models_have_a_json_schema() -> None:
    """They will be part of the spec format, whose JSON Schema is generated from the models."""
    for model in (GradingSystemDefinition, MappingOverride):
        schema = model.model_json_schema()
        assert schema["additionalProperties"] is False


# --- `guidecompare grading` listing ---------------------------------------------------------------


def test_listing_rows_cover_every_mapping() -> None:
    rows = grading_table_rows()
    assert len(rows) == len(GRADE_ROWS) + len(CERTAINTY_ROWS)
    expected = {(s, "grade", v): r for s, v, _, r, _ in GRADE_ROWS} | {
        (s, "certainty", v): c for s, v, c in CERTAINTY_ROWS
    }
    for row in rows:
        common = expected[row.system, row.axis, row.native]
        if row.native in ("strong", "conditional"):  # strength only: the stance gives direction
            assert row.common == f"{common.split('-')[0]} + stance"
        else:
            assert row.common == common
        assert row.source and row.origin == "built-in"
    assert [r.native for r in grading_table_rows(system="sort")] == ["A", "B", "C"]


def test_listing_text() -> None:
    text = format_grading_table()
    assert text == format_grading_table()  # deterministic
    assert text.endswith("\n") and "\n\n\n" not in text
    for system in BUILT_IN_SYSTEMS:
        assert (
            f"{system.id}: {system.name}\n  version: {system.version}\n  source: {system.source}"
            in text
        )
    assert "    B -> weak-for; implies at least moderate certainty\n" in text
    assert "    D -> not-mappable (against); implies at least moderate certainty\n" in text
    assert "    B-NR -> low (also: BNR, " in text
    assert "  caveat: ACC/AHA levels of evidence are not synonymous with GRADE certainty" in text
    one = format_grading_table(system="ungraded")
    assert one.startswith("ungraded: No formal grading\n") and "uspstf" not in one


def test_listing_keeps_each_spec_declared_text_on_its_line() -> None:
    injected = "Test value X.\n::error file=x::owned"
    # The loader refuses a line break in a name; the listing stays safe even if one got past it.
    system = synthetic_system(note=injected).model_copy(
        update={"name": "Synthetic\r\n::warning::owned"}
    )
    text = format_grading_table(merge_systems([system]), system="synthetic-letters")
    assert text.startswith("synthetic-letters: Synthetic\\r\\n::warning::owned (declared in")
    assert "  note: Test value X.\\n::error file=x::owned\n" in text
    assert all(line.startswith(("synthetic-letters: ", "  ")) for line in text.splitlines())


def test_listing_marks_spec_declared_systems() -> None:
    text = format_grading_table(merge_systems([synthetic_system()]), system="synthetic-letters")
    assert text.startswith(
        "synthetic-letters: Synthetic letter grades (test only) (declared in the spec)\n"
    )
    assert "    Y -> weak + stance (also: why)\n" in text


# --- Properties -----------------------------------------------------------------------------------

SYSTEM_IDS = [*BUILT_IN_REGISTRY.ids(), "no-such-system", None]
RECOMMENDATIONS = {*RecommendationCode, *Unmapped}
CERTAINTIES = {*CertaintyCode, *Unmapped}


@given(
    system=st.sampled_from(SYSTEM_IDS),
    grade=st.none() | st.text(),
    certainty=st.none() | st.text(),
    stance=st.none() | st.sampled_from(Direction),
    inferred=st.booleans(),
)
def test_any_text_reads_as_a_valid_common_value(
    system: str | None,
    grade: str | None,
    certainty: str | None,
    stance: Direction | None,
    inferred: bool,
) -> None:
    reading = read_grade(system, grade, certainty, direction=stance, inferred=inferred)
    assert reading.recommendation in RECOMMENDATIONS
    assert reading.certainty in CERTAINTIES
    assert reading.text.strip()
    if not (grade or "").strip():
        assert reading.recommendation is Unmapped.NOT_STATED


ALL_ROWS = [
    (system.id, axis, row)
    for system in BUILT_IN_SYSTEMS
    for axis, rows in (("grade", system.grades), ("certainty", system.certainties))
    for row in rows
]


@given(
    case=st.sampled_from(ALL_ROWS),
    upper=st.lists(st.booleans(), min_size=40, max_size=40),
    pad=st.sampled_from(["", " ", "  ", "\t"]),
    dash=st.sampled_from(["-", " ", "\u2013", "\u2011"]),
)
def test_any_casing_spacing_or_dash_of_a_value_finds_its_row(
    case: tuple[str, str, NativeGrade | NativeCertainty], upper: list[bool], pad: str, dash: str
) -> None:
    system, axis, row = case
    spelled = "".join(
        c.upper() if flip else c.lower() for c, flip in zip(row.value, upper, strict=False)
    )
    spelled = pad + spelled.replace("-", dash) + pad
    found = BUILT_IN_REGISTRY.lookup(system, "grade" if axis == "grade" else "certainty", spelled)
    assert found is not None and found[1] == row


# --- The documentation is true --------------------------------------------------------------------

DOCS = (Path(__file__).resolve().parent.parent / "docs" / "grading.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("system", BUILT_IN_SYSTEMS, ids=lambda s: s.id)
def test_docs_table_matches_the_code(system: GradingSystemDefinition) -> None:
    section = DOCS.split(f"(`{system.id}`)\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    table = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    documented = [tuple(cell.strip() for cell in line.strip("|").split("|")) for line in table[1:]]
    expected = [
        (
            row.native,
            row.common + (f" ({row.direction})" if row.direction else ""),
            row.implied_certainty,
        )
        for row in grading_table_rows(system=system.id)
    ]
    assert documented == expected
    for url in re.findall(r"https?://\S+", system.source):  # the docs cite the system's sources
        assert url.rstrip(";,") in DOCS, url


def test_a_build_reads_only_the_grading_systems_its_comparison_uses() -> None:
    """Built-in systems are data files, read and validated on first use: comparing the
    reference reads two of the six (USPSTF, its guidelines' system, and ungraded, whose
    spellings are read in every system)."""
    import subprocess
    import sys

    from .conftest import REAL_SPEC

    probe = (
        "from guidecompare import load\n"
        "from guidecompare.engine import compare\n"
        "from guidecompare.grading import builtin\n"
        f"[loaded] = load({str(REAL_SPEC)!r})\n"
        "compare(loaded)\n"
        "print(builtin.built_in_system.cache_info().currsize)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "2"


def test_every_built_in_data_file_is_listed_and_valid() -> None:
    from guidecompare.grading.builtin import BUILT_IN_IDS, SYSTEMS_DIR, built_in_system

    assert sorted(path.stem for path in SYSTEMS_DIR.glob("*.json")) == sorted(BUILT_IN_IDS)
    for system_id in BUILT_IN_IDS:
        assert built_in_system(system_id).id == system_id
