"""The shape of a grading system's table, shared by the built-in tables and spec-declared ones.

A spec may declare a whole system (`GradingSystemDefinition`) or replace one row of a known system
(`MappingOverride`); every row names the source its meaning and mapping rest on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Literal

from pydantic import Field, model_validator

from guidecompare.grading.scale import CertaintyCode, RecommendationCode, Strength
from guidecompare.spec.types import Direction, Id, Label, SpecModel, Text

Axis = Literal["grade", "certainty"]

# What a native grade maps to: a full common code; a strength whose direction is the statement's
# stance; or no common value.
GradeMapping = RecommendationCode | Strength | Literal["not-mappable", "ungraded"]
CertaintyMapping = CertaintyCode | Literal["not-mappable", "ungraded"]
GradeDirection = Literal[Direction.FOR, Direction.AGAINST, Direction.NEUTRAL]

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_PUNCTUATION = re.compile(r"[-:_/.,;()\[\]{}\"'\u2018\u2019\u201c\u201d]")
# Words around a value that do not change it, before or after it alike (docs/grading.md,
# "Spellings"): "Grade B", "Class IIa", "LOE B-NR", "evidence type 3", "low to moderate level of
# certainty", "high-quality evidence". Longest first, so that "level of evidence" goes as one.
_FILLERS = (
    "class of recommendation",
    "strength of recommendation",
    "level of certainty",
    "certainty of evidence",
    "quality of evidence",
    "level of evidence",
    "recommendation",
    "certainty",
    "statement",
    "evidence",
    "quality",
    "grade",
    "class",
    "level",
    "loe",
    "cor",
    "sor",
)


def normalise(text: str) -> str:
    """The form native values are matched in: case, dashes, punctuation, spacing and filler ignored.

    >>> normalise("Class IIa"), normalise("LOE B-NR"), normalise("Low to moderate level of certainty")
    ('iia', 'b nr', 'low to moderate')
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = _PUNCTUATION.sub(" ", _DASHES.sub("-", folded)).split()
    changed = True
    while changed and words:
        changed = False
        for affix in _FILLERS:
            n = len(affix.split())
            if len(words) > n and words[:n] == affix.split():
                words, changed = words[n:], True
                break
        for affix in _FILLERS:
            n = len(affix.split())
            if len(words) > n and words[-n:] == affix.split():
                words, changed = words[:-n], True
                break
    return " ".join(words)


class NativeRow(SpecModel):
    """One native value of a grading system, its meaning and the source for both."""

    value: Text = Field(description="The value as the system writes it, e.g. 'B' or '2a'.")
    aliases: tuple[Text, ...] = Field(
        default=(), description="Other spellings of the same value, e.g. 'IIa' for '2a'."
    )
    meaning: Text = Field(description="What the value means, in one line.")
    source: Text = Field(description="Citation and URL for the meaning and the mapping.")
    note: Text | None = Field(
        default=None, description="Why this mapping, where sources disagree or none applies."
    )

    def spellings(self) -> tuple[str, ...]:
        """Normalised spellings this row answers to."""
        seen: dict[str, None] = {}
        for spelling in (self.value, *self.aliases):
            seen.setdefault(normalise(spelling), None)
        return tuple(seen)


class NativeGrade(NativeRow):
    """A grade (strength of recommendation) and its reading on the common scale."""

    recommendation: GradeMapping = Field(
        description=(
            "Common code (strong-for ... strong-against, neutral); 'strong' or 'weak' when the "
            "direction is the statement's stance; 'not-mappable'; or 'ungraded'."
        )
    )
    direction: GradeDirection | None = Field(
        default=None,
        description="Direction the grade itself states, when its strength cannot be mapped.",
    )
    implied_certainty: CertaintyCode | None = Field(
        default=None,
        description="The least certainty the grade's definition requires (read when none is stated).",
    )

    @model_validator(mode="after")
    def _direction_agrees(self) -> NativeGrade:
        if isinstance(self.recommendation, RecommendationCode) and self.direction is not None:
            implied = grade_direction(self.recommendation)
            if implied != self.direction:
                raise ValueError(
                    f"direction '{self.direction}' contradicts recommendation "
                    f"'{self.recommendation}'"
                )
        return self

    def stated_direction(self) -> Direction | None:
        """The direction the native grade states, if any."""
        if isinstance(self.recommendation, RecommendationCode):
            return grade_direction(self.recommendation)
        return self.direction


def grade_direction(code: RecommendationCode) -> Direction:
    if code is RecommendationCode.NEUTRAL:
        return Direction.NEUTRAL
    return Direction.FOR if code.value.endswith("-for") else Direction.AGAINST


class NativeCertainty(NativeRow):
    """A certainty (or level of evidence) and its reading on the common scale."""

    certainty: CertaintyMapping = Field(
        description="Common code (high, moderate, low, very-low), 'not-mappable' or 'ungraded'."
    )


def _duplicate_keys(rows: Iterable[NativeRow]) -> list[str]:
    owner: dict[str, str] = {}
    problems: list[str] = []
    for row in rows:
        for key in row.spellings():
            if not key:
                problems.append(f"'{row.value}' has a spelling with no letters or digits")
            elif key in owner and owner[key] != row.value:
                problems.append(f"'{row.value}' and '{owner[key]}' are both spelled '{key}'")
            owner.setdefault(key, row.value)
    return problems


class GradingSystemDefinition(SpecModel):
    """A grading system: what its grades and certainties mean and how each reads on the common scale."""

    id: Id
    name: Label = Field(description="Full name, e.g. 'U.S. Preventive Services Task Force grades'.")
    label: Label = Field(description="Short name used in readings, e.g. 'USPSTF'.")
    version: Text = Field(description="The version of the definitions the table follows.")
    source: Text = Field(description="Citation and URL of the definitions.")
    grade_term: Text | None = Field(
        default=None, description="Word put before a grade in readings, e.g. 'Grade' or 'Class'."
    )
    certainty_term: Text = Field(
        default="certainty", description="Word for the certainty axis, e.g. 'LOE' or 'level'."
    )
    caveat: Text | None = Field(
        default=None, description="A warning every reading in this system carries."
    )
    note: Text | None = None
    grades: tuple[NativeGrade, ...] = ()
    certainties: tuple[NativeCertainty, ...] = ()

    @model_validator(mode="after")
    def _spellings_are_unambiguous(self) -> GradingSystemDefinition:
        problems = _duplicate_keys(self.grades) + _duplicate_keys(self.certainties)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def rows(self, axis: Axis) -> tuple[NativeGrade, ...] | tuple[NativeCertainty, ...]:
        return self.grades if axis == "grade" else self.certainties


class MappingOverride(SpecModel):
    """A comparison's replacement for one row of a known grading system, with its citation.

    The row's `value` names the row replaced (any spelling of it); its spellings are kept.
    """

    system: Id = Field(description="Id of the grading system whose row is replaced.")
    grade: NativeGrade | None = Field(default=None, description="The grade row that replaces.")
    certainty: NativeCertainty | None = Field(
        default=None, description="The certainty row that replaces."
    )
    reason: Text = Field(description="Why the comparison departs from the table.")

    @model_validator(mode="after")
    def _exactly_one_row(self) -> MappingOverride:
        if (self.grade is None) == (self.certainty is None):
            raise ValueError("give exactly one of 'grade' or 'certainty'")
        return self

    @property
    def axis(self) -> Axis:
        return "grade" if self.grade is not None else "certainty"

    @property
    def row(self) -> NativeGrade | NativeCertainty:
        row = self.grade if self.grade is not None else self.certainty
        assert row is not None  # the validator guarantees one
        return row
