"""`check`: the CI gate. Are the committed outputs current, the specs valid, the evidence recent?

Outputs: the build manifest proves currency without rendering when nothing changed; otherwise
(or with `full=True`) every output is rendered in memory and compared byte for byte.
Currency: dates come from the specs and from `today`, which the caller passes.
docs/check.md lists every rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from guidecompare.builder import DEFAULT_OUT, OUTPUT_NAMES, outputs_of
from guidecompare.currency import CurrencyIssue, currency_issues
from guidecompare.errors import Location, Problem
from guidecompare.loader import COMPARISON_FILE, LoadedComparison, iter_comparisons
from guidecompare.manifest import current_by_manifest


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"  # an acknowledged finding: shown, never fails a run


@dataclass(frozen=True)
class Finding:
    """One thing `check` reports: where, how bad, which rule, and what to do."""

    location: Location
    severity: Severity
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message} [{self.rule}]"


@dataclass(frozen=True)
class CheckOptions:
    """What the caller decides: the day to judge currency on, strictness, the age limit."""

    today: date = field(default_factory=date.today)
    strict: bool = False  # currency and coverage findings become errors for every comparison
    max_age_years: int | None = None  # None: each comparison's own setting (default 5)
    full: bool = False  # render and compare every output even when the manifest proves it current


def check(
    spec_dirs: Sequence[Path | str],
    out_dir: Path | str = DEFAULT_OUT,
    options: CheckOptions | None = None,
) -> list[Finding]:
    """Findings for every comparison under `spec_dirs`, most important first per comparison."""
    from guidecompare.glyphs import missing_glyphs  # ReportLab: only if a spec needs the font

    options = options or CheckOptions()
    out = Path(out_dir)
    paths = [Path(p) for p in spec_dirs]
    findings: list[Finding] = []
    checked: dict[str, Path] = {}
    invalid = False
    # One comparison at a time, each dropped when done: memory stays flat and time linear
    # however large the library (a library loaded whole slows Python's garbage collector).
    for directory, item, problems in iter_comparisons(paths):
        if item is not None:
            problems.extend(missing_glyphs(item))
        if item is None or problems:
            findings.extend(_spec_finding(p) for p in sorted(problems, key=Problem.sort_key))
            invalid = True
            continue
        checked[item.spec.id] = directory
        findings.extend(_output_findings(item, out, options.full))
        findings.extend(_currency_findings(item, options))
    # Which output directory an invalid comparison owns cannot be known: no orphans then.
    if not invalid and any(not (p / COMPARISON_FILE).exists() for p in paths):
        findings.extend(_orphans(set(checked), out, paths))
    return findings


def _spec_finding(problem: Problem) -> Finding:
    return Finding(problem.location, Severity.ERROR, problem.rule, problem.detail)


def _output_findings(item: LoadedComparison, out: Path, full: bool) -> list[Finding]:
    directory = out / item.spec.id
    rebuild = f"run 'guidecompare build {item.directory.as_posix()} --out {out.as_posix()}'"
    findings: list[Finding] = []
    if full or not current_by_manifest(item, directory):
        expected = outputs_of(item)
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
                        f"differs from what build writes now from {item.directory.as_posix()}: "
                        f"{rebuild}",
                    )
                )
    if directory.is_dir():
        findings.extend(
            Finding(
                Location(path),
                Severity.ERROR,
                "output-unexpected",
                f"is not an output of comparison '{item.spec.id}': remove it",
            )
            for path in sorted(directory.iterdir())
            if path.name not in OUTPUT_NAMES
        )
    return findings


def _orphans(known: set[str], out: Path, spec_dirs: Sequence[Path]) -> list[Finding]:
    """Output directories that belong to no comparison of the library checked."""
    if not out.is_dir():
        return []
    libraries = " ".join(p.as_posix() for p in spec_dirs)
    return [
        Finding(
            Location(path),
            Severity.ERROR,
            "output-orphaned",
            f"belongs to no comparison in {libraries}: remove it, or restore its spec",
        )
        for path in sorted(out.iterdir())
        if path.is_dir() and not path.name.startswith(".") and path.name not in known
    ]


def _currency_findings(item: LoadedComparison, options: CheckOptions) -> list[Finding]:
    spec = item.spec
    max_age = options.max_age_years or spec.check.max_guideline_age_years
    severity = Severity.ERROR if options.strict or spec.check.strict else Severity.WARNING
    issues = [*currency_issues(item, options.today, max_age), *_coverage_issues(item)]
    findings = []
    for issue in issues:
        location = item.locate(issue.guideline, issue.keys)
        acknowledged = _acknowledgement(item, issue, options.today)
        if acknowledged is None:
            findings.append(Finding(location, severity, issue.rule, issue.message))
        else:
            findings.append(
                Finding(location, Severity.NOTICE, issue.rule, f"{issue.message} ({acknowledged})")
            )
    return findings


def _coverage_issues(item: LoadedComparison) -> list[CurrencyIssue]:
    """Topics no statement covers, unless every guideline was checked and is silent on it."""
    issues = []
    for index, topic in enumerate(item.spec.topics):
        covered = any(s.topic == topic.id for g in item.guidelines for s in g.statements)
        all_silent = all(any(s.topic == topic.id for s in g.silent) for g in item.guidelines)
        if not covered and not all_silent:
            issues.append(
                CurrencyIssue(
                    "topic-uncovered",
                    None,
                    ("topics", index),
                    f"no statement covers topic '{topic.id}': extract what the guidelines say, "
                    "record verified silences, or remove the topic",
                    topic=topic.id,
                )
            )
    return issues


def _acknowledgement(item: LoadedComparison, issue: CurrencyIssue, today: date) -> str | None:
    """The acknowledgement text if a reviewer acknowledged this finding and it has not lapsed."""
    for ack in item.spec.acknowledgements:
        if ack.rule != issue.rule or ack.guideline != issue.guideline or ack.topic != issue.topic:
            continue
        if ack.until is not None and ack.until < today:
            continue
        return f"acknowledged by {ack.by} on {ack.date.isoformat()}: {ack.reason}"
    return None
