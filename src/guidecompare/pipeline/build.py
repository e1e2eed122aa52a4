"""`build`: load specs, compare, render every output and write it under the output directory.

A comparison whose build manifest proves its outputs current is left alone without being read
(manifest.py; the proof holds only for outputs this user's guidecompare rendered, ledger.py).
The others are validated first, all of them, so that nothing is written unless every spec is
valid; then rendered, and each comparison's files written as soon as it is rendered, all at
once, unless they already hold exactly those bytes (see write.py). With several comparisons to
do, both steps run in worker processes (`jobs`, default one per core).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from guidecompare.errors import Location, Problem, SpecError, UsageError
from guidecompare.pipeline.manifest import (
    MANIFEST,
    Manifests,
    Proof,
    loaded_fingerprint,
    with_manifest,
)
from guidecompare.spec.files import (
    COMPARISON_FILE,
    DEFAULT_OUT,
    SpecDirs,
    claim_id,
    find_comparison_dirs,
    spec_dir_paths,
)

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from guidecompare.diff.baseline import Resolved
    from guidecompare.engine import Comparison
    from guidecompare.spec.loaded import LoadedComparison

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Built:
    """The outputs of one comparison: written now, or already current (`written` False)."""

    comparison_id: str
    paths: tuple[Path, ...]
    written: bool = True


def outputs_of(
    loaded: LoadedComparison,
    since: Resolved | None = None,
    formats: Sequence[str] | None = None,
) -> dict[str, bytes]:
    """Every file `build` writes for one comparison, by name, manifest last.

    The outputs are those of the formats the comparison declares (`formats:`, all by default),
    or of `formats` (build --formats). A build of other outputs than the declared ones writes
    no manifest: the manifest records a comparison's declared outputs, and an output it no
    longer matches makes `check` render and compare (which finds what is stale or missing).
    With a baseline (`since`, resolved once for a whole build, else the comparison's own
    `baseline:`), the comparison carries what changed since it, and the PDF shows it; the
    manifest's inputs then record the baseline's tree of this comparison too.
    """
    from guidecompare.render import output_names, render_outputs

    declared = output_names(loaded.spec.formats)
    names = declared if formats is None else output_names(formats)
    comparison = comparison_of(loaded)
    also = ""
    if since is not None or loaded.spec.baseline is not None:
        from guidecompare.diff.baseline import resolve, tree, with_baseline

        baseline = since or resolve(loaded.spec.baseline or "", loaded.directory)
        comparison = with_baseline(comparison, loaded.directory, baseline)
        also = tree(baseline, loaded.directory) if names == declared else ""
    outputs = render_outputs(comparison, names)
    return outputs if names != declared else with_manifest(loaded, outputs, also=also)


def comparison_of(loaded: LoadedComparison) -> Comparison:
    """The comparison every output of `loaded` shows: the engine's, and, when a guideline is
    superseded by another the comparison holds, what each new edition changed (diff/changes.py;
    the PDF has a section on it). The public `guidecompare.compare` is this function."""
    from guidecompare.engine import compare

    comparison = compare(loaded)
    if any(g.superseded_by for g in comparison.guidelines):
        from guidecompare.diff.changes import with_editions

        comparison = with_editions(comparison)
    return comparison


def default_jobs() -> int:
    return os.cpu_count() or 1


def _ready_to_work() -> None:
    """Import what loading and rendering need, then let the garbage collector skip it.

    A build allocates many short-lived objects; each full collection would otherwise walk the
    hundreds of thousands of objects that importing pydantic and ReportLab created, which
    live as long as the process (about 7 % of a one-comparison build). gc.freeze moves them
    out of the collector's sight; objects made afterwards are collected as usual. Worker
    processes stay so; `build` itself thaws them again when it returns (see build).
    """

    gc.freeze()


@dataclass(frozen=True)
class _Validated:
    """One comparison directory after validation: its id and input fingerprint, or problems."""

    directory: Path
    comparison_id: str | None
    fingerprint: str | None
    problems: tuple[Problem, ...]
    loaded: LoadedComparison | None = None  # kept only when validated in this process
    # The comparison's own `baseline:`, resolved once: rendering uses the commit validation found.
    baseline: Resolved | None = None


def _validate(directory: Path, keep: bool = False) -> _Validated:
    """Load one comparison and check it as build needs (the font's glyphs included)."""
    from guidecompare.pipeline.validate import load_for_pdf

    problems: list[Problem] = []
    item = load_for_pdf(directory, problems)
    if item is None:
        return _Validated(directory, None, None, tuple(problems))
    baseline = None
    if item.spec.baseline is not None:
        # Found before anything is written: a baseline this clone cannot read.
        from guidecompare.diff.baseline import resolve

        try:
            baseline = resolve(item.spec.baseline, directory)
        except UsageError as error:
            problems.append(Problem(item.locate(None, ("baseline",)), ("baseline",), str(error)))
    return _Validated(
        directory,
        item.spec.id,
        loaded_fingerprint(item),
        tuple(problems),
        item if keep and not problems else None,
        baseline,
    )


def _outputs_of_directory(
    directory: Path,
    fingerprint: str,
    since: Resolved | None = None,
    formats: Sequence[str] | None = None,
) -> dict[str, bytes]:
    """In a worker: load a validated comparison again and render it."""
    from guidecompare.spec.load import load_comparison

    problems: list[Problem] = []
    item = load_comparison(directory, problems)
    if item is None or loaded_fingerprint(item) != fingerprint:
        # The specs changed between validation and rendering: write nothing for them.
        changed = Problem(
            Location(directory / COMPARISON_FILE),
            (),
            "a spec file of this comparison changed while build was running: run build again",
        )
        raise SpecError([*problems, changed], partly_written=True)
    return outputs_of(item, since, formats)


def _mapped(
    pool: Executor | None, function: Callable[..., R], *arguments: Sequence[T], chunk: int = 1
) -> Iterator[R]:
    """`map` in the pool's workers when there is a pool, else in this process."""
    if pool is None:
        return map(function, *arguments)
    return pool.map(function, *arguments, chunksize=chunk)


def build(
    spec_dirs: SpecDirs,
    out_dir: Path | str = DEFAULT_OUT,
    jobs: int | None = None,
    *,
    force: bool = False,
    since: str | None = None,
    formats: Sequence[str] | None = None,
) -> list[Built]:
    """Build every comparison under `spec_dirs` into `out_dir/<comparison id>/`.

    `spec_dirs` is one path (`"specs"`, a Path) or a list of them, as for `load`.

    Nothing is written unless every spec is valid (SpecError lists all problems). A comparison
    whose build manifest proves its outputs current is left alone unless `force`; that proof
    is the one `check` trusts (manifest.py). `jobs` worker processes validate and render in
    parallel (default: one per core). `since` names a git revision: each PDF then tells what
    changed since it (as a `baseline:` in comparison.yaml does), and everything is rendered.
    `formats` (pdf, html, csv, xlsx) writes only those outputs instead of those each
    comparison declares; the others are left as they are, and `check` still expects them.
    """
    from guidecompare.pipeline import ledger
    from guidecompare.pipeline.write import refuse_unsafe_out, tidy, write_outputs

    out = Path(out_dir)
    directories = find_comparison_dirs(spec_dir_paths(spec_dirs))
    refuse_unsafe_out(out, directories)
    resolved: Resolved | None = None
    if since is not None:
        from guidecompare.diff.baseline import resolve

        # Once, before anything is read or written: every comparison the same commit.
        resolved = resolve(since, directories[0] if directories else Path.cwd())
    manifests = Manifests(out)
    # A baseline or formats named on the command line are in no manifest: render, as with --force.
    trusted = not (force or since or formats is not None)
    proofs = {d: manifests.proof(d) if trusted else None for d in directories}
    for proof in proofs.values():
        if proof is not None:
            tidy(out / proof.comparison_id, keep=proof.outputs)
    pending = [d for d in directories if proofs[d] is None]
    jobs = jobs or default_jobs()
    with ExitStack() as stack:
        pool: Executor | None = None
        if pending and (jobs <= 1 or len(pending) == 1):
            if gc.get_freeze_count() == 0:  # a caller that froze objects itself keeps them so
                _ready_to_work()
                # The caller's own objects were frozen too: collectable again once built.
                stack.callback(gc.unfreeze)
        elif pending:
            # Workers start fresh ('spawn') and read their comparison themselves: a forked
            # worker would drag along (and, touching it, copy) the parent's memory, and
            # sending a loaded comparison costs more than loading it again.
            # Imported here: a build of one comparison starts no worker and needs neither.
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("spawn")
            pool = stack.enter_context(
                ProcessPoolExecutor(
                    max_workers=min(jobs, len(pending)),
                    mp_context=context,
                    initializer=_ready_to_work,
                )
            )
        if len(pending) == 1:  # the editing case: loaded once, rendered from memory
            validated = [_validate(pending[0], keep=True)]
        else:  # loaded again to render, so that memory never holds a whole library
            # Validating takes tens of milliseconds: a few at a time spare the round trips.
            validated = list(_mapped(pool, _validate, pending, chunk=4))
        ids = {d: proof.comparison_id for d, proof in proofs.items() if proof is not None}
        ids.update({v.directory: v.comparison_id for v in validated if v.comparison_id})
        _raise_problems(directories, ids, [p for v in validated for p in v.problems])
        only = validated[0] if len(validated) == 1 else None
        if only is not None and only.loaded is not None:
            outputs: Iterator[dict[str, bytes]] = iter(
                [outputs_of(only.loaded, resolved or only.baseline, formats)]
            )
        else:
            outputs = _mapped(
                pool,
                _outputs_of_directory,
                [v.directory for v in validated],
                [v.fingerprint for v in validated],
                [resolved or v.baseline for v in validated],
                [formats] * len(validated),
            )
        written: dict[Path, Built] = {}
        for item, files in zip(validated, outputs, strict=True):
            cid = ids[item.directory]
            # A build of the declared outputs removes any other (a format no longer declared).
            paths = write_outputs(out / cid, files, unchanged_too=force, only_these=formats is None)
            if MANIFEST in files:
                # Rendered here and now: the manifest may be believed from now on (ledger.py).
                ledger.record(out / cid, files[MANIFEST])
            # Written, or found already holding exactly these bytes.
            written[item.directory] = Built(
                cid, tuple(paths) or tuple(out / cid / n for n in files), bool(paths)
            )
    built = [written[d] if d in written else _left_alone(out, proofs[d]) for d in directories]
    return sorted(built, key=lambda b: b.comparison_id)


def _left_alone(out: Path, proof: Proof | None) -> Built:
    """A comparison its manifest proved current (every other one was rendered): its outputs,
    as the manifest records them."""
    assert proof is not None
    directory = out / proof.comparison_id
    return Built(proof.comparison_id, tuple(directory / name for name in proof.outputs), False)


def _raise_problems(
    directories: Sequence[Path], ids: dict[Path, str], problems: list[Problem]
) -> None:
    """Raise SpecError for `problems` and for every id two comparison directories share."""
    first_dir: dict[str, Path] = {}
    for directory in directories:
        if directory in ids:
            claim_id(ids[directory], directory, first_dir, problems)
    if problems:
        raise SpecError(problems)
