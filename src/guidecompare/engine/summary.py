"""What page 1 tells a committee at a glance: each guideline's gist on each topic, and the warnings.

A gist is what a guideline says in a few words: its stance with its grade for a recommendation,
the key content of a description (the regimens' doses and durations, a facet's values), or the
author's own short `gist:` on a statement. The warnings are the facts a committee must not miss:
a guideline older than the age limit or past its planned review as of the comparison's date, a
superseded or withdrawn guideline, a topic no current guideline addresses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from guidecompare.engine.currency import publication_day, review_passed, successor_name, too_old
from guidecompare.engine.dates import long_date
from guidecompare.engine.results import Addressed, Cell, TopicResult
from guidecompare.engine.words import certainty_words, join_names, regimen_fields
from guidecompare.grading import is_not_extracted
from guidecompare.spec.models import ComparisonSpec, Direction, GuidelineSpec, Statement, Status

NOT_EXTRACTED_GIST = "not extracted"
SILENT_GIST = "silent"


def _grade(statement: Statement) -> str:
    """The native grade and certainty in a few words: 'B, low to moderate certainty'."""
    parts = []
    grade = statement.grade
    if grade and not is_not_extracted(grade):
        parts.append(grade)
    if statement.certainty and "not" not in statement.certainty.casefold():
        parts.append(certainty_words(statement.certainty))
    return ", ".join(parts)


def _described(statement: Statement, trials: Sequence[str] = ()) -> str:
    """The key content of a descriptive statement: its regimens (the trials' in `trials` order,
    so that a trial's regimen stands in the same place in every cell of a row), else its
    facets' values."""
    order = {trial: index for index, trial in enumerate(trials)}
    ordered = sorted(statement.regimens, key=lambda r: order.get(r.study or "", len(order)))
    regimens = []
    for regimen in ordered:
        fields = regimen_fields(regimen)
        shown = [v for f in ("dose", "schedule", "duration") if (v := fields[f])]
        if shown:
            regimens.append(", ".join(dict.fromkeys(shown)))
    if regimens:
        return "; ".join(regimens)
    values = [v for values in statement.facets.values() for v in values]
    return ", ".join(dict.fromkeys(values))


MAX_GIST_PARTS = 3  # a matrix cell is read at a glance; the topic's page has the rest
MAX_WORDING = 70  # a stance's own words, shown when no grade is; longer ones are on the topic page


def gist(cell: Cell, trials: Sequence[str] = ()) -> str:
    """What one guideline says on one topic, in a few words, for the page-1 matrix.

    A recommendation shows its stance and grade; only when a guideline recommends nothing on the
    topic does the gist show what it describes. An author's `gist:` stands for its statement.
    """
    if cell.addressed is Addressed.NOT_EXTRACTED:
        return NOT_EXTRACTED_GIST
    if cell.addressed is Addressed.SILENT:
        return SILENT_GIST
    directed = [s for s in cell.statements if s.stance.direction is not Direction.DESCRIPTIVE]
    parts: list[str] = []
    for statement in directed or cell.statements:
        if statement.gist:
            parts.append(statement.gist)
        elif statement.stance.direction is not Direction.DESCRIPTIVE:
            grade = _grade(statement)
            direction = statement.stance.direction.value
            wording = statement.stance.wording
            if grade:
                parts.append(f"{direction} ({grade})")
            elif wording and len(wording) <= MAX_WORDING:
                # Ungraded: the guideline's own words say more than the bare direction.
                parts.append(f"{direction}: “{wording}”")
            else:
                parts.append(direction)
        elif described := _described(statement, trials):
            parts.append(described)
    # A bare direction says nothing a graded or worded one of the same direction does not, and
    # a graded recommendation speaks for its direction: worded ones beside it are detail.
    directions = [d.value for d in Direction]
    graded = {d for d in directions if any(p.startswith(f"{d} (") for p in parts)}
    worded = {d for d in directions if any(p.startswith(f"{d}: ") for p in parts)}
    unique = [
        part
        for part in dict.fromkeys(parts)
        if not (part in directions and part in graded | worded)
        and not any(part.startswith(f"{d}: ") for d in graded)
    ]
    if len(unique) > MAX_GIST_PARTS:
        unique = [*unique[:MAX_GIST_PARTS], f"and {len(unique) - MAX_GIST_PARTS} more"]
    return "; ".join(unique) or "descriptive"


@dataclass(frozen=True)
class Alert:
    """A fact a committee must not miss, with what it concerns (for a link to its detail)."""

    text: str
    guideline: str | None = None
    topic: str | None = None


def warnings(
    spec: ComparisonSpec, guidelines: Sequence[GuidelineSpec], topics: Sequence[TopicResult]
) -> tuple[Alert, ...]:
    """The page-1 warnings, judged as of the comparison's own date (never the clock)."""
    as_of = spec.current_as_of
    max_age = spec.check.max_guideline_age_years
    found: list[Alert] = []
    for guideline in guidelines:
        label = guideline.label
        if guideline.status is Status.SUPERSEDED:
            # Named as the guideline's profile names it (currency.successor_name).
            successor = successor_name(spec, guidelines, guideline) or "a later edition"
            found.append(
                Alert(f"{label} is superseded by {successor}: shown, not counted", guideline.id)
            )
            continue
        if guideline.status is Status.WITHDRAWN:
            found.append(Alert(f"{label} is withdrawn: shown, not counted", guideline.id))
            continue
        concerns = []
        if too_old(publication_day(guideline.published, guideline.year), max_age, as_of):
            when = long_date(guideline.published) if guideline.published else str(guideline.year)
            concerns.append(f"is over {max_age} years old (published {when})")
        if review_passed(guideline.planned_review, as_of):
            concerns.append(f"is past its planned review ({guideline.planned_review})")
        if concerns:
            found.append(Alert(f"{label} {' and '.join(concerns)}", guideline.id))
    uncovered = [t for t in topics if not t.coverage or not t.coverage.addressing]
    if uncovered:
        shown = join_names([t.topic.label for t in uncovered])
        found.append(Alert(f"no current guideline addresses {shown}", topic=uncovered[0].topic.id))
    return tuple(found)
