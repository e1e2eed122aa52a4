"""Shared fixtures: the real spec, copies of it to mutate, and small synthetic specs."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
REAL_SPEC = ROOT / "specs" / "ketamine-crps"

SpecWriter = Callable[..., Path]

# The tests (and the processes they start) keep their parsed-font cache to themselves.
os.environ["GUIDECOMPARE_CACHE_DIR"] = tempfile.mkdtemp(prefix="guidecompare-test-cache-")


@pytest.fixture
def real_spec_copy(tmp_path: Path) -> Path:
    """A copy of specs/ketamine-crps that a test may edit."""
    target = tmp_path / "specs" / "ketamine-crps"
    shutil.copytree(REAL_SPEC, target)
    return target


def minimal_comparison(**overrides: Any) -> dict[str, Any]:
    """A small valid comparison.yaml (synthetic, not clinical advice)."""
    spec: dict[str, Any] = {
        "id": "synthetic",
        "question": "What do guidelines say about drug X for condition Y? (synthetic test data)",
        "prepared_by": [{"name": "Test Author"}],
        "current_as_of": "2025-01-31",
        "disclaimer": "Synthetic test data, not clinical advice.",
        "topics": [
            {"id": "efficacy", "label": "Efficacy", "aliases": ["effectiveness"]},
            {"id": "dosing", "label": "Dosing"},
            {"id": "side-effects", "label": "Side effects", "aliases": ["adverse effects"]},
        ],
        "facets": [{"id": "adverse-effects", "label": "Adverse effects"}],
        "guidelines": ["alpha-2020", "beta-2021"],
        "references": [
            {
                "id": "trial-a",
                "kind": "trial",
                "short": "Trial A 2019",
                "citation": "Trial A. 2019.",
            },
            {
                "id": "trial-b",
                "kind": "trial",
                "short": "Trial B 2020",
                "citation": "Trial B. 2020.",
            },
        ],
    }
    spec.update(overrides)
    return spec


def minimal_guideline(
    gid: str, statements: list[dict[str, Any]] | None = None, **overrides: Any
) -> dict[str, Any]:
    guideline: dict[str, Any] = {
        "id": gid,
        "label": gid.upper(),
        "title": f"Guideline {gid} (synthetic)",
        "organisations": ["Synthetic Society"],
        "year": 2020,
        "citation": f"Synthetic {gid}.",
        "statements": statements
        if statements is not None
        else [
            {
                "topic": "efficacy",
                "stance": {"direction": "for"},
                "grade": "B",
                "evidence": ["trial-a"],
                "text": "Drug X works.",
                "source": {"document": gid, "section": "1", "page": "2"},
            }
        ],
    }
    guideline.update(overrides)
    return guideline


def write_spec(
    directory: Path, comparison: dict[str, Any], guidelines: list[dict[str, Any]]
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "comparison.yaml").write_text(
        yaml.safe_dump(comparison, sort_keys=False), encoding="utf-8"
    )
    for guideline in guidelines:
        (directory / f"{guideline['id']}.yaml").write_text(
            yaml.safe_dump(guideline, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    return directory


@pytest.fixture
def synthetic_spec(tmp_path: Path) -> Path:
    """A valid two-guideline synthetic comparison directory."""
    return write_spec(
        tmp_path / "specs" / "synthetic",
        minimal_comparison(),
        [minimal_guideline("alpha-2020"), minimal_guideline("beta-2021")],
    )
