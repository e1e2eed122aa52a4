"""Is the evidence behind a comparison still current? Dates come from the specs, never the clock.

Pure functions of the specs and a given day: `check` passes today (or --today), the PDF passes
the comparison's own "current as of" date so that outputs stay deterministic.

`currency_facts` reads, once, everything the currency and coverage rules need from a loaded
comparison (dates, statuses, topics no statement covers, acknowledgements, and where each
stands in the spec files); `currency_issues` judges those facts on a given day. The build
manifest records the facts, so `check` can judge a comparison whose spec bytes it has proved
unchanged without reading YAML (manifest.py). This module imports nothing heavy for that reason.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guidecompare.engine.dates import long_date
from guidecompare.errors import Location

if TYPE_CHECKING:
    from guidecompare.spec.loaded import LoadedComparison
    from guidecompare.spec.models import ComparisonSpec, GuidelineSpec

# ECRI Guidelines Trust excludes guidelines more than 5 years old; the default follows it.
DEFAULT_MAX_AGE_YEARS = 5


def period_end(partial: str) -> date:
    """The last day a partial date can mean: '2023' → 2023-12-31, '2023-02' → 2023-02-28."""
    parts = [int(p) for p in partial.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return date(year, month, day)


def add_months(start: date, months: int) -> date:
    """`start` plus whole months, the day clamped to the month's length (Jan 31 + 1 → Feb 28).

    Past the last day Python can represent, the answer is that day: never due.
    """
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    if year > date.max.year:
        return date.max
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def publication_day(published: date | None, year: int) -> date:
    """The publication date; with only a year known, 31 December (age never overstated)."""
    return published if published else date(year, 12, 31)


def too_old(published: date, max_age_years: int, day: date) -> bool:
    """Published more than `max_age_years` before `day` (page 1 and `check` judge alike)."""
    return add_months(published, 12 * max_age_years) < day


def review_passed(planned: str | None, day: date) -> bool:
    """A planned review (a partial date: 2023, 2023-06) wholly past on `day`."""
    return planned is not None and period_end(planned) < day


def successor_name(
    spec: ComparisonSpec, guidelines: Sequence[GuidelineSpec], guideline: GuidelineSpec
) -> str | None:
    """The successor of a superseded guideline as people know it: a label or a short name.

    The loader has checked that `superseded_by` names a compared guideline or a reference.
    """
    successor = guideline.superseded_by
    for other in guidelines:
        if other.id == successor:
            return other.label
    for reference in spec.references:
        if reference.id == successor:
            return reference.short or reference.citation
    return successor


def review_status(guideline: GuidelineSpec, as_of: date, successor: str | None = None) -> str:
    """The guideline's status and review in words, as of a given day.

    E.g. 'Current; planned review 2023 passed as of February 20, 2025: no update recorded'.
    `successor` is the successor's name (`successor_name`), shown for a superseded guideline.
    """
    if guideline.status == "superseded":
        successor = f" by {successor}" if successor else ""
        status = f"Superseded{successor}"
    elif guideline.status == "withdrawn":
        status = "Withdrawn"
    else:
        status = "Current"
    if guideline.planned_review is None:
        return f"{status}; no planned review date recorded"
    planned = guideline.planned_review
    if review_passed(planned, as_of):
        return f"{status}; planned review {planned} passed as of {long_date(as_of)}: no update recorded"
    return f"{status}; planned review {planned}, not yet due as of {long_date(as_of)}"


@dataclass(frozen=True)
class Where:
    """A position in a spec file of the comparison: the file's name, line and column."""

    file: str
    line: int | None = None
    column: int | None = None

    @classmethod
    def of(cls, location: Location) -> Where:
        return cls(location.path.name, location.line, location.column)

    def location(self, directory: Path) -> Location:
        return Location(directory / self.file, self.line, self.column)


@dataclass(frozen=True)
class GuidelineFacts:
    id: str
    label: str
    status: str  # current, superseded or withdrawn
    superseded_by: str | None
    planned_review: str | None  # a partial date: 2023, 2023-06 or 2023-06-30
    published: str | None  # ISO date
    year: int
    status_at: Where
    planned_review_at: Where
    published_at: Where  # of `published`, or of `year` when only the year is known

    def publication_date(self) -> date:
        """The publication date; with only a year known, 31 December (age never overstated)."""
        return publication_day(
            date.fromisoformat(self.published) if self.published else None, self.year
        )


_Day = date  # `date` is also a field name below


