"""Typed, frozen models of the spec format: a comparison and the guidelines it compares.

These classes are the spec format; docs/spec-format.md explains them and
`schema/spec.schema.json` is generated from them (`guidecompare schema`).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"

Id = Annotated[
    str,
    StringConstraints(strict=True, pattern=ID_PATTERN, max_length=64),
    Field(description="Lower-case letters, digits and single hyphens, e.g. 'rsdsa-2022'."),
]
# Names Windows reserves for devices: an output directory or spec file named so cannot be used.
RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(1, 10)}
)


def _not_reserved(value: str) -> str:
    if value in RESERVED_NAMES:
        raise ValueError(f"'{value}' is a name Windows reserves for a device: choose another id")
    return value


# An id that names a file or directory (a comparison's output directory, a guideline's file).
FileId = Annotated[Id, AfterValidator(_not_reserved)]
Text = Annotated[str, StringConstraints(strict=True, min_length=1)]
Doi = Annotated[
    str,
    StringConstraints(strict=True, pattern=DOI_PATTERN),
    Field(description="A bare DOI such as 10.1093/pm/pnac046 (no 'doi:' or https:// prefix)."),
]
Url = Annotated[
    str,
    StringConstraints(strict=True, pattern=r"^https?://[^\s<>\"]+$"),
    Field(description="An http:// or https:// address."),
]


def _iso_date(value: Any) -> Any:
    """Dates are written YYYY-MM-DD; YAML's own date type is read back as that text."""
    if isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(f"'{value}' is not a date: write it as YYYY-MM-DD")
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"'{value}' is not a real date") from exc
    if not isinstance(value, str | date):
        raise ValueError("expected a date written as YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


def _partial_date(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise ValueError("expected a year, year-month or date: YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a real date") from exc
    return value


PartialDate = Annotated[
    str,
    BeforeValidator(_partial_date),
    Field(description="YYYY, YYYY-MM or YYYY-MM-DD: as precise as the source is."),
]


def _one_or_many(value: Any) -> Any:
    """A facet with a single value may be written as plain text."""
    return [value] if isinstance(value, str) else value


def _unique(values: tuple[str, ...]) -> tuple[str, ...]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"'{value}' is listed twice")
        seen.add(value)
    return values


UniqueIds = Annotated[tuple[Id, ...], AfterValidator(_unique)]


class SpecModel(BaseModel):
    """Base of all spec models: unknown keys are errors, values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Direction(StrEnum):
    """Which way a recommendation or finding points; `descriptive` has no direction."""

    FOR = "for"
    AGAINST = "against"
    NEUTRAL = "neutral"
    DESCRIPTIVE = "descriptive"


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
    label: Text
    aliases: tuple[Text, ...] = ()
    description: Text | None = None


class Facet(SpecModel):
    """A comparable property that statements may state, e.g. adverse effects."""

    id: Id
    label: Text


class Reference(SpecModel):
    """A document the comparison cites: a trial, a web page, a secondary source."""

    id: Id
    citation: Text
    doi: Doi | None = None
    url: Url | None = None
    kind: Literal["trial", "study", "web-page", "drug-label", "secondary-source", "other"] = "other"
    short: Text | None = Field(
        default=None, description="Short name used in rationales, e.g. 'Schwartzman 2009'."
    )


class Person(SpecModel):
    name: Text
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


class ComparisonSpec(SpecModel):
    """`comparison.yaml`: the question, topics, guidelines compared and the author's narrative."""

    id: FileId
    question: Text
    short_title: Text | None = Field(
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
    paper: Literal["letter", "a4"] = Field(
        default="letter", description="Paper size of the PDF: US Letter or A4."
    )
    check: CheckSettings = CheckSettings()
    acknowledgements: tuple[Acknowledgement, ...] = ()
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


class Regimen(SpecModel):
    """A dosing regimen. A field the source does not state is left out (shown 'not stated')."""

    study: Id | None = Field(default=None, description="Reference id of the trial it comes from.")
    route: Text | None = None
    dose: Decimal | None = Field(default=None, ge=0, allow_inf_nan=False)
    unit: Text | None = None
    schedule: Text | None = None
    duration: Text | None = None
    setting: Text | None = None
    titration: Text | None = None
    note: Text | None = None


FacetValues = Annotated[tuple[Text, ...], BeforeValidator(_one_or_many)]


class Statement(SpecModel):
    """One thing a guideline says on one topic."""

    topic: Text = Field(description="Topic id or alias.")
    stance: Stance
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
    note: Text | None = None
    source: Source


class Silence(SpecModel):
    """A verified silence: someone checked the guideline and it says nothing on the topic."""

    topic: Text
    checked: IsoDate
    note: Text | None = None


class GradingSystem(SpecModel):
    name: Text
    note: Text | None = None


class GuidelineSpec(SpecModel):
    """`<guideline id>.yaml`: one source document, its metadata and its statements."""

    id: FileId
    label: Text = Field(description="Short label, e.g. 'RSDSA 2022'.")
    title: Text
    organisations: tuple[Text, ...] = Field(min_length=1)
    year: int = Field(ge=1900, le=2200, strict=True)
    published: IsoDate | None = None
    citation: Text
    doi: Doi | None = None
    url: Url | None = None
    methodology: Text | None = None
    grading_system: GradingSystem | None = None
    funding: Text | None = None
    conflicts_of_interest: Text | None = None
    status: Status = Status.CURRENT
    superseded_by: Text | None = None
    planned_review: PartialDate | None = None
    review_note: Text | None = None
    notes: Text | None = None
    statements: tuple[Statement, ...] = ()
    silent: tuple[Silence, ...] = ()
