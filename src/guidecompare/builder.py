"""`build`: load specs, compare, render every output and write it under the output directory."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from guidecompare.align import compare
from guidecompare.loader import load
from guidecompare.manifest import with_manifest
from guidecompare.renderers import render_outputs
from guidecompare.writer import write_outputs

DEFAULT_OUT = Path("output")


@dataclass(frozen=True)
class Built:
    """The outputs written for one comparison."""

    comparison_id: str
    paths: tuple[Path, ...]


def build(spec_dirs: Sequence[Path | str], out_dir: Path | str = DEFAULT_OUT) -> list[Built]:
    """Build every comparison under `spec_dirs` into `out_dir/<comparison id>/`.

    Nothing is written unless every spec is valid (SpecError lists all problems).
    """
    loaded = load(spec_dirs)
    rendered = [
        (item.spec.id, with_manifest(item, render_outputs(compare(item)))) for item in loaded
    ]
    results = []
    for comparison_id, outputs in rendered:
        paths = write_outputs(Path(out_dir) / comparison_id, outputs)
        results.append(Built(comparison_id, tuple(paths)))
    return results
