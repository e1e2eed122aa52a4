"""Typed, frozen models of the spec format: a comparison and the guidelines it compares.

These classes are the spec format; docs/spec-format.md explains them and
`schema/spec.schema.json` is generated from them (`guidecompare schema`).
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
)

from guidecompare.grading.model import GradingSystemDefinition, MappingOverride
from guidecompare.spectypes import (
    Direction as Direction,
)
from guidecompare.spectypes import (
    Doi,
    FileId,
    Id,
    IsoDate,
    Label,
    PartialDate,
    RowLabel,
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
    paper: Literal["letter", "a4"] = Field(
        default="letter", description="Paper size of the PDF: US Letter or A4."
    )
    grading_systems: tuple[GradingSystemDefinition, ...] = Field(
        default=(), description="Grading systems this comparison declares (docs/grading.md)."
    )
    grading_overrides: tuple[MappingOverride, ...] = Field(
        default=(), description="Replacements for single rows of known systems, with reasons."
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
    dose: Decimal | None = Field(default=None, ge=0, le=1_000_000, allow_inf_nan=False)
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
    population: Text | None = Field(default=None, description="Patients the guideline covers.")
    setting: Text | None = Field(default=None, description="Care setting it addresses.")
    funding: Text | None = None
    conflicts_of_interest: Text | None = None
    appraisals: tuple[Appraisal, ...] = ()
    status: Status = Status.CURRENT
    superseded_by: Label | None = None
    planned_review: PartialDate | None = None
    review_note: Text | None = None
    notes: Text | None = None
    statements: tuple[Statement, ...] = ()
    silent: tuple[Silence, ...] = ()
