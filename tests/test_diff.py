"""`guidecompare diff`: what changed in meaning between two versions, axis by axis.

A table of cases changes one thing at a time in a synthetic comparison (and several at once: a
text edit does not hide a grade change), then the matching rules, guidelines, topics, the
formats, the command's exit codes, and reading git revisions without a checkout.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from guidecompare.cli import main
from guidecompare.diff.changes import ComparisonChanges, compare_versions
from guidecompare.diff.formats import CSV_COLUMNS, render
from guidecompare.engine import compare
from guidecompare.spec.load import load

from .conftest import REAL_SPEC, minimal_comparison, minimal_guideline, write_spec

Spec = dict[str, Any]


def _base() -> tuple[Spec, list[Spec]]:
    comparison = minimal_comparison()
    alpha = minimal_guideline("alpha-2020")
    alpha["statements"][0].update(
        {
            "certainty": "moderate",
            "quote": "Drug X works in adults.",
            "facets": {"adverse-effects": ["nausea"]},
            "regimens": [{"study": "trial-a", "dose": 5, "unit": "mg", "duration": "4 days"}],
        }
    )
    alpha["grading_system"] = {"name": "USPSTF", "system": "uspstf"}
    return comparison, [alpha, minimal_guideline("beta-2021")]


def _changes(tmp_path: Path, edit: Callable[[Spec, list[Spec]], None]) -> list[ComparisonChanges]:
    comparison, guidelines = _base()
    old = write_spec(tmp_path / "old" / "s", comparison, guidelines)
    comparison, guidelines = copy.deepcopy(comparison), copy.deepcopy(guidelines)
    edit(comparison, guidelines)
    new = write_spec(tmp_path / "new" / "s", comparison, guidelines)
    before = {c.spec.id: compare(c) for c in load([old])}
    after = {c.spec.id: compare(c) for c in load([new])}
    return compare_versions(before, after)


def _statement(guidelines: list[Spec]) -> Spec:
    statement: Spec = guidelines[0]["statements"][0]
    return statement


def _axes(changes: list[ComparisonChanges]) -> dict[str, list[str]]:
    """Each changed item's subject (a statement's without its opening words) with the axes that
    changed."""
    return {
        f"{item.kind} {item.subject.split(': “')[0]} {item.status}": [c.axis for c in item.changes]
        for comparison in changes
        for item in comparison.items
    }


STATEMENT = "statement ALPHA-2020 · Efficacy changed"
CASES: list[tuple[str, Callable[[Spec, list[Spec]], None], list[str]]] = [
    # Beta states no grading system: its grade B does not tie the direction.
    (
        "direction",
        lambda c, g: g[1]["statements"][0]["stance"].update(direction="against"),
        ["direction"],
    ),
    (
        "stance wording",
        lambda c, g: _statement(g)["stance"].update(wording="recommends"),
        ["stance wording"],
    ),
    # USPSTF B and C both read as weak-for: a different native grade, the same strength.
    ("grade", lambda c, g: _statement(g).update(grade="C"), ["grade"]),
    (
        "a grade that changes the strength",
        lambda c, g: _statement(g).update(grade="A"),
        ["grade", "strength (common scale)"],
    ),
    (
        "certainty",
        lambda c, g: _statement(g).update(certainty="low"),
        ["certainty", "certainty (common scale)"],
    ),
    (
        "a facet",
        lambda c, g: _statement(g)["facets"].update({"adverse-effects": ["nausea", "rash"]}),
        ["Adverse effects"],
    ),
    (
        "a regimen's duration",
        lambda c, g: _statement(g)["regimens"][0].update(duration="10 days"),
        ["regimens"],
    ),
    ("evidence", lambda c, g: _statement(g).update(evidence=["trial-b"]), ["evidence"]),
    ("text", lambda c, g: _statement(g).update(text="Drug X works well."), ["text"]),
    ("quote", lambda c, g: _statement(g).update(quote="Drug X works."), ["quote"]),
    ("note", lambda c, g: _statement(g).update(note="Read twice."), ["note"]),
    ("source", lambda c, g: _statement(g)["source"].update(page="3"), ["source"]),
    (
        "a text edit and a grade change at once: both are told",
        lambda c, g: _statement(g).update(text="Drug X works, in short.", grade="A"),
        ["grade", "strength (common scale)", "text"],
    ),
]


@pytest.mark.parametrize(("name", "edit", "axes"), CASES, ids=[c[0] for c in CASES])
def test_each_axis_of_a_statement_is_told_on_its_own(
    name: str, edit: Callable[[Spec, list[Spec]], None], axes: list[str], tmp_path: Path
) -> None:
    changed = _axes(_changes(tmp_path, edit))
    subject = STATEMENT.replace("ALPHA-2020", "BETA-2021") if name == "direction" else STATEMENT
    assert changed.pop(subject) == axes
    # Only topics follow (their verdict, coverage or rationale may change with the statement).
    assert all(key.startswith("topic ") for key in changed), changed


def test_a_change_of_direction_tells_the_topic_s_verdict_before_and_after(tmp_path: Path) -> None:
    [changes] = _changes(
        tmp_path, lambda c, g: g[1]["statements"][0]["stance"].update(direction="against")
    )
    topic = next(i for i in changes.items if i.kind == "topic")
    verdict = next(c for c in topic.changes if c.axis == "verdict")
    assert (verdict.before, verdict.after) == ("agree", "conflict")
    rationale = next(c for c in topic.changes if c.axis == "rationale")
    assert rationale.before.startswith("Both are for") and "against" in rationale.after


def test_nothing_changed_is_no_change(tmp_path: Path) -> None:
    [changes] = _changes(tmp_path, lambda c, g: None)
    assert changes.status == "unchanged" and changes.items == ()


def test_statements_are_matched_by_id_whatever_their_order(tmp_path: Path) -> None:
    def two(ids: bool) -> Callable[[Spec, list[Spec]], None]:
        def edit(c: Spec, g: list[Spec]) -> None:
            first = _statement(g)
            second = {**copy.deepcopy(first), "text": "Drug X also works."}
            if ids:
                first["id"], second["id"] = "one", "two"
            g[0]["statements"] = [second, first]  # the new version lists them the other way

        return edit

    # Without ids, the most alike are paired: the unchanged statement with itself, wherever
    # it stands, and the new one is added (not the old one "changed" into it).
    assert _axes(_changes(tmp_path / "a", two(ids=False))) == {
        "statement ALPHA-2020 · Efficacy added": [],
    }

    comparison, guidelines = _base()
    first = guidelines[0]["statements"][0]
    first["id"] = "one"
    second = {**copy.deepcopy(first), "id": "two", "text": "Drug X also works."}
    guidelines[0]["statements"] = [first, second]
    old = write_spec(tmp_path / "old" / "s", comparison, guidelines)
    guidelines[0]["statements"] = [second, first]
    new = write_spec(tmp_path / "new" / "s", comparison, guidelines)
    [changes] = compare_versions(
        {c.spec.id: compare(c) for c in load([old])}, {c.spec.id: compare(c) for c in load([new])}
    )
    assert changes.status == "unchanged"


def test_a_population_change_is_an_axis_when_the_statement_has_an_id(tmp_path: Path) -> None:
    def change(with_id: bool) -> Callable[[Spec, list[Spec]], None]:
        return lambda c, g: _statement(g).update(population="adults 65+")

    # Without an id the population is part of what matches a statement: one goes, one comes.
    statuses = {
        k for k in _axes(_changes(tmp_path / "a", change(False))) if k.startswith("statement")
    }
    assert statuses == {
        "statement ALPHA-2020 · Efficacy removed",
        "statement ALPHA-2020 · Efficacy added",
    }
    comparison, guidelines = _base()
    _statement(guidelines)["id"] = "alpha-efficacy"
    old = write_spec(tmp_path / "b" / "old" / "s", comparison, guidelines)
    _statement(guidelines)["population"] = "adults 65+"
    new = write_spec(tmp_path / "b" / "new" / "s", comparison, guidelines)
    [changes] = compare_versions(
        {c.spec.id: compare(c) for c in load([old])}, {c.spec.id: compare(c) for c in load([new])}
    )
    [statement] = [i for i in changes.items if i.kind == "statement"]
    assert statement.key == "alpha-efficacy"
    assert [(c.axis, c.before, c.after) for c in statement.changes] == [
        ("population", "", "adults 65+")
    ]


def test_a_statement_whose_id_changed_is_one_removed_and_one_added(tmp_path: Path) -> None:
    comparison, guidelines = _base()
    _statement(guidelines)["id"] = "old-name"
    old = write_spec(tmp_path / "old" / "s", comparison, guidelines)
    _statement(guidelines)["id"] = "new-name"
    new = write_spec(tmp_path / "new" / "s", comparison, guidelines)
    [changes] = compare_versions(
        {c.spec.id: compare(c) for c in load([old])}, {c.spec.id: compare(c) for c in load([new])}
    )
    statuses = {(i.key, i.status) for i in changes.items if i.kind == "statement"}
    assert statuses == {("old-name", "removed"), ("new-name", "added")}


def test_a_superseded_guideline_tells_its_status_and_successor(tmp_path: Path) -> None:
    def supersede(c: Spec, g: list[Spec]) -> None:
        g[1].update(status="superseded", superseded_by="alpha-2020")

    changed = _axes(_changes(tmp_path, supersede))
    assert changed["guideline BETA-2021 changed"] == ["status", "superseded by"]


def test_guideline_dates_and_planned_review(tmp_path: Path) -> None:
    def redate(c: Spec, g: list[Spec]) -> None:
        g[0].update(year=2021, published="2021-03-01", planned_review="2026")

    assert _axes(_changes(tmp_path, redate))["guideline ALPHA-2020 changed"] == [
        "year",
        "published",
        "planned review",
    ]


def test_guidelines_and_topics_added_and_removed(tmp_path: Path) -> None:
    def edit(c: Spec, g: list[Spec]) -> None:
        c["topics"] = [t for t in c["topics"] if t["id"] != "dosing"]
        c["topics"].append({"id": "monitoring", "label": "Monitoring"})
        c["guidelines"] = ["alpha-2020", "gamma-2022"]
        g[1] = minimal_guideline("gamma-2022")

    changed = _axes(_changes(tmp_path, edit))
    assert "guideline BETA-2021 removed" in changed
    assert "guideline GAMMA-2022 added" in changed
    assert "topic Dosing removed" in changed and "topic Monitoring added" in changed
    question = minimal_comparison()["question"]
    assert changed[f"comparison {question} changed"] == ["guidelines compared"]


# ---------------------------------------------------------------------------------------------
# Formats


@pytest.fixture
def grade_change(tmp_path: Path) -> list[ComparisonChanges]:
    return _changes(tmp_path, lambda c, g: _statement(g).update(grade="C", text="Edited | text"))


def test_the_text_format_is_one_line_per_axis(grade_change: list[ComparisonChanges]) -> None:
    text = render(grade_change, "text", "old", "new")
    assert text.splitlines()[0] == "Changes from old to new"
    # A statement is named by its guideline, topic and (with no id) its opening words.
    assert "  Statement ALPHA-2020 · Efficacy: “Edited | text”: changed" in text
    assert "    grade: B -> C" in text
    assert "    text: Drug X works. -> Edited | text" in text


def test_the_markdown_format_is_a_table_with_pipes_escaped(
    grade_change: list[ComparisonChanges],
) -> None:
    markdown = render(grade_change, "markdown", "v1", "v2")
    assert markdown.startswith("## Guideline comparisons: changes from `v1` to `v2`\n")
    assert "| What | Change | Before | After |" in markdown
    what = "Statement ALPHA-2020 · Efficacy: “Edited \\| text”"
    assert f"| {what} | grade | B | C |" in markdown
    assert f"| {what} | text | Drug X works. | Edited \\| text |" in markdown


def test_the_json_format_has_the_documented_shape(grade_change: list[ComparisonChanges]) -> None:
    document = json.loads(render(grade_change, "json", "old", "new"))
    assert set(document) == {"old", "new", "changed", "comparisons"}
    assert document["changed"] is True
    [comparison] = document["comparisons"]
    assert set(comparison) == {"id", "title", "status", "changes"}
    statement = next(c for c in comparison["changes"] if c["kind"] == "statement")
    assert set(statement) == {"kind", "key", "subject", "status", "axes"}
    assert {"axis": "grade", "before": "B", "after": "C"} in statement["axes"]


def test_the_csv_format_is_a_row_per_change(grade_change: list[ComparisonChanges]) -> None:
    rows = list(csv.DictReader(io.StringIO(render(grade_change, "csv", "old", "new"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    grade = next(r for r in rows if r["axis"] == "grade")
    assert (grade["kind"], grade["before"], grade["after"]) == ("statement", "B", "C")


def test_csv_cells_are_never_formulas(tmp_path: Path) -> None:
    changes = _changes(tmp_path, lambda c, g: _statement(g).update(text="=HYPERLINK(1)"))
    rows = list(csv.DictReader(io.StringIO(render(changes, "csv", "a", "b"))))
    assert next(r for r in rows if r["axis"] == "text")["after"] == "'=HYPERLINK(1)"


# ---------------------------------------------------------------------------------------------
# The command


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["diff", *args], prog_name="guidecompare")


def test_two_directories_and_the_exit_codes(tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(REAL_SPEC, old / REAL_SPEC.name)
    new = tmp_path / "new"
    shutil.copytree(REAL_SPEC, new / REAL_SPEC.name)
    same = run(str(old), str(new), "--exit-code")
    assert same.exit_code == 0 and "No clinical change." in same.output
    rsdsa = new / REAL_SPEC.name / "rsdsa-2022.yaml"
    rsdsa.write_text(
        rsdsa.read_text(encoding="utf-8").replace("direction: against", "direction: neutral"),
        encoding="utf-8",
    )
    changed = run(str(old), str(new), "--exit-code")
    assert changed.exit_code == 1
    assert "    direction: against -> neutral" in changed.output
    assert run(str(old), str(new)).exit_code == 0  # without --exit-code, a diff is no failure


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("only-one-directory-that-is-missing",), "not a directory here, nor a git revision"),
        ((), "give two spec directories"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    args: tuple[str, ...], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_invalid_specs_on_a_side_exit_2_and_say_which_side(tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(REAL_SPEC, old / REAL_SPEC.name)
    new = tmp_path / "new"
    shutil.copytree(REAL_SPEC, new / REAL_SPEC.name)
    (new / REAL_SPEC.name / "rsdsa-2022.yaml").write_text("id: [\n", encoding="utf-8")
    result = run(str(old), str(new))
    assert result.exit_code == 2
    assert (
        result.output.splitlines()[-1] == f"the specs of {new} are not valid: nothing to compare."
    )


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.email=t@example.org", "-c", "user.name=T", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _repository(tmp_path: Path) -> Path:
    """A git repository holding the reference comparison under specs/, committed once."""
    repo = tmp_path / "repo"
    shutil.copytree(REAL_SPEC, repo / "specs" / REAL_SPEC.name)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "first")
    return repo


def test_git_revisions_are_read_without_a_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repository(tmp_path)
    rsdsa = repo / "specs" / REAL_SPEC.name / "rsdsa-2022.yaml"
    rsdsa.write_text(
        rsdsa.read_text(encoding="utf-8").replace("direction: against", "direction: neutral"),
        encoding="utf-8",
    )
    monkeypatch.chdir(repo)
    # One revision: compared with the work tree.
    result = run("HEAD", "--exit-code")
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[0] == "Changes from HEAD to the work tree"
    assert "    direction: against -> neutral" in result.output
    _git(repo, "commit", "-q", "-am", "second")
    # Two revisions and a path; the work tree is left as it is.
    result = run("HEAD~1", "HEAD", f"specs/{REAL_SPEC.name}", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)["changed"] is True
    assert _git(repo, "status", "--porcelain") == ""
    same = run("HEAD", "HEAD", "--exit-code")
    assert same.exit_code == 0 and "No clinical change." in same.output
    # A revision whose specs are not valid: each problem named at REVISION:path, then the side.
    rsdsa.write_text("id: [\n", encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "broken")
    broken = run("HEAD~1", "HEAD")
    assert broken.exit_code == 2
    assert broken.output.startswith(f"HEAD:specs/{REAL_SPEC.name}/rsdsa-2022.yaml:")
    assert broken.output.splitlines()[-1] == "the specs of HEAD are not valid: nothing to compare."
    unknown = run("no-such-tag")
    assert unknown.exit_code == 2
    assert "no-such-tag: not a directory here, nor a git revision" in unknown.output


def test_a_statement_filed_under_one_more_topic_is_the_same_statement(tmp_path: Path) -> None:
    changes = _changes(tmp_path, lambda c, g: _statement(g).update(topic=["efficacy", "dosing"]))
    assert _axes(changes)["statement ALPHA-2020 · Efficacy, Dosing changed"] == ["topics"]


def test_the_examples_in_docs_diff_are_what_the_command_prints(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each example block starting with `$ guidecompare diff …` is that command's real output,
    on this repository's own history."""
    root = REAL_SPEC.parent.parent
    documented = (root / "docs" / "diff.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```[a-z]*\n(\$ guidecompare diff [^\n]*)\n(.*?)```", documented, re.S)
    assert len(blocks) >= 4  # text, markdown, json, csv
    monkeypatch.chdir(root)
    for command, output in blocks:
        result = run(*command.split()[3:])
        assert result.exit_code == 0, result.output
        shown = result.output.replace("\r\n", "\n") if "--format csv" in command else result.output
        assert shown == output, command


