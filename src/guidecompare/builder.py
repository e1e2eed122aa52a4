"""`build`: load specs, compare, render every output and write it under the output directory.

Comparisons are rendered in parallel worker processes when there are several (`jobs`); each
comparison's files are written as soon as it is rendered, all at once (see writer.py).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from guidecompare.align import compare
from guidecompare.errors import Location, Problem, SpecError
from guidecompare.loader import COMPARISON_FILE, LoadedComparison, load
from guidecompare.manifest import MANIFEST, current_by_manifest, with_manifest
from guidecompare.renderers import RENDERERS, render_outputs
from guidecompare.writer import write_outputs

DEFAULT_OUT = Path("output")
OUTPUT_NAMES = (*RENDERERS, MANIFEST)


@dataclass(frozen=True)
class Built:
    """The outputs of one comparison: written now, or already current (`written` False)."""

    comparison_id: str
    paths: tuple[Path, ...]
    written: bool = True


def outputs_of(loaded: LoadedComparison) -> dict[str, bytes]:
    """Every file `build` writes for one comparison, by name, manifest last."""
    return with_manifest(loaded, render_outputs(compare(loaded)))


def check_glyphs(loaded: Sequence[LoadedComparison]) -> None:
    """Raise SpecError for every character the PDF's font cannot show (with file:line:col)."""
    from guidecompare.glyphs import missing_glyphs  # reads the font: only when rendering

    problems = [problem for item in loaded for problem in missing_glyphs(item)]
    if problems:
        raise SpecError(problems)


def default_jobs() -> int:
    return os.cpu_count() or 1


def _outputs_of_directory(directory: Path, comparison_id: str) -> dict[str, bytes]:
    """In a worker: load one comparison again and render it (see _rendered)."""
    [item] = load([directory])
    if item.spec.id != comparison_id:  # the spec changed under the build: do not write it
        raise SpecError(
            [Problem(Location(directory / COMPARISON_FILE), ("id",), "changed during the build")]
        )
    return outputs_of(item)


def _rendered(loaded: Sequence[LoadedComparison], jobs: int) -> Iterator[dict[str, bytes]]:
    if jobs <= 1 or len(loaded) <= 1:
        yield from map(outputs_of, loaded)
        return
    # Workers are started fresh ('spawn') and load their comparison themselves: a forked
    # worker would drag along (and, touching it, copy) the parent's memory of every loaded
    # spec, and sending loaded specs costs more than loading one again (~30 ms).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(loaded)), mp_context=context) as pool:
        yield from pool.map(
            _outputs_of_directory,
            [item.directory for item in loaded],
            [item.spec.id for item in loaded],
        )


def build(
    spec_dirs: Sequence[Path | str],
    out_dir: Path | str = DEFAULT_OUT,
    jobs: int | None = None,
    *,
    force: bool = False,
) -> list[Built]:
    """Build every comparison under `spec_dirs` into `out_dir/<comparison id>/`.

    Nothing is written unless every spec is valid (SpecError lists all problems). A comparison
    whose build manifest proves its outputs current is left alone unless `force`; that proof
    is the one `check` trusts (manifest.py). `jobs` worker processes render in parallel
    (default: one per core).
    """
    loaded = load(spec_dirs)
    check_glyphs(loaded)
    out = Path(out_dir)
    stale = [item for item in loaded if force or not current_by_manifest(item, out / item.spec.id)]
    results: dict[str, Built] = {}
    for item, outputs in zip(stale, _rendered(stale, jobs or default_jobs()), strict=True):
        paths = write_outputs(out / item.spec.id, outputs)
        results[item.spec.id] = Built(item.spec.id, tuple(paths))
    return [
        results.get(item.spec.id)
        or Built(item.spec.id, tuple(out / item.spec.id / name for name in OUTPUT_NAMES), False)
        for item in loaded
    ]
