"""The verdict rules as a table of cases: (cells, exact verdict, exact rationale)."""

from __future__ import annotations

from typing import Any

import pytest

from guidecompare.engine import Addressed, Cell, Context, decide
from guidecompare.engine.values import Equivalents
from guidecompare.spec.models import Facet, GuidelineSpec, Silence, Statement, VerdictName

FACETS = (
    Facet(id="benefit-duration", label="Benefit duration", kind="value"),
    Facet(id="adverse-effects", label="Adverse effects"),
)
NAMES = {"trial-a": "Trial A 2019", "trial-b": "Trial B 2020", "trial-c": "Trial C 2021"}
CONTEXT = Context(
    NAMES,
    FACETS,
    Equivalents.of({"psychotomimetic effects": ["psychomimetic reactions", "dysphoria"]}),
)


def statement(direction: str = "for", **fields: Any) -> Statement:
    data: dict[str, Any] = {
        "topic": "t",
        "stance": {"direction": direction},
        "text": "Synthetic statement.",
        "source": {"document": "x"},
    }
    data.update(fields)
    return Statement.model_validate(data)


def guideline(label: str, system: str | None = None, **fields: Any) -> GuidelineSpec:
    return GuidelineSpec.model_validate(
        {
            "id": label.lower().replace(" ", "-"),
            "label": label,
            "title": label,
            "organisations": ["Synthetic"],
            "year": 2020,
            "citation": label,
            **({"grading_system": {"name": system, "system": system}} if system else {}),
            **fields,
        }
    )