# ---------------------------------------------------------------------------------------------
# check: what a stale output changed in meaning


def _outputs(spec: Path) -> dict[str, bytes]:
    from guidecompare.pipeline.build import outputs_of

    [loaded] = load([spec])
    return outputs_of(loaded)


def test_a_stale_output_says_what_changed_in_meaning(tmp_path: Path) -> None:
    from guidecompare.diff.outputs import meaning_changes

    spec = tmp_path / REAL_SPEC.name
    shutil.copytree(REAL_SPEC, spec)
    committed = _outputs(spec)
    rsdsa = spec / "rsdsa-2022.yaml"
    text = rsdsa.read_text(encoding="utf-8")
    rsdsa.write_text(text.replace("direction: against", "direction: neutral"), encoding="utf-8")
    assert meaning_changes(committed, _outputs(spec)) == (
        "rsdsa-2022 coma-therapy: stance against -> neutral; coma-therapy: rationale changed"
    )
    # Only the PDF differs: presentation only when the specs are the same, else the specs
    # changed in what only the PDF shows. No committed CSV, or no CSV at all: nothing to say.
    rendered = {**committed, "comparison.pdf": b"other bytes"}
    assert meaning_changes(committed, rendered, specs_unchanged=True) == "presentation only"
    assert meaning_changes(committed, rendered) == (
        "the specs changed, not their statements or verdicts"
    )
    assert meaning_changes({"comparison.pdf": b""}, rendered) is None
    garbage = {**committed, "summary.csv": b'"unterminated\n' + b"x" * 200_000}
    assert meaning_changes(garbage, rendered) is None


