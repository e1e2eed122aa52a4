"""The comparison as pandas DataFrames, for analysis in Python (same rows as the CSV files)."""

from __future__ import annotations

import pandas as pd

from guidecompare.engine import Comparison
from guidecompare.render.rows import (
    COMPARISON_COLUMNS,
    comparison_rows,
    summary_columns,
    summary_rows,
)


def to_dataframes(comparison: Comparison) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(comparison rows, summary rows), with the columns of comparison.csv and summary.csv."""
    detail = pd.DataFrame(
        comparison_rows(comparison), columns=list(COMPARISON_COLUMNS), dtype="string"
    )
    summary = pd.DataFrame(
        summary_rows(comparison), columns=list(summary_columns(comparison)), dtype="string"
    )
    return detail, summary
