"""The built-in grading systems: one data file each (`systems/<id>.json`), every row with its
cited source.

Clinical content: each meaning paraphrases the cited definition; each mapping follows the cited
crosswalk, and where none could be confirmed the value is `not-mappable`. docs/grading.md explains
every choice, in particular where published crosswalks disagree.

A file is read and validated (by the same model as a system a spec declares) only when a
comparison uses its system: a build of one comparison reads one or two of them.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guidecompare.grading.model import GradingSystemDefinition

SYSTEMS_DIR = Path(__file__).resolve().parent / "systems"
# In the order `guidecompare grading` lists them.
BUILT_IN_IDS: tuple[str, ...] = (
    "grade",
    "uspstf",
    "acc-aha",
    "oxford-cebm-2009",
    "sort",
    "ungraded",
)


@functools.cache
def built_in_system(system_id: str) -> GradingSystemDefinition:
    """The built-in system `system_id` (one of BUILT_IN_IDS), read and validated once."""
    from guidecompare.grading.model import GradingSystemDefinition

    if system_id not in BUILT_IN_IDS:
        raise KeyError(system_id)
    data = json.loads((SYSTEMS_DIR / f"{system_id}.json").read_text(encoding="utf-8"))
    return GradingSystemDefinition.model_validate(data)
