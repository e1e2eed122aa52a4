"""docs/ci.md and .pre-commit-hooks.yaml: valid for the tools that read them, and they work."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pre_commit.clientlib import load_config, load_manifest

from guidecompare.cli import main

from .conftest import ROOT

CI_DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```yaml\n(.*?)```", CI_DOC, re.S)


def workflow(name: str = "guideline comparisons") -> dict[Any, Any]:
    [block] = [b for b in BLOCKS if b.startswith(f"name: {name}\n")]
    parsed: dict[Any, Any] = yaml.safe_load(block)
    return parsed


def test_pre_commit_hooks_manifest_is_valid() -> None:
    [hook] = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "guidecompare-check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert re.match(hook["files"], "specs/ketamine-crps/rsdsa-2022.yaml")
    assert re.match(hook["files"], "output/ketamine-crps/comparison.pdf")
    assert not re.match(hook["files"], "src/guidecompare/cli.py")


def test_pre_commit_hook_entry_passes_on_this_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    [hook] = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    program, *args = shlex.split(hook["entry"])
    assert program == "guidecompare"
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, [*args, *hook["args"]], prog_name="guidecompare")
    assert result.exit_code == 0, result.output


def test_documented_pre_commit_config_is_valid_and_names_the_hook(tmp_path: Path) -> None:
    [block] = [b for b in BLOCKS if b.startswith("repos:")]
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(block, encoding="utf-8")
    [repo] = load_config(str(config))["repos"]
    [shipped] = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert [hook["id"] for hook in repo["hooks"]] == [shipped["id"]]


def test_documented_workflow_parses_as_a_github_workflow() -> None:
    document = workflow()
    assert document["name"] == "guideline comparisons"
    triggers = document[True]  # YAML 1.1 reads the bare key `on` as true, as GitHub does not
    assert set(triggers) == {"push", "pull_request", "schedule"}
    steps = document["jobs"]["check"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@")
    assert all("run" in step or "uses" in step for step in steps)


def test_documented_workflow_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each guidecompare step of the workflow, run on a copy of this repository's specs and output."""
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    shutil.copytree(ROOT / "output", tmp_path / "output")
    monkeypatch.chdir(tmp_path)
    commands = [
        s["run"]
        for s in workflow()["jobs"]["check"]["steps"]
        if s.get("run", "").startswith("guidecompare ")
    ]
    assert len(commands) == 2
    runner = CliRunner()
    annotate = runner.invoke(
        main, [*shlex.split(commands[0])[1:], "--today", "2026-12-01"], prog_name="guidecompare"
    )
    assert annotate.exit_code == 0, annotate.output
    assert annotate.stdout.startswith("::notice file=specs/ketamine-crps/")
    strict = runner.invoke(
        main, [*shlex.split(commands[1])[1:], "--today", "2026-12-01"], prog_name="guidecompare"
    )
    # The reference acknowledges its currency findings (it reproduces a dated source on
    # purpose): the weekly strict run passes on this repository and shows them as notices.
    assert strict.exit_code == 0, strict.output
    # 3 for the reference comparison, 4 for the statins comparison (each acknowledged).
    assert strict.stdout.count(": notice: ") == 7


def test_documented_pull_request_diff_workflow_writes_the_comment_it_posts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = workflow("guideline comparisons, what changed")
    assert set(document[True]) == {"pull_request"}
    assert document["permissions"] == {"contents": "read", "pull-requests": "write"}
    steps = document["jobs"]["diff"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0  # diff reads the base revision from git
    diff_step = next(s["run"] for s in steps if s.get("run", "").startswith("guidecompare diff"))
    command, _, target = diff_step.partition(" > ")
    comment = steps[-1]["run"]
    assert f"--body-file {target}" in comment and "gh pr comment" in comment
    # The diff step, on this repository, with the commit before HEAD as the base branch.
    arguments = shlex.split(command.replace('"origin/${{ github.base_ref }}"', "HEAD~1"))[1:]
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, arguments, prog_name="guidecompare")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("## Guideline comparisons: changes from `HEAD~1` to `HEAD`\n")
