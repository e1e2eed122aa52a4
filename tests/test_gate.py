"""The CI gate cannot be fooled, and outputs are written only where they belong.

Forged outputs with a recomputed manifest, spec files that are links out or FIFOs, output
directories that hold specs or other people's files, leftovers, and two builds at once.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from guidecompare.cli import main
from guidecompare.errors import UsageError
from guidecompare.pipeline import ledger, manifest
from guidecompare.pipeline import write as writer
from guidecompare.pipeline.build import build
from guidecompare.pipeline.check import CheckOptions, check

from .conftest import REAL_SPEC, ROOT

ON_ITS_DATE = ("--today", "2025-02-20")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), prog_name="guidecompare")


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the reference specs, built into its own output directory."""
    specs = tmp_path / "specs"
    shutil.copytree(REAL_SPEC, specs / "ketamine-crps")
    out = tmp_path / "output"
    assert run("build", str(specs), "--out", str(out)).exit_code == 0
    return specs, out


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache (and so a ledger) of its own: a machine that has rendered nothing yet."""
    cache = tmp_path / "fresh-cache"
    monkeypatch.setenv("GUIDECOMPARE_CACHE_DIR", str(cache))
    return cache


def forge_summary(directory: Path) -> None:
    """Edit summary.csv as a forger would, recomputing its hash and the manifest's digest."""
    summary = directory / "summary.csv"
    forged = summary.read_bytes().replace(b"coma-therapy,gap", b"coma-therapy,agree")
    assert forged != summary.read_bytes()
    summary.write_bytes(forged)
    path = directory / "manifest.json"
    recorded = json.loads(path.read_bytes())
    recorded["outputs"]["summary.csv"] = hashlib.sha256(forged).hexdigest()
    fingerprint, hashes = recorded["inputs"], recorded["outputs"]
    path.write_bytes(
        manifest.manifest_bytes(recorded["comparison"], fingerprint, hashes, recorded["currency"])
    )


def errors(result: Result) -> list[str]:
    return [line for line in result.stdout.splitlines() if ": error: " in line]


# --- 1. forged outputs --------------------------------------------------------------------


def test_a_forged_output_with_a_recomputed_manifest_fails_check(
    workspace: tuple[Path, Path],
) -> None:
    specs, out = workspace
    forge_summary(out / "ketamine-crps")
    result = run("check", str(specs), "--out", str(out), *ON_ITS_DATE)
    assert result.exit_code == 1
    # The forged summary, and the manifest that records its hash.
    assert sorted(line.split(": error: ")[0] for line in errors(result)) == [
        (out / "ketamine-crps" / name).as_posix() for name in ("manifest.json", "summary.csv")
    ]


def test_build_does_not_keep_a_forged_output(workspace: tuple[Path, Path]) -> None:
    specs, out = workspace
    summary = out / "ketamine-crps" / "summary.csv"
    genuine = summary.read_bytes()
    forge_summary(out / "ketamine-crps")
    result = run("build", str(specs), "--out", str(out))
    assert result.exit_code == 0
    assert result.stdout.startswith("ketamine-crps: wrote ")
    assert summary.read_bytes() == genuine