@dataclass(frozen=True)
class Acknowledged:
    """An acknowledgement from comparison.yaml (see models.Acknowledgement)."""

    rule: str
    guideline: str | None
    topic: str | None
    reason: str
    by: str
    date: str  # ISO date
    until: str | None  # ISO date

    def covers(self, issue: CurrencyIssue, today: _Day) -> bool:
        """True when this acknowledges `issue`, was made by `today` and has not lapsed on it.

        An acknowledgement dated after `today` did not exist yet: `check --today` of an earlier
        day reports the finding as it stood then.
        """
        return (
            (self.rule, self.guideline, self.topic) == (issue.rule, issue.guideline, issue.topic)
            and date.fromisoformat(self.date) <= today
            and (self.until is None or date.fromisoformat(self.until) >= today)
        )

    def __str__(self) -> str:
        return f"acknowledged by {self.by} on {self.date}: {self.reason}"


@dataclass(frozen=True)
class CurrencyFacts:
    """What the currency and coverage rules read from one comparison's specs, and where."""

    current_as_of: str  # ISO date
    review_interval_months: int
    current_as_of_at: Where
    strict: bool
    max_guideline_age_years: int
    guidelines: tuple[GuidelineFacts, ...]
    uncovered_topics: tuple[tuple[str, Where], ...]  # topic id, where it is declared
    acknowledgements: tuple[Acknowledged, ...]

    def to_json(self) -> dict[str, Any]:
        """Plain JSON values (lists for tuples), as the manifest stores them."""
        result: dict[str, Any] = json.loads(json.dumps(asdict(self)))
        return result

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CurrencyFacts:
        """The facts `to_json` wrote. Raises KeyError, TypeError or ValueError on anything else."""

        def where(value: Mapping[str, Any]) -> Where:
            return Where(**value)

        facts = cls(
            **{
                **data,
                "current_as_of_at": where(data["current_as_of_at"]),
                "guidelines": tuple(
                    GuidelineFacts(
                        **{
                            **g,
                            "status_at": where(g["status_at"]),
                            "planned_review_at": where(g["planned_review_at"]),
                            "published_at": where(g["published_at"]),
                        }
                    )
                    for g in data["guidelines"]
                ),
                "uncovered_topics": tuple(
                    (str(topic), where(at)) for topic, at in data["uncovered_topics"]
                ),
                "acknowledgements": tuple(Acknowledged(**a) for a in data["acknowledgements"]),
            }
        )
        _check_types(facts)
        return facts


def _check_types(facts: CurrencyFacts) -> None:
    """Raise TypeError or ValueError unless every fact has the type build records."""
    texts: list[object] = [facts.current_as_of]
    numbers: list[object] = [facts.review_interval_months, facts.max_guideline_age_years]
    places = [facts.current_as_of_at, *(where for _, where in facts.uncovered_topics)]
    for g in facts.guidelines:
        texts += [g.id, g.label, g.status]
        numbers.append(g.year)
        places += [g.status_at, g.planned_review_at, g.published_at]
        g.publication_date()
        if g.planned_review is not None:
            period_end(g.planned_review)
    for ack in facts.acknowledgements:
        texts += [ack.rule, ack.reason, ack.by]
        date.fromisoformat(ack.date)
        if ack.until is not None:
            date.fromisoformat(ack.until)
    texts += [topic for topic, _ in facts.uncovered_topics]
    texts += [where.file for where in places]
    numbers += [n for where in places for n in (where.line, where.column) if n is not None]
    date.fromisoformat(facts.current_as_of)
    if not isinstance(facts.strict, bool):
        raise TypeError("strict")
    if not all(isinstance(text, str) for text in texts):
        raise TypeError("expected text")
    if not all(type(number) is int for number in numbers):
        raise TypeError("expected a whole number")
    # The bounds the spec models enforce (models.py): facts outside them were not written by
    # build, and date arithmetic on them could fail.
    bounds = [
        (facts.review_interval_months, 1, 120),
        (facts.max_guideline_age_years, 1, 100),
        *((g.year, 1900, 2200) for g in facts.guidelines),
        *((n, 1, 10**9) for where in places for n in (where.line, where.column) if n is not None),
    ]
    if not all(low <= value <= high for value, low, high in bounds):
        raise ValueError("a currency fact is out of range")


