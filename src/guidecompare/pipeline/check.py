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
from typing import TYPE_CHECKING

from guidecompare.engine.currency import CurrencyFacts, currency_facts, currency_issues
from guidecompare.errors import Location, Problem, UsageError, one_line
from guidecompare.pipeline.manifest import (
    MANIFEST,
    Manifests,
    current_by_manifest,
    loaded_specs_digest,
    recorded_specs,
)
from guidecompare.pipeline.write import is_leftover, is_ours, refuse_unsafe_out
from guidecompare.render import output_names
from guidecompare.spec.files import (
    COMPARISON_FILE,
    DEFAULT_OUT,
    NotARegularFileError,
    SpecDirs,
    claim_id,
    find_comparison_dirs,
    read_regular,
    spec_dir_paths,
)

if TYPE_CHECKING:
    from guidecompare.spec.loaded import LoadedComparison


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
        return one_line(f"{self.location}: {self.severity}: {self.message} [{self.rule}]")


@dataclass(frozen=True)
class CheckOptions:
    """What the caller decides: the day to judge currency on, strictness, the age limit."""

    today: date = field(default_factory=date.today)
    strict: bool = False  # currency and coverage findings become errors for every comparison
    max_age_years: int | None = None  # None: each comparison's own setting (default 5)
    full: bool = False  # render and compare every output even when the manifest proves it current


def check(
    spec_dirs: SpecDirs,
    out_dir: Path | str = DEFAULT_OUT,
    options: CheckOptions | None = None,
) -> list[Finding]:
    """Findings for every comparison under `spec_dirs`, most important first per comparison.

    `spec_dirs` is one path (`"specs"`, a Path) or a list of them, as for `load`.

    A comparison whose spec bytes and outputs its build manifest still matches is judged from
    the manifest alone (manifest.py): build accepted exactly these specs with this same tool.
    Any other comparison, or every one with `options.full`, is loaded, validated, rendered and
    compared byte for byte.
    """
    options = options or CheckOptions()
    if options.full:
        from guidecompare.render.fontcache import distrust

        distrust()  # trust nothing: not even the parsed fonts cached by an earlier run
    out = Path(out_dir)
    paths = spec_dir_paths(spec_dirs)
    directories = find_comparison_dirs(paths)
    refuse_unsafe_out(out, directories)
    manifests = Manifests(out)
    findings: list[Finding] = []
    first_dir: dict[str, Path] = {}
    invalid = False
    # One comparison at a time, each dropped when done: memory stays flat and time linear
    # however large the library.
    for directory in directories:
        proof = None if options.full else manifests.proof(directory)
        if proof is not None and proof.comparison_id not in first_dir:
            first_dir[proof.comparison_id] = directory
            findings.extend(_unexpected(proof.comparison_id, out, proof.outputs))
            findings.extend(_currency_findings(proof.facts, directory, options))
            continue
        item, problems = _load(directory, first_dir)
        if item is None or problems:
            findings.extend(_spec_finding(p) for p in sorted(problems, key=Problem.sort_key))
            invalid = True
            continue
        findings.extend(_output_findings(item, out, options.full))
        findings.extend(_currency_findings(currency_facts(item), directory, options))
    # Which output directory an invalid comparison owns cannot be known: no orphans then.
    if not invalid and any(not (p / COMPARISON_FILE).exists() for p in paths):
        findings.extend(_orphans(set(first_dir), out, paths))
    return findings


def _load(
    directory: Path, first_dir: dict[str, Path]
) -> tuple[LoadedComparison | None, list[Problem]]:
    """Load and validate one comparison as build would (glyphs included), claiming its id."""
    from guidecompare.pipeline.validate import (
        load_for_pdf,  # loads pydantic: only when no proof holds
    )

    problems: list[Problem] = []
    item = load_for_pdf(directory, problems)
    if item is None:
        return None, problems
    if not claim_id(item.spec.id, directory, first_dir, problems):
        return None, problems
    return item, problems


def _spec_finding(problem: Problem) -> Finding:
    return Finding(problem.location, Severity.ERROR, problem.rule, problem.detail)


