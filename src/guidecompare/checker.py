"""`check`: prove that committed outputs equal what `build` would write now.

Every output is rendered in memory and compared byte for byte with the file on disk, so any
change to a spec, to the tool's rendering, or a hand edit of an output is caught.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from guidecompare.align import compare
from guidecompare.builder import DEFAULT_OUT
from guidecompare.errors import Location, SpecError, format_key_path
from guidecompare.loader import load
from guidecompare.renderers import render_outputs


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One thing `check` reports: where, how bad, which rule, and what to do."""

    location: Location
    severity: Severity
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message} [{self.rule}]"


def check(spec_dirs: Sequence[Path | str], out_dir: Path | str = DEFAULT_OUT) -> list[Finding]:
    """Findings for every comparison under `spec_dirs`; an empty list means all is current."""
    out = Path(out_dir)
    try:
        loaded = load(spec_dirs)
    except SpecError as error:
        return [
            Finding(
                problem.location,
                Severity.ERROR,
                "spec-invalid",
                _spec_message(problem.keys, problem.message),
            )
            for problem in error.problems
        ]
    findings: list[Finding] = []
    for item in loaded:
        expected = render_outputs(compare(item))
        directory = out / item.spec.id
        rebuild = f"run 'guidecompare build {item.directory.as_posix()} --out {out.as_posix()}'"
        for name, data in expected.items():
            path = directory / name
            if not path.is_file():
                findings.append(
                    Finding(Location(path), Severity.ERROR, "output-missing", f"missing: {rebuild}")
                )
            elif path.read_bytes() != data:
                findings.append(
                    Finding(
                        Location(path),
                        Severity.ERROR,
                        "output-stale",
                        f"differs from what build writes now from {item.directory.as_posix()}: {rebuild}",
                    )
                )
        if directory.is_dir():
            for path in sorted(directory.iterdir()):
                if path.name not in expected:
                    findings.append(
                        Finding(
                            Location(path),
                            Severity.ERROR,
                            "output-unexpected",
                            f"is not an output of comparison '{item.spec.id}': remove it",
                        )
                    )
    return findings


def _spec_message(keys: tuple[str | int, ...], message: str) -> str:
    key_path = format_key_path(keys)
    return f"{key_path}: {message}" if key_path else message
