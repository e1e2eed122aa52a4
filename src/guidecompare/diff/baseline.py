"""What changed since a baseline: the comparison as a git revision held it, against now.

`build --since REV`, or `baseline: REV` in comparison.yaml, gives the PDF a "Changes since REV"
section: the same changes `guidecompare diff REV` reports for this comparison.

A revision is resolved once, to a commit, and named in the PDF with the last commit that changed
the comparison by then, and its date, so the reader knows which version "since" means. What the
outputs depend on is the git tree of the comparison's directory at that commit: a commit
elsewhere (the outputs' own, a merge) moves a ref such as HEAD without changing what the
section says, and leaves the outputs current.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from guidecompare.diff.changes import compare_versions
from guidecompare.diff.sides import Side, commit_of, git_text, load_side
from guidecompare.engine.dates import long_date
from guidecompare.engine.results import Baseline, Comparison
from guidecompare.errors import UsageError


@dataclass(frozen=True)
class Resolved:
    """A baseline revision as given, the commit it names, and the last commit at or before it
    that changed the comparison (its short id and date): the version "since" means."""

    name: str
    commit: str
    last: str  # "1a2b3c4 2024-11-02", or "" when the comparison did not exist then

    @property
    def label(self) -> str:
        """'v1.0 (the comparison as of commit 1a2b3c4, November 2, 2024)'."""
        if not self.last:
            return self.name
        short, day = self.last.split()
        when = long_date(date.fromisoformat(day))
        return f"{self.name} (the comparison as of commit {short}, {when})"


def resolve(revision: str, directory: Path) -> Resolved:
    """The commit `revision` names in the repository holding `directory`, and the last commit
    that changed the comparison by then; a UsageError when there is none (outside a
    repository, or a clone that lacks it)."""
    here = directory.resolve()
    try:
        commit = commit_of(revision, here)
    except UsageError:
        raise UsageError(
            f"baseline {revision}: no such git revision here (a shallow clone lacks older "
            "commits and tags: fetch them, or remove the baseline)"
        ) from None
    # A commit elsewhere (the outputs' own) moves a ref such as HEAD, not this one.
    last = git_text(["log", "-1", "--format=%h %cs", commit, "--", "."], here)
    return Resolved(revision, commit, last)


def tree(resolved: Resolved, directory: Path) -> str:
    """What the outputs depend on: the git tree of `directory` at the baseline's commit."""
    here = directory.resolve()
    top = Path(git_text(["rev-parse", "--show-toplevel"], here))
    inside = here.relative_to(top.resolve()).as_posix()
    try:
        return git_text(["rev-parse", f"{resolved.commit}:{inside}"], here)
    except UsageError:
        return f"absent at {resolved.commit}"  # the comparison is new since the baseline


def with_baseline(comparison: Comparison, directory: Path, resolved: Resolved) -> Comparison:
    """The comparison carrying what changed since the resolved baseline."""
    here = directory.resolve()
    side = Side(resolved.name, resolved.commit, (Path(),))
    before = load_side(side, here).get(comparison.spec.id)
    old = {comparison.spec.id: before} if before is not None else {}
    [changes] = compare_versions(old, {comparison.spec.id: comparison})
    return dataclasses.replace(comparison, baseline=Baseline(resolved.label, changes))
