"""The facts several guidelines give on a topic, side by side: regimens by trial, named things
by equivalence group. The engine builds these tables; the PDF lays them out and does not say
their facts again beside each statement."""

from __future__ import annotations

import io
import re
from typing import Any

import pypdf
import pytest

from guidecompare.engine import Addressed, Cell, compare
from guidecompare.engine.results import FactRow, FactTable
from guidecompare.engine.tables import fact_tables
from guidecompare.engine.values import Equivalents
from guidecompare.engine.words import REGIMEN_FIELDS
from guidecompare.render.pdf import render_pdf
from guidecompare.spec.load import load
from guidecompare.spec.models import Facet, Statement

from .conftest import REAL_SPEC, ROOT
from .test_verdicts import guideline, statement

SIX = ROOT / "tests" / "cases" / "pdf" / "six-guidelines"
FACETS = (
    Facet(id="adverse-effects", label="Adverse effects"),
    Facet(id="benefit-duration", label="Benefit duration", kind="value"),
)
NAMES = {"trial-a": "Trial A 2019", "trial-b": "Trial B 2020"}
GROUPS = Equivalents.of({"psychotomimetic effects": ["psychomimetic reactions", "dysphoria"]})


def _statement(direction: str = "descriptive", **fields: Any) -> Statement:
    return statement(direction, **fields)


def _says(label: str, *statements: Statement, **fields: Any) -> Cell:
    return Cell(guideline(label, **fields), Addressed.YES, statements)


def _tables(*cells: Cell) -> tuple[FactTable, ...]:
    return fact_tables(cells, FACETS, GROUPS, NAMES)


def test_the_real_regimens_are_one_row_per_trial_with_the_fields_stated_differently() -> None:
    [loaded] = load([REAL_SPEC])
    dosing = next(t for t in compare(loaded).topics if t.topic.id == "dosing")
    [table] = dosing.tables
    assert table.regimens and table.title == "Trial regimen"
    assert table.guidelines == ("asra-aapm-asa-2018", "rsdsa-2022")
    assert table.rows == (
        FactRow(
            "Sigtermans 2009",
            "sigtermans-2009",
            (
                "dose 22 mg/h · duration about 4 days · titration individualized stepwise "
                "tailoring of doses based on pain relief and tolerability",
                "duration 4.5 days · setting inpatient · titration patient-specific doses",
            ),
            ("duration", "titration"),
        ),
        FactRow(
            "Schwartzman 2009",
            "schwartzman-2009",
            (
                "dose 0.35 mg/kg/h · schedule over 4 hours daily · duration 10 days",
                "schedule 10 consecutive infusions · setting outpatient",
            ),
            ("schedule",),
        ),
    )
    # The table and the rationale come from one reading: each field the table marks as
    # reported differently is named in the rationale's clause on that trial's regimen.
    for row in table.rows:
        clause = dosing.rationale.split(f"report the {row.label} regimen differently: ")[1]
        clause = re.split(r"; they report|\.(?:\s+[A-Z]|$)", clause)[0]
        named = [f for f in REGIMEN_FIELDS if re.search(rf"(?:^|, ){f} ", clause)]
        assert tuple(named) == row.apart


def test_the_real_side_effects_are_one_row_per_effect_with_its_equivalence_group() -> None:
    [loaded] = load([REAL_SPEC])
    effects = next(t for t in compare(loaded).topics if t.topic.id == "side-effects")
    [table] = effects.tables
    assert table.facet == "adverse-effects" and not table.regimens
    assert table.rows == (
        # The group the comparison declares, with each guideline's own words.
        FactRow(
            "psychotomimetic effects",
            None,
            ("psychomimetic reactions", "dysphoria, hallucinations, euphoria"),
        ),
        # A thing one guideline names and the other does not: mentioned, and a blank.
        FactRow("cardiovascular changes", None, ("mentioned", "")),
        FactRow("potential liver toxicity", None, ("mentioned", "")),
    )


def test_no_table_where_one_guideline_alone_gives_the_facts() -> None:
    # Each of the reference's other topics has its facts from one guideline at most.
    [loaded] = load([REAL_SPEC])
    for result in compare(loaded).topics:
        if result.topic.id not in ("dosing", "side-effects"):
            assert result.tables == (), result.topic.id
    assert (
        _tables(
            _says("A", _statement(facets={"adverse-effects": ["nausea"]})),
            _says("B", _statement()),
        )
        == ()
    )


def test_a_value_facet_or_a_recommendations_facet_stays_beside_its_statement() -> None:
    # A value facet is one value each; a recommendation's facet belongs with its population.
    assert (
        _tables(
            _says("A", _statement(facets={"benefit-duration": "12 weeks"})),
            _says("B", _statement(facets={"benefit-duration": "6 weeks"})),
        )
        == ()
    )
    assert (
        _tables(
            _says("A", _statement("for", facets={"adverse-effects": ["nausea"]})),
            _says("B", _statement(facets={"adverse-effects": ["nausea"]})),
        )
        == ()
    )


def test_a_regimen_without_a_trial_stays_beside_its_statement() -> None:
    regimen = {"dose": 20, "unit": "mg"}
    assert (
        _tables(
            _says("A", _statement("for", regimens=[regimen])),
            _says("B", _statement("for", regimens=[regimen])),
        )
        == ()
    )


