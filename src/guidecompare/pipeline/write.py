"""The output directory: what may stand in it, and writing a comparison's outputs into it.

Every file is first written in full (and synced) to a temporary file in the same directory;
only when all of them are written are they renamed over the old ones, the manifest last.
A failed write, or a build killed while writing, leaves every previous output as it was.
A rename replaces a file in one step, so even a kill between two renames leaves each file
either old or new, never truncated, and the manifest, renamed last, no longer matches: `check`
reports the comparison as stale.

Two builds writing into one output directory at once take turns: each holds an exclusive lock
on the comparison's directory (flock on the directory itself, so no lock file is left behind)
while it removes leftovers, stages and renames. A temporary file found while holding the lock
was left by a build that died, and is removed; no build ever removes another's files.

guidecompare writes only into an output directory that holds nothing but comparison outputs:
never among the specs, and never where it would have to overwrite, or advise removing, a file
it did not write (`refuse_unsafe_out`).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from guidecompare.errors import OutputError, UsageError
from guidecompare.pipeline.manifest import OUTPUT_NAMES
from guidecompare.spec.files import read_regular

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock; concurrent builds are not guarded
    fcntl = None  # type: ignore[assignment]

# tempfile.mkstemp names: ".<output name>.<random>.tmp" (see _write_temporary).
_LEFTOVER = re.compile(r"\.(?P<name>.+)\.[A-Za-z0-9_]+\.tmp")


def is_leftover(name: str) -> bool:
    """True for the name of a temporary file an interrupted build left beside the outputs."""
    found = _LEFTOVER.fullmatch(name)
    return found is not None and found["name"] in OUTPUT_NAMES


def is_ours(name: str) -> bool:
    """True for a file name guidecompare writes in a comparison's output directory."""
    return name in OUTPUT_NAMES or is_leftover(name)


@contextlib.contextmanager
def locked(directory: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output `directory` (which must exist) for the block."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    descriptor = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def refuse_unsafe_out(out: Path, comparison_dirs: Sequence[Path]) -> None:
    """Raise UsageError unless `out` is a place for outputs only.

    It must not be, lie inside or contain a comparison directory, and what it already holds
    must be comparison output directories (hidden files such as .gitignore aside).
    """
    resolved = out.resolve()
    for directory in comparison_dirs:
        spec = directory.resolve()
        if resolved.is_relative_to(spec) or spec.is_relative_to(resolved):
            raise UsageError(
                f"{out.as_posix()}: the output directory would mix outputs with the specs of "
                f"{directory.as_posix()}: choose a directory outside the specs (the default "
                "is 'output')"
            )
    if not out.is_dir():
        return
    foreign = sorted(
        entry.name
        for entry in out.iterdir()
        if not entry.name.startswith(".") and not _holds_outputs(entry)
    )
    if foreign:
        shown = ", ".join(foreign[:3]) + (
            f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
        )
        raise UsageError(
            f"{out.as_posix()}: holds {shown}, which guidecompare did not write: an output "
            "directory holds only comparison outputs; choose another (the default is 'output')"
        )


def _holds_outputs(entry: Path) -> bool:
    """True for a directory that is empty or holds at least one output.

    A link passes here: write_outputs refuses to write through it, with its own message.
    """
    if entry.is_symlink():
        return True
    if not entry.is_dir():
        return False
    names = [child.name for child in entry.iterdir()]
    return not names or any(is_ours(name) for name in names)


def write_outputs(
    directory: Path,
    outputs: Mapping[str, bytes],
    *,
    unchanged_too: bool = False,
    only_these: bool = False,
) -> list[Path]:
    """Write `outputs` (file name → bytes) into `directory`, all or nothing.

    Returns the paths written: none when every output already holds exactly these bytes, unless
    `unchanged_too` (build --force) asks to write them anyway. With `only_these`, any other
    output file there (of a format the comparison no longer declares) is removed.
    """
    _refuse_link(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"{directory.as_posix()}: cannot create the output directory: {exc.strerror}"
        ) from exc
    with locked(directory):
        _remove_leftovers(directory, keep=outputs if only_these else None)
        if not unchanged_too and all(_holds(directory / n, d) for n, d in outputs.items()):
            return []
        staged: list[tuple[Path, Path]] = []
        try:
            for name, data in outputs.items():
                target = directory / name
                if target.is_dir():
                    raise OutputError(
                        f"{target.as_posix()}: is a directory where an output file belongs: "
                        "remove it"
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


def tidy(directory: Path, keep: Iterable[str] | None = None) -> None:
    """Remove what interrupted builds left in an output `directory` whose outputs are current,
    and, when `keep` names the outputs it declares, any other output."""
    if directory.is_symlink() or not directory.is_dir():
        return
    with locked(directory):
        _remove_leftovers(directory, keep)


def _refuse_link(directory: Path) -> None:
    if directory.is_symlink():
        raise OutputError(
            f"{directory.as_posix()}: is a link; guidecompare writes only into real directories "
            "under the output directory: remove the link"
        )


def _holds(path: Path, data: bytes) -> bool:
    """True when `path` is a regular file holding exactly `data`."""
    try:
        return read_regular(path) == data
    except OSError:
        return False


def _remove_leftovers(directory: Path, keep: Iterable[str] | None = None) -> None:
    """Temporary files of builds that died and, when `keep` names the outputs a comparison
    declares, its other outputs (call with the directory's lock held)."""
    kept = None if keep is None else set(keep)
    for entry in directory.iterdir():
        undeclared = kept is not None and entry.name in OUTPUT_NAMES and entry.name not in kept
        if is_leftover(entry.name) or (undeclared and not entry.is_dir()):
            with contextlib.suppress(OSError):
                entry.unlink()


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
