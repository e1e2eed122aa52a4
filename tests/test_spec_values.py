"""The short forms a spec may write a value in: doses, populations, topic lists, equivalents.

Each form is parsed by the models and described by the JSON Schema; both must agree.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pydantic
import pytest

from guidecompare.engine import Addressed, compare
from guidecompare.errors import Problem, SpecError
from guidecompare.spec.load import load
from guidecompare.spec.models import Dose, GuidelineSpec, Regimen, Source
from guidecompare.spec.schema import schema_text
from guidecompare.spec.source import read_yaml

from .conftest import ROOT, minimal_comparison, minimal_guideline, write_spec

# (as written in YAML, low, high, low_inclusive, high_inclusive, canonical text)
DOSES: list[tuple[Any, str | None, str | None, bool, bool, str]] = [
    (75, "75", "75", True, True, "75"),
    (0.35, "0.35", "0.35", True, True, "0.35"),
    (100.0, "100", "100", True, True, "100"),
    (0, "0", "0", True, True, "0"),
    (1_000_000, "1000000", "1000000", True, True, "1000000"),
    ("75", "75", "75", True, True, "75"),
    ("75-100", "75", "100", True, True, "75-100"),
    ("75 - 100", "75", "100", True, True, "75-100"),
    ("75\u2013100", "75", "100", True, True, "75-100"),  # an en dash
    ("75 \u2013 100", "75", "100", True, True, "75-100"),
    ("0.5-1.50", "0.5", "1.50", True, True, "0.5-1.5"),
    (">=90", "90", None, True, True, ">=90"),
    ("\u226590", "90", None, True, True, ">=90"),  # ≥
    ("> 90", "90", None, False, True, ">90"),
    ("<50", None, "50", True, False, "<50"),
    ("<=50", None, "50", True, True, "<=50"),
    ("\u226450", None, "50", True, True, "<=50"),  # ≤
    ({"low": 75, "high": 100}, "75", "100", True, True, "75-100"),
    ({"low": 75}, "75", None, True, True, ">=75"),
    ({"high": 100, "high_inclusive": False}, None, "100", True, False, "<100"),
    ({"low": 75, "low_inclusive": False}, "75", None, False, True, ">75"),
    ({"low": 5, "high": 5}, "5", "5", True, True, "5"),
    (
        {"low": 75, "high": 100, "low_inclusive": False},
        "75",
        "100",
        False,
        True,
        ">75 and <=100",
    ),
]

# Values both the validator and the JSON Schema refuse.
BAD_DOSES: list[Any] = [
    "about 75",
    "75 mg",
    "1e3",
    "75-",
    "-5",
    ">=",
    "=>90",
    "75-100-125",
    "1000001",
    "",
    -1,
    -0.5,
    1_000_001,
    1e99,
    True,
    [75],
    {},
    {"low": "75"},
    {"low": True},
    {"low": -1},
    {"high": 1_000_001},
    {"lo": 5},
    {"low": 5, "low_inclusive": "no"},
]

# Refused by the validator only: JSON Schema cannot compare two numbers of one value. Listed so
# that a change which makes the schema refuse them (or the validator accept them) is noticed.
ORDER_ONLY: list[Any] = ["100-75", {"low": 100, "high": 75}]


@pytest.mark.parametrize(("written", "low", "high", "low_inc", "high_inc", "text"), DOSES)
def test_every_dose_form_is_read(
    written: Any, low: str | None, high: str | None, low_inc: bool, high_inc: bool, text: str
) -> None:
    dose = Regimen(dose=written, unit="mg").dose
    assert dose is not None
    assert (dose.low, dose.high) == (
        Decimal(low) if low is not None else None,
        Decimal(high) if high is not None else None,
    )
    assert (dose.low_inclusive, dose.high_inclusive) == (low_inc, high_inc)
    assert str(dose) == text


@pytest.mark.parametrize("written", [*BAD_DOSES, *ORDER_ONLY], ids=repr)
def test_anything_else_is_not_a_dose(written: Any) -> None:
    with pytest.raises(pydantic.ValidationError):
        Regimen(dose=written, unit="mg")


def test_a_dose_that_is_no_form_says_which_forms_there_are() -> None:
    with pytest.raises(pydantic.ValidationError) as raised:
        Regimen(dose="about 75", unit="mg")
    assert raised.value.errors()[0]["msg"] == (
        "Value error, not a dose 'about 75': write a dose as a number (75), a range (75-100, "
        "or {low: 75, high: 100}) or a threshold (>=90, <50); put its unit in 'unit'"
    )


def _dose_schema() -> jsonschema.protocols.Validator:
    """A validator for one regimen's `dose`, taken from the shipped guideline schema."""
    schema = json.loads(schema_text("guideline"))
    dose = {"$defs": schema["$defs"], **schema["$defs"]["Regimen"]["properties"]["dose"]}
    validator_class = jsonschema.validators.validator_for(schema)
    return validator_class(dose)