def test_check_names_the_change_in_meaning_of_a_stale_output(tmp_path: Path) -> None:
    from guidecompare.pipeline.check import CheckOptions, check

    specs = tmp_path / "specs"
    shutil.copytree(REAL_SPEC, specs / REAL_SPEC.name)
    out = tmp_path / "output"
    shutil.copytree(REAL_SPEC.parent.parent / "output" / REAL_SPEC.name, out / REAL_SPEC.name)
    rsdsa = specs / REAL_SPEC.name / "rsdsa-2022.yaml"
    text = rsdsa.read_text(encoding="utf-8")
    rsdsa.write_text(text.replace("direction: against", "direction: neutral"), encoding="utf-8")
    findings = check([specs], out, CheckOptions(today=date(2025, 2, 20), full=True))
    stale = {f.location.path.name: f.message for f in findings if f.rule == "output-stale"}
    assert "comparison.csv" in stale and "comparison.pdf" in stale
    assert (
        "(in meaning: rsdsa-2022 coma-therapy: stance against -> neutral;" in stale["summary.csv"]
    )


# ---------------------------------------------------------------------------------------------
# Editions: a superseded guideline against its successor, in one comparison


def test_editions_tell_what_the_successor_changed(tmp_path: Path) -> None:
    from guidecompare.diff.changes import editions

    comparison, guidelines = _base()
    old, new = guidelines
    old.pop("grading_system")
    old.update(status="superseded", superseded_by="beta-2021")
    old["statements"][0].update(population="adults 40-75", grade="A")
    new["statements"][0].update(population="adults 18-75", grade="B", text="Drug X works.")
    spec = write_spec(tmp_path / "s", comparison, [old, new])
    [changes] = editions({c.spec.id: compare(c) for c in load([spec])})
    kinds = {
        (i.kind, i.subject.split(": “")[0]): [(c.axis, c.before, c.after) for c in i.changes]
        for i in changes.items
    }
    # The recommendation widened to new people is one statement, its population changed.
    statement = kinds["statement", "BETA-2021 · Efficacy"]
    assert ("population", "adults 40-75", "adults 18-75") in statement
    assert ("grade", "A", "B") in statement
    assert kinds["guideline", "ALPHA-2020 → BETA-2021"][0][0] == "title"


