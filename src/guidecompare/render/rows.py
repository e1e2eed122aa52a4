"""The comparison as rows of text: one source for the CSV files and for DataFrames.

Column names are a contract with spreadsheet users (PRODUCT.md, "CSV contract"): the contract
columns come first and keep their names; later columns may be added, never renamed.
"""

from __future__ import annotations

from guidecompare.engine import (
    NOT_STATED,
    Addressed,
    Cell,
    Comparison,
    TopicResult,
    regimen_text,
)
from guidecompare.grading import is_not_extracted
from guidecompare.spec.models import GuidelineSpec, Source, Statement

COMPARISON_COLUMNS: tuple[str, ...] = (
    # the contract
    "topic",
    "guideline",
    "addressed",
    "stance",
    "statement",
    "grade",
    "certainty",
    "evidence",
    "source",
    "verdict",
    "rationale",
    # more detail, after the contract columns
    "population",
    "topic_label",
    "guideline_label",
    "stance_wording",
    "quote",
    "quoted_in",
    "regimens",
    "facets",
    "note",
    "computed_verdict",
    "verdict_by",
    "override_reason",
    # the grade read on the common scale (docs/grading.md)
    "grade_common",
    "certainty_common",
    "grade_reading",
)

GUIDELINE_COLUMNS: tuple[str, ...] = (
    "guideline",
    "label",
    "title",
    "organisations",
    "developer",
    "sponsors",
    "year",
    "published",
    "citation",
    "doi",
    "url",
    "methodology",
    "grading_system",
    "grading_system_id",
    "population",
    "setting",
    "funding",
    "conflicts_of_interest",
    "status",
    "superseded_by",
    "planned_review",
    "review_status",
    "review_note",
    "appraisals",
    "notes",
)


def population_text(guideline: GuidelineSpec, statement: Statement) -> str:
    """The statement's population (else its guideline's) in words and ages; '' if none."""
    population = guideline.population_of(statement)
    return str(population) if population is not None else ""


def native_text(value: str | None) -> str:
    """A grade or certainty as given: 'not stated' when absent, 'not extracted' when not recorded."""
    if value is None:
        return NOT_STATED
    return "not extracted" if is_not_extracted(value) else value


def source_text(comparison: Comparison, source: Source) -> str:
    """'UIC drug-information response 2025 [1], Guidelines, paragraph 2, page not stated'."""
    document = comparison.short_name(source.document)
    number = comparison.citation_number(source.document)
    parts = [f"{document} [{number}]"]
    if source.section:
        parts.append(source.section)
    parts.append(f"page {source.page}" if source.page else f"page {NOT_STATED}")
    return ", ".join(parts)


def facets_text(comparison: Comparison, statement: Statement) -> str:
    labels = {facet.id: facet.label for facet in comparison.spec.facets}
    return "; ".join(
        f"{labels.get(facet_id, facet_id)}: {', '.join(values)}"
        for facet_id, values in statement.facets.items()
    )


def regimens_text(comparison: Comparison, statement: Statement) -> str:
    texts = []
    for regimen in statement.regimens:
        text = regimen_text(regimen)
        if regimen.study:
            text = f"{comparison.short_name(regimen.study)}: {text}"
        texts.append(text)
    return "; ".join(texts)


def _verdict_columns(result: TopicResult) -> dict[str, str]:
    override = result.override
    return {
        "verdict": result.verdict.value,
        "rationale": result.rationale,
        "computed_verdict": result.computed.value,
        "verdict_by": "reviewer" if override else "rules",
        "override_reason": _override_reason(result),
    }


def _override_reason(result: TopicResult) -> str:
    override = result.override
    if override is None:
        return ""
    return f"{override.reason} ({override.reviewer}, {override.date.isoformat()})"


def _absent_row(result: TopicResult, cell: Cell) -> dict[str, str]:
    note = ""
    if cell.addressed is Addressed.SILENT and cell.silence is not None:
        note = (
            f"Checked {cell.silence.checked.isoformat()}: the guideline says nothing on this topic."
        )
        if cell.silence.note:
            note += f" {cell.silence.note}"
    elif cell.addressed is Addressed.NOT_EXTRACTED:
        note = "No statement has been extracted for this topic; this does not mean the guideline is silent."
    return {"addressed": cell.addressed.value, "stance": cell.addressed.value, "note": note}


