"""Data-driven invalid specs: each case's exact messages, exit code 1, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from guidecompare.cli import main

CASES = sorted(p for p in (Path(__file__).parent / "cases" / "invalid").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_spec_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "spec", "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (case / "expected.txt").read_text(encoding="utf-8")
    assert result.stdout == ""
    assert not out.exists()


def test_corpus_is_not_empty() -> None:
    assert len(CASES) >= 15
