"""Invariants over generated synthetic comparisons (hypothesis)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from guidecompare.engine import Addressed, compare
from guidecompare.render.csv import render_comparison_csv, render_summary_csv, restore
from guidecompare.spec.loaded import LoadedComparison
from guidecompare.spec.models import ComparisonSpec, GuidelineSpec, VerdictName

TOPICS = ["efficacy", "dosing", "safety"]
DIRECTIONS = ["for", "against", "neutral", "descriptive"]
# Any text a spec could hold; CSV must carry it unchanged. (No lone surrogates: YAML is UTF-8.)
free_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40)

statement = st.fixed_dictionaries(
    {
        "topic": st.sampled_from(TOPICS),
        "stance": st.fixed_dictionaries({"direction": st.sampled_from(DIRECTIONS)}),
        "grade": st.sampled_from(["A", "B", "C", "ungraded", None]),
        "certainty": st.sampled_from(["high", "moderate", "low", None]),
        "facets": st.dictionaries(
            st.just("effects"),
            st.lists(st.sampled_from(["nausea", "dizziness", "euphoria"]), max_size=2),
        ),
        "text": free_text,
        "source": st.just({"document": "ref"}),
    }
)


@st.composite
def comparisons(draw: st.DrawFn) -> LoadedComparison:
    count = draw(st.integers(min_value=2, max_value=5))
    ids = [f"g{i}" for i in range(count)]
    spec = ComparisonSpec.model_validate(
        {
            "id": "generated",
            "question": "Generated (synthetic, not clinical advice)?",
            "prepared_by": [{"name": "hypothesis"}],
            "current_as_of": "2025-01-01",
            "disclaimer": "Synthetic.",
            "topics": [{"id": t, "label": t.title()} for t in TOPICS],
            "facets": [{"id": "effects", "label": "Effects"}],
            "guidelines": ids,
            "references": [{"id": "ref", "citation": "A reference."}],
        }
    )
    guidelines = []
    for gid in ids:
        statements: list[dict[str, Any]] = draw(st.lists(statement, max_size=4))
        addressed = {s["topic"] for s in statements}
        silent = draw(
            st.lists(
                st.sampled_from([t for t in TOPICS if t not in addressed] or ["none"]), unique=True
            )
        )
        superseded = draw(st.booleans()) and gid != ids[0]
        guidelines.append(
            GuidelineSpec.model_validate(
                {
                    "id": gid,
                    "label": gid.upper(),
                    "title": gid,
                    "organisations": ["Synthetic"],
                    "year": 2020,
                    "citation": gid,
                    **({"status": "superseded", "superseded_by": ids[0]} if superseded else {}),
                    **(
                        {"grading_system": {"name": "USPSTF", "system": "uspstf"}}
                        if draw(st.booleans())
                        else {}
                    ),
                    "statements": [
                        {k: v for k, v in s.items() if v is not None} for s in statements
                    ],
                    "silent": [
                        {"topic": t, "checked": "2025-01-01"} for t in silent if t != "none"
                    ],
                }
            )
        )
    return LoadedComparison(spec, tuple(guidelines), Path("generated"))


@settings(max_examples=60, deadline=None)
@given(comparisons())
def test_every_statement_lands_in_exactly_one_cell(loaded: LoadedComparison) -> None:
    result = compare(loaded)
    for guideline in loaded.guidelines:
        placed = [
            statement
            for topic in result.topics
            for cell in topic.cells
            if cell.guideline.id == guideline.id
            for statement in cell.statements
        ]
        assert placed == sorted(guideline.statements, key=lambda s: TOPICS.index(s.topic[0]))


@settings(max_examples=60, deadline=None)
@given(comparisons(), st.randoms(use_true_random=False))
def test_reordering_guidelines_mirrors_the_table_and_keeps_verdicts(
    loaded: LoadedComparison, rng: Any
) -> None:
    order = list(loaded.guidelines)
    rng.shuffle(order)
    spec = loaded.spec.model_copy(update={"guidelines": tuple(g.id for g in order)})
    shuffled = compare(LoadedComparison(spec, tuple(order), loaded.directory))
    original = compare(loaded)
    for before, after in zip(original.topics, shuffled.topics, strict=True):
        assert before.verdict == after.verdict
        assert {c.guideline.id: c for c in before.cells} == {c.guideline.id: c for c in after.cells}
        assert [c.guideline.id for c in after.cells] == [g.id for g in order]


@settings(max_examples=100, deadline=None)
@given(comparisons())
def test_verdict_rules_hold(loaded: LoadedComparison) -> None:
    for topic in compare(loaded).topics:
        counted = [c for c in topic.cells if c.counted and c.addressed is Addressed.YES]
        fors = {c.guideline.id for c in counted if "for" in c.directions}
        againsts = {c.guideline.id for c in counted if "against" in c.directions}
        if not counted:
            assert topic.verdict is VerdictName.NOT_ADDRESSED
        elif len(counted) == 1:
            assert topic.verdict is VerdictName.GAP
        elif any(f != a for f in fors for a in againsts):  # no populations: all overlap
            assert topic.verdict is VerdictName.CONFLICT
        else:
            assert topic.verdict in {VerdictName.AGREE, VerdictName.PARTIAL}
        # Coverage is told beside concordance: every guideline that does not count is named.
        for cell in topic.cells:
            if cell.addressed is not Addressed.YES or not cell.counted:
                assert cell.guideline.label in topic.rationale


def _pair_kinds(comparison: Any, topic_id: str, ids: set[str]) -> set[str]:
    kinds = set()
    for pair in comparison.pairs:
        if {pair.first.id, pair.second.id} <= ids:
            for kind in ("agree", "differ", "conflict", "unmatched"):
                if topic_id in getattr(pair, kind):
                    kinds.add(kind)
    return kinds


@settings(max_examples=150, deadline=None)
@given(comparisons())
def test_pairs_verdict_and_rationale_never_disagree(loaded: LoadedComparison) -> None:
    """One engine: the pair-by-pair view, the verdict and the rationale say the same thing."""
    comparison = compare(loaded)
    for topic in comparison.topics:
        counted = {
            c.guideline.id for c in topic.cells if c.counted and c.addressed is Addressed.YES
        }
        kinds = _pair_kinds(comparison, topic.topic.id, counted)
        assert "unmatched" not in kinds
        if not counted:
            expected = VerdictName.NOT_ADDRESSED
        elif len(counted) == 1:
            expected = VerdictName.GAP
        elif "conflict" in kinds:
            expected = VerdictName.CONFLICT
        elif "differ" in kinds:
            expected = VerdictName.PARTIAL
        else:
            expected = VerdictName.AGREE
        assert topic.computed is expected
        why = topic.rationale.split(". ")[0].rstrip(".")
        said_differences = "Differences:" in topic.rationale
        if expected is VerdictName.AGREE:
            assert why.endswith(
                ("with no substantive difference", "no value is stated differently")
            )
            assert not said_differences
            assert not topic.differences
        elif expected is VerdictName.PARTIAL:
            assert "they differ in" in why.lower() and said_differences
            assert topic.differences
        elif expected is VerdictName.CONFLICT:
            assert " against" in why and topic.differences
        elif expected is VerdictName.GAP:
            assert why.startswith("Only ") and not said_differences
        else:
            assert why.startswith("No current guideline addresses it")


@settings(max_examples=40, deadline=None)
@given(comparisons())
def test_csv_is_deterministic_and_carries_text_unchanged(loaded: LoadedComparison) -> None:
    result = compare(loaded)
    first, second = io.BytesIO(), io.BytesIO()
    render_comparison_csv(result, first)
    render_comparison_csv(compare(loaded), second)
    assert first.getvalue() == second.getvalue()
    frame = pd.read_csv(
        io.BytesIO(first.getvalue()), encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    expected_rows = sum(max(1, len(c.statements)) for t in result.topics for c in t.cells)
    assert len(frame) == expected_rows
    texts = [s.text for t in result.topics for c in t.cells for s in c.statements]
    assert [restore(t) for t in frame["statement"] if t] == [t for t in texts if t]
    summary = io.BytesIO()
    render_summary_csv(result, summary)
    assert len(pd.read_csv(io.BytesIO(summary.getvalue()), encoding="utf-8-sig", dtype=str)) == len(
        TOPICS
    )
