"""Which outputs a build writes: a comparison's `formats:`, or `build --formats` for one build;
`check` covers every output a comparison declares, and no other."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from click.testing import CliRunner

from guidecompare import build, check
from guidecompare.cli import main
from guidecompare.errors import SpecError
from guidecompare.pipeline.check import CheckOptions, Finding
from guidecompare.render import FORMATS
from guidecompare.spec.models import OutputFormat

from .conftest import minimal_comparison, minimal_guideline, write_spec

ALL = [
    "comparison.csv",
    "comparison.html",
    "comparison.pdf",
    "comparison.xlsx",
    "guidelines.csv",
    "manifest.json",
    "summary.csv",
]
OPTIONS = CheckOptions(full=False)


def library(root: Path, formats: list[str] | None) -> Path:
    """specs/synthetic declaring `formats` (None: not said), not yet built."""
    comparison = minimal_comparison(current_as_of="2026-01-31")
    if formats is not None:
        comparison["formats"] = formats
    write_spec(
        root / "specs" / "synthetic",
        comparison,
        [minimal_guideline("alpha-2020"), minimal_guideline("beta-2021", year=2024)],
    )
    return root / "specs"


def declare(specs: Path, formats: list[str]) -> None:
    path = specs / "synthetic" / "comparison.yaml"
    text = path.read_text(encoding="utf-8")
    kept = [
        line for line in text.splitlines() if not line.startswith(("formats:", "- pdf", "- html"))
    ]
    path.write_text("\n".join(kept) + f"\nformats: [{', '.join(formats)}]\n", encoding="utf-8")


def names(out: Path) -> list[str]:
    return sorted(p.name for p in (out / "synthetic").iterdir())


def outputs(findings: list[Finding]) -> list[tuple[str, str]]:
    """(rule, file name) of each finding about an output."""
    return sorted((f.rule, f.location.path.name) for f in findings if f.rule.startswith("output-"))


def test_every_format_by_default(tmp_path: Path) -> None:
    specs = library(tmp_path, None)
    build([specs], tmp_path / "output")
    assert names(tmp_path / "output") == ALL


@pytest.mark.parametrize("full", [False, True])
def test_a_comparison_writes_and_check_covers_only_what_it_declares(
    tmp_path: Path, full: bool
) -> None:
    specs, out = library(tmp_path, ["pdf", "html"]), tmp_path / "output"
    build([specs], out)
    assert names(out) == ["comparison.html", "comparison.pdf", "manifest.json"]
    assert outputs(check([specs], out, CheckOptions(full=full))) == []


def test_a_format_declared_later_is_missing_until_built(tmp_path: Path) -> None:
    specs, out = library(tmp_path, ["pdf"]), tmp_path / "output"
    build([specs], out)
    declare(specs, ["pdf", "xlsx"])
    assert outputs(check([specs], out, OPTIONS)) == [
        ("output-missing", "comparison.xlsx"),
        ("output-stale", "manifest.json"),
    ]
    build([specs], out)
    assert names(out) == ["comparison.pdf", "comparison.xlsx", "manifest.json"]
    assert outputs(check([specs], out, OPTIONS)) == []


def test_a_format_no_longer_declared_is_reported_and_removed_by_build(tmp_path: Path) -> None:
    specs, out = library(tmp_path, None), tmp_path / "output"
    build([specs], out)
    declare(specs, ["html"])
    found = outputs(check([specs], out, OPTIONS))
    undeclared = [name for rule, name in found if rule == "output-undeclared"]
    assert undeclared == [n for n in ALL if n not in ("comparison.html", "manifest.json")]
    message = next(f.message for f in check([specs], out, OPTIONS) if f.rule == "output-undeclared")
    assert message == (
        "is not among the outputs comparison 'synthetic' declares (formats: in its "
        "comparison.yaml): run build, which removes it"
    )
    build([specs], out)
    assert names(out) == ["comparison.html", "manifest.json"]
    assert outputs(check([specs], out, OPTIONS)) == []


def test_an_undeclared_output_beside_current_ones_is_caught_on_the_fast_path(
    tmp_path: Path,
) -> None:
    """The manifest proves the declared outputs current; a stray output of another format is
    still reported, and build (which then renders nothing) removes it."""
    specs, out = library(tmp_path, ["html"]), tmp_path / "output"
    build([specs], out)
    (out / "synthetic" / "comparison.pdf").write_bytes(b"%PDF-1.4 from an older build")
    assert outputs(check([specs], out, OPTIONS)) == [("output-undeclared", "comparison.pdf")]
    [built] = build([specs], out)
    assert not built.written
    assert [p.name for p in built.paths] == ["comparison.html", "manifest.json"]
    assert names(out) == ["comparison.html", "manifest.json"]


def test_build_formats_writes_those_and_check_still_expects_the_declared(tmp_path: Path) -> None:
    """A build of some formats writes those, and no manifest (it records the declared ones)."""
    specs, out = library(tmp_path, None), tmp_path / "output"
    build([specs], out, formats=["html"])
    assert names(out) == ["comparison.html"]
    missing = [
        name for rule, name in outputs(check([specs], out, OPTIONS)) if rule == "output-missing"
    ]
    assert missing == [n for n in ALL if n != "comparison.html"]
    # A build of the declared formats completes it.
    build([specs], out)
    assert names(out) == ALL
    assert outputs(check([specs], out, OPTIONS)) == []
    # A partial build of outputs that are current changes nothing, and check still passes.
    [built] = build([specs], out, formats=["pdf"])
    assert not built.written
    assert outputs(check([specs], out, OPTIONS)) == []
    # After a spec change, it rewrites its own outputs only: check finds the rest stale.
    spec = specs / "synthetic" / "beta-2021.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("Drug X works.", "Drug X helps."))
    build([specs], out, formats=["pdf"])
    stale = [name for rule, name in outputs(check([specs], out, OPTIONS)) if rule == "output-stale"]
    assert stale == ["comparison.csv", "comparison.html", "comparison.xlsx", "manifest.json"]


def test_the_cli_takes_a_list_of_formats(tmp_path: Path) -> None:
    specs = library(tmp_path, None)
    runner = CliRunner()
    out = tmp_path / "o"
    result = runner.invoke(main, ["build", str(specs), "--out", str(out), "--formats", "PDF, csv"])
    assert result.exit_code == 0, result.output
    assert names(out) == ["comparison.csv", "comparison.pdf", "guidelines.csv", "summary.csv"]
    assert result.stdout.startswith(
        "synthetic: wrote comparison.pdf, comparison.csv, summary.csv, guidelines.csv to "
    )


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("pdf,docx", "'docx' is not a format: choose from pdf, html, csv, xlsx"),
        (",", "no format given: choose from pdf, html, csv, xlsx"),
    ],
)
def test_an_unknown_format_is_a_usage_error(tmp_path: Path, given: str, said: str) -> None:
    specs = library(tmp_path, None)
    result = CliRunner().invoke(main, ["build", str(specs), "--formats", given])
    assert result.exit_code == 2
    assert said in result.stderr
    assert not (tmp_path / "output").exists() and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("formats", "said"),
    [
        (["pdf", "docx"], "formats[1]: input should be 'pdf', 'html', 'csv' or 'xlsx'"),
        (["pdf", "pdf"], "'pdf' is listed twice"),
        ([], "formats: the list is empty: give at least one entry"),
    ],
)
def test_a_bad_formats_list_is_a_spec_error_with_its_line(
    tmp_path: Path, formats: list[str], said: str
) -> None:
    specs = library(tmp_path, formats)
    with pytest.raises(SpecError) as raised:
        build([specs], tmp_path / "output")
    [problem] = raised.value.problems
    assert problem.location.path.name == "comparison.yaml"
    assert problem.location.line is not None
    assert said in problem.detail
    assert not (tmp_path / "output").exists()


def test_the_spec_knows_the_formats_the_renderers_write() -> None:
    assert list(typing.get_args(OutputFormat)) == list(FORMATS)