def test_editions_of_the_statins_comparison_from_the_command() -> None:
    specs = REAL_SPEC.parent
    result = run("--editions", str(specs / "statins-primary-prevention"), "--exit-code")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "Changes from each superseded guideline to its successor"
    # Its year, date and DOI differ as in every new edition: not told. Its statements are.
    assert not any(line.startswith("  Guideline USPSTF 2016") for line in lines)
    assert "    certainty: (none) -> moderate" in lines
    # The 2022 statement no longer names a statin intensity.
    assert (
        "    Statin intensity (as the guideline names it): low- to moderate-dose -> (none)" in lines
    )
    no_successor = run("--editions", str(REAL_SPEC), "--exit-code")
    assert no_successor.exit_code == 0
    assert no_successor.output == "No guideline here is compared beside its successor.\n"


def test_a_population_added_to_a_guideline_changes_no_statement_s_identity(tmp_path: Path) -> None:
    changed = _axes(_changes(tmp_path, lambda c, g: g[1].update(population="adults")))
    assert changed == {"guideline BETA-2021 changed": ["population"]}


def test_a_statement_inserted_first_does_not_make_the_others_read_as_changed(
    tmp_path: Path,
) -> None:
    def insert(c: Spec, g: list[Spec]) -> None:
        inserted = {**copy.deepcopy(g[1]["statements"][0]), "text": "Drug X harms."}
        inserted["stance"] = {"direction": "against"}
        g[1]["statements"].insert(0, inserted)

    changed = _axes(_changes(tmp_path, insert))
    assert [k for k in changed if k.startswith("statement")] == [
        "statement BETA-2021 · Efficacy added"
    ]


