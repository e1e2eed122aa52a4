"""The command line through click's CliRunner: build, check, schema, help, exit codes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from guidecompare import __version__
from guidecompare.cli import main

from .conftest import REAL_SPEC, ROOT

OUTPUT_NAMES = [
    "comparison.csv",
    "comparison.html",
    "comparison.pdf",
    "comparison.xlsx",
    "guidelines.csv",
    "manifest.json",
    "summary.csv",
]
# The comparison's own date: no review is overdue yet, only the guideline's own ones.
ON_ITS_DATE = ("--today", "2025-02-20")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), prog_name="guidecompare")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """specs/ketamine-crps built once into a temporary output directory."""
    out = tmp_path_factory.mktemp("built") / "output"
    result = run("build", str(REAL_SPEC), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture
def workspace(tmp_path: Path, built: Path) -> tuple[Path, Path]:
    """A copy of the real spec and of its built outputs, to break."""
    specs = tmp_path / "specs"
    shutil.copytree(REAL_SPEC, specs / "ketamine-crps")
    out = tmp_path / "output"
    shutil.copytree(built, out)
    return specs, out


def test_build_writes_every_output(built: Path) -> None:
    assert sorted(p.name for p in (built / "ketamine-crps").iterdir()) == OUTPUT_NAMES


def test_build_reports_what_it_wrote(tmp_path: Path) -> None:
    result = run("build", str(REAL_SPEC), "--out", str(tmp_path / "o"))
    assert result.exit_code == 0
    assert result.stdout == (
        f"ketamine-crps: wrote comparison.pdf, comparison.html, comparison.csv, summary.csv, "
        "guidelines.csv, comparison.xlsx, manifest.json to "
        f"{(tmp_path / 'o' / 'ketamine-crps').as_posix()}\n"
    )


def test_build_is_byte_identical_across_runs_and_source_date_epoch(
    tmp_path: Path, built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = run("build", str(REAL_SPEC), "--out", str(tmp_path))
    assert result.exit_code == 0
    for name in OUTPUT_NAMES:
        assert (tmp_path / "ketamine-crps" / name).read_bytes() == (
            built / "ketamine-crps" / name
        ).read_bytes()


def test_committed_output_is_current() -> None:
    """The repository's own output/ matches its specs (what CI's `check` proves too)."""
    result = run(
        "check",
        str(ROOT / "specs"),
        "--out",
        str(ROOT / "output"),
        "--full",
        "--today",
        "2026-12-01",
    )
    assert result.exit_code == 0, result.stdout
    # Every currency finding of both comparisons is acknowledged in its spec, with a reason.
    assert [line.split(": ")[1] for line in result.stdout.splitlines()] == ["notice"] * 7
    assert result.stderr == "All outputs are current; no warnings.\n"


def test_check_passes_on_fresh_outputs(workspace: tuple[Path, Path]) -> None:
    specs, out = workspace
    result = run("check", str(specs), "--out", str(out), *ON_ITS_DATE)
    assert result.exit_code == 0
    assert "error" not in result.stdout
    # The ASRA/AAPM/ASA findings: acknowledged only later (2026-11-30), so warnings on this day.
    assert result.stderr == "0 errors, 2 warnings.\n"


def test_check_catches_a_spec_change_in_every_output(workspace: tuple[Path, Path]) -> None:
    specs, out = workspace
    spec = specs / "ketamine-crps" / "rsdsa-2022.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace("dysphoria, hallucinations", "dysphoria, nausea"),
        encoding="utf-8",
    )
    result = run("check", str(specs), "--out", str(out), *ON_ITS_DATE)
    assert result.exit_code == 1
    stale = [line for line in result.stdout.splitlines() if line.endswith("[output-stale]")]
    changed = [name for name in OUTPUT_NAMES if name != "guidelines.csv"]  # profiles unchanged
    assert sorted(Path(line.split(":")[0]).name for line in stale) == changed
    assert "run 'guidecompare build" in stale[0]
    assert result.stderr == "6 errors, 2 warnings.\n"


def test_check_catches_a_hand_edit_missing_and_unexpected_files(
    workspace: tuple[Path, Path],
) -> None:
    specs, out = workspace
    directory = out / "ketamine-crps"
    with (directory / "summary.csv").open("ab") as stream:
        stream.write(b"hand,edit\r\n")
    (directory / "comparison.pdf").unlink()
    (directory / "notes.txt").write_text("left over", encoding="utf-8")
    result = run("check", str(specs), "--out", str(out), *ON_ITS_DATE)
    assert result.exit_code == 1
    lines = sorted(line for line in result.stdout.splitlines() if ": error: " in line)
    base = directory.as_posix()
    assert lines == sorted(
        [
            f"{base}/comparison.pdf: error: missing: run 'guidecompare build {specs.as_posix()}/ketamine-crps --out {out.as_posix()}' [output-missing]",
            f"{base}/notes.txt: error: is not an output of comparison 'ketamine-crps' and guidecompare did not write it: move it out of the output directory [output-unexpected]",
            # The hand-added row reads as a topic the committed file has and a build would not.
            f"{base}/summary.csv: error: differs from what build writes now from {specs.as_posix()}/ketamine-crps (in meaning: hand: topic removed): run 'guidecompare build {specs.as_posix()}/ketamine-crps --out {out.as_posix()}' [output-stale]",
        ]
    )


def test_check_reports_invalid_specs_as_findings(workspace: tuple[Path, Path]) -> None:
    specs, out = workspace
    spec = specs / "ketamine-crps" / "rsdsa-2022.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace("topic: oral-route", "topic: oral rout"),
        encoding="utf-8",
    )
    result = run("check", str(specs), "--out", str(out))
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert line.startswith(f"{spec.as_posix()}:")
    assert line.endswith(
        "error: statements[6].topic: unknown topic 'oral rout' (did you mean 'oral-route'?): "
        "use a topic id or alias from comparison.yaml [unknown-topic]"
    )


def test_invalid_spec_writes_nothing_and_keeps_previous_outputs(
    workspace: tuple[Path, Path],
) -> None:
    specs, out = workspace
    before = {p.name: p.read_bytes() for p in (out / "ketamine-crps").iterdir()}
    spec = specs / "ketamine-crps" / "comparison.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace(
            "current_as_of: 2025-02-20", "current_as_of: 20 Feb 2025"
        ),
        encoding="utf-8",
    )
    result = run("build", str(specs), "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{spec.as_posix()}:15:1: current_as_of: '20 Feb 2025' is not a date: write it as YYYY-MM-DD",
        "1 problem in the specs; nothing was written.",
    ]
    assert {p.name: p.read_bytes() for p in (out / "ketamine-crps").iterdir()} == before


@pytest.mark.parametrize("command", ["build", "check"])
def test_missing_spec_dir_is_a_usage_error(command: str, tmp_path: Path) -> None:
    result = run(command, str(tmp_path / "missing"), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert result.stderr == f"{(tmp_path / 'missing').as_posix()}: no such directory\n"


def test_unknown_option_is_a_usage_error() -> None:
    result = run("build", "--colour")
    assert result.exit_code == 2
    assert "Error: No such option '--colour'" in result.stderr


def test_output_that_cannot_be_written_exits_3(tmp_path: Path) -> None:
    out = tmp_path / "output"
    blocker = out / "ketamine-crps" / "comparison.pdf"
    blocker.mkdir(parents=True)
    result = run("build", str(REAL_SPEC), "--out", str(out))
    assert result.exit_code == 3
    assert result.stderr == (
        f"{blocker.as_posix()}: is a directory where an output file belongs: remove it\n"
    )
    assert sorted(path.name for path in blocker.parent.iterdir()) == ["comparison.pdf"]


def test_a_file_where_an_output_directory_belongs_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "output"
    out.mkdir()
    blocker = out / "ketamine-crps"
    blocker.write_text("a file where the comparison's output directory belongs", encoding="utf-8")
    result = run("build", str(REAL_SPEC), "--out", str(out))
    assert result.exit_code == 2
    assert result.stderr == (
        f"{out.as_posix()}: holds ketamine-crps, which guidecompare did not write: an output "
        "directory holds only comparison outputs; choose another (the default is 'output')\n"
    )
    assert blocker.read_text(encoding="utf-8").startswith("a file where")


def test_default_spec_dir_is_specs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(REAL_SPEC, tmp_path / "specs" / "ketamine-crps")
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "output" / "ketamine-crps").iterdir()) == OUTPUT_NAMES


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"guidecompare, version {__version__}\n"


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["schema"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: guidecompare")
    summary = result.stdout.split("\n\n")[1].strip()
    assert len(summary) > 20


def test_python_dash_m_runs_the_cli() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "guidecompare", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0
    assert completed.stdout == f"guidecompare, version {__version__}\n"


def test_schema_command_prints_the_shipped_schema() -> None:
    for kind in ("comparison", "guideline"):
        result = run("schema", kind)
        assert result.exit_code == 0
        shipped = ROOT / "src" / "guidecompare" / "spec" / "schema" / f"{kind}.schema.json"
        assert result.stdout == shipped.read_text(encoding="utf-8"), (
            f"{shipped} is out of date: regenerate it with "
            f"'guidecompare schema {kind} > {shipped.relative_to(ROOT)}'"
        )


def test_a_character_the_font_cannot_show_fails_build_and_check(
    real_spec_copy: Path, tmp_path: Path
) -> None:
    spec = real_spec_copy / "rsdsa-2022.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace("not recommended.\n", "not recommended 中.\n", 1),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run("build", str(real_spec_copy), "--out", str(out))
    assert result.exit_code == 1
    [problem, summary] = result.stderr.splitlines()
    assert problem.startswith(f"{spec.as_posix()}:")
    assert problem.endswith(
        "character '中' (U+4E2D) cannot be shown in the PDF: the embedded font DejaVu Sans has no "
        "glyph for it; replace it or transliterate"
    )
    assert summary == "1 problem in the specs; nothing was written."
    assert not out.exists()
    checked = run("check", str(real_spec_copy), "--out", str(out))
    assert checked.exit_code == 1
    assert checked.stdout.rstrip().endswith("[missing-glyph]")


def test_a_second_build_leaves_current_outputs_alone_and_force_rebuilds(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", str(REAL_SPEC), "--out", str(out)).exit_code == 0
    pdf = out / "ketamine-crps" / "comparison.pdf"
    before = pdf.stat().st_mtime_ns
    again = run("build", str(REAL_SPEC), "--out", str(out))
    assert again.exit_code == 0
    assert again.stdout == f"ketamine-crps: up to date in {(out / 'ketamine-crps').as_posix()}\n"
    assert pdf.stat().st_mtime_ns == before
    forced = run("build", str(REAL_SPEC), "--out", str(out), "--force")
    assert forced.stdout.startswith("ketamine-crps: wrote comparison.pdf")
    assert pdf.stat().st_mtime_ns != before


def test_build_rebuilds_what_a_hand_edit_changed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", str(REAL_SPEC), "--out", str(out)).exit_code == 0
    csv = out / "ketamine-crps" / "summary.csv"
    original = csv.read_bytes()
    csv.write_bytes(original + b"edited by hand\r\n")
    result = run("build", str(REAL_SPEC), "--out", str(out))
    assert result.stdout.startswith("ketamine-crps: wrote")
    assert csv.read_bytes() == original


# -- grading ---------------------------------------------------------------------------------------

VALID_SYSTEMS = "acc-aha, grade, oxford-cebm-2009, sort, ungraded, uspstf"


@pytest.mark.parametrize(
    ("spelled", "system"),
    [("grade", "grade"), ("GRADE", "grade"), ("Grade", "grade"), ("USPSTF", "uspstf"),
     ("ACC-AHA", "acc-aha"), (" sort ", "sort")],
)  # fmt: skip
def test_grading_system_in_any_case(spelled: str, system: str) -> None:
    from guidecompare.grading import format_grading_table

    result = run("grading", "--system", spelled)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == format_grading_table(system=system)


@pytest.mark.parametrize(
    ("spelled", "hint"),
    [("GRAD", " (did you mean 'grade'?)"), ("uspstf-2012", " (did you mean 'uspstf'?)"),
     ("nice", "")],
)  # fmt: skip
def test_unknown_grading_system_lists_the_valid_ids(spelled: str, hint: str) -> None:
    result = run("grading", "--system", spelled)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"--system: unknown grading system '{spelled}'{hint}: use one of {VALID_SYSTEMS}\n"
    )
