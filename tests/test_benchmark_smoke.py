"""The benchmark harness runs (at a tiny size); it measures, it does not judge, here."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_benchmark_runs_at_a_tiny_size() -> None:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert any(line.strip().startswith("build specs/ketamine-crps") for line in lines)
    assert any(line.strip().startswith("check 3 comparisons") for line in lines)
    targets = [line for line in lines if "(limit" in line]
    assert len(targets) == 7
