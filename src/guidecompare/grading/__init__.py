"""Evidence grading: built-in grading systems and the common scale every native grade is read on.

    from guidecompare.grading import read_grade
    reading = read_grade("uspstf", "B", "low to moderate")
    reading.recommendation, reading.certainty   # weak-for, low
    reading.text  # 'Grade B (USPSTF) ≈ weak-for; low to moderate certainty ≈ low certainty (...)'

docs/grading.md describes each system, its source and every mapping choice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from guidecompare.grading.builtin import BUILT_IN_IDS
from guidecompare.grading.listing import GradingTableRow, format_grading_table, grading_table_rows
from guidecompare.grading.model import (
    GradingSystemDefinition,
    MappingOverride,
    NativeCertainty,
    NativeGrade,
    normalise,
)
from guidecompare.grading.reading import GradeReading, is_not_extracted, read_grade
from guidecompare.grading.registry import (
    BUILT_IN_REGISTRY,
    GradingIssue,
    GradingRegistry,
    GradingTableError,
    merge_systems,
)
from guidecompare.grading.scale import (
    CERTAINTY_ORDER,
    CertaintyCode,
    RecommendationCode,
    Strength,
    Unmapped,
)

if TYPE_CHECKING:
    BUILT_IN_SYSTEMS: tuple[GradingSystemDefinition, ...]

__all__ = [
    "BUILT_IN_IDS",
    "BUILT_IN_REGISTRY",
    "BUILT_IN_SYSTEMS",
    "CERTAINTY_ORDER",
    "CertaintyCode",
    "GradeReading",
    "GradingIssue",
    "GradingRegistry",
    "GradingSystemDefinition",
    "GradingTableError",
    "GradingTableRow",
    "MappingOverride",
    "NativeCertainty",
    "NativeGrade",
    "RecommendationCode",
    "Strength",
    "Unmapped",
    "format_grading_table",
    "grading_table_rows",
    "is_not_extracted",
    "merge_systems",
    "normalise",
    "read_grade",
]


def __getattr__(name: str) -> Any:
    # Every built-in system, read from its data file only when asked for (builtin.py): for
    # listings and tests, not for a build.
    if name == "BUILT_IN_SYSTEMS":
        from guidecompare.grading.builtin import BUILT_IN_IDS, built_in_system

        return tuple(built_in_system(system_id) for system_id in BUILT_IN_IDS)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
