"""What loading gives the later stages: one comparison's typed models, its files and its grading.

Kept apart from load.py so that the engine and the renderers depend on the models, not on the
YAML reader that produced them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from guidecompare.errors import Location
from guidecompare.grading import BUILT_IN_REGISTRY, GradingRegistry
from guidecompare.spec.files import COMPARISON_FILE
from guidecompare.spec.models import ComparisonSpec, GuidelineSpec

if TYPE_CHECKING:
    from guidecompare.spec.source import YamlFile


@dataclass(frozen=True)
class LoadedComparison:
    """One comparison as loaded: its spec, its guidelines in the compared order, and its files.

    Statement topics are resolved to canonical topic ids. `sources` holds the parsed files
    (comparison.yaml first, then one per guideline, in the compared order) so that later
    stages can point at the line a finding concerns.
    """

    spec: ComparisonSpec
    guidelines: tuple[GuidelineSpec, ...]
    directory: Path
    sources: tuple[YamlFile, ...] = ()
    # Built-in grading systems plus those the comparison declares or overrides.
    grading: GradingRegistry = BUILT_IN_REGISTRY

    def locate(self, guideline_id: str | None, keys: Sequence[str | int]) -> Location:
        """Where `keys` stands in comparison.yaml (guideline_id None) or in a guideline file."""
        index = 0 if guideline_id is None else 1 + self.spec.guidelines.index(guideline_id)
        if index < len(self.sources):
            return self.sources[index].locate(keys)
        name = COMPARISON_FILE if guideline_id is None else f"{guideline_id}.yaml"
        return Location(self.directory / name)