def test_a_line_break_in_spec_text_stays_on_its_line(tmp_path: Path) -> None:
    changes = _changes(
        tmp_path, lambda c, g: _statement(g).update(note="one\nStatement X: removed")
    )
    for fmt in ("text", "markdown"):
        lines = render(changes, fmt, "a", "b").splitlines()
        assert not any(line.startswith("Statement X") for line in lines)
        assert any("one\\nStatement X: removed" in line for line in lines), fmt


SPECS_ONLY_WORDS = "(the specs changed, not their statements or verdicts)"


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        # The guideline's own words for its stance: in the CSV, so in meaning.
        ("wording: not recommended", "wording: not advised", "stance_wording changed"),
        # The conclusion is in the PDF only: the specs changed, not statements or verdicts.
        ("further research is needed", "more research is needed", SPECS_ONLY_WORDS),
    ],
)
def test_check_tells_a_wording_change_from_a_conclusion_change(
    old: str, new: str, said: str, tmp_path: Path
) -> None:
    from guidecompare.pipeline.check import CheckOptions, check

    specs = tmp_path / "specs"
    shutil.copytree(REAL_SPEC, specs / REAL_SPEC.name)
    out = tmp_path / "output"
    shutil.copytree(REAL_SPEC.parent.parent / "output" / REAL_SPEC.name, out / REAL_SPEC.name)
    edited = 0
    for path in (specs / REAL_SPEC.name).glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if old in text:
            path.write_text(text.replace(old, new), encoding="utf-8")
            edited += 1
    assert edited == 1
    findings = check([specs], out, CheckOptions(today=date(2025, 2, 20), full=True))
    [pdf] = [f.message for f in findings if f.location.path.name == "comparison.pdf"]
    assert said in pdf
    assert "presentation only" not in pdf