@pytest.mark.parametrize(
    ("written", "accepted"),
    [(d[0], True) for d in DOSES] + [(bad, False) for bad in BAD_DOSES],
    ids=repr,
)
def test_the_json_schema_and_the_validator_agree_on_doses(written: Any, accepted: bool) -> None:
    try:
        Regimen(dose=written, unit="mg")
        validated = True
    except pydantic.ValidationError:
        validated = False
    assert validated is accepted
    assert _dose_schema().is_valid(written) is accepted


@pytest.mark.parametrize("written", ORDER_ONLY, ids=repr)
def test_a_reversed_range_is_refused_by_the_validator_only(written: Any) -> None:
    with pytest.raises(pydantic.ValidationError):
        Regimen(dose=written, unit="mg")
    assert _dose_schema().is_valid(written)


def test_dose_is_built_directly_with_the_same_rules() -> None:
    assert str(Dose(low=Decimal("22"), high=Decimal("22"))) == "22"
    with pytest.raises(pydantic.ValidationError):
        Dose()
    with pytest.raises(pydantic.ValidationError):
        Dose(low=Decimal(3), high=Decimal(2))


# (as written, text, age_min, age_max, shown)
POPULATIONS: list[tuple[Any, str | None, int | None, int | None, str]] = [
    ("adults with CRPS", "adults with CRPS", None, None, "adults with CRPS"),
    ({"text": "adults"}, "adults", None, None, "adults"),
    (
        {"text": "10-year risk >= 10%", "age_min": 40, "age_max": 75},
        "10-year risk >= 10%",
        40,
        75,
        "10-year risk >= 10%; 40-75 years",
    ),
    ({"age_min": 18}, None, 18, None, "18 years and older"),
    ({"age_max": 12}, None, None, 12, "up to 12 years"),
    ({"age_min": 65, "age_max": 65}, None, 65, 65, "65 years"),
    ({"age_min": 0, "age_max": 150}, None, 0, 150, "0-150 years"),
]


@pytest.mark.parametrize(("written", "text", "age_min", "age_max", "shown"), POPULATIONS)
def test_every_population_form_is_read(
    written: Any, text: str | None, age_min: int | None, age_max: int | None, shown: str
) -> None:
    guideline = GuidelineSpec.model_validate(minimal_guideline("alpha-2020", population=written))
    population = guideline.population
    assert population is not None
    assert (population.text, population.age_min, population.age_max) == (text, age_min, age_max)
    assert str(population) == shown


@pytest.mark.parametrize(
    "written",
    [{}, {"age_min": 75, "age_max": 40}, {"age_min": -1}, {"age_max": 151}, "", 42, ["adults"]],
    ids=repr,
)
def test_a_population_needs_something_and_sensible_ages(written: Any) -> None:
    with pytest.raises(pydantic.ValidationError):
        GuidelineSpec.model_validate(minimal_guideline("alpha-2020", population=written))


