"""Hostile and broken input: nothing injected, nothing lost, never a traceback."""

from __future__ import annotations

import io
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from guidecompare.cli import main
from guidecompare.render.csv import neutralise, restore

from .conftest import REAL_SPEC, minimal_comparison, minimal_guideline, write_spec

CASES = Path(__file__).parent / "cases"
HOSTILE = sorted(p for p in (CASES / "hostile").iterdir() if p.is_dir())
INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir())
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), prog_name="guidecompare")


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def spec_texts(spec: Path) -> list[str]:
    """Every string in every spec file of a comparison directory."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in spec.glob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8-sig")))
    return found


# -- CSV: formulas are neutralised, everything else round-trips ----------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\n=1", "'\n=1"),
        ("'already quoted", "''already quoted"),
        ("-5", "-5"),  # a plain number is not a formula: left as it is
        ("+2.5", "+2.5"),
        ("-.5", "-.5"),
        ("- bullet text", "'- bullet text"),
        ('plain, "quoted"\ntext', 'plain, "quoted"\ntext'),
        ("", ""),
    ],
)
def test_neutralise_and_restore(cell: str, written: str) -> None:
    assert neutralise(cell) == written
    assert restore(written) == cell


@given(st.text())
def test_neutralise_is_reversible_and_never_leaves_a_formula(cell: str) -> None:
    written = neutralise(cell)
    assert restore(written) == cell
    if written.startswith(FORMULA_START):
        assert re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", written)


# -- the corpus: hostile but valid specs build cleanly, invalid ones write nothing ---------------


@pytest.fixture(scope="module")
def hostile_built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each hostile case built once: case name → (spec directory, output directory)."""
    built = {}
    for case in HOSTILE:
        out = tmp_path_factory.mktemp(case.name)
        result = run("build", str(case / "spec"), "--out", str(out))
        assert result.exit_code == 0, result.output
        [directory] = out.iterdir()
        built[case.name] = (case / "spec", directory)
    return built


@pytest.mark.parametrize("case", [c.name for c in HOSTILE])
def test_hostile_csv_has_no_formula_and_restores_exactly(
    case: str, hostile_built: dict[str, tuple[Path, Path]]
) -> None:
    spec, out = hostile_built[case]
    texts = set(spec_texts(spec))
    for name in ("comparison.csv", "summary.csv"):
        frame = read_csv(out / name)
        for cell in frame.to_numpy().ravel():
            assert not cell.startswith(FORMULA_START) or re.fullmatch(r"[+-]?[\d.]+", cell), cell
    detail = read_csv(out / "comparison.csv")
    statements = {restore(cell) for cell in detail["statement"]}
    for guideline in spec.glob("*.yaml"):
        data = yaml.safe_load(guideline.read_text(encoding="utf-8-sig"))
        for statement in data.get("statements", []):
            assert statement["text"] in statements
            assert statement["text"] in texts


@pytest.mark.parametrize("case", [c.name for c in HOSTILE])
def test_hostile_pdf_shows_markup_as_text_and_runs_nothing(
    case: str, hostile_built: dict[str, tuple[Path, Path]]
) -> None:
    _, out = hostile_built[case]
    data = (out / "comparison.pdf").read_bytes()
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for forbidden in (b"/JavaScript", b"/Launch", b"/SubmitForm", b"/ImportData", b"/EmbeddedFile"):
        assert forbidden not in data
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        assert not any(xobjects[name].get("/Subtype") == "/Image" for name in xobjects)
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if action.get("/S") == "/URI":
                assert str(action["/URI"]).startswith(
                    ("https://doi.org/10.", "https://", "http://")
                )
                assert "javascript" not in str(action["/URI"]).lower()
    if case == "markup-formulas-rtl":
        assert '<img src="/etc/passwd"/>' in text
        assert '<a href="javascript:alert(1)">click</a>' in text
        assert "<b>bold</b> &" in text