def test_git_sides_from_a_subdirectory_and_a_comparison_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repository(tmp_path)
    (repo / "docs").mkdir()  # a directory git does not track: the command runs from it
    # From a subdirectory, the default is the repository's specs/.
    monkeypatch.chdir(repo / "docs")
    same = run("HEAD", "--exit-code")
    assert same.exit_code == 0, same.output
    # A comparison the work tree no longer holds is removed, by its path or by default.
    shutil.rmtree(repo / "specs" / REAL_SPEC.name)
    for args in (("HEAD", f"../specs/{REAL_SPEC.name}"), ("HEAD",)):
        gone = run(*args, "--exit-code")
        assert gone.exit_code == 1, gone.output
        assert (
            f"{REAL_SPEC.name} (Ketamine for complex regional pain syndrome): removed"
            in gone.output
        )
    nowhere = run("HEAD", "../specs/never-there")
    assert nowhere.exit_code == 2
    assert "no comparison here in HEAD nor in the work tree" in nowhere.output


def test_a_long_value_shows_the_words_that_changed() -> None:
    from guidecompare.engine.words import changed_words

    common = " ".join(f"w{i}" for i in range(40))
    before, after = changed_words(f"{common} old words {common}", f"{common} new {common}")
    assert before == "… w36 w37 w38 w39 old words w0 w1 w2 w3 …"
    assert after == "… w36 w37 w38 w39 new w0 w1 w2 w3 …"
    assert changed_words("short", "also short") == ("short", "also short")