def says(label: str, *statements: Statement, system: str | None = None, **fields: Any) -> Cell:
    return Cell(guideline(label, system, **fields), Addressed.YES, tuple(statements))


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
        "Both are for, with no substantive difference. Both rest on Trial A 2019.",
    ),
    (
        "graded beside ungraded is no difference",
        [
            says("A", statement(grade="B", certainty="moderate"), system="uspstf"),
            says("B", statement(grade="ungraded"), system="ungraded"),
        ],
        VerdictName.AGREE,
        "Both are for, with no substantive difference. Only A is graded (grade B ≈ weak-for, "
        "moderate certainty).",
    ),
    (
        "graded beside not stated is no difference",
        [
            says("A", statement(grade="strong", certainty="high"), system="grade"),
            says("B", statement()),
        ],
        VerdictName.AGREE,
        "Both are for, with no substantive difference. Only A is graded (grade strong ≈ "
        "strong-for, high certainty).",
    ),
    (
        "agree across grading systems on the common scale",
        [
            says("A", statement(grade="strong", certainty="high"), system="grade"),
            says("B", statement(grade="A", certainty="high"), system="uspstf"),
        ],
        VerdictName.AGREE,
        "Both are for, with no substantive difference.",
    ),
    (
        "partial: two native grades of one system are compared natively (B vs C)",
        [
            says("A", statement(grade="B"), system="uspstf"),
            says("B", statement(grade="C"), system="uspstf"),
        ],
        VerdictName.PARTIAL,
        "Both are for, but they differ in grade. Differences: grade: B (A) vs C (B).",
    ),
    (
        "partial: strong beside weak on the common scale",
        [
            says("A", statement(grade="strong"), system="grade"),
            says("B", statement(grade="B"), system="uspstf"),
        ],
        VerdictName.PARTIAL,
        "Both are for, but they differ in strength. Differences: strength: strong-for (A) vs "
        "weak-for (B).",
    ),
    (
        "partial across grading systems: same strength, certainty a level apart",
        [
            says("A", statement(grade="strong", certainty="moderate"), system="grade"),
            says("B", statement(grade="Class 1", certainty="LOE A"), system="acc-aha"),
        ],
        VerdictName.PARTIAL,
        "Both are for, but they differ in certainty. Differences: certainty: moderate (A) vs "
        "high (LOE A) (B).",
    ),
    (
        "two different unmappable grades of one system are not alike",
        [
            says("A", statement(grade="1a"), system="oxford-cebm-2009"),
            says("B", statement(grade="2b"), system="oxford-cebm-2009"),
        ],
        VerdictName.PARTIAL,
        "Both are for, but they differ in grade. Differences: grade: 1a (A) vs 2b (B).",
    ),
    (
        "a value one states and the other does not is no difference",
        [
            says("A", statement("descriptive", facets={"benefit-duration": "up to 12 weeks"})),
            says("B", statement("descriptive")),
        ],
        VerdictName.AGREE,
        "Both are descriptive, and no value is stated differently. Only A "
        "states benefit duration: up to 12 weeks.",
    ),
    (
        "partial: a value both state, differently",
        [
            says("A", statement("descriptive", facets={"benefit-duration": "up to 12 weeks"})),
            says("B", statement("descriptive", facets={"benefit-duration": "up to 6 weeks"})),
        ],
        VerdictName.PARTIAL,
        "Both are descriptive, but they differ in benefit duration. "
        "Differences: benefit duration: up to 12 weeks (A) vs up to 6 weeks (B).",
    ),
    (
        "a value in other words is the same value",
        [
            says("A", statement("descriptive", facets={"benefit-duration": "up to 12 Weeks."})),
            says("B", statement("descriptive", facets={"benefit-duration": "up to  12 weeks"})),
        ],
        VerdictName.AGREE,
        "Both are descriptive, and no value is stated differently. Both state "
        "benefit duration: up to 12 Weeks.",
    ),
    (
        "listed things: shared, and named by some only",
        [
            says(
                "A", statement("descriptive", facets={"adverse-effects": ["nausea", "dizziness"]})
            ),
            says(
                "B", statement("descriptive", facets={"adverse-effects": ["Dizziness", "nausea"]})
            ),
            says("C", statement("descriptive", facets={"adverse-effects": ["hallucinations"]})),
        ],
        VerdictName.AGREE,
        "All 3 are descriptive, and no value is stated differently. A and B "
        "name nausea, dizziness among adverse effects; only C names hallucinations among "
        "adverse effects.",
    ),
    (
        "an equivalence group: the same effects in other words",
        [
            says(
                "A",
                statement(
                    "descriptive", facets={"adverse-effects": ["psychomimetic reactions", "nausea"]}
                ),
            ),
            says("B", statement("descriptive", facets={"adverse-effects": ["dysphoria"]})),
        ],
        VerdictName.AGREE,
        "Both are descriptive, and no value is stated differently. Both name "
        "psychotomimetic effects (A: psychomimetic reactions; B: dysphoria). Only A names "
        "nausea among adverse effects.",
    ),
    (
        "partial: neutral where another is for",
        [says("A", statement("for")), says("B", statement("neutral"))],
        VerdictName.PARTIAL,
        "They differ in direction. Differences: direction: for (A) vs neutral (B).",
    ),
    (
        "conflict: for against against",
        [says("A", statement("for")), says("B", statement("against"))],
        VerdictName.CONFLICT,
        "A is for; B is against.",
    ),
    (
        "conflict wins over a gap in coverage",
        [says("A", statement("for")), says("B", statement("against")), silent("C")],
        VerdictName.CONFLICT,
        "A is for; B is against. C is silent.",
    ),
    (
        "one guideline for and against itself is not a conflict",
        [missing("A"), says("B", statement("for"), statement("against"))],
        VerdictName.GAP,
        "Only B addresses it among the current guidelines (for; against). A is not extracted.",
    ),
    (
        "gap: one silent, the other addresses it",
        [says("A", statement("against", grade="strong"), system="grade"), silent("B")],
        VerdictName.GAP,
        "Only A addresses it among the current guidelines (against, grade strong ≈ "
        "strong-against). B is silent.",
    ),
    (
        "gap: not extracted is not silent",
        [missing("A"), says("B", statement("neutral"))],
        VerdictName.GAP,
        "Only B addresses it among the current guidelines (neutral). A is not extracted.",
    ),
    (
        "coverage does not swamp concordance: 3 of 4 agree",
        [
            says("A", statement(grade="B", evidence=["trial-a"])),
            says("B", statement(grade="B", evidence=["trial-a"])),
            says("C", statement(grade="B", evidence=["trial-a"])),
            silent("D"),
        ],
        VerdictName.AGREE,
        "All 3 are for, with no substantive difference. All 3 rest on Trial A 2019. D is silent.",
    ),
    (
        "a superseded guideline is shown but not counted",
        [
            says("A", statement("for")),
            says("B", statement("for")),
            says("Old", statement("against"), status="superseded", superseded_by="b"),
        ],
        VerdictName.AGREE,
        "Both are for, with no substantive difference. Old is superseded: shown, not counted.",
    ),
    (
        "with its predecessor not counted, a successor alone is a gap",
        [
            missing("A"),
            says("New", statement("against")),
            says("Old", statement("for"), status="superseded", superseded_by="new"),
        ],
        VerdictName.GAP,
        "Only New addresses it among the current guidelines (against). A is not extracted; Old "
        "is superseded: shown, not counted.",
    ),
    (
        "populations that do not overlap never conflict",
        [
            says(
                "A", statement("for", population={"text": "adults", "age_min": 40, "age_max": 75})
            ),
            says("B", statement("against", population={"age_min": 76})),
        ],
        VerdictName.AGREE,
        "Their populations do not overlap: A is for (adults; 40-75 years); B is against (76 years "
        "and older).",
    ),
    (
        "overlapping populations conflict",
        [
            says("A", statement("for", population={"age_min": 40, "age_max": 75})),
            says("B", statement("against", population={"age_min": 70})),
        ],
        VerdictName.CONFLICT,
        "A is for; B is against, for overlapping populations.",
    ),
    (
        "a guideline's population is the default for its statements",
        [
            says("A", statement("for"), population={"text": "adults", "age_max": 17}),
            says("B", statement("against"), population={"text": "adults", "age_min": 18}),
        ],
        VerdictName.AGREE,
        "Their populations do not overlap: A is for (up to 17 years); B is against (18 years and "
        "older).",
    ),
    (
        "populations in other words are shown beside the statements, not counted",
        [
            says("A", statement("for", population="10-year risk >= 10%")),
            says("B", statement("for", population="10-year risk >= 7.5%")),
        ],
        VerdictName.AGREE,
        "Both are for, with no substantive difference.",
    ),
    (
        "a statement for another population does not hide a grade difference",
        [
            says(
                "A",
                statement(grade="B", population={"age_min": 40, "age_max": 75}),
                system="uspstf",
            ),
            says(
                "B",
                statement(grade="C", population={"age_min": 40, "age_max": 75}),
                statement("neutral", grade="I", population={"age_min": 76}),
                system="uspstf",
            ),
        ],
        VerdictName.PARTIAL,
        "They differ in grade. Differences: grade: B (A) vs C (B). Their populations do not "
        "overlap: A is for (40-75 years); B is neutral (76 years and older).",
    ),
    (
        "the same grades for a topic's sub-questions, in another order, are no difference",
        [
            says("A", statement(grade="Class 1"), statement(grade="Class 2a"), system="acc-aha"),
            says("B", statement(grade="Class 2a"), statement(grade="Class 1"), system="acc-aha"),
        ],
        VerdictName.AGREE,
        "Both are for, with no substantive difference.",
    ),
    (
        "certainty read alike on the common scale is no difference, however it is written",
        [
            says("A", statement(grade="strong", certainty="moderate"), system="grade"),
            says("B", statement(grade="Class 1", certainty="LOE B-R"), system="acc-aha"),
        ],
        VerdictName.AGREE,
        "Both are for, with no substantive difference.",
    ),
    (
        "grades for populations that do not overlap are no difference",
        [
            says(
                "A",
                statement(grade="B", population={"age_min": 40, "age_max": 59}),
                system="uspstf",
            ),
            says(
                "B",
                statement(grade="C", population={"age_min": 60, "age_max": 75}),
                system="uspstf",
            ),
        ],
        VerdictName.AGREE,
        "Both are for, with no substantive difference.",
    ),
    (
        "neutral beside for in one system is one difference: the direction",
        [
            says("A", statement("neutral", grade="I"), system="uspstf"),
            says("B", statement(grade="B"), system="uspstf"),
        ],
        VerdictName.PARTIAL,
        "They differ in direction. Differences: direction: neutral (A) vs for (B).",
    ),
    (
        "an overlap taken because one statement gives no ages is said to be taken",
        [
            says("A", statement("for", population={"age_min": 40, "age_max": 75})),
            says("B", statement("against", population="people at high risk")),
        ],
        VerdictName.CONFLICT,
        "A is for; B is against (B states no ages for it, so the populations are taken to "
        "overlap).",
    ),
    (
        "only one makes a recommendation",
        [
            says("A", statement(grade="A"), system="uspstf"),
            says("B", statement("descriptive")),
        ],
        VerdictName.AGREE,
        "Only A makes a recommendation (for); B describes it, and no value is stated differently.",
    ),
    (
        "one trial's regimen told twice by one guideline keeps both values",
        [
            says(
                "A",
                statement("descriptive", regimens=[{"study": "trial-a", "dose": 10, "unit": "mg"}]),
                statement("descriptive", regimens=[{"study": "trial-a", "dose": 50, "unit": "mg"}]),
            ),
            says(
                "B",
                statement("descriptive", regimens=[{"study": "trial-a", "dose": 50, "unit": "mg"}]),
            ),
        ],
        VerdictName.AGREE,
        "Both are descriptive, with no substantive difference. Both give the regimen of Trial A "
        "2019. They report the Trial A 2019 regimen differently: dose 10 mg, 50 mg (A) vs 50 mg "
        "(B).",
    ),
    (
        "regimens without a trial are matched by their folded text",
        [
            says(
                "A", statement("descriptive", regimens=[{"dose": 20, "unit": "mg (Atorvastatin)"}])
            ),
            says(
                "B", statement("descriptive", regimens=[{"dose": 20, "unit": "mg (atorvastatin)"}])
            ),
        ],
        VerdictName.AGREE,
        "Both are descriptive, and no value is stated differently. Both give the regimen of 20 mg "
        "(Atorvastatin).",
    ),
    (
        "not addressed: silent and not extracted",
        [silent("A"), missing("B"), missing("C")],
        VerdictName.NOT_ADDRESSED,
        "No current guideline addresses it: A is silent; B and C are not extracted.",
    ),
    (
        "regimens of one trial: a field only one states is a detail",
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
        VerdictName.AGREE,
        "Both are descriptive, and no value is stated differently. Both give "
        "the regimen of Trial A 2019. Only A states dose: 0.35 mg/kg/h; only B states setting: "
        "outpatient.",
    ),
    (
        "one trial's regimen in other numbers is a reporting difference",
        [
            says(
                "A",
                statement(
                    "descriptive", regimens=[{"study": "trial-b", "duration": "about 4 days"}]
                ),
            ),
            says(
                "B",
                statement("descriptive", regimens=[{"study": "trial-b", "duration": "4.5 days"}]),
            ),
        ],
        VerdictName.AGREE,
        "Both are descriptive, with no substantive difference. Both give "
        "the regimen of Trial B 2020. They report the Trial B 2020 regimen differently: duration "
        "about 4 days (A) vs 4.5 days (B).",
    ),
    (
        "the same dose in other units and number formats",
        [
            says(
                "A",
                statement(
                    "descriptive", regimens=[{"study": "trial-b", "dose": 0.35, "unit": "mg/kg/h"}]
                ),
            ),
            says(
                "B",
                statement(
                    "descriptive",
                    regimens=[{"study": "trial-b", "dose": 0.350, "unit": "mg/kg per hour"}],
                ),
            ),
        ],
        VerdictName.AGREE,
        "Both are descriptive, and no value is stated differently. Both give "
        "the regimen of Trial B 2020.",
    ),
    (
        "evidence differs but is reported, not decisive",
        [
            says("A", statement(evidence=["trial-a", "trial-c"])),
            says("B", statement(evidence=["trial-a"])),
        ],
        VerdictName.AGREE,
        "Both are for, with no substantive difference. Both rest on Trial A 2019. Only A cites "
        "Trial C 2021.",
    ),
    (
        "ungraded statements do not dilute a graded one",
        [
            says("A", statement(grade="B"), statement()),
            says("B", statement(grade="B")),
        ],
        VerdictName.AGREE,
        "Both are for, with no substantive difference.",
    ),
]


@pytest.mark.parametrize(
    ("name", "cells", "verdict", "rationale"), CASES, ids=[c[0] for c in CASES]
)
def test_verdict_rules(name: str, cells: list[Cell], verdict: VerdictName, rationale: str) -> None:
    assert decide(cells, CONTEXT) == (verdict, rationale)


def test_every_verdict_is_covered_by_a_case() -> None:
    assert {case[2] for case in CASES} == set(VerdictName)
