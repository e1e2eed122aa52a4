"""The CSV renderers: comparison.csv (one row per statement) and summary.csv (one row per topic).

UTF-8 with a byte-order mark so Excel detects the encoding, CRLF line endings as RFC 4180 has
them, one header row, rows in the spec's order. docs/spec-format.md describes the columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import BinaryIO

from guidecompare.align import Comparison
from guidecompare.renderers.tables import (
    COMPARISON_COLUMNS,
    comparison_rows,
    summary_columns,
    summary_rows,
)


def write_csv(columns: Sequence[str], rows: Sequence[dict[str, str]], stream: BinaryIO) -> None:
    """Write rows as UTF-8 CSV with a BOM and CRLF line endings."""
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    stream.write(text.getvalue().encode("utf-8-sig"))


def render_comparison_csv(comparison: Comparison, stream: BinaryIO) -> None:
    write_csv(COMPARISON_COLUMNS, comparison_rows(comparison), stream)


def render_summary_csv(comparison: Comparison, stream: BinaryIO) -> None:
    write_csv(summary_columns(comparison), summary_rows(comparison), stream)
