"""Loading: the real spec, topic aliases, discovery of comparison directories, YAML positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidecompare.errors import SpecError, UsageError
from guidecompare.spec import source as yamlsource
from guidecompare.spec.files import find_comparison_dirs
from guidecompare.spec.load import load
from guidecompare.spec.models import Direction

from .conftest import REAL_SPEC, minimal_comparison, minimal_guideline, write_spec


def test_real_spec_loads_with_both_guidelines_in_order() -> None:
    [loaded] = load([REAL_SPEC])
    assert loaded.spec.id == "ketamine-crps"
    assert [g.id for g in loaded.guidelines] == ["asra-aapm-asa-2018", "rsdsa-2022"]
    assert [t.id for t in loaded.spec.topics] == [
        "efficacy", "dosing", "durability", "side-effects", "oral-route", "coma-therapy",
    ]  # fmt: skip
    assert str(loaded.spec.current_as_of) == "2025-02-20"


def test_real_spec_carries_the_seed_facts() -> None:
    [loaded] = load([REAL_SPEC])
    asra, rsdsa = loaded.guidelines
    graded = [s for s in asra.statements if s.grade]
    assert [(s.topic, s.grade, s.certainty) for s in graded] == [
        (("efficacy",), "B", "low to moderate")
    ]
    assert asra.planned_review == "2023"
    assert asra.doi == "10.1097/AAP.0000000000000808"
    assert rsdsa.doi == "10.1093/pm/pnac046"
    coma = [s for s in rsdsa.statements if "coma-therapy" in s.topic]
    assert [s.stance.direction for s in coma] == [Direction.AGAINST]
    refs = {r.id: r for r in loaded.spec.references}
    assert refs["schwartzman-2009"].doi == "10.1016/j.pain.2009.08.015"
    assert refs["sigtermans-2009"].doi == "10.1016/j.pain.2009.06.023"
    # Every statement says where it comes from: the secondary source, section and paragraph.
    for guideline in loaded.guidelines:
        for statement in guideline.statements:
            assert statement.source.document == "di-response-2025"
            assert statement.source.section and "paragraph" in statement.source.section
            assert statement.source.page is None  # the response gives no pages
    # Where the response reports nothing, the guideline is not extracted, not silent.
    assert asra.silent == () and rsdsa.silent == ()


def test_statement_topics_resolve_through_aliases_and_labels(tmp_path: Path) -> None:
    statements = [
        {
            "topic": name,
            "stance": {"direction": "descriptive"},
            "text": "t",
            "source": {"document": "alpha-2020"},
        }
        for name in ("effectiveness", "Adverse  Effects", "side_effects", "Dosing")
    ]
    spec = write_spec(
        tmp_path / "s",
        minimal_comparison(),
        [minimal_guideline("alpha-2020", statements=statements), minimal_guideline("beta-2021")],
    )
    [loaded] = load([spec])
    assert [s.topic for s in loaded.guidelines[0].statements] == [
        ("efficacy",), ("side-effects",), ("side-effects",), ("dosing",),
    ]  # fmt: skip


def test_a_library_directory_holds_several_comparisons(tmp_path: Path) -> None:
    library = tmp_path / "specs"
    guidelines = [minimal_guideline("alpha-2020"), minimal_guideline("beta-2021")]
    write_spec(library / "b", minimal_comparison(id="second"), guidelines)
    write_spec(library / "a", minimal_comparison(id="first"), guidelines)
    (library / "not-a-comparison").mkdir()
    assert [p.name for p in find_comparison_dirs([library])] == ["a", "b"]
    assert [c.spec.id for c in load([library, library / "a"])] == ["first", "second"]


def test_two_comparisons_with_one_id_are_rejected(tmp_path: Path) -> None:
    library = tmp_path / "specs"
    guidelines = [minimal_guideline("alpha-2020"), minimal_guideline("beta-2021")]
    write_spec(library / "a", minimal_comparison(), guidelines)
    write_spec(library / "b", minimal_comparison(), guidelines)
    with pytest.raises(SpecError) as caught:
        load([library])
    assert "comparison id 'synthetic' is also used by" in str(caught.value)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda root: root / "nope", "no such directory"),
        (lambda root: root, "no comparison.yaml here or in its subdirectories"),
    ],
)
def test_bad_spec_paths_are_usage_errors(tmp_path: Path, make: object, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        find_comparison_dirs([make(tmp_path)])  # type: ignore[operator]


def test_reserved_guideline_id_is_rejected(tmp_path: Path) -> None:
    spec = write_spec(
        tmp_path / "s",
        minimal_comparison(guidelines=["alpha-2020", "verdict"]),
        [minimal_guideline("alpha-2020"), minimal_guideline("verdict")],
    )
    with pytest.raises(SpecError, match="'verdict' cannot be a guideline id"):
        load([spec])


def test_every_column_of_summary_csv_a_guideline_id_could_spell_is_reserved() -> None:
    """summary.csv has a column per guideline id beside its own: an id must never spell one."""
    import re

    from guidecompare.engine import compare
    from guidecompare.render.rows import summary_columns
    from guidecompare.spec.load import RESERVED_COLUMNS
    from guidecompare.spec.types import ID_PATTERN

    from .conftest import REAL_SPEC

    [loaded] = load([REAL_SPEC])
    own = set(summary_columns(compare(loaded))) - set(loaded.spec.guidelines)
    assert {c for c in own if re.fullmatch(ID_PATTERN, c)} == RESERVED_COLUMNS


def test_a_spec_file_over_the_size_limit_is_refused_before_it_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = "x" * yamlsource.MAX_FILE_BYTES
    spec = write_spec(
        tmp_path / "s",
        minimal_comparison(notes=notes),
        [minimal_guideline("alpha-2020"), minimal_guideline("beta-2021")],
    )
    size = (spec / "comparison.yaml").stat().st_size

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("an oversized file must not be parsed")

    monkeypatch.setattr(yamlsource.yaml, "compose", no_parsing)
    with pytest.raises(SpecError) as caught:
        load([spec])
    assert [str(p) for p in caught.value.problems] == [
        f"{(spec / 'comparison.yaml').as_posix()}: is {size:,} bytes, more than the limit of "
        "2,000,000 bytes for a spec file: split the guideline's statements, or shorten long texts"
    ]
    assert caught.value.problems[0].rule == "size-limit"


def test_a_text_over_the_length_limit_is_refused_at_its_position(tmp_path: Path) -> None:
    limit = yamlsource.MAX_TEXT_CHARS
    spec = write_spec(
        tmp_path / "s",
        minimal_comparison(notes="y" * limit),  # at the limit: accepted
        [minimal_guideline("alpha-2020", notes="z" * (limit + 1)), minimal_guideline("beta-2021")],
    )
    with pytest.raises(SpecError) as caught:
        load([spec])
    [problem] = caught.value.problems
    assert problem.rule == "size-limit"
    assert str(problem) == (
        f"{(spec / 'alpha-2020.yaml').as_posix()}:{problem.location.line}:8: notes: text of "
        "100,001 characters is longer than the limit of 100,000: shorten it, or cite the source "
        "instead of copying it"
    )
    line = (spec / "alpha-2020.yaml").read_text().splitlines()[problem.location.line - 1]
    assert line.startswith("notes: zzz")


@pytest.mark.parametrize(
    ("system", "grade", "stance", "message"),
    [
        ("uspstf", "C", "against", "grade 'C' reads as weak-for; it contradicts the stance 'against'"),
        ("uspstf", "I", "against", "grade 'I' reads as neutral; it contradicts the stance 'against'"),
        ("uspstf", "D", "for", "grade 'D' states 'against'; it contradicts the stance 'for'"),
        ("uspstf", "B", "neutral", "grade 'B' reads as weak-for; it contradicts the stance 'neutral'"),
        ("acc-aha", "III: Harm", "for", "grade 'III: Harm' reads as strong-against; it contradicts"),
        ("grade", "strong against", "for", "grade 'strong against' reads as strong-against; it"),
        ("uspstf", "A", "descriptive", "a directed grade needs a stance for, against or neutral"),
        ("uspstf", "I", "neutral", None),
        ("uspstf", "D", "against", None),
        ("grade", "strong", "against", None),  # a bare strength takes the stance's direction
        ("grade", "conditional", "for", None),
        ("grade", "not-extracted", "against", None),
        ("uspstf", "ungraded", "descriptive", None),
    ],
)  # fmt: skip
def test_a_grade_that_states_a_direction_must_agree_with_the_stance(
    tmp_path: Path, system: str, grade: str, stance: str, message: str | None
) -> None:
    statement = {
        "topic": "efficacy",
        "stance": {"direction": stance},
        "grade": grade,
        "text": "t",
        "source": {"document": "alpha-2020"},
    }
    alpha = minimal_guideline(
        "alpha-2020", statements=[statement], grading_system={"name": system, "system": system}
    )
    spec = write_spec(tmp_path / "s", minimal_comparison(), [alpha, minimal_guideline("beta-2021")])
    if message is None:
        load([spec])
        return
    with pytest.raises(SpecError) as raised:
        load([spec])
    [problem] = raised.value.problems
    assert (problem.keys, problem.rule) == (("statements", 0, "grade"), "contradiction")
    assert message in problem.message


@pytest.mark.parametrize("successor", ["beta-2021", "trial-a"])
def test_superseded_by_names_a_compared_guideline_or_a_reference(
    tmp_path: Path, successor: str
) -> None:
    alpha = minimal_guideline("alpha-2020", status="superseded", superseded_by=successor)
    spec = write_spec(tmp_path / "s", minimal_comparison(), [alpha, minimal_guideline("beta-2021")])
    [loaded] = load([spec])
    assert loaded.guidelines[0].superseded_by == successor


@pytest.mark.parametrize(
    ("successor", "message"),
    [
        ("trial-aa", "unknown successor 'trial-aa' (did you mean 'trial-a'?)"),
        ("alpha-2020", "unknown successor 'alpha-2020'"),  # not itself
        ("Beta 2025", "'Beta 2025' is not a valid id"),
    ],
)
def test_superseded_by_anything_else_is_refused(
    tmp_path: Path, successor: str, message: str
) -> None:
    alpha = minimal_guideline("alpha-2020", status="superseded", superseded_by=successor)
    spec = write_spec(tmp_path / "s", minimal_comparison(), [alpha, minimal_guideline("beta-2021")])
    with pytest.raises(SpecError) as raised:
        load([spec])
    [problem] = raised.value.problems
    assert problem.keys == ("superseded_by",)
    assert message in problem.message


def test_a_dose_without_its_unit_is_refused_at_the_dose(tmp_path: Path) -> None:
    statement = {
        "topic": "dosing",
        "stance": {"direction": "descriptive"},
        "regimens": [{"route": "IV", "dose": "75-100"}],
        "text": "t",
        "source": {"document": "alpha-2020"},
    }
    alpha = minimal_guideline("alpha-2020", statements=[statement])
    spec = write_spec(tmp_path / "s", minimal_comparison(), [alpha, minimal_guideline("beta-2021")])
    with pytest.raises(SpecError) as raised:
        load([spec])
    [problem] = raised.value.problems
    assert problem.keys == ("statements", 0, "regimens", 0, "dose")
    assert problem.message == ("dose 75-100 has no unit: add 'unit' to the regimen, e.g. unit: mg")
    assert problem.location.line == 14