def test_outputs_this_machine_never_rendered_are_rendered_before_they_are_believed(
    workspace: tuple[Path, Path], fresh_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs, out = workspace
    forge_summary(out / "ketamine-crps")
    # A forgery that also writes a ledger entry for the forged manifest elsewhere is no help:
    # the ledger lives in this user's private cache, which starts empty here.
    findings = check([specs], out, CheckOptions())
    assert sorted((f.rule, f.location.path.name) for f in findings if f.severity == "error") == [
        ("output-stale", "manifest.json"),
        ("output-stale", "summary.csv"),
    ]


def test_genuine_outputs_from_elsewhere_are_rendered_once_then_proven(
    workspace: tuple[Path, Path], fresh_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs, out = workspace
    rendered: list[str] = []
    from guidecompare.pipeline import build as builder

    real_outputs_of = builder.outputs_of

    def counting(item: object) -> dict[str, bytes]:
        rendered.append("render")
        return real_outputs_of(item)  # type: ignore[arg-type]

    monkeypatch.setattr(builder, "outputs_of", counting)
    assert not [f for f in check([specs], out, CheckOptions()) if f.severity == "error"]
    assert rendered == ["render"]  # a fresh machine believes no manifest
    assert not [f for f in check([specs], out, CheckOptions()) if f.severity == "error"]
    assert rendered == ["render"]  # the render proved it: the manifest is believed now
    assert [b.written for b in build([specs], out)] == [False]


def test_with_caching_off_every_check_renders(
    workspace: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    specs, out = workspace
    monkeypatch.setenv("GUIDECOMPARE_CACHE_DIR", "")
    assert manifest.Manifests(out).proof(specs / "ketamine-crps") is None
    forge_summary(out / "ketamine-crps")
    findings = check([specs], out, CheckOptions())
    assert sorted(f.location.path.name for f in findings if f.rule == "output-stale") == [
        "manifest.json",
        "summary.csv",
    ]


def test_a_ledger_entry_vouches_only_for_the_manifest_it_recorded(tmp_path: Path) -> None:
    directory = tmp_path / "output" / "x"
    directory.mkdir(parents=True)
    ledger.record(directory, b"manifest one")
    assert ledger.vouches(directory, b"manifest one")
    assert not ledger.vouches(directory, b"manifest two")
    assert not ledger.vouches(tmp_path / "output" / "y", b"manifest one")


# --- 2. the fast path applies the loader's rules ------------------------------------------


def test_a_spec_file_linked_to_an_identical_file_outside_fails_both_paths(
    workspace: tuple[Path, Path], tmp_path: Path
) -> None:
    specs, out = workspace
    inside_file = specs / "ketamine-crps" / "rsdsa-2022.yaml"
    outside_file = tmp_path / "elsewhere" / "rsdsa-2022.yaml"
    outside_file.parent.mkdir()
    shutil.copy(inside_file, outside_file)
    inside_file.unlink()
    inside_file.symlink_to(outside_file)
    assert manifest.disk_fingerprint(specs / "ketamine-crps") is None
    for extra in ((), ("--full",)):
        result = run("check", str(specs), "--out", str(out), *ON_ITS_DATE, *extra)
        assert result.exit_code == 1
        assert errors(result) == [
            f"{inside_file.as_posix()}: error: is a link to a file outside the comparison "
            "directory, which guidecompare does not read: copy the file into the directory "
            "instead [outside-spec-dir]"
        ]
    assert run("build", str(specs), "--out", str(out)).exit_code == 1


# --- 5. two builds into one output directory ----------------------------------------------


def _waiters_on(path: Path) -> int:
    """How many lock requests are blocked on the inode of `path` (Linux /proc/locks)."""
    inode = path.stat().st_ino
    return sum(
        1
        for line in Path("/proc/locks").read_text().splitlines()
        if "->" in line and line.split()[-3].endswith(f":{inode}")
    )


def test_a_second_writer_waits_and_never_removes_the_first_ones_files(tmp_path: Path) -> None:
    directory = tmp_path / "output" / "x"
    directory.mkdir(parents=True)
    outputs = {name: name.encode() for name in manifest.OUTPUT_NAMES}
    done: list[list[Path]] = []
    with writer.locked(directory):
        in_flight = directory / ".comparison.pdf.abcd1234.tmp"  # the first writer's, staged
        in_flight.write_bytes(b"half of a PDF")
        second = threading.Thread(
            target=lambda: done.append(writer.write_outputs(directory, outputs))
        )
        second.start()
        for _ in range(20_000):  # until the second writer is blocked on the lock
            if _waiters_on(directory):
                break
            threading.Event().wait(0.001)
        assert _waiters_on(directory) == 1
        assert in_flight.exists()
        assert not (directory / "comparison.pdf").exists()
    second.join()
    # Once the first writer is gone, what it left is a leftover: removed, outputs written.
    assert sorted(p.name for p in directory.iterdir()) == sorted(manifest.OUTPUT_NAMES)
    assert len(done[0]) == len(manifest.OUTPUT_NAMES)


CONCURRENT = """
import sys
from guidecompare.pipeline.build import build
for _ in range(int(sys.argv[3])):
    build([sys.argv[1]], sys.argv[2], jobs=1, force=True)
"""


@pytest.mark.slow
def test_concurrent_builds_of_one_id_leave_one_whole_set_of_outputs(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "ketamine-crps", tmp_path / "b" / "ketamine-crps"
    shutil.copytree(REAL_SPEC, first)
    shutil.copytree(REAL_SPEC, second)
    text = (second / "comparison.yaml").read_text(encoding="utf-8")
    (second / "comparison.yaml").write_text(text + "\n# another edition\n", encoding="utf-8")
    out = tmp_path / "output"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", CONCURRENT, str(spec), str(out), "6"],
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
        for spec in (first, second)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr.decode()
    directory = out / "ketamine-crps"
    assert sorted(p.name for p in directory.iterdir()) == sorted(manifest.OUTPUT_NAMES)
    # The set is whole: it is exactly what one of the two specs builds.
    stale = [
        any(f.severity == "error" for f in check([spec], out, CheckOptions(full=True)))
        for spec in (first, second)
    ]
    assert sorted(stale) == [False, True]


# --- 6. leftovers -------------------------------------------------------------------------


def test_a_build_of_current_outputs_removes_leftovers(workspace: tuple[Path, Path]) -> None:
    specs, out = workspace
    leftover = out / "ketamine-crps" / ".comparison.pdf.k2j4h5g6.tmp"
    leftover.write_bytes(b"%PDF- half")
    result = run("check", str(specs), "--out", str(out), *ON_ITS_DATE)
    assert errors(result) == [
        f"{leftover.as_posix()}: error: a temporary file left by an interrupted build: run "
        "build, which removes it [output-unexpected]"
    ]
    result = run("build", str(specs), "--out", str(out))
    assert result.stdout.startswith("ketamine-crps: up to date")
    assert not leftover.exists()
    assert run("check", str(specs), "--out", str(out), *ON_ITS_DATE).exit_code == 0


# --- 7. where outputs may go --------------------------------------------------------------


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize("where", ["the specs", "a comparison", "inside a comparison", "the root"])
def test_an_output_directory_among_the_specs_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, where: str
) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(REAL_SPEC, specs / "ketamine-crps")
    out = {
        "the specs": specs,
        "a comparison": specs / "ketamine-crps",
        "inside a comparison": specs / "ketamine-crps" / "out",
        "the root": tmp_path,
    }[where]
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    monkeypatch.chdir(tmp_path)
    result = run(command, "specs", "--out", os.path.relpath(out, tmp_path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "the output directory would mix outputs with the specs of specs" in result.stderr
    assert "remove" not in result.stderr
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_an_output_directory_holding_other_files_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    (out / "guide").mkdir(parents=True)
    (out / "guide" / "index.md").write_text("someone's work", encoding="utf-8")
    (out / "README.md").write_text("someone's work", encoding="utf-8")
    (out / ".gitignore").write_text("*.tmp\n", encoding="utf-8")
    for command in ("build", "check"):
        result = run(command, str(REAL_SPEC), "--out", str(out))
        assert result.exit_code == 2
        assert result.stderr == (
            f"{out.as_posix()}: holds README.md, guide, which guidecompare did not write: an "
            "output directory holds only comparison outputs; choose another (the default is "
            "'output')\n"
        )
    assert sorted(p.name for p in out.iterdir()) == [".gitignore", "README.md", "guide"]


def test_refusal_is_a_usage_error_from_the_library_too(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="would mix outputs with the specs"):
        build([REAL_SPEC.parent], REAL_SPEC.parent)


def test_an_orphan_holding_someone_elses_files_is_not_advised_for_removal(
    workspace: tuple[Path, Path],
) -> None:
    specs, out = workspace
    orphan = out / "old-comparison"
    orphan.mkdir()
    (orphan / "summary.csv").write_bytes(b"topic,verdict\r\n")
    (orphan / "minutes.docx").write_bytes(b"someone's minutes")
    only_ours = out / "retired"
    only_ours.mkdir()
    (only_ours / "comparison.pdf").write_bytes(b"%PDF-")
    result = run("check", str(specs), "--out", str(out), *ON_ITS_DATE)
    assert errors(result) == [
        f"{orphan.as_posix()}: error: holds the outputs of no comparison in {specs.as_posix()}: "
        "remove the outputs in it, or restore its spec [output-orphaned]",
        f"{only_ours.as_posix()}: error: holds the outputs of no comparison in "
        f"{specs.as_posix()}: remove it, or restore its spec [output-orphaned]",
    ]


# --- 8. FIFOs never hang a run ------------------------------------------------------------


def _in_subprocess(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI in its own process, so that a hang fails the test instead of hanging it."""
    return subprocess.run(
        [sys.executable, "-m", "guidecompare", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("name", ["summary.csv", "manifest.json"])
def test_a_fifo_where_an_output_belongs_is_refused_at_once(
    workspace: tuple[Path, Path], name: str
) -> None:
    specs, out = workspace
    path = out / "ketamine-crps" / name
    path.unlink()
    os.mkfifo(path)
    result = _in_subprocess("check", str(specs), "--out", str(out), *ON_ITS_DATE)
    assert result.returncode == 1
    assert (
        f"{path.as_posix()}: error: is not a regular file where an output belongs: remove it, "
        f"then run 'guidecompare build {specs.as_posix()}/ketamine-crps --out {out.as_posix()}' "
        "[output-not-a-file]"
    ) in result.stdout.splitlines()
    assert _in_subprocess("build", str(specs), "--out", str(out)).returncode == 0
    assert path.is_file()


def test_a_fifo_in_place_of_a_spec_file_is_refused_at_once(workspace: tuple[Path, Path]) -> None:
    specs, out = workspace
    path = specs / "ketamine-crps" / "rsdsa-2022.yaml"
    path.unlink()
    os.mkfifo(path)
    expected = (
        f"{path.as_posix()}: is not a regular file (a FIFO, socket or device): replace it with "
        "the YAML file"
    )
    result = _in_subprocess("check", str(specs), "--out", str(out), *ON_ITS_DATE)
    assert result.returncode == 1
    assert f"{path.as_posix()}: error: is not a regular file" in result.stdout
    result = _in_subprocess("build", str(specs), "--out", str(out))
    assert result.returncode == 1
    assert expected in result.stderr.splitlines()


@pytest.fixture(autouse=True)
def _no_stray_threads() -> Iterator[None]:
    yield
    assert threading.active_count() == 1