def _output_findings(item: LoadedComparison, out: Path, full: bool) -> list[Finding]:
    from guidecompare.diff.outputs import PRESENTATION_ONLY, SPECS_ONLY, meaning_changes
    from guidecompare.pipeline import ledger
    from guidecompare.pipeline.build import outputs_of  # renders: only when no manifest proves it

    directory = out / item.spec.id
    rebuild = f"run 'guidecompare build {item.directory.as_posix()} --out {out.as_posix()}'"
    findings: list[Finding] = []
    if full or not current_by_manifest(item, directory):
        try:
            expected = outputs_of(item)
        except UsageError as error:  # a baseline this clone cannot read (diff/baseline.py)
            where = item.locate(None, ("baseline",))
            return [Finding(where, Severity.ERROR, "baseline-unreadable", str(error))]
        committed: dict[str, bytes] = {}
        stale: list[Path] = []
        for name, data in expected.items():
            path = directory / name
            try:
                committed[name] = read_regular(path)
                same = committed[name] == data
            except NotARegularFileError:
                findings.append(
                    Finding(
                        Location(path),
                        Severity.ERROR,
                        "output-not-a-file",
                        f"is not a regular file where an output belongs: remove it, then {rebuild}",
                    )
                )
                continue
            except OSError:
                findings.append(
                    Finding(Location(path), Severity.ERROR, "output-missing", f"missing: {rebuild}")
                )
                continue
            if not same:
                stale.append(path)
        if stale:
            # What changed in meaning, in one line (diff/outputs.py): nothing when the specs are
            # those the committed manifest records, else what the CSV files say.
            recorded = recorded_specs(committed.get(MANIFEST, b""))
            now = loaded_specs_digest(item)
            meaning = meaning_changes(committed, expected, specs_unchanged=recorded == now)
            plain = meaning in (PRESENTATION_ONLY, SPECS_ONLY)
            said = f" ({meaning})" if plain else (f" (in meaning: {meaning})" if meaning else "")
            findings.extend(
                Finding(
                    Location(path),
                    Severity.ERROR,
                    "output-stale",
                    f"differs from what build writes now from {item.directory.as_posix()}"
                    f"{said}: {rebuild}",
                )
                for path in stale
            )
        if not findings:
            # Every output is what this tool renders now: the manifest may be believed.
            ledger.record(directory, expected[MANIFEST])
    findings.extend(_unexpected(item.spec.id, out, (*output_names(item.spec.formats), MANIFEST)))
    return findings


def _unexpected(comparison_id: str, out: Path, declared: Sequence[str]) -> list[Finding]:
    """Files beside a comparison's outputs that are not among those it declares."""
    directory = out / comparison_id
    if not directory.is_dir():
        return []
    findings = []
    for path in sorted(directory.iterdir()):
        if not is_ours(path.name) or is_leftover(path.name):
            advice = _unexpected_advice(path)
            findings.append(Finding(Location(path), Severity.ERROR, "output-unexpected", advice))
        elif path.name not in declared:
            findings.append(
                Finding(
                    Location(path),
                    Severity.ERROR,
                    "output-undeclared",
                    f"is not among the outputs comparison '{comparison_id}' declares (formats: "
                    "in its comparison.yaml): run build, which removes it",
                )
            )
    return findings


def _unexpected_advice(path: Path) -> str:
    if is_leftover(path.name):
        return "a temporary file left by an interrupted build: run build, which removes it"
    # Never advise removing a file guidecompare did not write: it may be someone's work.
    return (
        f"is not an output of comparison '{path.parent.name}' and guidecompare did not write "
        "it: move it out of the output directory"
    )


def _orphans(known: set[str], out: Path, spec_dirs: Sequence[Path]) -> list[Finding]:
    """Output directories that belong to no comparison of the library checked."""
    if not out.is_dir():
        return []
    libraries = " ".join(p.as_posix() for p in spec_dirs)
    findings = []
    for path in sorted(out.iterdir()):
        if not path.is_dir() or path.name.startswith(".") or path.name in known:
            continue
        if all(is_ours(child.name) for child in path.iterdir()):
            advice = "remove it, or restore its spec"
        else:  # it also holds files guidecompare did not write: never advise removing those
            advice = "remove the outputs in it, or restore its spec"
        findings.append(
            Finding(
                Location(path),
                Severity.ERROR,
                "output-orphaned",
                f"holds the outputs of no comparison in {libraries}: {advice}",
            )
        )
    return findings


def _currency_findings(
    facts: CurrencyFacts, directory: Path, options: CheckOptions
) -> list[Finding]:
    max_age = options.max_age_years or facts.max_guideline_age_years
    severity = Severity.ERROR if options.strict or facts.strict else Severity.WARNING
    findings = []
    for issue in currency_issues(facts, options.today, max_age):
        location = issue.where.location(directory)
        acknowledged = next(
            (ack for ack in facts.acknowledgements if ack.covers(issue, options.today)), None
        )
        if acknowledged is None:
            findings.append(Finding(location, severity, issue.rule, issue.message))
        else:
            findings.append(
                Finding(location, Severity.NOTICE, issue.rule, f"{issue.message} ({acknowledged})")
            )
    return findings
