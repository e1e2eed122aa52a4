"""Where comparisons live on disk: their directories and their spec files, found without parsing.

A library is a directory of comparison directories (or one comparison directory); a comparison
directory holds comparison.yaml and one YAML file per guideline. Everything here is cheap (no
YAML, no pydantic), so `check` can prove a comparison current from its bytes alone.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeAlias

from guidecompare.errors import Location, Problem, UsageError

COMPARISON_FILE = "comparison.yaml"
DEFAULT_OUT = Path("output")
SPEC_SUFFIXES = (".yaml", ".yml")


SpecPath: TypeAlias = str | os.PathLike[str]
# What load, build and check take: one path, or several.
SpecDirs: TypeAlias = SpecPath | Iterable[SpecPath]


def spec_dir_paths(spec_dirs: SpecDirs) -> list[Path]:
    """`spec_dirs` as a list of paths: one path (str or PathLike) or an iterable of them.

    A str is a sequence of characters too; without this, load("specs") would look for the
    directories "s", "p", "e", ...
    """
    if isinstance(spec_dirs, (str, os.PathLike)):
        return [Path(spec_dirs)]
    return [Path(path) for path in spec_dirs]


class NotARegularFileError(OSError):
    """A path that should be a regular file is a FIFO, a device, a socket or a directory."""


def read_regular(path: Path) -> bytes:
    """The bytes of `path` when it is a regular file (a link to one counts).

    Opened without blocking and checked before reading, so a FIFO or a device where a spec or
    an output belongs is refused at once (NotARegularFileError) instead of hanging the run.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotARegularFileError(f"{path.as_posix()}: not a regular file")
        return stream.read()


def is_regular(path: Path) -> bool:
    """True when `path` is a regular file (following links), without opening it."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def inside(directory: Path, path: Path) -> bool:
    """True when `path`, links followed, lies inside `directory`."""
    return path.resolve().is_relative_to(directory.resolve())


def find_comparison_dirs(spec_dirs: Sequence[Path]) -> list[Path]:
    """Each path is a comparison directory or a directory holding several. Sorted, unique."""
    found: list[Path] = []
    for spec_dir in spec_dirs:
        if not spec_dir.exists():
            raise UsageError(f"{spec_dir.as_posix()}: no such directory")
        if not spec_dir.is_dir():
            raise UsageError(f"{spec_dir.as_posix()}: not a directory of specs")
        if (spec_dir / COMPARISON_FILE).exists():
            found.append(spec_dir)
            continue
        # exists(), not is_file(): a directory named comparison.yaml is a comparison with a
        # mistake the loader reports ("is a directory where the file belongs"), not nothing.
        children = sorted(
            child for child in spec_dir.iterdir() if (child / COMPARISON_FILE).exists()
        )
        if not children:
            raise UsageError(
                f"{spec_dir.as_posix()}: no {COMPARISON_FILE} here or in its subdirectories"
            )
        found.extend(children)
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def spec_files(directory: Path) -> list[Path]:
    """Every YAML file of a comparison directory, sorted by name.

    A valid comparison reads exactly these: comparison.yaml and one file per listed
    guideline; the loader rejects any other YAML file in the directory.
    """
    return sorted(
        (path for path in directory.iterdir() if path.suffix in SPEC_SUFFIXES),
        key=lambda path: path.name,
    )


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def claim_id(
    comparison_id: str, directory: Path, first_dir: dict[str, Path], problems: list[Problem]
) -> bool:
    """Record that `directory` holds `comparison_id`; False (and a problem) if one already did."""
    if comparison_id in first_dir:
        problems.append(
            Problem(
                Location(directory / COMPARISON_FILE, 1, 1),
                ("id",),
                f"comparison id '{comparison_id}' is also used by "
                f"{first_dir[comparison_id].as_posix()}: "
                "ids must be unique, they name the output directory",
                rule="duplicate-id",
            )
        )
        return False
    first_dir[comparison_id] = directory
    return True
