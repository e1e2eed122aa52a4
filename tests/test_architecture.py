"""The package reads as the pipeline: each stage imports only the stages before it, and only the
engine decides or words a comparison (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "src" / "guidecompare"

# Lowest first. A module may import its own layer and those below it, never one above.
LAYERS: list[tuple[str, ...]] = [
    ("errors", "cachedir", "folding", "__version__"),  # __version__: a constant of the package
    ("spec.types",),
    ("grading",),
    ("spec",),
    ("engine",),
    ("render",),
    ("diff",),  # two versions, each compared by the engine; its CSV writes as render's do
    ("pipeline",),
    ("cli", "__init__", "__main__"),
]


def _dotted(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__") or "__init__"


def _layer(name: str) -> int:
    """The layer of a module given as dotted path under guidecompare (most specific match)."""
    best, found = -1, -1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), index
    assert found >= 0, f"guidecompare.{name} is in no layer of LAYERS"
    return found


def _imports(path: Path) -> list[str]:
    """Every guidecompare module `path` imports, at the top or inside a function."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "guidecompare":
                found.extend(alias.name for alias in node.names)
            elif node.module.startswith("guidecompare."):
                module = node.module.removeprefix("guidecompare.")
                found.append(module)
        elif isinstance(node, ast.Import):
            found.extend(
                alias.name.removeprefix("guidecompare.")
                for alias in node.names
                if alias.name.startswith("guidecompare.")
            )
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[_dotted(p) for p in MODULES])
def test_a_stage_imports_only_the_stages_before_it(path: Path) -> None:
    own = _dotted(path)
    if own in ("__init__", "__main__", "cli"):
        return  # the public API and the command line sit on top of everything
    upward = [name for name in _imports(path) if _layer(name) > _layer(own)]
    assert upward == [], f"guidecompare.{own} imports a later stage: {upward}"


def test_the_stages_are_packages_named_for_the_pipeline() -> None:
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert packages == ["diff", "engine", "grading", "pipeline", "render", "spec"]


# What only the engine may use: the rules, how values compare, the grade readings, and a
# guideline's standing as of the comparison's date.
DECIDING = (
    "engine.rules",
    "engine.values",
    "engine.judge",
    "engine.currency",
    "engine.tables",
)


@pytest.mark.parametrize("path", sorted((PACKAGE / "render").rglob("*.py")), ids=lambda p: p.name)
def test_renderers_lay_out_the_engine_s_result_and_decide_nothing(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    deciding = [name for name in _imports(path) if name.startswith(DECIDING)]
    assert deciding == [], f"{path.name} imports the engine's rules: {deciding}"
    calls = {
        node.func.id if isinstance(node.func, ast.Name) else node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute)
    }
    # Reading grades, comparing positions and judging topics are the engine's alone.
    assert not calls & {
        "read_grade",
        "read_statement",
        "relate",
        "judge",
        "decide",
        "compare",
        "fact_tables",
    }


@pytest.mark.parametrize(
    "path",
    sorted([*(PACKAGE / "engine").rglob("*.py"), *(PACKAGE / "render").rglob("*.py")]),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_the_engine_and_renderers_depend_on_the_models_not_the_yaml_reader(path: Path) -> None:
    reader = [name for name in _imports(path) if name in ("spec.load", "spec.source")]
    assert reader == [], f"{path.name} imports the loader: {reader}"