def currency_facts(loaded: LoadedComparison) -> CurrencyFacts:
    """Everything the currency and coverage rules need from `loaded`."""
    spec = loaded.spec

    def at(guideline: str | None, *keys: str | int) -> Where:
        return Where.of(loaded.locate(guideline, keys))

    guidelines = tuple(
        GuidelineFacts(
            id=g.id,
            label=g.label,
            status=str(g.status),
            superseded_by=successor_name(spec, loaded.guidelines, g),
            planned_review=g.planned_review,
            published=g.published.isoformat() if g.published else None,
            year=g.year,
            status_at=at(g.id, "status"),
            planned_review_at=at(g.id, "planned_review"),
            published_at=at(g.id, "published" if g.published else "year"),
        )
        for g in loaded.guidelines
    )
    uncovered = []
    for index, topic in enumerate(spec.topics):
        covered = any(topic.id in s.topic for g in loaded.guidelines for s in g.statements)
        all_silent = all(any(s.topic == topic.id for s in g.silent) for g in loaded.guidelines)
        if not covered and not all_silent:
            uncovered.append((topic.id, at(None, "topics", index)))
    return CurrencyFacts(
        current_as_of=spec.current_as_of.isoformat(),
        review_interval_months=spec.review_interval_months,
        current_as_of_at=at(None, "current_as_of"),
        strict=spec.check.strict,
        max_guideline_age_years=spec.check.max_guideline_age_years,
        guidelines=guidelines,
        uncovered_topics=tuple(uncovered),
        acknowledgements=tuple(
            Acknowledged(
                rule=a.rule,
                guideline=a.guideline,
                topic=a.topic,
                reason=a.reason,
                by=a.by,
                date=a.date.isoformat(),
                until=a.until.isoformat() if a.until else None,
            )
            for a in spec.acknowledgements
        ),
    )


@dataclass(frozen=True)
class CurrencyIssue:
    """A reason the evidence may be out of date or incomplete, and where it stands."""

    rule: str
    guideline: str | None  # None: the comparison itself
    where: Where
    message: str
    topic: str | None = None  # the topic it concerns, for topic-uncovered


def currency_issues(
    facts: CurrencyFacts, today: date, max_age_years: int = DEFAULT_MAX_AGE_YEARS
) -> list[CurrencyIssue]:
    """Every currency and coverage concern of one comparison on `today`."""
    issues: list[CurrencyIssue] = []
    current_as_of = date.fromisoformat(facts.current_as_of)
    due = add_months(current_as_of, facts.review_interval_months)
    if due < today:
        issues.append(
            CurrencyIssue(
                "comparison-review-overdue",
                None,
                facts.current_as_of_at,
                f"the comparison is current as of {facts.current_as_of} and was "
                f"due for review on {due.isoformat()} (every {facts.review_interval_months} "
                "months): review the guidelines, update the specs and the date",
            )
        )
    for guideline in facts.guidelines:
        label = guideline.label
        if guideline.status == "superseded":
            successor = guideline.superseded_by or "a successor not named in the spec"
            issues.append(
                CurrencyIssue(
                    "guideline-superseded",
                    guideline.id,
                    guideline.status_at,
                    f"{label} is superseded by {successor}: compare the successor instead",
                )
            )
        elif guideline.status == "withdrawn":
            issues.append(
                CurrencyIssue(
                    "guideline-withdrawn",
                    guideline.id,
                    guideline.status_at,
                    f"{label} is withdrawn: remove it from the comparison or say why it stays",
                )
            )
        if review_passed(guideline.planned_review, today):
            issues.append(
                CurrencyIssue(
                    "guideline-review-overdue",
                    guideline.id,
                    guideline.planned_review_at,
                    f"{label} planned its review for {guideline.planned_review}, which has passed: "
                    "look for an update and record what you find",
                )
            )
        if too_old(guideline.publication_date(), max_age_years, today):
            when = guideline.published if guideline.published else f"in {guideline.year}"
            issues.append(
                CurrencyIssue(
                    "guideline-too-old",
                    guideline.id,
                    guideline.published_at,
                    f"{label} was published {when}, more than {max_age_years} years ago "
                    "(ECRI Guidelines Trust excludes guidelines over 5 years old): "
                    "look for a newer guideline",
                )
            )
    issues.extend(
        CurrencyIssue(
            "topic-uncovered",
            None,
            where,
            f"no statement covers topic '{topic}': extract what the guidelines say, "
            "record verified silences, or remove the topic",
            topic=topic,
        )
        for topic, where in facts.uncovered_topics
    )
    return issues
