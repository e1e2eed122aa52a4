"""Renderers: each turns a Comparison into the bytes of one output file, written to a stream.

The registry maps output file names to renderers, and formats (what a comparison's `formats:`
and `build --formats` name) to their files; adding a format is adding one module and an entry
in each. Modules are imported on first use so that `guidecompare --help` stays fast.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from guidecompare.engine import Comparison

Renderer = Callable[["Comparison", BinaryIO], None]

# output file name → (module, function)
RENDERERS: dict[str, tuple[str, str]] = {
    "comparison.pdf": ("guidecompare.render.pdf", "render_pdf"),
    "comparison.html": ("guidecompare.render.html", "render_html"),
    "comparison.csv": ("guidecompare.render.csv", "render_comparison_csv"),
    "summary.csv": ("guidecompare.render.csv", "render_summary_csv"),
    "guidelines.csv": ("guidecompare.render.csv", "render_guidelines_csv"),
    "comparison.xlsx": ("guidecompare.render.xlsx", "render_xlsx"),
}

# format → the output files it writes (spec/models.py lists the same names for `formats:`)
FORMATS: dict[str, tuple[str, ...]] = {
    "pdf": ("comparison.pdf",),
    "html": ("comparison.html",),
    "csv": ("comparison.csv", "summary.csv", "guidelines.csv"),
    "xlsx": ("comparison.xlsx",),
}


def output_names(formats: Iterable[str]) -> tuple[str, ...]:
    """The output files of `formats`, in the registry's order."""
    wanted = {name for fmt in formats for name in FORMATS[fmt]}
    return tuple(name for name in RENDERERS if name in wanted)


def renderer(name: str) -> Renderer:
    """The renderer that writes the output file `name`."""
    module_name, function = RENDERERS[name]
    found: Renderer = getattr(importlib.import_module(module_name), function)
    return found


def render_outputs(comparison: Comparison, names: Iterable[str] = RENDERERS) -> dict[str, bytes]:
    """The output files `names` (default: every one) of one comparison, by file name, as bytes."""
    outputs: dict[str, bytes] = {}
    for name in names:
        buffer = io.BytesIO()
        renderer(name)(comparison, buffer)
        outputs[name] = buffer.getvalue()
    return outputs
