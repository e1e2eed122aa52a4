"""The build manifest's proof: what `check` and `build` may skip, and every way it must fail."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidecompare.engine.currency import CurrencyFacts, currency_facts
from guidecompare.errors import SpecError
from guidecompare.pipeline import manifest
from guidecompare.pipeline.build import build
from guidecompare.pipeline.check import CheckOptions, Finding, check
from guidecompare.spec.load import load

from .conftest import REAL_SPEC, ROOT, minimal_comparison, minimal_guideline, write_spec

TODAY = date(2026, 6, 1)


def make_library(root: Path) -> Path:
    """specs/synthetic (alpha-2020 with a planned review and an acknowledgement), built."""
    specs = root / "specs"
    comparison = minimal_comparison(
        current_as_of="2026-01-31",
        acknowledgements=[
            {
                "rule": "guideline-review-overdue",
                "guideline": "alpha-2020",
                "reason": "The society confirmed no update is planned.",
                "by": "A. Reviewer",
                "date": "2026-02-01",
                "until": "2026-12-31",
            }
        ],
    )
    write_spec(
        specs / "synthetic",
        comparison,
        [
            minimal_guideline("alpha-2020", planned_review="2024"),
            minimal_guideline("beta-2021", status="superseded", superseded_by="alpha-2020"),
        ],
    )
    build([specs], root / "output", jobs=1)
    return specs


def no_loading(*args: object) -> None:
    raise AssertionError("read a spec although the manifest proves it current")


def rules(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.rule, f.severity.value) for f in findings]


def test_facts_in_the_manifest_are_the_facts_of_the_specs(tmp_path: Path) -> None:
    specs = make_library(tmp_path)
    recorded = json.loads((tmp_path / "output" / "synthetic" / "manifest.json").read_bytes())
    [loaded] = load([specs])
    assert CurrencyFacts.from_json(recorded["currency"]) == currency_facts(loaded)


def test_committed_manifest_records_the_real_specs_facts() -> None:
    recorded = json.loads((ROOT / "output" / "ketamine-crps" / "manifest.json").read_bytes())
    [loaded] = load([REAL_SPEC])
    facts = CurrencyFacts.from_json(recorded["currency"])
    assert facts == currency_facts(loaded)
    assert [g.planned_review for g in facts.guidelines] == ["2023", None]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    today=st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31)),
    max_age=st.one_of(st.none(), st.integers(min_value=1, max_value=30)),
    strict=st.booleans(),
)
def test_fast_path_judges_currency_exactly_as_loading_does(
    tmp_path_factory: pytest.TempPathFactory, today: date, max_age: int | None, strict: bool
) -> None:
    """Same findings, on any day and with any options, from the manifest as from the specs."""
    root = _library(tmp_path_factory)
    options = CheckOptions(today=today, max_age_years=max_age, strict=strict)
    assert manifest.Manifests(root / "output").proof(root / "specs" / "synthetic") is not None
    with mock.patch("guidecompare.spec.load.load_comparison", side_effect=AssertionError("loaded")):
        fast = check([root / "specs"], root / "output", options)
    from guidecompare.pipeline.check import _currency_findings

    [loaded] = load([root / "specs"])
    slow = _currency_findings(currency_facts(loaded), loaded.directory, options)
    assert fast == slow


_built: dict[str, Path] = {}


def _library(factory: pytest.TempPathFactory) -> Path:
    if "root" not in _built:
        root = factory.mktemp("library")
        make_library(root)
        _built["root"] = root
    return _built["root"]


def test_acknowledgement_and_superseded_come_through_the_fast_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = make_library(tmp_path)
    monkeypatch.setattr("guidecompare.spec.load.load_comparison", no_loading)
    findings = check([specs], tmp_path / "output", CheckOptions(today=TODAY))
    assert ("guideline-review-overdue", "notice") in rules(findings)
    assert ("guideline-superseded", "warning") in rules(findings)
    later = check([specs], tmp_path / "output", CheckOptions(today=date(2027, 1, 1)))
    assert ("guideline-review-overdue", "warning") in rules(later)  # the acknowledgement lapsed


def test_check_of_current_outputs_imports_no_yaml_pydantic_or_reportlab(tmp_path: Path) -> None:
    # Outputs this machine built (the ledger vouches for them), as after a developer's build.
    out = tmp_path / "output"
    build([REAL_SPEC], out, jobs=1)
    probe = (
        "import sys\n"
        "from guidecompare.cli import main\n"
        f"try:\n    main(['check', {str(REAL_SPEC)!r}, '--out', {str(out)!r}, "
        "'--today', '2025-03-01'])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'yaml', 'pydantic', 'reportlab'})\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert "HEAVY []" in result.stderr


def test_build_of_current_outputs_reads_no_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = make_library(tmp_path)
    monkeypatch.setattr("guidecompare.spec.load.load_comparison", no_loading)
    [built] = build([specs], tmp_path / "output")
    assert not built.written
    assert built.comparison_id == "synthetic"


def _edit_currency(path: Path, change: Any, *, redigest: bool) -> None:
    """Change the currency facts of a manifest, keeping its format; re-sign it or not."""
    recorded = json.loads(path.read_bytes())
    change(recorded["currency"])
    if redigest:
        path.write_bytes(
            manifest.manifest_bytes(
                recorded["comparison"],
                recorded["inputs"],
                recorded["outputs"],
                recorded["currency"],
            )
        )
    else:
        text = json.dumps({k: v for k, v in recorded.items() if k != "digest"}, indent=2)
        path.write_text(f'{text[:-2]},\n  "digest": "{recorded["digest"]}"\n}}\n', "utf-8")


def test_a_hand_edited_fact_is_caught_and_never_believed(tmp_path: Path) -> None:
    specs = make_library(tmp_path)
    path = tmp_path / "output" / "synthetic" / "manifest.json"

    def hide_superseded(facts: dict[str, Any]) -> None:
        facts["guidelines"][1]["status"] = "current"

    _edit_currency(path, hide_superseded, redigest=False)
    findings = check([specs], tmp_path / "output", CheckOptions(today=TODAY))
    assert ("output-stale", "error") in rules(findings)
    assert ("guideline-superseded", "warning") in rules(findings)  # from the spec itself


@pytest.mark.parametrize(
    "forge",
    [
        lambda facts: facts.update(current_as_of=20260131),
        lambda facts: facts["guidelines"][0].update(year="2020"),
        lambda facts: facts["guidelines"][0].update(planned_review="soon"),
        lambda facts: facts.update(strict="yes"),
        lambda facts: facts.pop("guidelines"),
        lambda facts: facts.update(extra=1),
        lambda facts: facts["current_as_of_at"].update(line="3"),
        lambda facts: facts.update(review_interval_months=-30000),
        lambda facts: facts.update(max_guideline_age_years=-3),
        lambda facts: facts["guidelines"][0].update(year=0),
        lambda facts: facts["current_as_of_at"].update(line=0),
    ],
    ids=[
        "date-type",
        "year-type",
        "partial-date",
        "bool-type",
        "missing",
        "extra",
        "line-type",
        "interval-range",
        "age-range",
        "year-range",
        "line-range",
    ],
)
def test_a_forged_manifest_with_a_valid_digest_never_crashes_check(
    tmp_path: Path, forge: Any
) -> None:
    specs = make_library(tmp_path)
    _edit_currency(tmp_path / "output" / "synthetic" / "manifest.json", forge, redigest=True)
    findings = check([specs], tmp_path / "output", CheckOptions(today=TODAY))
    assert [f.location.path.name for f in findings if f.rule == "output-stale"] == ["manifest.json"]


def test_facts_survive_a_round_trip_through_json() -> None:
    [loaded] = load([REAL_SPEC])
    facts = currency_facts(loaded)
    assert CurrencyFacts.from_json(json.loads(json.dumps(facts.to_json()))) == facts


def test_an_output_directory_named_otherwise_is_found_by_its_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = make_library(tmp_path)
    (specs / "synthetic").rename(specs / "renamed")  # the id stays 'synthetic'
    monkeypatch.setattr("guidecompare.spec.load.load_comparison", no_loading)
    findings = check([specs], tmp_path / "output", CheckOptions(today=TODAY))
    assert not [f for f in findings if f.rule.startswith("output-")]


def test_two_directories_with_one_id_are_caught_even_when_current(tmp_path: Path) -> None:
    specs = make_library(tmp_path)
    shutil.copytree(specs / "synthetic", specs / "twin")
    findings = check([specs], tmp_path / "output", CheckOptions(today=TODAY))
    assert [(f.rule, f.location.path.parent.name) for f in findings if f.severity == "error"] == [
        ("duplicate-id", "twin")
    ]
    with pytest.raises(SpecError, match="also used by"):
        build([specs], tmp_path / "output")


def test_a_spec_file_added_beside_the_others_breaks_the_proof(tmp_path: Path) -> None:
    specs = make_library(tmp_path)
    (specs / "synthetic" / "gamma-2022.yaml").write_text("id: gamma-2022\n", encoding="utf-8")
    findings = check([specs], tmp_path / "output", CheckOptions(today=TODAY))
    assert ("guideline-file", "error") in rules(findings)


def test_parallel_build_writes_nothing_when_one_comparison_is_invalid(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    for name in ("one", "two", "three"):
        write_spec(
            specs / name,
            minimal_comparison(id=name),
            [minimal_guideline("alpha-2020"), minimal_guideline("beta-2021")],
        )
    broken = specs / "two" / "beta-2021.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("year:", "yeer:"), "utf-8")
    with pytest.raises(SpecError) as raised:
        build([specs], tmp_path / "output", jobs=2)
    assert {p.location.path.name for p in raised.value.problems} == {"beta-2021.yaml"}
    assert not (tmp_path / "output").exists()
    broken.write_text(broken.read_text(encoding="utf-8").replace("yeer:", "year:"), "utf-8")
    built = build([specs], tmp_path / "output", jobs=2)
    assert [(b.comparison_id, b.written) for b in built] == [
        ("one", True), ("three", True), ("two", True),
    ]  # fmt: skip
    # The same bytes as a build in one process.
    single = tmp_path / "single"
    build([specs], single, jobs=1)
    for name in ("one", "two", "three"):
        for path in sorted((single / name).iterdir()):
            assert path.read_bytes() == (tmp_path / "output" / name / path.name).read_bytes()


def test_no_environment_variable_changes_the_proof(tmp_path: Path) -> None:
    """A fresh process with another locale and time zone proves the same outputs current."""
    specs = make_library(tmp_path)
    env = {**os.environ, "TZ": "Pacific/Kiritimati", "LC_ALL": "C", "PYTHONHASHSEED": "7"}
    result = subprocess.run(
        [sys.executable, "-m", "guidecompare", "check", str(specs), "--out",
         str(tmp_path / "output"), "--today", TODAY.isoformat()],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "output-" not in result.stdout


def test_library_versions_are_those_importlib_metadata_reads() -> None:
    """The manifest reads versions from the .dist-info names, without importlib.metadata."""
    from importlib import metadata

    from guidecompare.pipeline.manifest import _LIBRARIES, library_version

    for library in _LIBRARIES:
        assert library_version(library) == metadata.version(library)
