"""The two sides of a diff: spec directories on disk, or the specs of a git revision.

A revision is read without a checkout: its spec files are listed with `git ls-tree` and read
with `git cat-file`, into a temporary directory that the loader reads as it reads any other.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from guidecompare.errors import SpecError, UsageError

if TYPE_CHECKING:
    from guidecompare.engine.results import Comparison

DEFAULT_PATHS = (Path("specs"),)


@dataclass(frozen=True)
class Side:
    """One side: the spec directories to load, and how a reader names the side."""

    name: str  # "the work tree", "HEAD~3", or a directory as given
    revision: str | None  # a git revision, or None for directories on disk
    paths: tuple[Path, ...]


def sides(arguments: Sequence[str], cwd: Path | None = None) -> tuple[Side, Side]:
    """The old and new sides `guidecompare diff` was given.

    Leading arguments that are git revisions and not existing paths are the sides (at most
    two); the rest are spec directories, which a side may lack (a comparison added or
    removed). Two revisions compare those revisions; one compares it with the work tree; none
    compares two directories, OLD then NEW.
    """
    here = cwd or Path.cwd()
    revisions: list[str] = []
    rest = list(arguments)
    while rest and not (here / rest[0]).exists():
        if len(revisions) < 2 and _is_commit(rest[0], here):
            revisions.append(rest.pop(0))
        elif revisions:
            break  # a path that this side of the work tree lacks
        else:
            raise UsageError(
                f"{rest[0]}: not a directory here, nor a git revision of this repository: "
                "give a directory, or a revision such as HEAD~1 or a tag"
            )
    paths = tuple(Path(p) for p in rest)
    if not revisions:
        if len(paths) != 2:
            raise UsageError(
                "give two spec directories (OLD NEW), or a git revision to compare with the "
                "work tree (e.g. guidecompare diff HEAD~1)"
            )
        return Side(str(paths[0]), None, paths[:1]), Side(str(paths[1]), None, paths[1:])
    if not paths:  # the repository's specs, wherever in it the command runs
        top = Path(_git(["rev-parse", "--show-toplevel"], here).decode().strip())
        paths = (Path(os.path.relpath(top / DEFAULT_PATHS[0], here)),)
    old = Side(revisions[0], revisions[0], paths)
    if len(revisions) == 1:
        return old, Side("the work tree", None, paths)
    return old, Side(revisions[1], revisions[1], paths)


def git_text(arguments: Sequence[str], cwd: Path) -> str:
    """What a git command prints, as one stripped line of text (a UsageError if it fails)."""
    return _git(arguments, cwd).decode("utf-8", "replace").strip()


def commit_of(revision: str, cwd: Path) -> str:
    """The commit a revision names (a usage error when it names none)."""
    return _commit(revision, cwd)


def _is_commit(revision: str, cwd: Path) -> bool:
    try:
        _commit(revision, cwd)
    except UsageError:
        return False
    return True


def _git(arguments: Sequence[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "--literal-pathspecs", *arguments],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError("git is not installed: give two directories instead") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise UsageError(f"git {' '.join(arguments[:2])}: {message[-1] if message else 'failed'}")
    return done.stdout


def _commit(revision: str, cwd: Path) -> str:
    try:
        return (
            _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], cwd)
            .decode()
            .strip()
        )
    except UsageError:
        raise UsageError(
            f"{revision}: not a directory here, nor a git revision of this repository: "
            "give a directory, or a revision such as HEAD~1 or a tag"
        ) from None


@contextmanager
def directories(side: Side, cwd: Path | None = None) -> Iterator[tuple[Path | None, list[Path]]]:
    """The side's spec directories on disk, with the temporary directory a revision's files
    were written to (None for directories)."""
    here = cwd or Path.cwd()
    if side.revision is None:
        # A directory this side lacks holds no comparison here: added, or removed.
        yield None, [here / path for path in side.paths if (here / path).exists()]
        return
    top = Path(_git(["rev-parse", "--show-toplevel"], here).decode().strip())
    commit = _commit(side.revision, here)
    with tempfile.TemporaryDirectory(prefix="guidecompare-diff-") as temporary:
        root = Path(temporary)
        found: list[Path] = []
        for path in side.paths:
            inside = os.path.relpath(os.path.realpath(here / path), top)
            if inside.startswith(".."):
                raise UsageError(f"{path}: outside this repository: give a path inside it")
            inside = PurePosixPath(Path(inside).as_posix()).as_posix()
            listing = _git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", inside], top)
            entries = [e for e in listing.decode("utf-8", "surrogateescape").split("\0") if e]
            for entry in entries:
                meta, name = entry.split("\t", 1)
                mode, kind, blob = meta.split()
                if kind != "blob" or mode == "120000":  # no submodules, no symbolic links
                    continue
                target = root / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(_git(["cat-file", "blob", blob], top))
            if entries:  # a path this revision lacks holds no comparison there
                found.append(root / inside)
        yield root, found


def load_side(side: Side, cwd: Path | None = None) -> dict[str, Comparison]:
    """The side's comparisons, compared by the engine, by comparison id."""
    from guidecompare.engine import compare
    from guidecompare.spec.load import load

    with directories(side, cwd) as (root, found):
        # A directory that holds no comparison (any more) is an empty side there.
        found = [d for d in found if d.is_dir() and next(d.rglob("comparison.yaml"), None)]
        try:
            loaded = load(found)
        except SpecError as error:
            raise SideError(side, error, root) from None
        return {item.spec.id: compare(item) for item in loaded}


class SideError(UsageError):
    """The specs of one side are not valid: the diff cannot be made."""

    def __init__(self, side: Side, error: SpecError, root: Path | None = None) -> None:
        self.side = side
        self.error = error
        self.root = root  # where a revision's files were read: named as REVISION:path instead
        super().__init__(f"the specs of {side.name} are not valid")

    def lines(self) -> list[str]:
        problems = [self._named(str(p)) for p in self.error.problems]
        return [*problems, f"the specs of {self.side.name} are not valid: nothing to compare."]

    def __reduce__(self) -> tuple[object, ...]:
        # Raised in a worker process and sent to the parent: rebuilt from its parts.
        return (SideError, (self.side, self.error, self.root))

    def _named(self, line: str) -> str:
        if self.root is None:
            return line
        return line.replace(self.root.as_posix() + "/", f"{self.side.name}:")