@pytest.mark.parametrize("case", [c.name for c in INVALID])
def test_invalid_corpus_never_tracebacks_or_writes(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CASES / "invalid" / case)
    out = tmp_path / "out"
    for command in ("build", "check"):
        result = run(command, "spec", "--out", str(out))
        assert result.exit_code == 1
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not out.exists()


# -- any text either renders intact or fails with the documented error ---------------------------

# Text the PDF can show and pypdf extracts as written: printable Latin, Greek and Cyrillic.
SHOWABLE = st.text(
    st.characters(
        categories=("L", "N", "P", "Zs"),
        include_characters="<>&\"'=+-@",
        max_codepoint=0x04FF,
    ),
    min_size=1,
    max_size=60,
).filter(lambda t: t.strip() == t and "  " not in t and t.strip())
ANYTHING = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60)


def build_with(tmp_path: Path, text: str) -> tuple[Result, Path]:
    statement = {
        "topic": "efficacy",
        "stance": {"direction": "for", "wording": text},
        "text": text,
        "quote": text,
        "source": {"document": "alpha-2020", "section": text},
    }
    spec = write_spec(
        tmp_path / "specs" / "synthetic",
        minimal_comparison(question=text),
        [minimal_guideline("alpha-2020", statements=[statement]), minimal_guideline("beta-2021")],
    )
    out = tmp_path / "out"
    return run("build", str(spec), "--out", str(out)), out / "synthetic"


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=SHOWABLE)
def test_showable_text_comes_back_from_csv_and_pdf(tmp_path: Path, text: str) -> None:
    result, out = build_with(tmp_path, text)
    assert result.exit_code == 0, result.output
    row = read_csv(out / "comparison.csv").iloc[0]
    assert restore(row["statement"]) == text
    assert restore(row["stance_wording"]) == text
    pages = PdfReader(out / "comparison.pdf").pages
    extracted = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert " ".join(text.split()) in extracted


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=ANYTHING)
def test_any_text_renders_or_fails_with_a_documented_error(tmp_path: Path, text: str) -> None:
    result, out = build_with(Path(tempfile.mkdtemp(dir=tmp_path)), text)  # fresh per example
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        assert restore(read_csv(out / "comparison.csv").iloc[0]["statement"]) == text
    else:
        assert result.stderr.endswith("nothing was written.\n")
        assert not out.exists()


# -- nothing lost: failures and kills leave the previous outputs ---------------------------------


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def test_output_file_that_is_a_directory_fails_cleanly(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", str(REAL_SPEC), "--out", str(out)).exit_code == 0
    before = snapshot(out / "ketamine-crps")
    (out / "ketamine-crps" / "summary.csv").unlink()
    (out / "ketamine-crps" / "summary.csv").mkdir()
    del before["summary.csv"]
    result = run("build", str(REAL_SPEC), "--out", str(out))
    assert result.exit_code == 3
    assert result.stderr == (
        f"{(out / 'ketamine-crps' / 'summary.csv').as_posix()}: is a directory where an output "
        "file belongs: remove it\n"
    )
    after = snapshot(out / "ketamine-crps")
    assert {k: v for k, v in after.items() if k != "summary.csv"} == before


def test_a_failed_write_leaves_previous_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert run("build", str(REAL_SPEC), "--out", str(out)).exit_code == 0
    previous = snapshot(out / "ketamine-crps")
    calls = []

    def disk_full(directory: Path, name: str, data: bytes) -> Path:
        calls.append(name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_write(directory, name, data)

    from guidecompare.pipeline import write as writer

    real_write = writer._write_temporary
    monkeypatch.setattr(writer, "_write_temporary", disk_full)
    spec = tmp_path / "spec"
    shutil.copytree(REAL_SPEC, spec)
    path = spec / "rsdsa-2022.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("euphoria", "nausea"), encoding="utf-8"
    )
    result = run("build", str(spec), "--out", str(out))
    assert result.exit_code == 3
    assert "No space left on device; previous outputs were left as they were" in result.stderr
    assert snapshot(out / "ketamine-crps") == previous  # no temporary file left either


def test_a_read_only_output_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", str(REAL_SPEC), "--out", str(out)).exit_code == 0
    csv = out / "ketamine-crps" / "summary.csv"
    original = csv.read_bytes()
    csv.write_bytes(b"stale")
    csv.chmod(0o444)
    assert run("build", str(REAL_SPEC), "--out", str(out)).exit_code == 0
    assert csv.read_bytes() == original
    assert csv.stat().st_mode & 0o777 == 0o644


def test_a_link_in_place_of_the_output_directory_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "ketamine-crps").symlink_to(elsewhere)
    result = run("build", str(REAL_SPEC), "--out", str(out))
    assert result.exit_code == 3
    assert "is a link; guidecompare writes only into real directories" in result.stderr
    assert list(elsewhere.iterdir()) == []


