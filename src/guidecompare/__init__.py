"""guidecompare: clinical practice guidelines side by side, as data.

The library API, which the CLI uses too::

    import guidecompare
    [loaded] = guidecompare.load("specs/ketamine-crps")
    comparison = guidecompare.compare(loaded)
    outputs = guidecompare.render_outputs(comparison)  # {"comparison.pdf": b"...", ...}
    guidecompare.build("specs", "output")            # load, compare, render, write
    findings = guidecompare.check("specs", "output")  # [] when every output is current

load, build and check take one path (str or os.PathLike) or a list of them; each is a
comparison directory or a directory holding several.

Names are imported on first use so that `import guidecompare` (and `--help`) stays fast. No
exported name is the name of a subpackage (render, engine, ...): importing the subpackage would
replace it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from guidecompare.engine import Comparison
    from guidecompare.errors import GuidecompareError, OutputError, SpecError, UsageError
    from guidecompare.grading import GradeReading, read_grade
    from guidecompare.pipeline.build import build
    from guidecompare.pipeline.build import comparison_of as compare
    from guidecompare.pipeline.check import CheckOptions, Finding, Severity, check
    from guidecompare.pipeline.formats import format_findings
    from guidecompare.render import render_outputs
    from guidecompare.render.frames import to_dataframes
    from guidecompare.spec.load import load
    from guidecompare.spec.loaded import LoadedComparison
    from guidecompare.spec.schema import schema_text as json_schema

_EXPORTS = {
    "load": ("guidecompare.spec.load", "load"),
    "LoadedComparison": ("guidecompare.spec.loaded", "LoadedComparison"),
    "compare": ("guidecompare.pipeline.build", "comparison_of"),
    "Comparison": ("guidecompare.engine", "Comparison"),
    "render_outputs": ("guidecompare.render", "render_outputs"),
    "to_dataframes": ("guidecompare.render.frames", "to_dataframes"),
    "build": ("guidecompare.pipeline.build", "build"),
    "check": ("guidecompare.pipeline.check", "check"),
    "Finding": ("guidecompare.pipeline.check", "Finding"),
    "CheckOptions": ("guidecompare.pipeline.check", "CheckOptions"),
    "format_findings": ("guidecompare.pipeline.formats", "format_findings"),
    "Severity": ("guidecompare.pipeline.check", "Severity"),
    "json_schema": ("guidecompare.spec.schema", "schema_text"),
    "read_grade": ("guidecompare.grading", "read_grade"),
    "GradeReading": ("guidecompare.grading", "GradeReading"),
    "GuidecompareError": ("guidecompare.errors", "GuidecompareError"),
    "SpecError": ("guidecompare.errors", "SpecError"),
    "UsageError": ("guidecompare.errors", "UsageError"),
    "OutputError": ("guidecompare.errors", "OutputError"),
}

__all__ = [
    "CheckOptions",
    "Comparison",
    "Finding",
    "GradeReading",
    "GuidecompareError",
    "LoadedComparison",
    "OutputError",
    "Severity",
    "SpecError",
    "UsageError",
    "__version__",
    "build",
    "check",
    "compare",
    "format_findings",
    "json_schema",
    "load",
    "read_grade",
    "render_outputs",
    "to_dataframes",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module_name, attribute = _EXPORTS[name]
        return getattr(importlib.import_module(module_name), attribute)
    raise AttributeError(f"module 'guidecompare' has no attribute {name!r}")
