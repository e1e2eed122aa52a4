"""Invariants over generated synthetic comparisons (hypothesis)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from guidecompare.align import Addressed, compare
from guidecompare.loader import LoadedComparison
from guidecompare.models import ComparisonSpec, GuidelineSpec, VerdictName
from guidecompare.renderers.csv import render_comparison_csv, render_summary_csv, restore

TOPICS = ["efficacy", "dosing", "safety"]
DIRECTIONS = ["for", "against", "neutral", "descriptive"]
# Any text a spec could hold; CSV must carry it unchanged. (No lone surrogates: YAML is UTF-8.)
free_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40)

statement = st.fixed_dictionaries(
    {
        "topic": st.sampled_from(TOPICS),
        "stance": st.fixed_dictionaries({"direction": st.sampled_from(DIRECTIONS)}),
        "grade": st.sampled_from(["A", "B", "ungraded", None]),
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
        guidelines.append(
            GuidelineSpec.model_validate(
                {
                    "id": gid,
                    "label": gid.upper(),
                    "title": gid,
                    "organisations": ["Synthetic"],
                    "year": 2020,
                    "citation": gid,
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


@settings(max_examples=60, deadline=None)
@given(comparisons())
def test_verdict_rules_hold(loaded: LoadedComparison) -> None:
    for topic in compare(loaded).topics:
        addressing = [c for c in topic.cells if c.addressed is Addressed.YES]
        fors = {c.guideline.id for c in addressing if "for" in c.directions}
        againsts = {c.guideline.id for c in addressing if "against" in c.directions}
        if not addressing:
            assert topic.verdict is VerdictName.NOT_ADDRESSED
        elif any(f != a for f in fors for a in againsts):
            assert topic.verdict is VerdictName.CONFLICT
        elif len(addressing) < len(topic.cells):
            assert topic.verdict is VerdictName.GAP
            for cell in topic.cells:
                if cell.addressed is not Addressed.YES:
                    assert cell.guideline.label in topic.rationale
                    words = "silent" if cell.addressed is Addressed.SILENT else "not extracted"
                    assert words in topic.rationale
        else:
            assert topic.verdict in {VerdictName.AGREE, VerdictName.PARTIAL}


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