KILLER = """
import os, signal, sys
from pathlib import Path
from guidecompare.pipeline import write as writer
from guidecompare.cli import main

mode = sys.argv[1]
real_write, real_replace = writer._write_temporary, Path.replace
count = {"n": 0}

def write_half_then_die(directory, name, data):
    if name == "comparison.csv":
        path = directory / f".{name}.killed.tmp"
        path.write_bytes(data[: len(data) // 2])
        os.kill(os.getpid(), signal.SIGKILL)
    return real_write(directory, name, data)

def die_between_renames(self, target):
    count["n"] += 1
    if count["n"] == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(self, target)

if mode == "write":
    writer._write_temporary = write_half_then_die
else:
    Path.replace = die_between_renames
main(["build", sys.argv[2], "--out", sys.argv[3]])
"""


def old_and_new(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes], dict[str, bytes]]:
    """A spec built into out/ (the old outputs), then edited: its new outputs, built elsewhere."""
    out = tmp_path / "out"
    spec = tmp_path / "spec"
    shutil.copytree(REAL_SPEC, spec)
    assert run("build", str(spec), "--out", str(out)).exit_code == 0
    old = snapshot(out / "ketamine-crps")
    path = spec / "rsdsa-2022.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("euphoria", "nausea"), encoding="utf-8"
    )
    new_out = tmp_path / "new"
    assert run("build", str(spec), "--out", str(new_out)).exit_code == 0
    return spec, out, old, snapshot(new_out / "ketamine-crps")


@pytest.mark.parametrize("mode", ["write", "rename"])
def test_a_killed_build_leaves_each_file_old_or_new(tmp_path: Path, mode: str) -> None:
    spec, out, old, new = old_and_new(tmp_path)
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, mode, str(spec), str(out)], capture_output=True, check=False
    )
    assert killed.returncode == -signal.SIGKILL
    after = {k: v for k, v in snapshot(out / "ketamine-crps").items() if not k.endswith(".tmp")}
    assert set(after) == set(old)
    for name, data in after.items():
        assert data in (old[name], new[name]), name
    if mode == "write":
        assert after == old  # killed before any rename: the previous outputs, untouched
    else:
        assert after != old and after != new  # a mix of whole files, which check reports as stale
        result = run("check", str(spec), "--out", str(out), "--today", "2025-03-01")
        assert result.exit_code == 1
        assert "[output-stale]" in result.stdout
    assert run("build", str(spec), "--out", str(out)).exit_code == 0
    assert snapshot(out / "ketamine-crps") == new  # the next build cleans up leftovers


def test_killed_at_random_moments_each_file_is_old_or_new(tmp_path: Path) -> None:
    """A real build process, SIGKILLed at several moments while it runs."""
    spec, out, old, new = old_and_new(tmp_path)
    command = [sys.executable, "-m", "guidecompare", "build", str(spec), "--out", str(out)]
    for delay in (0.2, 0.5, 0.8, 1.1):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        for name, data in snapshot(out / "ketamine-crps").items():
            if not name.endswith(".tmp"):
                assert data in (old[name], new[name]), (delay, name)
