"""The comparison engine: one place decides and words everything a reader is told about a topic.

`compare(loaded)` gives a Comparison; renderers lay it out and decide nothing. Names are imported
on first use, so that `check`'s fast path can read `engine.currency` without loading the specs'
models (pydantic, PyYAML).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from guidecompare.engine.judge import compare, decide
    from guidecompare.engine.results import (
        Addressed,
        Cell,
        Comparison,
        Coverage,
        PairSummary,
        TopicResult,
        read_statement,
    )
    from guidecompare.engine.telling import Context
    from guidecompare.engine.words import (
        NOT_STATED,
        PAIRS_MEANING,
        VERDICT_MEANINGS,
        grade_label,
        regimen_fields,
        regimen_text,
    )

_EXPORTS = {
    "Addressed": "guidecompare.engine.results",
    "Cell": "guidecompare.engine.results",
    "Comparison": "guidecompare.engine.results",
    "Context": "guidecompare.engine.telling",
    "Coverage": "guidecompare.engine.results",
    "NOT_STATED": "guidecompare.engine.words",
    "PAIRS_MEANING": "guidecompare.engine.words",
    "PairSummary": "guidecompare.engine.results",
    "TopicResult": "guidecompare.engine.results",
    "VERDICT_MEANINGS": "guidecompare.engine.words",
    "compare": "guidecompare.engine.judge",
    "decide": "guidecompare.engine.judge",
    "grade_label": "guidecompare.engine.words",
    "read_statement": "guidecompare.engine.results",
    "regimen_fields": "guidecompare.engine.words",
    "regimen_text": "guidecompare.engine.words",
}

__all__ = [
    "NOT_STATED",
    "PAIRS_MEANING",
    "VERDICT_MEANINGS",
    "Addressed",
    "Cell",
    "Comparison",
    "Context",
    "Coverage",
    "PairSummary",
    "TopicResult",
    "compare",
    "decide",
    "grade_label",
    "read_statement",
    "regimen_fields",
    "regimen_text",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'guidecompare.engine' has no attribute {name!r}")