def test_a_statement_without_a_population_takes_its_guideline_s(tmp_path: Path) -> None:
    statements = [
        {
            "topic": "efficacy",
            "stance": {"direction": "for"},
            "text": "t",
            "source": {"document": "alpha-2020", "url": "https://example.org/p#3"},
        },
        {
            "topic": "dosing",
            "population": {"text": "children", "age_max": 12},
            "stance": {"direction": "for"},
            "text": "t",
            "source": {"document": "alpha-2020"},
        },
    ]
    spec = write_spec(
        tmp_path / "s",
        minimal_comparison(),
        [
            minimal_guideline("alpha-2020", statements=statements, population="adults"),
            minimal_guideline("beta-2021"),
        ],
    )
    [loaded] = load([spec])
    alpha = loaded.guidelines[0]
    first, second = alpha.statements
    assert str(alpha.population_of(first)) == "adults"
    assert str(alpha.population_of(second)) == "children; up to 12 years"
    assert first.source.url == "https://example.org/p#3"


def test_source_url_must_be_an_http_address() -> None:
    with pytest.raises(pydantic.ValidationError):
        Source(document="alpha-2020", url="javascript:alert(1)")


def _statement(topic: Any) -> dict[str, Any]:
    return {
        "topic": topic,
        "stance": {"direction": "for"},
        "text": "t",
        "source": {"document": "alpha-2020"},
    }


def _spec_with_topic(tmp_path: Path, topic: Any) -> Path:
    """A comparison whose one statement names `topic` as written."""
    return write_spec(
        tmp_path / "s",
        minimal_comparison(),
        [
            minimal_guideline("alpha-2020", statements=[_statement(topic)]),
            minimal_guideline("beta-2021"),
        ],
    )


@pytest.mark.parametrize(
    ("written", "resolved"),
    [
        ("efficacy", ("efficacy",)),
        ("Adverse  Effects", ("side-effects",)),
        (["efficacy"], ("efficacy",)),
        (["dosing", "effectiveness", "side_effects"], ("dosing", "efficacy", "side-effects")),
    ],
)
def test_a_statement_names_one_topic_or_a_list_of_them(
    tmp_path: Path, written: Any, resolved: tuple[str, ...]
) -> None:
    spec = _spec_with_topic(tmp_path, written)
    [loaded] = load([spec])
    assert loaded.guidelines[0].statements[0].topic == resolved


def test_a_statement_with_several_topics_is_compared_under_each(tmp_path: Path) -> None:
    spec = _spec_with_topic(tmp_path, ["dosing", "efficacy"])
    [loaded] = load([spec])
    cells = {result.topic.id: result.cells[0].addressed for result in compare(loaded).topics}
    assert cells == {
        "efficacy": Addressed.YES,
        "dosing": Addressed.YES,
        "side-effects": Addressed.NOT_EXTRACTED,
    }


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ([], "names no topic: write e.g. topic: efficacy, or topic: [efficacy, dosing]"),
        (
            ["efficacy", "dosage"],
            "unknown topic 'dosage' (did you mean 'dosing'?): use a topic id or alias from "
            "comparison.yaml",
        ),
        (["efficacy", "Effectiveness"], "'Effectiveness' names topic 'efficacy' again"),
    ],
)
def test_a_topic_list_is_checked_item_by_item(
    tmp_path: Path, written: list[str], message: str
) -> None:
    spec = _spec_with_topic(tmp_path, written)
    with pytest.raises(SpecError) as raised:
        load([spec])
    [problem] = raised.value.problems
    assert message in problem.message
    if written:
        assert problem.keys == ("statements", 0, "topic", 1)


