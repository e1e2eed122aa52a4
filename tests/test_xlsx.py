"""comparison.xlsx: three sheets a pharmacist can filter and print, read back with pandas and
openpyxl: every text a string (never a formula), verdicts coloured, links only from DOIs and
web pages, and the same bytes for the same comparison."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
import yaml

from guidecompare.engine import Comparison, compare
from guidecompare.render.pdf.theme import VERDICT_MARKS
from guidecompare.render.rows import comparison_rows
from guidecompare.render.xlsx import CELL_LIMIT, render_xlsx
from guidecompare.spec.load import load

from .conftest import REAL_SPEC, ROOT


def _xlsx(comparison: Comparison) -> bytes:
    stream = io.BytesIO()
    render_xlsx(comparison, stream)
    return stream.getvalue()


@pytest.fixture(scope="module")
def real() -> Comparison:
    [loaded] = load([REAL_SPEC])
    return compare(loaded)


@pytest.fixture(scope="module")
def real_bytes(real: Comparison) -> bytes:
    return _xlsx(real)


def test_three_sheets_read_back_with_pandas(real: Comparison, real_bytes: bytes) -> None:
    sheets = pd.read_excel(io.BytesIO(real_bytes), sheet_name=None, dtype=str)
    assert list(sheets) == ["Summary", "Statements", "Guidelines"]
    summary = sheets["Summary"]
    labels = [g.label for g in real.guidelines]
    assert list(summary.columns) == ["Topic", *labels, "Verdict", "Coverage", "Rationale"]
    assert list(summary["Topic"]) == [t.topic.label for t in real.topics]
    assert list(summary["Rationale"]) == [t.rationale for t in real.topics]
    assert summary.loc[1, "ASRA/AAPM/ASA 2018"] == real.topics[1].gists[0]
    statements = sheets["Statements"].fillna("")
    assert list(statements.columns[:6]) == [
        "Topic", "Guideline", "Addressed", "Stance", "Stance in its own words", "Statement",
    ]  # fmt: skip
    rows = comparison_rows(real)
    assert len(statements) == len(rows)
    assert list(statements["Statement"]) == [row["statement"] for row in rows]
    assert list(sheets["Guidelines"]["Guideline"]) == [g.label for g in real.guidelines]


def test_a_superseded_guideline_is_marked_as_not_counted() -> None:
    statins = ROOT / "output" / "statins-primary-prevention" / "comparison.xlsx"
    summary = pd.read_excel(statins, sheet_name="Summary")
    assert "USPSTF 2016 (superseded: not counted)" in summary.columns
    assert "USPSTF 2022" in summary.columns


def test_verdicts_are_coloured_and_said_in_words(real: Comparison, real_bytes: bytes) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(real_bytes))["Summary"]
    column = 2 + len(real.guidelines)
    for row, result in enumerate(real.topics, start=2):
        cell = sheet.cell(row, column)
        mark = VERDICT_MARKS[result.verdict]
        assert cell.value == mark.text  # the word and symbol: never colour alone
        assert cell.fill.fgColor.rgb == "FF" + mark.tint.hexval()[2:].upper()


def test_each_sheet_can_be_filtered_and_printed(real_bytes: bytes) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(real_bytes))
    for sheet in workbook:
        assert sheet.freeze_panes == "B2"
        assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:")
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.column_dimensions["A"].width > 10


def test_dois_and_web_pages_are_links_and_nothing_else_is(
    real: Comparison, real_bytes: bytes
) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(real_bytes))
    targets = {
        cell.hyperlink.target
        for sheet in workbook
        for row in sheet.iter_rows()
        for cell in row
        if cell.hyperlink is not None
    }
    expected = {f"https://doi.org/{g.doi}" for g in real.guidelines if g.doi}
    expected |= {g.url for g in real.guidelines if g.url}
    assert targets == expected


def test_the_same_comparison_gives_the_same_bytes(real: Comparison, real_bytes: bytes) -> None:
    assert _xlsx(real) == real_bytes
    committed = ROOT / "output" / REAL_SPEC.name / "comparison.xlsx"
    assert committed.read_bytes() == real_bytes


def _edited(tmp_path: Path, edit: Any) -> Comparison:
    spec = tmp_path / REAL_SPEC.name
    spec.mkdir()
    for path in REAL_SPEC.iterdir():
        (spec / path.name).write_bytes(path.read_bytes())
    rsdsa = spec / "rsdsa-2022.yaml"
    data = yaml.safe_load(rsdsa.read_text(encoding="utf-8"))
    edit(data)
    rsdsa.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    [loaded] = load([spec])
    return compare(loaded)


@pytest.mark.parametrize(
    "text", ["=cmd|' /C calc'!A0", "+1+1", "@SUM(A1:A2)", "-2+3", '=HYPERLINK("http://x")']
)
def test_no_spec_text_ever_becomes_a_formula(text: str, tmp_path: Path) -> None:
    comparison = _edited(tmp_path, lambda d: d["statements"][0].update(text=text))
    workbook = openpyxl.load_workbook(io.BytesIO(_xlsx(comparison)))
    cells = [c for s in workbook for row in s.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    assert text in {c.value for c in cells}


def test_a_text_longer_than_a_cell_holds_is_cut_and_says_so(tmp_path: Path) -> None:
    long = "word " * 10000  # 50,000 characters: a spec may hold them, a cell may not
    comparison = _edited(tmp_path, lambda d: d["statements"][0].update(text=long.strip()))
    statements = openpyxl.load_workbook(io.BytesIO(_xlsx(comparison)))["Statements"]
    [cell] = [c for row in statements.iter_rows() for c in row if str(c.value).startswith("word")]
    assert len(cell.value) == CELL_LIMIT
    assert cell.value.endswith("comparison.csv has the whole text)")


def test_a_doi_link_is_encoded_as_in_the_pdf_and_the_page(tmp_path: Path) -> None:
    """An old SICI DOI holds < > and #: its link is the encoded one the other documents use
    (before, the spreadsheet pasted it raw after https://doi.org/)."""
    from guidecompare.render.saying import doi_url

    sici = "10.1002/(SICI)1097-0258(19980430)17:8<857::AID-SIM777>3.0.CO;2-E#x"
    comparison = _edited(tmp_path, lambda d: d.update(doi=sici))
    workbook = openpyxl.load_workbook(io.BytesIO(_xlsx(comparison)))
    targets = {
        c.hyperlink.target for s in workbook for row in s.iter_rows() for c in row if c.hyperlink
    }
    assert doi_url(sici) in targets
    assert "%3C857::AID-SIM777%3E" in doi_url(sici) and "%23x" in doi_url(sici)
    assert not [t for t in targets if "<" in t or ">" in t or "#" in t]
