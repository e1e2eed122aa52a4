"""The Python API: load, build and check take one path (str or PathLike) or several."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import guidecompare
from guidecompare.spec.files import SpecDirs, spec_dir_paths

# Ways to name the library directory `specs`, relative to the working directory.
FORMS: dict[str, Callable[[str], SpecDirs]] = {
    "str": lambda name: name,
    "Path": Path,
    "list of str": lambda name: [name],
    "tuple of Path": lambda name: (Path(name),),
    "iterator": lambda name: iter([name]),
}


@pytest.fixture
def in_library(synthetic_spec: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working directory holds specs/synthetic (synthetic data)."""
    root = synthetic_spec.parent.parent
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize("form", FORMS.values(), ids=FORMS.keys())
def test_spec_dir_paths(form: Callable[[str], SpecDirs]) -> None:
    assert spec_dir_paths(form("specs")) == [Path("specs")]


def test_spec_dir_paths_keeps_several_in_order() -> None:
    assert spec_dir_paths(["b", Path("a")]) == [Path("b"), Path("a")]


@pytest.mark.parametrize("form", FORMS.values(), ids=FORMS.keys())
def test_load_takes_a_path_or_several(in_library: Path, form: Callable[[str], SpecDirs]) -> None:
    assert [c.spec.id for c in guidecompare.load(form("specs"))] == ["synthetic"]


def test_load_a_comparison_directory_as_a_str(in_library: Path) -> None:
    [loaded] = guidecompare.load("specs/synthetic")
    assert loaded.directory == Path("specs/synthetic")


def test_build_and_check_take_a_str(in_library: Path) -> None:
    [built] = guidecompare.build("specs", "output")
    assert built.comparison_id == "synthetic" and built.written
    assert (in_library / "output" / "synthetic" / "comparison.pdf").is_file()
    options = guidecompare.CheckOptions(today=guidecompare.load("specs")[0].spec.current_as_of)
    for spec_dirs in ("specs", Path("specs"), ["specs/synthetic"]):
        findings = guidecompare.check(spec_dirs, "output", options)
        assert not [f for f in findings if f.severity is guidecompare.Severity.ERROR], findings


def test_every_exported_name_stays_what_it_is_once_every_subpackage_is_imported() -> None:
    """An export named like a subpackage (`render`) would be replaced by that module as soon as
    anything imported it: `guidecompare.render(c)` then failed with "module is not callable"."""
    import importlib
    import types

    for package in ("diff", "engine", "grading", "pipeline", "render", "spec"):
        importlib.import_module(f"guidecompare.{package}")

    modules = [
        n for n in guidecompare.__all__ if isinstance(getattr(guidecompare, n), types.ModuleType)
    ]
    assert modules == []


def test_the_public_compare_and_render_give_what_build_writes() -> None:
    """compare, then render_outputs, gives build's files: the statins comparison holds a
    superseded guideline beside its successor, and its PDF tells what the new edition changed."""
    from guidecompare.pipeline.build import outputs_of

    from .conftest import ROOT

    [loaded] = guidecompare.load(ROOT / "specs" / "statins-primary-prevention")
    comparison = guidecompare.compare(loaded)
    assert comparison.editions is not None
    built = outputs_of(loaded)
    del built["manifest.json"]
    assert guidecompare.render_outputs(comparison) == built
    assert guidecompare.render_outputs(guidecompare.compare(loaded)) == built  # and again
