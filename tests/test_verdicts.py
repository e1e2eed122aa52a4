"""The verdict rules as a table of cases: (cells, exact verdict, exact rationale)."""

from __future__ import annotations

from typing import Any

import pytest

from guidecompare.align import Addressed, Cell, decide
from guidecompare.models import GuidelineSpec, Silence, Statement, VerdictName

FACETS = {"benefit-duration": "Benefit duration", "adverse-effects": "Adverse effects"}
NAMES = {"trial-a": "Trial A 2019", "trial-b": "Trial B 2020", "trial-c": "Trial C 2021"}


def statement(direction: str = "for", **fields: Any) -> Statement:
    data: dict[str, Any] = {
        "topic": "t",
        "stance": {"direction": direction},
        "text": "Synthetic statement.",
        "source": {"document": "x"},
    }
    data.update(fields)
    return Statement.model_validate(data)


def guideline(label: str, system: str | None = None) -> GuidelineSpec:
    return GuidelineSpec.model_validate(
        {
            "id": label.lower().replace(" ", "-"),
            "label": label,
            "title": label,
            "organisations": ["Synthetic"],
            "year": 2020,
            "citation": label,
            **({"grading_system": {"name": system, "system": system}} if system else {}),
        }
    )


def says(label: str, *statements: Statement, system: str | None = None) -> Cell:
    return Cell(guideline(label, system), Addressed.YES, tuple(statements))


def silent(label: str) -> Cell:
    return Cell(
        guideline(label),
        Addressed.SILENT,
        silence=Silence.model_validate({"topic": "t", "checked": "2025-01-01"}),
    )


def missing(label: str) -> Cell:
    return Cell(guideline(label), Addressed.NOT_EXTRACTED)


