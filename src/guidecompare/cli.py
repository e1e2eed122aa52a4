"""The `guidecompare` command: parse arguments, call the library, turn errors into exit codes.

Heavy modules (pydantic, ReportLab) are imported inside the commands so that `--help` is fast.
Every line printed for a person is one line (errors.one_line), whatever a spec or a file name
holds, and printing never fails on the terminal's encoding.
"""

from __future__ import annotations

import calendar
import re
import sys
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

import guidecompare
from guidecompare import __version__
from guidecompare.errors import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USAGE,
    GuidecompareError,
    UsageError,
    did_you_mean,
    one_line,
)

T = TypeVar("T")

SPEC_DIRS = click.argument(
    "spec_dirs",
    nargs=-1,
    type=click.Path(path_type=Path, file_okay=False),
    metavar="[SPEC_DIR]...",
)
OUT_DIR = click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, dir_okay=True, file_okay=False),
    default=Path("output"),
    show_default=True,
    help="Output directory; each comparison goes to OUT/<comparison id>/.",
)


def _say(line: str, *, err: bool = False) -> None:
    """Print one line for a person; a line break or control character in it shows as an escape."""
    click.echo(one_line(line), err=err)


def _run(context: click.Context, action: Callable[[], T]) -> T:
    """Call the library; print a guidecompare error as lines on stderr and exit with its code."""
    try:
        return action()
    except GuidecompareError as error:
        for line in error.lines():
            _say(line, err=True)
        context.exit(error.exit_code)
    except Exception as error:  # a bug, not a user mistake: say so, traceback only on request
        if context.find_root().params.get("debug"):
            traceback.print_exc()
        else:
            _say(f"guidecompare: internal error: {type(error).__name__}: {error}", err=True)
            _say(
                "This is a bug in guidecompare; rerun with --debug for the traceback and report it.",
                err=True,
            )
        context.exit(EXIT_INTERNAL)
    raise AssertionError("unreachable")  # pragma: no cover


_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")  # ASCII digits only


if TYPE_CHECKING:
    _DateParamType = click.ParamType[date]
else:  # click before 8.2 (which pyproject allows) has no subscriptable ParamType
    _DateParamType = click.ParamType


class IsoDate(_DateParamType):
    """A day written YYYY-MM-DD; a day that does not exist is told apart from a malformed one."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        text = str(value).strip()
        match = _ISO_DATE.fullmatch(text)
        if match is None:
            self.fail(f"'{one_line(text)}' is not a date: write it as YYYY-MM-DD, e.g. 2025-02-20")
        year, month, day = (int(part) for part in match.groups())
        if not 1 <= year <= 9999:
            self.fail(f"{text} is not a date: years run from 0001 to 9999")
        if not 1 <= month <= 12:
            self.fail(f"{text} is not a date: there is no month {month}; months run from 01 to 12")
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            from guidecompare.engine.dates import MONTHS  # only to say what is wrong

            self.fail(f"{text} is not a date: {MONTHS[month - 1]} {year} has {days} days")
        return date(year, month, day)


def _default_dirs(spec_dirs: tuple[Path, ...]) -> list[Path]:
    return list(spec_dirs) or [Path("specs")]


def _printing_never_fails() -> None:
    """Make standard output and error show what the terminal's encoding cannot as `\\u4e2d`.

    A file name that is not UTF-8 is already shown as `\\xe9` (errors.printable); this catches
    every other character a terminal cannot encode (PYTHONIOENCODING=latin-1, a pipe to a
    program that asked for ASCII), so no command ends in a UnicodeEncodeError.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:  # a TextIOWrapper; anything else is left as it is
            reconfigure(errors="backslashreplace")


