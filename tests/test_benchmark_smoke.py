"""The benchmark harness runs (at a tiny size); it measures, it does not judge, here."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def _run(*options: str) -> list[str]:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", *options],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.splitlines()


def test_benchmark_runs_at_a_tiny_size() -> None:
    lines = _run()
    assert any(line.strip().startswith("build specs/ketamine-crps") for line in lines)
    assert any(line.strip().startswith("check 3 comparisons") for line in lines)
    targets = [line.split("  ")[1] for line in lines if "(limit" in line]
    assert len(targets) == 8
    assert targets[0].startswith("build seed <= 1.5 x import floor")


def test_the_quick_benchmark_runs_the_single_comparison_cases_only() -> None:
    lines = _run("--quick")
    assert any(line.strip().startswith("import floor: what a build needs") for line in lines)
    assert any(line.strip().startswith("import floor with pandas") for line in lines)
    assert not any("comparisons" in line for line in lines)
    targets = [line for line in lines if "(limit" in line]
    assert len(targets) == 3


def test_the_start_up_breakdown_names_each_part_and_the_budget() -> None:
    """benchmarks/startup.py (issue 16): the parts of a forced build beyond the floor."""
    completed = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "startup.py"), "--rounds", "1"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    parts = [line.strip().split("  ")[0] for line in lines[1:9]]
    assert parts == [
        "import floor, a process of its own",
        "floor imports, in one process",
        "guidecompare's imports, in one process",
        "first build, in one process",
        "work alone, in one process",
        "of the first build, done once per process",
        "exit of the floor process (freeing its modules)",
        "exit of the process that built",
    ]
    # The recording found the modules a build loads: the spec loader and the PDF renderer.
    assert int(lines[0].split("; ")[1].split()[0]) > 20
    assert lines[-1].startswith("1.5 x the floor leaves ")
