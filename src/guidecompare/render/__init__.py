"""Renderers: each turns a Comparison into the bytes of one output file, written to a stream.

The registry maps output file names to renderers; adding a format is adding one module and
one entry here. Modules are imported on first use so that `guidecompare --help` stays fast.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from guidecompare.engine import Comparison

Renderer = Callable[["Comparison", BinaryIO], None]

# output file name → (module, function)
RENDERERS: dict[str, tuple[str, str]] = {
    "comparison.pdf": ("guidecompare.render.pdf", "render_pdf"),
    "comparison.csv": ("guidecompare.render.csv", "render_comparison_csv"),
    "summary.csv": ("guidecompare.render.csv", "render_summary_csv"),
    "guidelines.csv": ("guidecompare.render.csv", "render_guidelines_csv"),
    "comparison.xlsx": ("guidecompare.render.xlsx", "render_xlsx"),
}


def renderer(name: str) -> Renderer:
    """The renderer that writes the output file `name`."""
    module_name, function = RENDERERS[name]
    found: Renderer = getattr(importlib.import_module(module_name), function)
    return found


def render_outputs(comparison: Comparison) -> dict[str, bytes]:
    """Every output file of one comparison, by file name, as bytes."""
    outputs: dict[str, bytes] = {}
    for name in RENDERERS:
        buffer = io.BytesIO()
        renderer(name)(comparison, buffer)
        outputs[name] = buffer.getvalue()
    return outputs