def comparison_rows(comparison: Comparison) -> list[dict[str, str]]:
    """One row per statement, and one per guideline that does not address a topic.

    Order: topics as listed in the spec, guidelines in the compared order, statements as written.
    """
    rows: list[dict[str, str]] = []
    for result in comparison.topics:
        for cell in result.cells:
            base = {
                "topic": result.topic.id,
                "topic_label": result.topic.label,
                "guideline": cell.guideline.id,
                "guideline_label": cell.guideline.label,
                **_verdict_columns(result),
            }
            if cell.addressed is not Addressed.YES:
                rows.append(_complete({**base, **_absent_row(result, cell)}))
                continue
            for statement, reading in zip(cell.statements, cell.readings, strict=True):
                rows.append(
                    _complete(
                        {
                            **base,
                            "addressed": Addressed.YES.value,
                            "stance": statement.stance.direction.value,
                            "stance_wording": statement.stance.wording or "",
                            "statement": statement.text,
                            "population": population_text(cell.guideline, statement),
                            "quote": statement.quote or "",
                            "quoted_in": (
                                (comparison.quoted_in(statement, cell.guideline) or "")
                                if statement.quote
                                else ""
                            ),
                            "grade": native_text(statement.grade),
                            "certainty": native_text(statement.certainty),
                            "evidence": "; ".join(statement.evidence),
                            "regimens": regimens_text(comparison, statement),
                            "facets": facets_text(comparison, statement),
                            "note": statement.note or "",
                            "source": source_text(comparison, statement.source),
                            "grade_common": reading.recommendation.value,
                            "certainty_common": reading.certainty.value,
                            "grade_reading": "; ".join((reading.text, *reading.notes)),
                        }
                    )
                )
    return rows


def _complete(row: dict[str, str]) -> dict[str, str]:
    return {column: row.get(column, "") for column in COMPARISON_COLUMNS}


def summary_columns(comparison: Comparison) -> tuple[str, ...]:
    return (
        "topic",
        "verdict",
        *comparison.spec.guidelines,
        "rationale",
        "topic_label",
        "verdict_by",
        "coverage",
        "computed_verdict",
        "override_reason",
    )


def summary_rows(comparison: Comparison) -> list[dict[str, str]]:
    """One row per topic: the verdict and each guideline's stance on it."""
    rows = []
    for result in comparison.topics:
        row = {
            "topic": result.topic.id,
            "verdict": result.verdict.value,
            "rationale": result.rationale,
            "topic_label": result.topic.label,
            "verdict_by": "reviewer" if result.override else "rules",
            "coverage": result.coverage.text if result.coverage else "",
            "computed_verdict": result.computed.value,
            "override_reason": _override_reason(result),
        }
        for cell in result.cells:
            row[cell.guideline.id] = cell.stance
        rows.append(row)
    return rows


def guideline_rows(comparison: Comparison) -> list[dict[str, str]]:
    """One row per guideline: its profile, with the review status as of the comparison's date."""
    rows = []
    for g in comparison.guidelines:
        system = g.grading_system
        standing = comparison.standing(g)
        appraisals = "; ".join(
            f"{a.instrument}: "
            + ", ".join(f"{domain} {score}" for domain, score in a.scores.items())
            + f" ({a.source})"
            for a in g.appraisals
        )
        rows.append(
            {
                "guideline": g.id,
                "label": g.label,
                "title": g.title,
                "organisations": "; ".join(g.organisations),
                "developer": g.developer or "",
                "sponsors": "; ".join(g.sponsors),
                "year": str(g.year),
                "published": g.published.isoformat() if g.published else "",
                "citation": g.citation,
                "doi": g.doi or "",
                "url": g.url or "",
                "methodology": g.methodology or "",
                "grading_system": system.name if system else "",
                "grading_system_id": (system.system or "") if system else "",
                "population": str(g.population) if g.population else "",
                "setting": g.setting or "",
                "funding": g.funding or "",
                "conflicts_of_interest": g.conflicts_of_interest or "",
                "status": g.status.value,
                "superseded_by": standing.successor or "",
                "planned_review": g.planned_review or "",
                "review_status": standing.review,
                "review_note": g.review_note or "",
                "appraisals": appraisals,
                "notes": g.notes or "",
            }
        )
    return rows
