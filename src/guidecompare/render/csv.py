"""The CSV renderers: comparison.csv (one row per statement) and summary.csv (one row per topic).

UTF-8 with a byte-order mark so Excel detects the encoding, CRLF line endings as RFC 4180 has
them, one header row, rows in the spec's order. docs/spec-format.md describes the columns.

Spec text is data, never a formula: a cell that a spreadsheet would read as a formula (starting
with = + - @, tab, CR or LF, per OWASP's CSV-injection guidance) gets a leading apostrophe, which
Excel and LibreOffice show as text. So does a cell that itself starts with an apostrophe, so the
rule is reversible: strip one leading apostrophe from any cell that has one. A plain number such
as -5 or +2.5 is not a formula and is left alone.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import BinaryIO

from guidecompare.engine import Comparison
from guidecompare.render.rows import (
    COMPARISON_COLUMNS,
    GUIDELINE_COLUMNS,
    comparison_rows,
    guideline_rows,
    summary_columns,
    summary_rows,
)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def neutralise(cell: str) -> str:
    """The cell as a spreadsheet will show it as text (see the module docstring)."""
    if cell.startswith("'") or (
        cell.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell)
    ):
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """The exact text of a cell read back from a guidecompare CSV file."""
    return cell[1:] if cell.startswith("'") else cell


def write_csv(columns: Sequence[str], rows: Sequence[dict[str, str]], stream: BinaryIO) -> None:
    """Write rows as UTF-8 CSV with a BOM and CRLF line endings."""
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({key: neutralise(value) for key, value in row.items()} for row in rows)
    stream.write(text.getvalue().encode("utf-8-sig"))


def render_comparison_csv(comparison: Comparison, stream: BinaryIO) -> None:
    write_csv(COMPARISON_COLUMNS, comparison_rows(comparison), stream)


def render_summary_csv(comparison: Comparison, stream: BinaryIO) -> None:
    write_csv(summary_columns(comparison), summary_rows(comparison), stream)


def render_guidelines_csv(comparison: Comparison, stream: BinaryIO) -> None:
    write_csv(GUIDELINE_COLUMNS, guideline_rows(comparison), stream)
