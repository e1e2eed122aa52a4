"""Is the evidence behind a comparison still current? Dates come from the specs, never the clock.

Pure functions of the loaded specs and a given day: `check` passes today (or --today), the PDF
passes the comparison's own "current as of" date so that outputs stay deterministic.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from guidecompare.loader import LoadedComparison
from guidecompare.models import GuidelineSpec, Status

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


def comparison_review_due(loaded: LoadedComparison) -> date:
    spec = loaded.spec
    return add_months(spec.current_as_of, spec.review_interval_months)


def publication_date(guideline: GuidelineSpec) -> date:
    """The publication date; with only a year known, 31 December (so age is never overstated)."""
    return guideline.published or date(guideline.year, 12, 31)


def review_status(guideline: GuidelineSpec, as_of: date) -> str:
    """The guideline's status and review in words, as of a given day.

    E.g. 'Current; planned review 2023 passed as of 2025-02-20: no update recorded'.
    """
    if guideline.status is Status.SUPERSEDED:
        successor = f" by {guideline.superseded_by}" if guideline.superseded_by else ""
        status = f"Superseded{successor}"
    elif guideline.status is Status.WITHDRAWN:
        status = "Withdrawn"
    else:
        status = "Current"
    if guideline.planned_review is None:
        return f"{status}; no planned review date recorded"
    planned = guideline.planned_review
    if period_end(planned) < as_of:
        return f"{status}; planned review {planned} passed as of {as_of.isoformat()}: no update recorded"
    return f"{status}; planned review {planned}, not yet due as of {as_of.isoformat()}"


@dataclass(frozen=True)
class CurrencyIssue:
    """A reason the evidence may be out of date, with the spec key it concerns."""

    rule: str
    guideline: str | None  # None: the comparison itself
    keys: tuple[str | int, ...]
    message: str
    topic: str | None = None  # the topic it concerns, for topic-uncovered


def currency_issues(
    loaded: LoadedComparison, today: date, max_age_years: int = DEFAULT_MAX_AGE_YEARS
) -> list[CurrencyIssue]:
    """Every currency concern of one comparison on `today`."""
    issues: list[CurrencyIssue] = []
    due = comparison_review_due(loaded)
    if due < today:
        issues.append(
            CurrencyIssue(
                "comparison-review-overdue",
                None,
                ("current_as_of",),
                f"the comparison is current as of {loaded.spec.current_as_of.isoformat()} and was "
                f"due for review on {due.isoformat()} (every {loaded.spec.review_interval_months} "
                "months): review the guidelines, update the specs and the date",
            )
        )
    for guideline in loaded.guidelines:
        label = guideline.label
        if guideline.status is Status.SUPERSEDED:
            successor = guideline.superseded_by or "a successor not named in the spec"
            issues.append(
                CurrencyIssue(
                    "guideline-superseded",
                    guideline.id,
                    ("status",),
                    f"{label} is superseded by {successor}: compare the successor instead",
                )
            )
        elif guideline.status is Status.WITHDRAWN:
            issues.append(
                CurrencyIssue(
                    "guideline-withdrawn",
                    guideline.id,
                    ("status",),
                    f"{label} is withdrawn: remove it from the comparison or say why it stays",
                )
            )
        if guideline.planned_review is not None and period_end(guideline.planned_review) < today:
            issues.append(
                CurrencyIssue(
                    "guideline-review-overdue",
                    guideline.id,
                    ("planned_review",),
                    f"{label} planned its review for {guideline.planned_review}, which has passed: "
                    "look for an update and record what you find",
                )
            )
        published = publication_date(guideline)
        if add_months(published, 12 * max_age_years) < today:
            when = published.isoformat() if guideline.published else f"in {guideline.year}"
            issues.append(
                CurrencyIssue(
                    "guideline-too-old",
                    guideline.id,
                    ("published",) if guideline.published else ("year",),
                    f"{label} was published {when}, more than {max_age_years} years ago "
                    "(ECRI Guidelines Trust excludes guidelines over 5 years old): "
                    "look for a newer guideline",
                )
            )
    return issues