CASES: list[tuple[str, list[Cell], VerdictName, str]] = [
    (
        "agree: same direction, grade, evidence and facets",
        [
            says("A", statement(grade="B", evidence=["trial-a"])),
            says("B", statement(grade="B", evidence=["trial-a"])),
        ],
        VerdictName.AGREE,
        "Both are for; both rest on Trial A 2019.",
    ),
    (
        "partial: same direction, different grade",
        [
            says("A", statement(grade="B", certainty="moderate"), system="uspstf"),
            says("B", statement(grade="ungraded"), system="ungraded"),
        ],
        VerdictName.PARTIAL,
        "Both are for. Differences: Grade B (USPSTF) ≈ weak-for; moderate certainty (A) vs "
        "ungraded (B).",
    ),
    (
        "agree across grading systems on the common scale",
        [
            says("A", statement(grade="strong", certainty="high"), system="grade"),
            says("B", statement(grade="A", certainty="high"), system="uspstf"),
        ],
        VerdictName.AGREE,
        "Both are for.",
    ),
    (
        "partial across grading systems: same strength, other certainty",
        [
            says("A", statement(grade="strong", certainty="moderate"), system="grade"),
            says("B", statement(grade="Class 1", certainty="LOE A"), system="acc-aha"),
        ],
        VerdictName.PARTIAL,
        "Both are for. Differences: strong (GRADE) ≈ strong-for; moderate certainty (A) vs "
        "Class 1 (ACC/AHA) ≈ strong-for; LOE A ≈ high certainty (B).",
    ),
    (
        "two different unmappable grades are not alike",
        [
            says("A", statement(grade="1a"), system="oxford-cebm-2009"),
            says("B", statement(grade="2b"), system="oxford-cebm-2009"),
        ],
        VerdictName.PARTIAL,
        "Both are for. Differences: '1a' (Oxford CEBM 2009): not mappable (A) vs "
        "'2b' (Oxford CEBM 2009): not mappable (B).",
    ),
    (
        "partial: a facet one states and the other does not",
        [
            says("A", statement("descriptive", facets={"benefit-duration": "up to 12 weeks"})),
            says("B", statement("descriptive")),
        ],
        VerdictName.PARTIAL,
        "Both are descriptive. Differences: only A states benefit duration (up to 12 weeks).",
    ),
    (
        "partial: facet values differ",
        [
            says(
                "A", statement("descriptive", facets={"adverse-effects": ["nausea", "dizziness"]})
            ),
            says(
                "B", statement("descriptive", facets={"adverse-effects": ["Dizziness", "nausea"]})
            ),
            says("C", statement("descriptive", facets={"adverse-effects": ["hallucinations"]})),
        ],
        VerdictName.PARTIAL,
        "2 of 3 agree (A and B); C differs on adverse effects. All 3 are descriptive. "
        "Differences: adverse effects: nausea, dizziness (A) vs Dizziness, nausea (B) vs "
        "hallucinations (C).",
    ),
    (
        "partial: neutral where another is for",
        [says("A", statement("for")), says("B", statement("neutral"))],
        VerdictName.PARTIAL,
        "Differences: direction for (A) vs neutral (B).",
    ),
    (
        "conflict: for against against",
        [says("A", statement("for")), says("B", statement("against"))],
        VerdictName.CONFLICT,
        "A is for; B is against. Differences: direction for (A) vs against (B).",
    ),
    (
        "conflict wins over gap",
        [says("A", statement("for")), says("B", statement("against")), silent("C")],
        VerdictName.CONFLICT,
        "A is for; B is against. Differences: direction for (A) vs against (B). C is silent.",
    ),
    (
        "one guideline for and against itself is not a conflict",
        [missing("A"), says("B", statement("for"), statement("against"))],
        VerdictName.GAP,
        "Only B addresses it (for; against, grade and certainty not stated). A is not extracted.",
    ),
    (
        "gap: one silent, the other addresses it",
        [says("A", statement("against", grade="strong"), system="grade"), silent("B")],
        VerdictName.GAP,
        "Only A addresses it (against, strong (GRADE) ≈ strong-against). B is silent.",
    ),
    (
        "gap: not extracted is not silent",
        [missing("A"), says("B", statement("neutral"))],
        VerdictName.GAP,
        "Only B addresses it (neutral, grade and certainty not stated). A is not extracted.",
    ),
    (
        "gap with three or more: k of n agree",
        [
            says("A", statement(grade="B", evidence=["trial-a"])),
            says("B", statement(grade="B", evidence=["trial-a"])),
            says("C", statement(grade="B", evidence=["trial-a"])),
            silent("D"),
        ],
        VerdictName.GAP,
        "3 of 4 agree (A, B and C). All 3 are for; all 3 rest on Trial A 2019. D is silent.",
    ),
    (
        "not addressed: silent and not extracted",
        [silent("A"), missing("B"), missing("C")],
        VerdictName.NOT_ADDRESSED,
        "No guideline addresses this topic: A is silent; B and C are not extracted.",
    ),
    (
        "partial: regimens compared field by field, per study",
        [
            says(
                "A",
                statement(
                    "descriptive",
                    regimens=[
                        {"study": "trial-a", "dose": 0.35, "unit": "mg/kg/h", "duration": "10 days"}
                    ],
                ),
            ),
            says(
                "B",
                statement(
                    "descriptive",
                    regimens=[{"study": "trial-a", "duration": "10 days", "setting": "outpatient"}],
                ),
            ),
        ],
        VerdictName.PARTIAL,
        "Both are descriptive. Differences: Trial A 2019 regimen: dose 0.35 mg/kg/h (A) vs "
        "not stated (B), setting not stated (A) vs outpatient (B).",
    ),
    (
        "agree: same regimen",
        [
            says(
                "A",
                statement(
                    "descriptive", regimens=[{"study": "trial-b", "dose": 22, "unit": "mg/h"}]
                ),
            ),
            says(
                "B",
                statement(
                    "descriptive", regimens=[{"study": "trial-b", "dose": 22.0, "unit": "mg/h"}]
                ),
            ),
        ],
        VerdictName.AGREE,
        "Both are descriptive; both give the same Trial B 2020 regimen.",
    ),
    (
        "partial: evidence differs but is reported, not decisive",
        [
            says("A", statement(evidence=["trial-a", "trial-c"])),
            says("B", statement(evidence=["trial-a"])),
        ],
        VerdictName.AGREE,
        "Both are for; both rest on Trial A 2019; only A cites Trial C 2021.",
    ),
    (
        "ungraded statements do not dilute a graded one",
        [
            says("A", statement(grade="B"), statement()),
            says("B", statement(grade="B")),
        ],
        VerdictName.AGREE,
        "Both are for.",
    ),
]


@pytest.mark.parametrize(
    ("name", "cells", "verdict", "rationale"), CASES, ids=[c[0] for c in CASES]
)
def test_verdict_rules(name: str, cells: list[Cell], verdict: VerdictName, rationale: str) -> None:
    assert decide(cells, NAMES, FACETS) == (verdict, rationale)


def test_every_verdict_is_covered_by_a_case() -> None:
    assert {case[2] for case in CASES} == set(VerdictName)
