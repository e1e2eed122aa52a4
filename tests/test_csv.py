"""The CSV contract: columns, one-row rules, encoding, order, and reading back with pandas."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
import yaml

from guidecompare.engine import Comparison, compare, grade_label
from guidecompare.render.csv import (
    render_comparison_csv,
    render_guidelines_csv,
    render_summary_csv,
)
from guidecompare.render.frames import to_dataframes
from guidecompare.spec.load import load
from guidecompare.spec.models import Statement

from .conftest import REAL_SPEC, minimal_comparison, minimal_guideline, write_spec

CONTRACT = ["topic", "guideline", "addressed", "stance", "statement", "grade", "certainty",
            "evidence", "source", "verdict", "rationale"]  # fmt: skip


@pytest.fixture(scope="module")
def real() -> Comparison:
    [loaded] = load([REAL_SPEC])
    return compare(loaded)


def rendered(render: object, comparison: Comparison) -> bytes:
    stream = io.BytesIO()
    render(comparison, stream)  # type: ignore[operator]
    return stream.getvalue()


def read(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_comparison_csv_contract_columns_come_first(real: Comparison) -> None:
    frame = read(rendered(render_comparison_csv, real))
    assert list(frame.columns[: len(CONTRACT)]) == CONTRACT


def test_comparison_csv_has_one_row_per_statement_and_per_absent_guideline(
    real: Comparison,
) -> None:
    frame = read(rendered(render_comparison_csv, real))
    statements = sum(len(g.statements) for g in real.guidelines)
    absent = sum(1 for t in real.topics for c in t.cells if c.addressed.value != "yes")
    assert len(frame) == statements + absent
    assert set(frame["addressed"]) == {"yes", "not-extracted"}
    not_extracted = frame[frame["addressed"] == "not-extracted"]
    assert sorted(zip(not_extracted["topic"], not_extracted["guideline"], strict=True)) == [
        ("coma-therapy", "asra-aapm-asa-2018"),
        ("oral-route", "asra-aapm-asa-2018"),
    ]
    assert set(not_extracted["stance"]) == {"not-extracted"}


def test_comparison_csv_uses_spec_ids_and_follows_spec_order(real: Comparison) -> None:
    frame = read(rendered(render_comparison_csv, real))
    topics = [t.id for t in real.spec.topics]
    assert list(dict.fromkeys(frame["topic"])) == topics
    assert set(frame["guideline"]) == {"asra-aapm-asa-2018", "rsdsa-2022"}
    order = [(topics.index(t), g) for t, g in zip(frame["topic"], frame["guideline"], strict=True)]
    assert order == sorted(order, key=lambda pair: (pair[0], real.spec.guidelines.index(pair[1])))


def test_comparison_csv_carries_every_fact_of_the_statements(real: Comparison) -> None:
    frame = read(rendered(render_comparison_csv, real))
    texts = set(frame["statement"])
    quotes = set(frame["quote"])
    for guideline in real.guidelines:
        for statement in guideline.statements:
            assert statement.text in texts
            assert statement.quote in quotes
    efficacy = frame[(frame["topic"] == "efficacy") & (frame["grade"] == "B")]
    assert list(efficacy["certainty"]) == ["low to moderate"]
    assert list(efficacy["evidence"]) == ["schwartzman-2009; sigtermans-2009"]
    assert "Guidelines, paragraph 1" in efficacy["source"].iloc[0]
    assert "page not stated" in efficacy["source"].iloc[0]
    dosing = " ".join(frame.loc[frame["topic"] == "dosing", "regimens"])
    for fact in ("22 mg/h", "about 4 days", "0.35 mg/kg/h", "over 4 hours daily", "10 days",
                 "10 consecutive infusions", "outpatient", "4.5 days", "inpatient"):  # fmt: skip
        assert fact in dosing


def test_summary_csv_has_one_row_per_topic_with_stances(real: Comparison) -> None:
    frame = read(rendered(render_summary_csv, real))
    assert list(frame.columns[:4]) == ["topic", "verdict", "asra-aapm-asa-2018", "rsdsa-2022"]
    assert "rationale" in frame.columns
    rows = {row["topic"]: row for row in frame.to_dict("records")}
    assert list(rows) == [t.id for t in real.spec.topics]
    assert rows["oral-route"]["asra-aapm-asa-2018"] == "not-extracted"
    assert rows["oral-route"]["rsdsa-2022"] == "neutral"
    assert rows["coma-therapy"]["rsdsa-2022"] == "against"
    assert rows["efficacy"]["verdict"] == "agree"  # graded beside not stated is no difference
    assert rows["coma-therapy"]["verdict"] == "gap"
    assert "ASRA/AAPM/ASA 2018 is not extracted" in rows["coma-therapy"]["rationale"]


@pytest.mark.parametrize("render", [render_comparison_csv, render_summary_csv])
def test_csv_bytes_have_bom_crlf_and_one_header(render: object, real: Comparison) -> None:
    data = rendered(render, real)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    records = len(read(data)) + 1  # the real spec has no line breaks inside cells
    assert text.count("\r\n") == records
    assert text.count("\n") == records
    assert text.endswith("\r\n")
    assert text.splitlines()[0].startswith("topic,")
    assert rendered(render, real) == data


def test_non_ascii_text_and_csv_specials_round_trip(tmp_path: Path) -> None:
    tricky = 'Dose ≥ 5 µg/kg, "titrated";\nthen, maybe, less — naïve café'
    statement = {
        "topic": "efficacy",
        "stance": {"direction": "for", "wording": tricky},
        "text": tricky,
        "source": {"document": "alpha-2020"},
    }
    spec = write_spec(
        tmp_path / "s",
        minimal_comparison(),
        [minimal_guideline("alpha-2020", statements=[statement]), minimal_guideline("beta-2021")],
    )
    [loaded] = load([spec])
    frame = read(rendered(render_comparison_csv, compare(loaded)))
    row = frame[frame["guideline"] == "alpha-2020"].iloc[0]
    assert row["statement"] == tricky
    assert row["stance_wording"] == tricky
    assert yaml.safe_load(yaml.safe_dump(tricky)) == tricky


def test_dataframes_match_the_csv_files(real: Comparison) -> None:
    detail, summary = to_dataframes(real)
    assert detail.astype(object).equals(read(rendered(render_comparison_csv, real)).astype(object))
    assert summary.astype(object).equals(read(rendered(render_summary_csv, real)).astype(object))


def _one_guideline_csv(
    tmp_path: Path, statements: list[dict[str, object]], **fields: object
) -> pd.DataFrame:
    spec = write_spec(
        tmp_path / "s",
        minimal_comparison(),
        [
            minimal_guideline("alpha-2020", statements=statements, **fields),
            minimal_guideline("beta-2021"),
        ],
    )
    [loaded] = load([spec])
    frame = read(rendered(render_comparison_csv, compare(loaded)))
    return frame[frame["guideline"] == "alpha-2020"]


def _statement(topic: str, **fields: object) -> dict[str, object]:
    return {
        "topic": topic,
        "stance": {"direction": "for"},
        "text": f"On {topic}.",
        "source": {"document": "alpha-2020"},
        **fields,
    }


def test_comparison_csv_has_each_statement_s_population_after_the_contract(
    tmp_path: Path,
) -> None:
    statements = [
        _statement("efficacy"),
        _statement(
            "dosing", population={"text": "10-year risk >= 10%", "age_min": 40, "age_max": 75}
        ),
    ]
    frame = _one_guideline_csv(tmp_path, statements, population="adults")
    assert list(frame.columns).index("population") == len(CONTRACT)
    by_topic = dict(zip(frame["topic"], frame["population"], strict=True))
    # A statement without a population has its guideline's; none at all leaves the cell empty.
    assert by_topic == {
        "efficacy": "adults",
        "dosing": "10-year risk >= 10%; 40-75 years",
        "side-effects": "",
    }


def test_comparison_csv_says_a_grade_was_not_extracted(tmp_path: Path) -> None:
    statements = [
        _statement("efficacy", grade="not-extracted", certainty="Not extracted"),
        _statement("dosing"),
    ]
    frame = _one_guideline_csv(tmp_path, statements)
    rows = frame.set_index("topic")
    assert tuple(rows.loc["efficacy", ["grade", "certainty", "grade_common"]]) == (
        "not extracted",
        "not extracted",
        "not-extracted",
    )
    assert tuple(rows.loc["dosing", ["grade", "certainty", "grade_common"]]) == (
        "not stated",
        "not stated",
        "not-stated",
    )


def test_grade_label_says_not_extracted_where_it_says_not_stated() -> None:
    def label(**fields: object) -> str:
        return grade_label(Statement.model_validate(_statement("efficacy", **fields)))

    assert label() == "grade not stated"
    assert label(grade="not-extracted") == "grade not extracted"
    assert label(grade="B", certainty="not extracted") == "grade B, certainty not extracted"
    assert label(grade="ungraded") == "ungraded"


def test_guidelines_csv_names_the_successor_by_its_label(tmp_path: Path) -> None:
    spec = write_spec(
        tmp_path / "s",
        minimal_comparison(),
        [
            minimal_guideline("alpha-2020", status="superseded", superseded_by="beta-2021"),
            minimal_guideline("beta-2021", status="superseded", superseded_by="trial-a"),
        ],
    )
    [loaded] = load([spec])
    stream = io.BytesIO()
    render_guidelines_csv(compare(loaded), stream)
    frame = read(stream.getvalue()).set_index("guideline")
    assert list(frame["superseded_by"]) == ["BETA-2021", "Trial A 2019"]
    assert frame.loc["alpha-2020", "review_status"].startswith("Superseded by BETA-2021;")
