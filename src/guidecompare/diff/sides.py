"""The two sides of a diff: spec directories on disk, or the specs of a git revision.

A revision is read without a checkout: its spec files are listed with `git ls-tree` and read
with `git cat-file`, into a temporary directory that the loader reads as it reads any other.
"""

from __future__ import annotations

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

    Leading arguments that are not existing paths are git revisions (at most two); the rest are
    spec directories. Two revisions compare those revisions; one compares it with the work
    tree; none compares two directories, OLD then NEW.
    """
    here = cwd or Path.cwd()
    revisions: list[str] = []
    rest = list(arguments)
    while rest and not (here / rest[0]).exists():
        revisions.append(rest.pop(0))
    for path in rest:
        if not (here / path).exists():
            raise UsageError(f"{path}: no such directory (nor a revision before a path): check it")
    paths = tuple(Path(p) for p in rest)
    if len(revisions) > 2:
        raise UsageError(
            f"{revisions[2]}: not a directory, and diff compares two sides at most: give OLD NEW"
        )
    for revision in revisions:
        _commit(revision, here)  # a usage error at once, before anything is read
    if not revisions:
        if len(paths) != 2:
            raise UsageError(
                "give two spec directories (OLD NEW), or a git revision to compare with the "
                "work tree (e.g. guidecompare diff HEAD~1)"
            )
        return Side(str(paths[0]), None, paths[:1]), Side(str(paths[1]), None, paths[1:])
    paths = paths or DEFAULT_PATHS
    old = Side(revisions[0], revisions[0], paths)
    if len(revisions) == 1:
        return old, Side("the work tree", None, paths)
    return old, Side(revisions[1], revisions[1], paths)


def _git(arguments: Sequence[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *arguments], cwd=cwd, input=stdin, capture_output=True, check=False
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
        yield None, [here / path for path in side.paths]
        return
    top = Path(_git(["rev-parse", "--show-toplevel"], here).decode().strip())
    prefix = PurePosixPath(_git(["rev-parse", "--show-prefix"], here).decode().strip())
    commit = _commit(side.revision, here)
    with tempfile.TemporaryDirectory(prefix="guidecompare-diff-") as temporary:
        root = Path(temporary)
        found: list[Path] = []
        for path in side.paths:
            inside = (prefix / PurePosixPath(path.as_posix())).as_posix().rstrip("/")
            listing = _git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", inside], top)
            entries = [e for e in listing.decode("utf-8", "surrogateescape").split("\0") if e]
            if not entries:
                raise UsageError(f"{path}: not in {side.revision}: nothing to compare there")
            for entry in entries:
                meta, name = entry.split("\t", 1)
                mode, kind, blob = meta.split()
                if kind != "blob" or mode == "120000":  # no submodules, no symbolic links
                    continue
                target = root / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(_git(["cat-file", "blob", blob], top))
            found.append(root / inside)
        yield root, found


def load_side(side: Side, cwd: Path | None = None) -> dict[str, Comparison]:
    """The side's comparisons, compared by the engine, by comparison id."""
    from guidecompare.engine import compare
    from guidecompare.spec.load import load

    with directories(side, cwd) as (root, found):
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

    def _named(self, line: str) -> str:
        if self.root is None:
            return line
        return line.replace(self.root.as_posix() + "/", f"{self.side.revision}:", 1)