# ---------------------------------------------------------------------------------------------
# The PDF's "Changes since …" section


def _pdf_text(path: Path) -> str:
    import pypdf

    reader = pypdf.PdfReader(path)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_build_since_a_revision_adds_the_changes_to_the_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repository(tmp_path)
    monkeypatch.chdir(repo)
    spec = f"specs/{REAL_SPEC.name}"
    build = CliRunner().invoke(main, ["build", spec, "--since", "HEAD", "--out", "same"])
    assert build.exit_code == 0, build.output
    pdf = repo / "same" / REAL_SPEC.name / "comparison.pdf"
    # The revision is named with its commit and date: "HEAD" alone would say nothing later.
    shown = _pdf_text(pdf)
    label = re.search(
        r"Changes since (HEAD \(the comparison as of commit [0-9a-f]{7}, \w+ \d+, \d{4}\))", shown
    )
    assert label is not None
    assert f"Nothing has changed in meaning since {label.group(1)}." in shown
    rsdsa = repo / spec / "rsdsa-2022.yaml"
    text = rsdsa.read_text(encoding="utf-8")
    rsdsa.write_text(text.replace("direction: against", "direction: neutral"), encoding="utf-8")
    for out in ("one", "two"):
        built = CliRunner().invoke(main, ["build", spec, "--since", "HEAD", "--out", out])
        assert built.exit_code == 0, built.output
    first = (repo / "one" / REAL_SPEC.name / "comparison.pdf").read_bytes()
    assert first == (repo / "two" / REAL_SPEC.name / "comparison.pdf").read_bytes()
    shown = _pdf_text(repo / "one" / REAL_SPEC.name / "comparison.pdf")
    assert ") What Change Before After Statement RSDSA 2022 · Coma" in shown
    assert "direction against neutral" in shown


def test_a_baseline_in_the_comparison_is_kept_and_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repository(tmp_path)
    _git(repo, "tag", "v1")
    comparison = repo / "specs" / REAL_SPEC.name / "comparison.yaml"
    comparison.write_text(comparison.read_text(encoding="utf-8") + "baseline: v1\n", "utf-8")
    monkeypatch.chdir(repo)
    assert CliRunner().invoke(main, ["build", "specs"]).exit_code == 0
    assert "Changes since v1" in _pdf_text(repo / "output" / REAL_SPEC.name / "comparison.pdf")
    checked = CliRunner().invoke(main, ["check", "specs", "--full", "--today", "2025-02-20"])
    assert checked.exit_code == 0, checked.output
    # Without a baseline, the PDF has no such section (the reference's own PDF has none).
    committed = REAL_SPEC.parent.parent / "output" / REAL_SPEC.name / "comparison.pdf"
    assert "Changes since" not in _pdf_text(committed)


