"""Page 1's summary, decided by the engine: each guideline's gist per topic, and the warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidecompare.engine import Addressed, Cell, compare
from guidecompare.engine.summary import gist
from guidecompare.spec.load import load
from guidecompare.spec.models import GuidelineSpec, Silence, Statement

from .conftest import ROOT
from .test_verdicts import statement

GUIDELINE = GuidelineSpec.model_validate(
    {
        "id": "g",
        "label": "G",
        "title": "G",
        "organisations": ["Synthetic"],
        "year": 2020,
        "citation": "G.",
    }
)


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        ([statement(grade="B", certainty="moderate")], "for (B, moderate certainty)"),
        ([statement(grade="ungraded")], "for (ungraded)"),
        (
            [statement("against", stance={"direction": "against", "wording": "not recommended"})],
            "against: “not recommended”",
        ),
        (  # a graded recommendation speaks for its direction; a worded one beside it is detail
            [
                statement(grade="B"),
                statement(stance={"direction": "for", "wording": "can provide relief"}),
            ],
            "for (B)",
        ),
        ([statement("against"), statement("against", grade="D")], "against (D)"),
        (
            [statement(grade="B"), statement("descriptive", facets={"x": ["nausea"]})],
            "for (B)",  # a recommendation leads; what it describes is on the topic's page
        ),
        (
            [
                statement(
                    "descriptive",
                    regimens=[
                        {"dose": 22, "unit": "mg/h", "duration": "about 4 days"},
                        {"dose": 0.35, "unit": "mg/kg/h", "schedule": "over 4 hours daily"},
                    ],
                )
            ],
            "22 mg/h, about 4 days; 0.35 mg/kg/h, over 4 hours daily",
        ),
        ([statement("descriptive", facets={"x": "up to 12 weeks"})], "up to 12 weeks"),
        ([statement("descriptive")], "descriptive"),
        ([statement(grade="B", gist="offer from 40 at 10% risk")], "offer from 40 at 10% risk"),
        (
            [statement(grade=g) for g in ("I", "IIa", "IIb", "B")],
            "for (I); for (IIa); for (IIb); and 1 more",
        ),
    ],
)
def test_a_gist_says_what_a_guideline_says_in_a_few_words(
    statements: list[Statement], expected: str
) -> None:
    assert gist(Cell(GUIDELINE, Addressed.YES, tuple(statements))) == expected


def test_a_gist_of_absence_says_which_absence() -> None:
    silence = Silence.model_validate({"topic": "t", "checked": "2025-01-01"})
    assert gist(Cell(GUIDELINE, Addressed.SILENT, silence=silence)) == "silent"
    assert gist(Cell(GUIDELINE, Addressed.NOT_EXTRACTED)) == "not extracted"


def test_a_gist_is_a_few_words_on_one_line() -> None:
    with pytest.raises(ValueError, match="at most 80 characters"):
        statement(gist="x" * 81)
    with pytest.raises(ValueError, match="one line"):
        statement(gist="two\nlines")


def test_the_warnings_a_committee_must_not_miss() -> None:
    [ketamine] = load([ROOT / "specs" / "ketamine-crps"])
    assert [w.text for w in compare(ketamine).warnings] == [
        "ASRA/AAPM/ASA 2018 is over 5 years old (published July 1, 2018) and is past its "
        "planned review (2023)"
    ]
    [statins] = load([ROOT / "specs" / "statins-primary-prevention"])
    found = compare(statins).warnings
    assert [(w.text, w.guideline) for w in found] == [
        ("USPSTF 2016 is superseded by USPSTF 2022: shown, not counted", "uspstf-2016"),
        ("ACC/AHA 2019 is over 5 years old (published March 17, 2019)", "acc-aha-2019"),
        (
            "AHA/ACC 2018 cholesterol is over 5 years old (published November 10, 2018)",
            "aha-acc-2018",
        ),
    ]


def test_a_topic_no_current_guideline_addresses_is_a_warning() -> None:
    [six] = load([ROOT / "tests" / "cases" / "pdf" / "six-guidelines"])
    texts = [w.text for w in compare(six).warnings]
    assert "no current guideline addresses Use in pregnancy" in texts


def test_page_one_names_a_successor_as_the_profile_does(tmp_path: Path) -> None:
    """A successor that is a reference without a short name: page 1 gives its citation, as the
    guideline's profile does, never its id."""
    from .conftest import minimal_comparison, minimal_guideline, write_spec

    references = [
        *minimal_comparison()["references"],
        {"id": "later-edition", "kind": "other", "citation": "Alpha Society. Update. 2024."},
    ]
    spec = write_spec(
        tmp_path / "s",
        minimal_comparison(references=references),
        [
            minimal_guideline("alpha-2020", status="superseded", superseded_by="later-edition"),
            minimal_guideline("beta-2021"),
        ],
    )
    [loaded] = load([spec])
    comparison = compare(loaded)
    alert = comparison.warnings[0]
    assert (
        alert.text == "ALPHA-2020 is superseded by Alpha Society. Update. 2024.: shown, not counted"
    )
    assert "later-edition" not in alert.text
    assert comparison.standings[0].successor == "Alpha Society. Update. 2024."  # the profile's
