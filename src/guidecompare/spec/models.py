"""Typed, frozen models of the spec format: a comparison and the guidelines it compares.

These classes are the spec format; docs/spec-format.md explains them and
`spec/schema/*.schema.json` is generated from them (`guidecompare schema`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from guidecompare.grading.model import GradingSystemDefinition, MappingOverride
from guidecompare.spec.types import (
    Direction as Direction,
)
from guidecompare.spec.types import (
    Doi,
    FileId,
    Id,
    IsoDate,
    Label,
    PartialDate,
    RowLabel,
    ShortLabel,
    SpecModel,
    Text,
    UniqueIds,
    Url,
    _one_or_many,
    _unique,
)


class Status(StrEnum):
    CURRENT = "current"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"


class VerdictName(StrEnum):
    AGREE = "agree"
    PARTIAL = "partial"
    CONFLICT = "conflict"
    GAP = "gap"
    NOT_ADDRESSED = "not-addressed"


class Topic(SpecModel):
    """A canonical heading; statements may name it by id or by any alias."""

    id: Id
    label: RowLabel
    aliases: tuple[Label, ...] = ()
    description: Text | None = None


class Facet(SpecModel):
    """A comparable property that statements may state, e.g. adverse effects."""

    id: Id
    label: Label
    kind: Literal["list", "value"] = Field(
        default="list",
        description=(
            "list: things a guideline names (adverse effects, limitations); a thing only one "
            "guideline names is a detail it alone gives, never a difference. value: one value "
            "each (a duration of benefit); two different values are a difference."
        ),
    )


class Reference(SpecModel):
    """A document the comparison cites: a trial, a web page, a secondary source."""

    id: Id
    citation: Text
    doi: Doi | None = None
    url: Url | None = None
    kind: Literal["trial", "study", "web-page", "drug-label", "secondary-source", "other"] = "other"
    short: Label | None = Field(
        default=None, description="Short name used in rationales, e.g. 'Schwartzman 2009'."
    )


class Person(SpecModel):
    name: Label
    role: Text | None = None
    organisation: Text | None = None


class Paragraph(SpecModel):
    """A paragraph of the author's narrative, with the references it cites."""

    text: Text
    cites: UniqueIds = ()


class Override(SpecModel):
    """A reviewer's judgement that replaces the computed verdict of one topic."""

    topic: Id
    verdict: VerdictName
    reason: Text
    reviewer: Text
    date: IsoDate


class CheckSettings(SpecModel):
    """How `guidecompare check` treats this comparison (command-line options take precedence)."""

    strict: bool = Field(
        default=False, strict=True, description="Currency findings are errors, not warnings."
    )
    max_guideline_age_years: int = Field(
        default=5,
        ge=1,
        le=100,
        strict=True,
        description="Older guidelines are flagged (ECRI Guidelines Trust uses 5 years).",
    )


AcknowledgeableRule = Literal[
    "comparison-review-overdue",
    "guideline-review-overdue",
    "guideline-too-old",
    "guideline-superseded",
    "guideline-withdrawn",
    "topic-uncovered",
]


class Acknowledgement(SpecModel):
    """A currency or coverage finding a reviewer has looked at, with the reason it may stand."""

    rule: AcknowledgeableRule
    guideline: Id | None = Field(default=None, description="The guideline it concerns, if any.")
    topic: Id | None = Field(default=None, description="The topic it concerns (topic-uncovered).")
    reason: Text
    by: Text
    date: IsoDate
    until: IsoDate | None = Field(
        default=None, description="After this day the finding is reported again."
    )


# The formats a comparison can declare (render/__init__.py: FORMATS gives each one's files).
OutputFormat = Literal["pdf", "html", "csv", "xlsx"]