def test_a_build_resolves_the_comparison_s_baseline_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Validation resolves `baseline:` and rendering uses that commit: resolving it again could
    meet a ref that moved in between (and costs git processes)."""
    from guidecompare.diff import baseline

    repo = _repository(tmp_path)
    _git(repo, "tag", "v1")
    comparison = repo / "specs" / REAL_SPEC.name / "comparison.yaml"
    comparison.write_text(comparison.read_text(encoding="utf-8") + "baseline: v1\n", "utf-8")
    monkeypatch.chdir(repo)
    calls: list[str] = []
    resolve = baseline.resolve

    def counted(revision: str, directory: Path) -> baseline.Resolved:
        calls.append(revision)
        return resolve(revision, directory)

    monkeypatch.setattr(baseline, "resolve", counted)
    assert CliRunner().invoke(main, ["build", "specs", "--force"]).exit_code == 0
    assert calls == ["v1"]
    assert "Changes since v1" in _pdf_text(repo / "output" / REAL_SPEC.name / "comparison.pdf")


def test_the_pdf_of_a_comparison_with_a_successor_tells_what_the_new_edition_changed() -> None:
    output = REAL_SPEC.parent.parent / "output"
    statins = _pdf_text(output / "statins-primary-prevention" / "comparison.pdf")
    section = statins[statins.index("What the new editions changed") :]
    assert "Statement USPSTF 2022 · Statin at the guideline's high-risk threshold" in section
    assert "certainty — moderate" in section  # stated by the 2022 edition only
    assert "What the new editions changed" not in _pdf_text(
        output / REAL_SPEC.name / "comparison.pdf"
    )


def test_a_baseline_on_a_moving_ref_stays_current_after_the_outputs_are_committed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the outputs depend on is the comparison's tree at the baseline, not the commit a
    # ref names: committing the outputs moves HEAD and changes nothing they say.
    repo = _repository(tmp_path)
    comparison = repo / "specs" / REAL_SPEC.name / "comparison.yaml"
    comparison.write_text(comparison.read_text(encoding="utf-8") + "baseline: HEAD\n", "utf-8")
    _git(repo, "commit", "-q", "-am", "a baseline")
    monkeypatch.chdir(repo)
    assert CliRunner().invoke(main, ["build", "specs"]).exit_code == 0
    _git(repo, "add", "output")
    _git(repo, "commit", "-q", "-m", "outputs")
    checked = CliRunner().invoke(main, ["check", "specs", "--full", "--today", "2025-02-20"])
    assert checked.exit_code == 0, checked.output


def test_a_baseline_this_clone_cannot_read_is_a_finding_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repository(tmp_path)
    monkeypatch.chdir(repo)
    assert CliRunner().invoke(main, ["build", "specs"]).exit_code == 0
    comparison = repo / "specs" / REAL_SPEC.name / "comparison.yaml"
    comparison.write_text(comparison.read_text(encoding="utf-8") + "baseline: v9\n", "utf-8")
    checked = CliRunner().invoke(main, ["check", "specs", "--today", "2025-02-20"])
    assert checked.exit_code == 1
    [line] = [x for x in checked.output.splitlines() if "[baseline-unreadable]" in x]
    assert line.startswith(f"specs/{REAL_SPEC.name}/comparison.yaml:")
    assert "baseline v9: no such git revision here" in line
    built = CliRunner().invoke(main, ["build", "specs", "--out", "elsewhere"])
    assert built.exit_code == 1
    assert "baseline v9: no such git revision here" in built.output
    assert not (repo / "elsewhere").exists()


def test_since_needs_another_output_directory_and_a_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repository(tmp_path)
    monkeypatch.chdir(repo)
    into_output = CliRunner().invoke(main, ["build", "specs", "--since", "HEAD"])
    assert into_output.exit_code == 2
    assert "give it --out DIR outside output/" in into_output.output
    unknown = CliRunner().invoke(main, ["build", "specs", "--since", "v9", "--out", "copy"])
    assert unknown.exit_code == 2
    assert "baseline v9: no such git revision here" in unknown.output


def test_invalid_specs_at_the_baseline_are_reported_from_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repository(tmp_path)
    shutil.copytree(
        REAL_SPEC.parent / "statins-primary-prevention",
        repo / "specs" / "statins-primary-prevention",
    )
    rsdsa = repo / "specs" / REAL_SPEC.name / "rsdsa-2022.yaml"
    good = rsdsa.read_text(encoding="utf-8")
    rsdsa.write_text("id: [\n", encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "broken")
    rsdsa.write_text(good, encoding="utf-8")
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(
        main, ["build", "specs", "--since", "HEAD", "-j", "2", "--out", "c"]
    )
    assert result.exit_code == 2, result.output
    assert f"HEAD:specs/{REAL_SPEC.name}/rsdsa-2022.yaml:" in result.output
    assert "internal error" not in result.output


def test_a_change_of_spacing_alone_says_so() -> None:
    from guidecompare.engine.words import changed_words

    long = " ".join(f"w{i}" for i in range(60))
    assert changed_words(long, long.replace(" ", "  ", 3)) == ("(spacing only)", "(spacing only)")