def test_a_superseded_guideline_is_shown_in_the_table_but_does_not_make_a_difference() -> None:
    def regimen(duration: str) -> dict[str, Any]:
        return {"study": "trial-a", "dose": 5, "unit": "mg/kg", "duration": duration}

    cells = (
        _says("A", _statement(regimens=[regimen("12 months")])),
        _says("B", _statement(regimens=[regimen("12 months")])),
        _says("Old", _statement(regimens=[regimen("6 months")]), status="superseded"),
    )
    [table] = _tables(*cells)
    assert table.guidelines == ("a", "b", "old")
    [row] = table.rows
    assert row.cells[2] == "dose 5 mg/kg · duration 6 months"
    assert row.apart == ()  # the current two state it alike
    [table] = _tables(*cells[:1], cells[2], cells[1])
    assert table.guidelines == ("a", "old", "b")


def test_a_regimen_s_note_and_a_regimen_with_no_details_are_in_its_cell() -> None:
    [table] = _tables(
        _says("A", _statement(regimens=[{"study": "trial-a", "dose": 5, "unit": "mg"}])),
        _says("B", _statement(regimens=[{"study": "trial-a", "note": "as in the trial"}])),
    )
    [row] = table.rows
    assert row.cells == ("dose 5 mg", "no details stated (as in the trial)")


def test_two_regimens_of_one_trial_stay_two_in_the_cell() -> None:
    arms = [
        {"study": "trial-a", "dose": 5, "unit": "mg", "duration": "4 days"},
        {"study": "trial-a", "dose": 10, "unit": "mg", "duration": "10 days"},
    ]
    [table] = _tables(
        _says("A", _statement(regimens=arms)),
        _says("B", _statement(regimens=arms[:1])),
    )
    [row] = table.rows
    assert row.cells == (
        "dose 5 mg · duration 4 days; dose 10 mg · duration 10 days",
        "dose 5 mg · duration 4 days",
    )


def test_a_recommended_regimen_and_a_trial_only_one_guideline_reports_stay_beside() -> None:
    recommended = _statement("for", regimens=[{"study": "trial-a", "dose": 5, "unit": "mg"}])
    described = _statement(regimens=[{"study": "trial-a", "dose": 5, "unit": "mg"}])
    other = _statement(regimens=[{"study": "trial-b", "dose": 1, "unit": "mg"}])
    assert _tables(_says("A", recommended), _says("B", described)) == ()
    [table] = _tables(_says("A", described, other), _says("B", described))
    assert [row.cited for row in table.rows] == ["trial-a"]  # trial B: one guideline only
    assert table.shows_regimen(described, described.regimens[0])
    assert not table.shows_regimen(other, other.regimens[0])
    assert not table.shows_regimen(recommended, recommended.regimens[0])


def test_a_superseded_guideline_neither_makes_a_table_nor_stops_one() -> None:
    effects = {"adverse-effects": ["nausea"]}
    old = {"status": "superseded"}
    # One current guideline and a superseded one: no table (one current report).
    assert (
        _tables(
            _says("A", _statement(facets=effects)), _says("Old", _statement(facets=effects), **old)
        )
        == ()
    )
    # A superseded guideline's recommendation does not keep the current ones' facts untabled.
    [table] = _tables(
        _says("A", _statement(facets=effects)),
        _says("B", _statement(facets=effects)),
        _says("Old", _statement("for", facets=effects), **old),
    )
    assert table.guidelines == ("a", "b") and table.counted == (True, True)
    assert table.shows_facet(_statement(facets=effects), "adverse-effects")
    assert not table.shows_facet(_statement("for", facets=effects), "adverse-effects")


def test_the_six_guideline_tables_have_a_column_per_guideline_that_gives_the_facts() -> None:
    [loaded] = load([SIX])
    comparison = compare(loaded)
    tables = {t.topic.id: t.tables for t in comparison.topics}
    [regimens] = tables["dosing"]
    assert regimens.guidelines == ("alpha-2019", "beta-2020", "zeta-2024")
    [trial] = regimens.rows
    assert (trial.label, trial.cited) == ("TRIAL-ONE 2017", "trial-one")
    assert trial.apart == ("duration", "setting")
    # Zeta's regimen note is in its cell (it is not said beside the statement).
    assert trial.cells[2].endswith("(as in TRIAL-ONE (synthetic))")
    [effects] = tables["side-effects"]
    # Epsilon 2023 is superseded: shown in a column marked as not counted.
    assert effects.counted == (True, True, False, True)
    assert [row.label for row in effects.rows] == [
        "infusion reactions",
        "headache",
        "nausea",
        "raised liver enzymes",
    ]
    for row in effects.rows:
        assert len(row.cells) == len(effects.guidelines)


@pytest.fixture(scope="module")
def real_text() -> str:
    [loaded] = load([REAL_SPEC])
    stream = io.BytesIO()
    render_pdf(compare(loaded), stream)
    reader = pypdf.PdfReader(io.BytesIO(stream.getvalue()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_pdf_shows_each_table_once_and_not_its_facts_beside_the_statements(
    real_text: str,
) -> None:
    assert "Trial regimen ASRA/AAPM/ASA 2018 RSDSA 2022 Reported differently" in real_text
    assert "Sigtermans 2009 [8] dose 22 mg/h · duration about 4 days" in real_text
    assert "Adverse effects ASRA/AAPM/ASA 2018 RSDSA 2022 Psychotomimetic effects" in real_text
    # Said in the tables, not again as lists beside the statements.
    assert "Regimens •" not in real_text
    assert "Adverse effects: " not in real_text
