"""Write a comparison's outputs so that a reader never sees a half-written file.

Every file is first written in full (and synced) to a temporary file in the same directory;
only when all of them are written are they renamed over the old ones, the manifest last.
A failed write, or a build killed while writing, leaves every previous output as it was
(leftover temporary files are removed by the next build). A rename replaces a file in one step,
so even a kill between two renames leaves each file either old or new, never truncated, and
the manifest, renamed last, no longer matches: `check` reports the comparison as stale.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from guidecompare.errors import OutputError


def write_outputs(directory: Path, outputs: Mapping[str, bytes]) -> list[Path]:
    """Write `outputs` (file name → bytes) into `directory`, all or nothing. Returns the paths."""
    if directory.is_symlink():
        raise OutputError(
            f"{directory.as_posix()}: is a link; guidecompare writes only into real directories "
            "under the output directory: remove the link"
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"{directory.as_posix()}: cannot create the output directory: {exc.strerror}"
        ) from exc
    _remove_leftovers(directory, outputs)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in outputs.items():
            target = directory / name
            if target.is_dir():
                raise OutputError(
                    f"{target.as_posix()}: is a directory where an output file belongs: remove it"
                )
            staged.append((_write_temporary(directory, name, data), target))
        for temporary, target in staged:
            temporary.replace(target)
    except OSError as exc:
        raise OutputError(
            f"{directory.as_posix()}: cannot write outputs: {exc.strerror}; "
            "previous outputs were left as they were"
        ) from exc
    finally:
        for temporary, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
    return [target for _, target in staged]


def _remove_leftovers(directory: Path, outputs: Mapping[str, bytes]) -> None:
    """Temporary files an interrupted build left behind (a kill between write and rename)."""
    for name in outputs:
        for leftover in directory.glob(f".{name}.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _write_temporary(directory: Path, name: str, data: bytes) -> Path:
    handle, name_on_disk = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
    path = Path(name_on_disk)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        path.chmod(0o644)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path
