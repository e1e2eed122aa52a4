"""The comparison engine's entry: compare a loaded spec, topic by topic, and pair by pair.

Pure: a loaded comparison in, a Comparison out; no file system, no click. For each topic it
answers two questions separately: coverage (who addresses it) and concordance (do the current
guidelines that address it say the same). rules.py compares two positions at a time; telling.py
gathers those answers into the verdict and its words; this module runs it for every topic and
builds the pair-by-pair view from the same rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from guidecompare.engine import rules, summary
from guidecompare.engine.currency import review_status, successor_name
from guidecompare.engine.results import (
    Addressed,
    Cell,
    Comparison,
    PairSummary,
    Standing,
    TopicResult,
    read_statement,
)
from guidecompare.engine.tables import fact_tables
from guidecompare.engine.telling import Context, Telling
from guidecompare.grading import GradingRegistry
from guidecompare.spec.loaded import LoadedComparison
from guidecompare.spec.models import (
    ComparisonSpec,
    GuidelineSpec,
    Override,
    Topic,
    VerdictName,
)


def compare(loaded: LoadedComparison) -> Comparison:
    """Compare one loaded spec: every topic with its cells, verdict and wording, and the pairs."""
    spec, guidelines = loaded.spec, loaded.guidelines
    context = Context.of(spec, guidelines)
    overrides = {override.topic: override for override in spec.overrides}
    results = []
    for topic in spec.topics:
        cells = tuple(_cell(guideline, topic.id, loaded.grading) for guideline in guidelines)
        results.append(judge(topic, cells, context, overrides.get(topic.id)))
    topics = tuple(results)
    return Comparison(
        spec,
        guidelines,
        topics,
        pairs(guidelines, topics, context),
        summary.warnings(spec, guidelines, topics),
        tuple(_standing(spec, guidelines, guideline) for guideline in guidelines),
    )


def _standing(
    spec: ComparisonSpec, guidelines: Sequence[GuidelineSpec], guideline: GuidelineSpec
) -> Standing:
    successor = successor_name(spec, guidelines, guideline)
    return Standing(successor, review_status(guideline, spec.current_as_of, successor))


def _cell(guideline: GuidelineSpec, topic_id: str, registry: GradingRegistry) -> Cell:
    statements = tuple(s for s in guideline.statements if topic_id in s.topic)
    if statements:
        readings = tuple(read_statement(guideline, s, registry) for s in statements)
        return Cell(guideline, Addressed.YES, statements, readings=readings)
    silence = next((s for s in guideline.silent if s.topic == topic_id), None)
    if silence is not None:
        return Cell(guideline, Addressed.SILENT, silence=silence)
    return Cell(guideline, Addressed.NOT_EXTRACTED)


def judge(
    topic: Topic, cells: Sequence[Cell], context: Context, override: Override | None = None
) -> TopicResult:
    """Everything a reader is told about one topic, decided once."""
    told = Telling(cells, context)
    # The trials whose regimens the cells give, in order of first mention across them.
    trials = tuple(
        dict.fromkeys(r.study for c in cells for s in c.statements for r in s.regimens if r.study)
    )
    return TopicResult(
        topic,
        tuple(cells),
        told.verdict,
        told.rationale(),
        override,
        told.coverage,
        tuple(told.agreements),
        tuple(told.differences),
        tuple(told.details),
        tuple(told.notes),
        tuple(summary.gist(cell, trials) for cell in cells),
        fact_tables(cells, context.facets, context.equivalents, context.names),
    )


def decide(cells: Sequence[Cell], context: Context) -> tuple[VerdictName, str]:
    """The verdict over one topic's cells and its rationale (the table of cases tests this)."""
    told = Telling(cells, context)
    return told.verdict, told.rationale()


def pairs(
    guidelines: Sequence[GuidelineSpec], topics: Sequence[TopicResult], context: Context
) -> tuple[PairSummary, ...]:
    """Every pair of guidelines, in compared order, by the same rules as the verdicts."""
    summaries = []
    for first, second in combinations(guidelines, 2):
        classes: dict[str, list[str]] = {"agree": [], "differ": [], "conflict": [], "unmatched": []}
        for result in topics:
            a = next(c for c in result.cells if c.guideline.id == first.id)
            b = next(c for c in result.cells if c.guideline.id == second.id)
            if a.addressed is not Addressed.YES or b.addressed is not Addressed.YES:
                kind = "unmatched"
            else:
                pa = rules.position(a, context.equivalents)
                pb = rules.position(b, context.equivalents)
                kind = rules.relate(pa, pb, context.facets).kind
            classes[kind].append(result.topic.id)
        summaries.append(
            PairSummary(
                first,
                second,
                tuple(classes["agree"]),
                tuple(classes["differ"]),
                tuple(classes["conflict"]),
                tuple(classes["unmatched"]),
            )
        )
    return tuple(summaries)