class ComparisonSpec(SpecModel):
    """`comparison.yaml`: the question, topics, guidelines compared and the author's narrative."""

    id: FileId
    question: Label
    short_title: Label | None = Field(
        default=None, description="Short form of the question for page headers."
    )
    prepared_by: tuple[Person, ...] = Field(min_length=1)
    prepared: PartialDate | None = Field(
        default=None, description="When the comparison was written (YYYY-MM if that is all)."
    )
    current_as_of: IsoDate = Field(description="The date the information is current as of.")
    review_interval_months: int = Field(default=12, ge=1, le=120, strict=True)
    disclaimer: Text
    topics: tuple[Topic, ...] = Field(min_length=1)
    facets: tuple[Facet, ...] = ()
    guidelines: Annotated[tuple[FileId, ...], AfterValidator(_unique)] = Field(min_length=1)
    background: tuple[Paragraph, ...] = ()
    conclusion: tuple[Paragraph, ...] = ()
    references: tuple[Reference, ...] = ()
    overrides: tuple[Override, ...] = ()
    formats: Annotated[tuple[OutputFormat, ...], AfterValidator(_unique)] = Field(
        default=("pdf", "html", "csv", "xlsx"),
        min_length=1,
        description=(
            "The outputs build writes and check covers: pdf, html, csv (the comparison, summary "
            "and guidelines CSV files), xlsx. All four by default."
        ),
    )
    paper: Literal["letter", "a4"] = Field(
        default="letter", description="Paper size of the PDF: US Letter or A4."
    )
    baseline: Text | None = Field(
        default=None,
        description=(
            "A git revision (a tag, a commit) of this repository to tell what changed since: "
            "the PDF gains a 'Changes since' section (docs/diff.md)."
        ),
    )
    grading_systems: tuple[GradingSystemDefinition, ...] = Field(
        default=(), description="Grading systems this comparison declares (docs/grading.md)."
    )
    grading_overrides: tuple[MappingOverride, ...] = Field(
        default=(), description="Replacements for single rows of known systems, with reasons."
    )
    check: CheckSettings = CheckSettings()
    acknowledgements: tuple[Acknowledgement, ...] = ()
    equivalents: dict[Label, tuple[Text, ...]] = Field(
        default_factory=dict,
        description="Named groups of facet values that mean the same for this comparison.",
    )
    notes: Text | None = Field(default=None, description="Notes on how the spec was made.")


class Stance(SpecModel):
    direction: Direction
    wording: Text | None = Field(
        default=None, description="The guideline's own words for its stance, where given."
    )


class Source(SpecModel):
    """Where a statement stands: the document read and the place in it."""

    document: Id = Field(
        description="Id of the guideline or reference the statement was read from."
    )
    section: Text | None = None
    page: Text | None = Field(default=None, description="Page as printed; omit when not stated.")
    url: Url | None = Field(default=None, description="The page the statement was read on.")


# ---------------------------------------------------------------------------------------------
# Populations and doses: each has a short YAML form and a mapping form.


def _number_text(value: Decimal) -> str:
    """75, 0.35, 100: no exponent, no trailing zeros."""
    return f"{value.normalize():f}"


class Population(SpecModel):
    """The patients a statement or guideline concerns: in words, by age (years, inclusive), or both."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [{"required": ["text"]}, {"required": ["age_min"]}, {"required": ["age_max"]}]
        },
    )

    text: Text | None = None
    age_min: Decimal | None = Field(default=None, ge=0, le=150, allow_inf_nan=False)
    age_max: Decimal | None = Field(default=None, ge=0, le=150, allow_inf_nan=False)

    @model_validator(mode="after")
    def _says_something(self) -> Self:
        if self.text is None and self.age_min is None and self.age_max is None:
            raise ValueError(
                "a population needs 'text', 'age_min' or 'age_max', e.g. "
                "{text: adults, age_min: 40, age_max: 75}"
            )
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueError(
                f"age_min {_number_text(self.age_min)} is above age_max "
                f"{_number_text(self.age_max)}: swap them"
            )
        return self

    def ages(self) -> str | None:
        """'40-75 years', '18 years and older', 'up to 12 years'; None without ages."""
        low, high = self.age_min, self.age_max
        if low is not None and high is not None:
            if low == high:
                return f"{_number_text(low)} years"
            return f"{_number_text(low)}-{_number_text(high)} years"
        if low is not None:
            return f"{_number_text(low)} years and older"
        if high is not None:
            return f"up to {_number_text(high)} years"
        return None

    def __str__(self) -> str:
        """'adults; 10-year risk >= 10%; 40-75 years', or the text or the ages alone."""
        return "; ".join(part for part in (self.text, self.ages()) if part)


def _population(value: Any) -> Any:
    """A plain string is the population in words."""
    return {"text": value} if isinstance(value, str) else value


PopulationValue = Annotated[
    Population,
    BeforeValidator(_population, json_schema_input_type=Text | Population),
]

MAX_DOSE = Decimal(1_000_000)
DOSE_HELP = (
    "write a dose as a number (75), a range (75-100, or {low: 75, high: 100}) or a threshold "
    "(>=90, <50); put its unit in 'unit'"
)


# In a spec a bound is a YAML number (never text): the schema says so, as the validator does.
DoseBound = Annotated[
    Decimal | None,
    Field(ge=0, le=MAX_DOSE, allow_inf_nan=False),
    WithJsonSchema(
        {"anyOf": [{"type": "number", "minimum": 0, "maximum": 1_000_000}, {"type": "null"}]}
    ),
]


class Dose(SpecModel):
    """A dose: one value (low == high), a range, or an open bound (a threshold)."""

    model_config = ConfigDict(
        # JSON Schema cannot say "low <= high"; it can say "at least one bound".
        json_schema_extra={"anyOf": [{"required": ["low"]}, {"required": ["high"]}]},
    )

    low: DoseBound = None
    high: DoseBound = None
    low_inclusive: bool = Field(default=True, strict=True)
    high_inclusive: bool = Field(default=True, strict=True)

    @model_validator(mode="after")
    def _is_a_dose(self) -> Self:
        low, high = self.low, self.high
        if low is None and high is None:
            raise ValueError(f"a dose needs 'low' or 'high': {DOSE_HELP}")
        if low is not None and high is not None:
            if low > high:
                raise ValueError(
                    f"low {_number_text(low)} is above high {_number_text(high)}: swap them"
                )
            if low == high and not (self.low_inclusive and self.high_inclusive):
                raise ValueError(
                    f"low and high are both {_number_text(low)} and one is exclusive, so no "
                    "dose fits: write the single dose, or widen the range"
                )
        return self

    def __str__(self) -> str:
        """75, 75-100, >=90, >90, <50, <=50 (and '>75 and <=100' for a half-open range)."""
        low, high = self.low, self.high
        low_sign = ">=" if self.low_inclusive else ">"
        high_sign = "<=" if self.high_inclusive else "<"
        if low is not None and high is not None:
            if self.low_inclusive and self.high_inclusive:
                if low == high:
                    return _number_text(low)
                return f"{_number_text(low)}-{_number_text(high)}"
            return f"{low_sign}{_number_text(low)} and {high_sign}{_number_text(high)}"
        if low is not None:
            return f"{low_sign}{_number_text(low)}"
        assert high is not None  # the validator guarantees a bound
        return f"{high_sign}{_number_text(high)}"


# A dose number as text: at most 1,000,000, without sign or exponent.
_DOSE_NUMBER = r"(?:1000000(?:\.0+)?|[0-9]{1,6}(?:\.[0-9]+)?)"
_SPACE = r"[ ]*"
DOSE_TEXT_PATTERN = (
    rf"^{_SPACE}(?:(?:>=|≥|>|<=|≤|<){_SPACE}{_DOSE_NUMBER}"
    rf"|{_DOSE_NUMBER}(?:{_SPACE}[-\u2013]{_SPACE}{_DOSE_NUMBER})?){_SPACE}$"
)
_THRESHOLDS = {
    ">=": ("low", True),
    "≥": ("low", True),
    ">": ("low", False),
    "<=": ("high", True),
    "≤": ("high", True),
    "<": ("high", False),
}


def _decimal(value: object) -> Decimal | None:
    """A YAML number as a Decimal (floats through their shortest text: 0.35, not 0.34999...)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    try:
        return Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:  # pragma: no cover - str() of a float is always a number
        return None


