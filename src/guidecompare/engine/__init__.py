"""The comparison engine: one place decides and words everything a reader is told about a topic.

`compare(loaded)` gives a Comparison; renderers lay it out and decide nothing.
"""

from __future__ import annotations

from guidecompare.engine.judge import Context, compare, decide
from guidecompare.engine.results import (
    Addressed,
    Cell,
    Clause,
    Comparison,
    Coverage,
    KeyPoint,
    PairSummary,
    TopicResult,
    read_statement,
)
from guidecompare.engine.words import (
    NOT_STATED,
    PAIRS_MEANING,
    REGIMEN_FIELDS,
    VERDICT_MEANINGS,
    grade_label,
    join_names,
    regimen_fields,
    regimen_text,
)

__all__ = [
    "NOT_STATED",
    "PAIRS_MEANING",
    "REGIMEN_FIELDS",
    "VERDICT_MEANINGS",
    "Addressed",
    "Cell",
    "Clause",
    "Comparison",
    "Context",
    "Coverage",
    "KeyPoint",
    "PairSummary",
    "TopicResult",
    "compare",
    "decide",
    "grade_label",
    "join_names",
    "read_statement",
    "regimen_fields",
    "regimen_text",
]
