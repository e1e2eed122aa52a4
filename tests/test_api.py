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