def _checked_number(number: Decimal) -> Decimal:
    """A scalar dose's number, refused here so that the message points at 'dose' itself."""
    if not number.is_finite():
        raise ValueError("input should be a finite number")
    if number < 0:
        raise ValueError("input should be greater than or equal to 0")
    if number > MAX_DOSE:
        raise ValueError("input should be less than or equal to 1000000")
    return number


def _dose(value: Any) -> Any:
    """Every written form of a dose → the mapping of a Dose."""
    if isinstance(value, Dose | dict):
        if isinstance(value, dict):
            for bound in ("low", "high"):
                raw = value.get(bound)
                if raw is not None and _decimal(raw) is None:
                    raise ValueError(f"'{bound}' must be a number: {DOSE_HELP}")
            return {
                key: _decimal(raw) if key in ("low", "high") and raw is not None else raw
                for key, raw in value.items()
            }
        return value
    number = _decimal(value)
    if number is not None:
        number = _checked_number(number)
        return {"low": number, "high": number}
    if isinstance(value, str) and re.fullmatch(DOSE_TEXT_PATTERN, value):
        text = value.strip()
        for sign in sorted(_THRESHOLDS, key=len, reverse=True):
            if text.startswith(sign):
                bound, inclusive = _THRESHOLDS[sign]
                return {bound: Decimal(text[len(sign) :].strip()), f"{bound}_inclusive": inclusive}
        low, _, high = re.sub(r"[ ]*[-\u2013][ ]*", "-", text).partition("-")
        return {"low": Decimal(low), "high": Decimal(high or low)}
    shown = f" '{value}'" if isinstance(value, str) else ""
    raise ValueError(f"not a dose{shown}: {DOSE_HELP}")


DoseValue = Annotated[
    Dose,
    BeforeValidator(
        _dose,
        json_schema_input_type=Annotated[float, Field(ge=0, le=1_000_000)]
        | Annotated[str, StringConstraints(pattern=DOSE_TEXT_PATTERN)]
        | Dose,
    ),
]


def _topic_names(value: Any) -> Any:
    """`topic: efficacy` is a list of one."""
    if isinstance(value, list) and not value:
        raise ValueError("names no topic: write e.g. topic: efficacy, or topic: [efficacy, dosing]")
    return [value] if isinstance(value, str) else value