class _Main(click.Group):
    """The command group; it sets up printing before click parses (and may report on) anything."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        _printing_never_fails()
        return super().main(*args, **kwargs)


@click.group(
    cls=_Main, name="guidecompare", context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, prog_name="guidecompare")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
def main(debug: bool) -> None:
    """Compare clinical practice guidelines side by side: PDF and CSV from YAML specs.

    \b
    Exit codes:
      0  success; for check, every output is current
      1  invalid specs, or (check) stale or missing outputs
      2  usage error: a bad option or a path that does not exist
      3  an output could not be written
      4  internal error (a bug; rerun with --debug)
    """


def _formats_option(
    context: click.Context, parameter: click.Parameter, value: str | None
) -> tuple[str, ...] | None:
    """'pdf,html' → ('pdf', 'html'); an unknown or repeated format is a usage error."""
    if value is None:
        return None
    from guidecompare.render import FORMATS

    names = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        said = f"{', '.join(map(repr, unknown))} is not a format" if unknown else "no format given"
        raise click.BadParameter(f"{said}: choose from {', '.join(FORMATS)}")
    return tuple(dict.fromkeys(names))


@main.command()
@SPEC_DIRS
@OUT_DIR
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes rendering comparisons in parallel [default: one per core].",
)
@click.option(
    "--force",
    is_flag=True,
    help="Render and write every comparison, even those whose outputs are already current.",
)
@click.option(
    "--since",
    metavar="REV",
    default=None,
    help="A git revision: each PDF gains a 'Changes since REV' section (see guidecompare diff). "
    "For a one-off copy (with --out elsewhere); a baseline: in comparison.yaml keeps it.",
)
@click.option(
    "--formats",
    metavar="LIST",
    default=None,
    callback=_formats_option,
    help="Write only these outputs, comma-separated: pdf, html, csv, xlsx [default: those each "
    "comparison declares in formats:, all four unless it says]. check still expects every "
    "declared output: build without --formats before committing.",
)
@click.pass_context
def build(
    context: click.Context,
    spec_dirs: tuple[Path, ...],
    out_dir: Path,
    jobs: int | None,
    force: bool,
    since: str | None,
    formats: tuple[str, ...] | None,
) -> None:
    """Build the PDF, HTML page, CSV files and spreadsheet of each comparison.

    Each SPEC_DIR is a comparison directory (holding comparison.yaml) or a directory holding
    several; default: specs. Writes OUT/<id>/comparison.pdf, comparison.html, comparison.csv,
    summary.csv, guidelines.csv, comparison.xlsx (or the formats the comparison declares) and
    manifest.json. Nothing is written if any spec is invalid. A comparison whose outputs are
    provably current (the manifest check of `check`) is left as it is; --force rebuilds it
    anyway.
    """
    from guidecompare.spec.files import DEFAULT_OUT

    if since is not None and out_dir.resolve() == DEFAULT_OUT.resolve():
        # The committed outputs are what the specs alone build: check would call this stale.
        _say(
            "--since builds a copy with the changes since REV: give it --out DIR outside "
            "output/ (or put baseline: REV in comparison.yaml to keep it)",
            err=True,
        )
        context.exit(EXIT_USAGE)
    results = _run(
        context,
        lambda: guidecompare.build(
            _default_dirs(spec_dirs), out_dir, jobs, force=force, since=since, formats=formats
        ),
    )
    for built in results:
        directory = (out_dir / built.comparison_id).as_posix()
        if built.written:
            names = ", ".join(path.name for path in built.paths)
            _say(f"{built.comparison_id}: wrote {names} to {directory}")
        else:
            _say(f"{built.comparison_id}: up to date in {directory}")


@main.command()
@SPEC_DIRS
@OUT_DIR
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="text: path:line:col: severity: message [rule]; github: workflow annotations; json.",
)
@click.option(
    "--today",
    type=IsoDate(),
    default=None,
    metavar="YYYY-MM-DD",
    help="Judge currency as of this day instead of the clock (for reproducible runs).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Currency and coverage findings are errors (exit 1), not warnings.",
)
@click.option(
    "--max-age-years",
    type=click.IntRange(min=1, max=100),
    default=None,
    help="Flag guidelines older than this [default: each comparison's setting, else 5, as ECRI].",
)
@click.option(
    "--full",
    is_flag=True,
    help="Render and compare every output even when the build manifest proves it current.",
)
@click.pass_context
def check(
    context: click.Context,
    spec_dirs: tuple[Path, ...],
    out_dir: Path,
    fmt: str,
    today: date | None,
    strict: bool,
    max_age_years: int | None,
    full: bool,
) -> None:
    """Check that outputs are current, specs valid and guidelines up to date.

    \b
    Errors (exit 1): an output differs from what build would write now, is missing,
    or belongs to no comparison; a spec is invalid.
    Warnings (exit 0 unless --strict): the comparison's review is overdue, a guideline's
    planned review has passed, a guideline is older than the age limit, superseded or
    withdrawn, a topic no statement covers. Acknowledged findings are notices.
    """
    options = guidecompare.CheckOptions(
        today=today or date.today(),
        strict=strict,
        max_age_years=max_age_years,
        full=full,
    )
    findings = _run(context, lambda: guidecompare.check(_default_dirs(spec_dirs), out_dir, options))
    click.echo(guidecompare.format_findings(findings, fmt), nl=False)
    counts = {s: sum(1 for f in findings if f.severity is s) for s in guidecompare.Severity}
    errors, warnings = counts[guidecompare.Severity.ERROR], counts[guidecompare.Severity.WARNING]
    if errors or warnings:
        click.echo(f"{_count(errors, 'error')}, {_count(warnings, 'warning')}.", err=True)
    else:
        click.echo("All outputs are current; no warnings.", err=True)
    context.exit(EXIT_FINDINGS if errors else EXIT_OK)


@main.command()
@click.argument("arguments", nargs=-1, metavar="OLD [NEW] [SPEC_DIR]...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json", "csv"]),
    default="text",
    show_default=True,
    help="text for a terminal or CI log; markdown for a pull request; json; csv, a row a change.",
)
@click.option(
    "--exit-code",
    is_flag=True,
    help="Exit 1 when anything changed in meaning, 0 when nothing did (as git diff --exit-code).",
)
@click.option(
    "--editions",
    is_flag=True,
    help="Within each comparison, what a guideline's successor (superseded_by) changed; "
    "the arguments are spec directories (default: specs).",
)
@click.pass_context
def diff(
    context: click.Context, arguments: tuple[str, ...], fmt: str, exit_code: bool, editions: bool
) -> None:
    """Show what changed in meaning between two versions of the comparisons.

    OLD and NEW are git revisions of this repository (read without a checkout) or, when both
    are directories, two spec directories. One revision is compared with the work tree. The
    SPEC_DIRs after the revisions limit the diff (default: specs). With --editions there is no
    OLD or NEW: the arguments are spec directories.

    \b
      guidecompare diff HEAD~3
      guidecompare diff v1.0 v1.1 specs/ketamine-crps
      guidecompare diff old/specs new/specs --format markdown

    \b
    Per comparison: guidelines added, removed or changed (status, dates, planned review...);
    statements added, removed or changed on every axis (direction, grade, strength, certainty,
    population, facets, regimens, evidence, text, quote, source); topics whose verdict,
    coverage or rationale changed. Statements are matched by their id:, else by guideline,
    topics and population. With --editions: within each comparison, a superseded guideline
    against its successor. Exit codes: 0 done (1 with --exit-code when anything changed);
    2 a usage error, an unknown revision or invalid specs on a side.
    """
    from guidecompare.diff.changes import compare_versions
    from guidecompare.diff.formats import render
    from guidecompare.diff.sides import load_side, sides

    def run() -> tuple[str, bool]:
        if editions:
            from guidecompare.diff.changes import editions as edition_changes
            from guidecompare.diff.sides import Side

            paths = tuple(Path(a) for a in arguments) or (Path("specs"),)
            for path in paths:
                if not path.is_dir():
                    raise UsageError(f"{path}: no such directory: check it")
            found = edition_changes(load_side(Side("the specs", None, paths)))
            if not found and fmt in ("text", "markdown"):
                return "No guideline here is compared beside its successor.\n", False
            text = render(found, fmt, "each superseded guideline", "its successor")
            return text, bool(found)
        old, new = sides(arguments)
        before, after = load_side(old), load_side(new)
        if not before and not after:
            where = ", ".join(str(p) for p in old.paths)
            raise UsageError(f"{where}: no comparison here in {old.name} nor in {new.name}")
        changes = compare_versions(before, after)
        return render(changes, fmt, old.name, new.name), any(c.changed for c in changes)

    output, changed = _run(context, run)
    if fmt in ("text", "markdown"):
        for line in output.splitlines():
            _say(line)
    else:
        click.echo(output, nl=False)
    context.exit(EXIT_FINDINGS if exit_code and changed else EXIT_OK)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


@main.command()
@click.option(
    "--system",
    "system",
    default=None,
    metavar="ID",
    help="Show one system only (its id in any case: grade, GRADE).",
)
@click.option(
    "--spec",
    "spec_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Include the systems and overrides a comparison directory declares.",
)
@click.pass_context
def grading(context: click.Context, system: str | None, spec_dir: Path | None) -> None:
    """List grading systems and how each native grade reads on the common scale.

    Every system shows its version and source; every mapping row its own source. The common
    scale is certainty high | moderate | low | very-low and recommendation strong-for |
    weak-for | neutral | weak-against | strong-against. docs/grading.md explains the choices.
    """
    from guidecompare.grading import BUILT_IN_REGISTRY, format_grading_table
    from guidecompare.grading.listing import find_system_id

    registry = BUILT_IN_REGISTRY
    if spec_dir is not None:
        found = _run(context, lambda: guidecompare.load([spec_dir]))
        if len(found) != 1:
            _say(
                f"{spec_dir.as_posix()}: holds {len(found)} comparisons; --spec takes one "
                "comparison directory",
                err=True,
            )
            context.exit(EXIT_USAGE)
        registry = found[0].grading
    if system is not None:
        found_id = find_system_id(registry, system)
        if found_id is None:
            hint = did_you_mean(system.casefold(), registry.ids())
            valid = ", ".join(sorted(registry.ids()))
            _say(f"--system: unknown grading system '{system}'{hint}: use one of {valid}", err=True)
            context.exit(EXIT_USAGE)
        system = found_id
    click.echo(format_grading_table(registry, system), nl=False)


@main.command()
@click.argument("kind", type=click.Choice(["comparison", "guideline"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of comparison.yaml or of a guideline file.

    The same schemas ship with the package (guidecompare/spec/schema/*.schema.json) for editors.
    """
    click.echo(guidecompare.json_schema(kind), nl=False)
