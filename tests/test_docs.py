"""The documentation is true: README commands, its Python example, links, documented messages."""

from __future__ import annotations

import importlib
import importlib.util
import re

import pytest
import yaml

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_test_command_is_what_ci_runs() -> None:
    test_command = next(line for line in README.splitlines() if "python -m pytest" in line)
    _install, run = test_command.split("&& pip install -e '.[test]' && ")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pip install --quiet -e '.[test]' && python -m pytest" in ci
    assert run == "python -m pytest"
    assert "guidecompare check specs" in ci


def test_readme_build_command_builds_the_reference_comparison() -> None:
    assert "pip install -e . && guidecompare build specs/ketamine-crps" in README
    assert (ROOT / "output" / "ketamine-crps" / "comparison.pdf").is_file()


def test_readme_python_example_runs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    example = re.search(r"```python\n(.*?)```", README, re.S)
    assert example is not None
    exec(compile(example.group(1), "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("efficacy agree Both are for")
    assert len(printed) == 6


@pytest.mark.parametrize("link", re.findall(r"\]\(([^)#]+)\)", README))
def test_readme_links_exist(link: str) -> None:
    assert (ROOT / link).exists(), link


def test_documented_error_examples_are_real() -> None:
    """Every example message in docs/errors.md appears in an invalid case's expected output."""
    documented = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    documented = documented.split("## Spec problems")[1].split("## Output problems")[0]
    expected = "".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "tests" / "cases" / "invalid").glob("*/expected.txt")
    )
    examples = re.findall(r"^\| [^|]+ \| `([^`]+)` \|$", documented, re.M)
    assert len(examples) >= 15
    for example in examples:
        for part in example.split("…"):
            assert part.strip() in expected, example


def test_docs_exist_for_each_subject() -> None:
    for name in ("spec-format", "verdicts", "check", "errors", "performance"):
        assert (ROOT / "docs" / f"{name}.md").is_file()


def _summary(comparison_id: str) -> list[dict[str, str]]:
    """A built comparison's summary.csv rows, read as scripts/worked_examples.py reads them."""
    loaded = importlib.util.spec_from_file_location(
        "worked_examples", ROOT / "scripts" / "worked_examples.py"
    )
    assert loaded is not None and loaded.loader is not None
    module = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(module)
    rows: list[dict[str, str]] = module._summary(comparison_id)
    return rows


def test_worked_examples_in_verdicts_doc_match_the_reference_output() -> None:
    doc = (ROOT / "docs" / "verdicts.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([a-z-]+) \| ([a-z-]+) \| (.+) \|$", doc, re.M)
    expected = [(r["topic"], r["verdict"], r["rationale"]) for r in _summary("ketamine-crps")]
    assert [row for row in rows if row[0] not in {"topic", "---"}] == expected


def test_worked_examples_of_the_statins_comparison_match_its_output() -> None:
    doc = (ROOT / "docs" / "verdicts.md").read_text(encoding="utf-8")
    items = re.findall(r"^- `([a-z0-9-]+)` \(([a-z-]+); (.+?)\): (.+)$", doc, re.M)
    expected = [
        (r["topic"], r["verdict"], r["coverage"], r["rationale"])
        for r in _summary("statins-primary-prevention")
    ]
    assert items == expected


def _resolves(dotted: str) -> bool:
    """Whether `dotted` names a module of guidecompare, or an attribute of one."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        module_name = ".".join(parts[:cut])
        try:
            if importlib.util.find_spec(module_name) is None:
                continue
        except ModuleNotFoundError:  # a dotted name below a module that is not a package
            continue
        value: object = importlib.import_module(module_name)
        for name in parts[cut:]:
            if not hasattr(value, name):
                return False
            value = getattr(value, name)
        return True
    return False


def test_every_python_name_the_docs_give_exists() -> None:
    # A module moved by a reorganisation leaves its old dotted name in a doc's command.
    texts = [README, *(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))]
    names = {
        name
        for text in texts
        for name in re.findall(r"\bguidecompare(?:\.[A-Za-z_]\w*)+", text)
        if not name.endswith((".yml", ".yaml"))
    }
    assert names  # the docs do name some
    assert sorted(name for name in names if not _resolves(name)) == []


def test_the_readme_spec_excerpt_is_what_the_spec_says() -> None:
    excerpt = re.search(r"```yaml\n# (specs/\S+) \(excerpt\)\n(.*?)```", README, re.S)
    assert excerpt is not None
    shown = yaml.safe_load(excerpt.group(2))["statements"]
    spec = yaml.safe_load((ROOT / excerpt.group(1)).read_text(encoding="utf-8"))["statements"]
    for statement in shown:
        actual = next(s for s in spec if s["topic"] == statement["topic"])
        assert {key: actual.get(key) for key in statement} == statement