TopicNames = Annotated[
    tuple[Text, ...],
    BeforeValidator(
        _topic_names,
        json_schema_input_type=Text | Annotated[list[Text], Field(min_length=1)],
    ),
    Field(min_length=1),
]


class Regimen(SpecModel):
    """A dosing regimen. A field the source does not state is left out (shown 'not stated')."""

    study: Id | None = Field(default=None, description="Reference id of the trial it comes from.")
    route: Text | None = None
    dose: DoseValue | None = Field(
        default=None,
        description="A number (75), a range (75-100 or {low: 75, high: 100}) or a threshold "
        "(>=90, <50); its unit goes in 'unit'.",
    )
    unit: Text | None = None
    schedule: Text | None = None
    duration: Text | None = None
    setting: Text | None = None
    titration: Text | None = None
    note: Text | None = None


FacetValues = Annotated[
    tuple[Text, ...],
    # The schema takes the plain-text form too, as the validator does.
    BeforeValidator(_one_or_many, json_schema_input_type=Text | list[Text]),
]


class Statement(SpecModel):
    """One thing a guideline says on one topic."""

    id: Id | None = Field(
        default=None,
        description=(
            "A stable name for the statement, unique in its guideline: `guidecompare diff` "
            "matches statements across versions by it (else by topic and population)."
        ),
    )
    topic: TopicNames = Field(
        description="Topic id or alias, or a list of them; after loading, canonical topic ids."
    )
    stance: Stance
    population: PopulationValue | None = Field(
        default=None, description="Patients the statement concerns (default: the guideline's)."
    )
    grade: Text | None = Field(
        default=None,
        description="Grade as the guideline gives it, or 'ungraded'; omit if not stated.",
    )
    certainty: Text | None = None
    evidence: UniqueIds = ()
    regimens: tuple[Regimen, ...] = ()
    facets: dict[Id, FacetValues] = Field(default_factory=dict)
    text: Text
    quote: Text | None = Field(default=None, description="Verbatim words of the source.")
    gist: ShortLabel | None = Field(
        default=None,
        description=(
            "What the statement says in a few words, for page 1's matrix (at most 80 "
            "characters); when omitted, it is composed from the stance, grade and facets."
        ),
    )
    note: Text | None = None
    source: Source


class Silence(SpecModel):
    """A verified silence: someone checked the guideline and it says nothing on the topic."""

    topic: Text
    checked: IsoDate
    note: Text | None = None


class GradingSystem(SpecModel):
    """The grading system a guideline uses, as the source names it, and its id in guidecompare."""

    name: Label = Field(description="The system as the source names or describes it.")
    system: Id | None = Field(
        default=None,
        description="Id of a built-in or declared grading system (see `guidecompare grading`).",
    )
    inferred: bool = Field(
        default=False,
        strict=True,
        description="True when the source does not name the system and `system` is inferred.",
    )
    note: Text | None = None


class Appraisal(SpecModel):
    """A published appraisal of the guideline, e.g. AGREE II domain scores, with its source."""

    instrument: Text = Field(description="E.g. 'AGREE II' or 'ECRI trustworthiness'.")
    scores: dict[Text, Text] = Field(description="Domain or item → score, as published.")
    source: Text = Field(description="Where the appraisal was published.")


class GuidelineSpec(SpecModel):
    """`<guideline id>.yaml`: one source document, its metadata and its statements."""

    id: FileId
    label: Label = Field(description="Short label, e.g. 'RSDSA 2022'.")
    title: Label
    organisations: tuple[Text, ...] = Field(min_length=1)
    year: int = Field(ge=1900, le=2200, strict=True)
    published: IsoDate | None = None
    citation: Text
    doi: Doi | None = None
    url: Url | None = None
    developer: Text | None = Field(default=None, description="Who developed the guideline.")
    sponsors: tuple[Text, ...] = Field(default=(), description="Sponsoring organisations.")
    methodology: Text | None = None
    grading_system: GradingSystem | None = None
    population: PopulationValue | None = Field(
        default=None, description="Patients the guideline covers: the default of its statements."
    )
    setting: Text | None = Field(default=None, description="Care setting it addresses.")
    funding: Text | None = None
    conflicts_of_interest: Text | None = None
    appraisals: tuple[Appraisal, ...] = ()
    status: Status = Status.CURRENT
    superseded_by: Id | None = Field(
        default=None,
        description="Id of the successor: a guideline of this comparison or a reference.",
    )
    planned_review: PartialDate | None = None
    review_note: Text | None = None
    notes: Text | None = None
    statements: tuple[Statement, ...] = ()
    silent: tuple[Silence, ...] = ()

    def population_of(self, statement: Statement) -> Population | None:
        """The population a statement concerns: its own, else the guideline's."""
        return statement.population if statement.population is not None else self.population
