"""comparison.xlsx: the comparison as a spreadsheet pharmacists open in Excel.

Three sheets, each with a frozen header row, a filter, column widths, wrapped text and print
titles: **Summary** (the matrix: each topic with each guideline's gist, the verdict in words
and symbol on its colour, coverage and rationale), **Statements** (one row per statement, the
readable columns first, the same rows as comparison.csv) and **Guidelines** (the profiles, DOIs
and web pages as links). Every text is written as a string (a spec's `=cmd` stays text, never a
formula); links are made only from validated `doi` and `url` fields. The workbook's dates are
the comparison's own, so the same comparison gives the same bytes.

Written with XlsxWriter directly rather than through pandas: a build then needs no pandas (it
costs a build a quarter of a second to import), and every cell's type is chosen here.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO

from guidecompare.engine import Comparison
from guidecompare.render.rows import comparison_rows, guideline_rows
from guidecompare.render.saying import MARKS, doi_url

# (header a reader sees, column of the CSV rows, width in characters)
STATEMENT_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("Topic", "topic_label", 22),
    ("Guideline", "guideline_label", 20),
    ("Addressed", "addressed", 12),
    ("Stance", "stance", 12),
    ("Stance in its own words", "stance_wording", 28),
    ("Statement", "statement", 60),
    ("Quote", "quote", 60),
    ("Grade", "grade", 10),
    ("Certainty", "certainty", 16),
    ("Grade on the common scale", "grade_common", 16),
    ("Certainty on the common scale", "certainty_common", 16),
    ("Population", "population", 28),
    ("Evidence", "evidence", 28),
    ("Regimens", "regimens", 40),
    ("Facets", "facets", 36),
    ("Source", "source", 36),
    ("Quoted in", "quoted_in", 24),
    ("Note", "note", 48),
    ("Verdict on the topic", "verdict", 14),
    ("Topic id", "topic", 16),
    ("Guideline id", "guideline", 20),
)
GUIDELINE_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("Guideline", "label", 20),
    ("Title", "title", 48),
    ("Issued by", "organisations", 36),
    ("Year", "year", 8),
    ("Published", "published", 12),
    ("Citation", "citation", 60),
    ("DOI", "doi", 28),
    ("Web page", "url", 36),
    ("Methodology", "methodology", 32),
    ("Grading system", "grading_system", 32),
    ("Funding", "funding", 32),
    ("Conflicts of interest", "conflicts_of_interest", 32),
    ("Status", "status", 12),
    ("Status and review", "review_status", 40),
    ("Notes", "notes", 60),
    ("Guideline id", "guideline", 20),
)


# Excel holds at most this many characters in a cell, and a link of at most this many.
CELL_LIMIT = 32767
LINK_LIMIT = 2079
CUT = " … (cut: a cell holds 32,767 characters; comparison.csv has the whole text)"


def _fits(text: str) -> str:
    """The text as a cell can hold it: a longer one is cut, and says so."""
    return text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - len(CUT)] + CUT


def render_xlsx(comparison: Comparison, stream: BinaryIO) -> None:
    """Write comparison.xlsx for `comparison` to `stream`."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        stream,
        {
            "in_memory": True,
            # Text is text: never read as a formula, a number or a link.
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    spec = comparison.spec
    as_of = spec.current_as_of
    workbook.set_properties(
        {
            "title": spec.question,
            "author": "; ".join(person.name for person in spec.prepared_by),
            "subject": spec.short_title or spec.question,
            "created": datetime.datetime(as_of.year, as_of.month, as_of.day),
        }
    )
    formats = _Formats(workbook)
    _summary(workbook, formats, comparison)
    _table(
        workbook,
        formats,
        "Statements",
        STATEMENT_COLUMNS,
        comparison_rows(comparison),
    )
    _table(
        workbook,
        formats,
        "Guidelines",
        GUIDELINE_COLUMNS,
        guideline_rows(comparison),
        links={"doi": doi_url, "url": str},
    )
    workbook.close()


class _Formats:
    """The cell formats of the workbook, made once."""

    def __init__(self, workbook: Any) -> None:
        base = {"text_wrap": True, "valign": "top", "font_size": 10, "border": 1,
                "border_color": "#C8CDD3"}  # fmt: skip
        self.header = workbook.add_format(
            {**base, "bold": True, "bg_color": "#E4E9F0", "font_color": "#1F3A5F"}
        )
        self.cell = workbook.add_format(base)
        self.link = workbook.add_format({**base, "font_color": "#1F4E99", "underline": 1})
        self.verdicts: dict[str, Any] = {}
        for name, mark in MARKS.items():
            self.verdicts[name.value] = workbook.add_format(
                {**base, "bold": True, "bg_color": mark.tint}
            )


def _sheet(workbook: Any, name: str, widths: Sequence[int], rows: int) -> Any:
    """A sheet with its header row frozen, a filter, widths, and print titles."""
    sheet = workbook.add_worksheet(name)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, max(rows, 1), len(widths) - 1)
    sheet.repeat_rows(0)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    return sheet


def _summary(workbook: Any, formats: _Formats, comparison: Comparison) -> None:
    # A superseded or withdrawn guideline is shown, and marked as not counted (as in the PDF).
    labels = [
        g.label if g.status.value == "current" else f"{g.label} ({g.status.value}: not counted)"
        for g in comparison.guidelines
    ]
    heads = ["Topic", *labels, "Verdict", "Coverage", "Rationale"]
    widths = [24, *([30] * len(labels)), 16, 28, 80]
    sheet = _sheet(workbook, "Summary", widths, len(comparison.topics))
    for column, head in enumerate(heads):
        sheet.write_string(0, column, _fits(head), formats.header)
    for row, result in enumerate(comparison.topics, start=1):
        sheet.write_string(row, 0, _fits(result.topic.label), formats.cell)
        for column, gist in enumerate(result.gists, start=1):
            sheet.write_string(row, column, _fits(gist), formats.cell)
        verdict = MARKS[result.verdict].text
        if result.override:
            verdict += " (reviewer's judgement)"
        after = 1 + len(labels)
        sheet.write_string(row, after, verdict, formats.verdicts[result.verdict.value])
        coverage = result.coverage.text if result.coverage else ""
        sheet.write_string(row, after + 1, coverage, formats.cell)
        sheet.write_string(row, after + 2, _fits(result.rationale), formats.cell)


def _table(
    workbook: Any,
    formats: _Formats,
    name: str,
    columns: Sequence[tuple[str, str, int]],
    rows: Sequence[dict[str, str]],
    links: dict[str, Callable[[str], str]] | None = None,
) -> None:
    """One row per item, the readable columns first; `links` makes those columns links (the
    link of a value: a DOI's encoded as in the PDF and the page)."""
    sheet = _sheet(workbook, name, [width for _, _, width in columns], len(rows))
    for column, (head, _, _) in enumerate(columns):
        sheet.write_string(0, column, head, formats.header)
    for row, values in enumerate(rows, start=1):
        for column, (_, key, _) in enumerate(columns):
            text = values.get(key, "")
            link = (links or {}).get(key)
            target = link(text) if link and text else ""
            if target and len(target) <= LINK_LIMIT:
                sheet.write_url(row, column, target, formats.link, string=_fits(text))
            else:
                sheet.write_string(row, column, _fits(text), formats.cell)