def test_equivalents_are_read_as_named_groups(tmp_path: Path) -> None:
    groups = {
        "psychotomimetic effects": [
            "psychomimetic reactions",
            "dysphoria",
            "hallucinations",
            "euphoria",
        ],
        "sedation": ["drowsiness", "somnolence"],
    }
    spec = write_spec(
        tmp_path / "s",
        minimal_comparison(equivalents=groups),
        [minimal_guideline("alpha-2020"), minimal_guideline("beta-2021")],
    )
    [loaded] = load([spec])
    assert loaded.spec.equivalents == {name: tuple(v) for name, v in groups.items()}


@pytest.mark.parametrize(
    ("groups", "keys", "message"),
    [
        (
            {"a": ["x"]},
            ("equivalents", "a"),
            "group 'a' lists 1 value: list at least two values that mean the same, or remove "
            "the group",
        ),
        (
            {"a": ["x", "y"], "b": ["z", " X "]},
            ("equivalents", "b", 1),
            "' X ' is also in group 'a': a value may stand in one group only, once",
        ),
        (
            {"a": ["Dry  Mouth", "dry mouth"]},
            ("equivalents", "a", 1),
            "'dry mouth' is twice in this group: a value may stand in one group only, once",
        ),
        (  # the engine's fold: units, numbers and punctuation, not only case and spacing
            {"ten days": ["10 days", "ten"], "other": ["10 Days.", "12 weeks"]},
            ("equivalents", "other", 0),
            "'10 Days.' is also in group 'ten days': a value may stand in one group only, once",
        ),
        (
            {"psychotomimetic": ["dysphoria", "hallucinations"], "dysphoria": ["a", "b"]},
            ("equivalents", "dysphoria"),
            "group name 'dysphoria' reads as a value of group 'psychotomimetic': a value may "
            "stand in one group only; rename the group",
        ),
    ],
)
def test_equivalents_groups_are_checked(
    tmp_path: Path, groups: dict[str, list[str]], keys: tuple[str | int, ...], message: str
) -> None:
    spec = write_spec(
        tmp_path / "s",
        minimal_comparison(equivalents=groups),
        [minimal_guideline("alpha-2020"), minimal_guideline("beta-2021")],
    )
    with pytest.raises(SpecError) as raised:
        load([spec])
    [problem] = raised.value.problems
    assert (problem.keys, problem.message) == (keys, message)


def _shipped_schema(kind: str) -> jsonschema.protocols.Validator:
    schema = json.loads(
        (ROOT / "src" / "guidecompare" / "spec" / "schema" / f"{kind}.schema.json").read_text()
    )
    return jsonschema.validators.validator_for(schema)(schema)


SPEC_FILES = sorted(
    path
    for folder in ("specs", "tests/cases/synthetic", "tests/cases/pdf", "tests/cases/hostile")
    for path in (ROOT / folder).rglob("*.yaml")
)


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_valid_spec_file_is_valid_under_the_shipped_schema(path: Path) -> None:
    problems: list[Problem] = []
    source = read_yaml(path, problems)
    assert source is not None and problems == []
    kind = "comparison" if path.name == "comparison.yaml" else "guideline"
    errors = [error.message for error in _shipped_schema(kind).iter_errors(source.value)]
    assert errors == []


@pytest.mark.parametrize(
    ("topic", "population", "valid"),
    [
        ("efficacy", "adults", True),
        (["efficacy", "dosing"], {"text": "adults", "age_min": 40, "age_max": 75}, True),
        (["efficacy"], {"age_max": 12}, True),
        ([], "adults", False),
        ("efficacy", {}, False),
        ("efficacy", {"age_min": 151}, False),
        ("efficacy", {"text": "adults", "ages": 40}, False),
    ],
)
def test_the_schema_takes_the_short_and_long_forms_of_topics_and_populations(
    topic: Any, population: Any, valid: bool
) -> None:
    statement = {**_statement(topic), "population": population}
    guideline = minimal_guideline("alpha-2020", statements=[statement])
    assert _shipped_schema("guideline").is_valid(guideline) is valid
    try:
        GuidelineSpec.model_validate(guideline)
        validated = True
    except pydantic.ValidationError:
        validated = False
    assert validated is valid
