"""What changed since a baseline: the comparison as a git revision held it, against now.

`build --since REV`, or `baseline: REV` in comparison.yaml, gives the PDF a "Changes since REV"
section: the same changes `guidecompare diff REV` reports for this comparison.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from guidecompare.diff.changes import compare_versions
from guidecompare.diff.sides import Side, commit_of, load_side
from guidecompare.engine.results import Baseline, Comparison


def with_baseline(comparison: Comparison, directory: Path, revision: str) -> tuple[Comparison, str]:
    """The comparison carrying what changed since `revision`, and the revision's commit."""
    here = directory.resolve()
    commit = commit_of(revision, here)
    side = Side(revision, revision, (Path(),))
    before = load_side(side, here).get(comparison.spec.id)
    old = {comparison.spec.id: before} if before is not None else {}
    [changes] = compare_versions(old, {comparison.spec.id: comparison})
    return dataclasses.replace(comparison, baseline=Baseline(revision, changes)), commit
