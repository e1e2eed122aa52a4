"""The building blocks of the spec format: ids, text, dates, the strict base model, directions.

Kept apart from models.py so that the grading package can build on them while models.py
builds on the grading package.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"

Id = Annotated[
    str,
    StringConstraints(strict=True, pattern=ID_PATTERN, max_length=64),
    Field(description="Lower-case letters, digits and single hyphens, e.g. 'rsdsa-2022'."),
]
# Names Windows reserves for devices: an output directory or spec file named so cannot be used.
RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(1, 10)}
)


def _not_reserved(value: str) -> str:
    if value in RESERVED_NAMES:
        raise ValueError(f"'{value}' is a name Windows reserves for a device: choose another id")
    return value


# An id that names a file or directory (a comparison's output directory, a guideline's file).
FileId = Annotated[Id, AfterValidator(_not_reserved)]
Text = Annotated[str, StringConstraints(strict=True, min_length=1)]

# Characters that draw nothing on their own: spaces and separators, controls, format characters
# (U+200B, U+FEFF, ...), unassigned and private-use code points, and combining marks.
_INVISIBLE_CATEGORIES = frozenset(
    {"Zs", "Zl", "Zp", "Cc", "Cf", "Cn", "Co", "Cs", "Mn", "Mc", "Me"}
)
# Letters that are blank by design (Hangul fillers, the blank braille pattern).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Every character a terminal, a CSV viewer or a CI log may take as the start of a new line.
LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def _visible(char: str) -> bool:
    return unicodedata.category(char) not in _INVISIBLE_CATEGORIES and char not in _BLANK_LETTERS


def _one_visible_line(value: str) -> str:
    if any(char in LINE_BREAKS for char in value):
        # `check` prints labels in its findings: a line break would start a line of its own,
        # which a CI runner may read as a command (`::error ...`).
        raise ValueError(
            "must be on one line: remove the line break (a value folded over several lines "
            "starts with '>-', not '>' or '|')"
        )
    if not any(_visible(char) for char in value):
        raise ValueError(
            "has no visible character (only spaces or invisible characters such as U+200B): "
            "write it out"
        )
    return value


# A name or title shown on one line, often as a column or row header: a label, a title, a
# short name. Never blank to the eye, never more than one line.
Label = Annotated[Text, AfterValidator(_one_visible_line)]
# A label that heads a table row: the length limit comes before the check so that its own
# message ("at most 200 characters") is kept.
RowLabel = Annotated[Text, StringConstraints(max_length=200), AfterValidator(_one_visible_line)]
# A few words shown in a table cell: a statement's gist.
ShortLabel = Annotated[Text, StringConstraints(max_length=80), AfterValidator(_one_visible_line)]
Doi = Annotated[
    str,
    StringConstraints(strict=True, pattern=DOI_PATTERN),
    Field(description="A bare DOI such as 10.1093/pm/pnac046 (no 'doi:' or https:// prefix)."),
]
Url = Annotated[
    str,
    StringConstraints(strict=True, pattern=r"^https?://[^\s<>\"]+$"),
    Field(description="An http:// or https:// address."),
]


def _iso_date(value: Any) -> Any:
    """Dates are written YYYY-MM-DD; YAML's own date type is read back as that text."""
    if isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(f"'{value}' is not a date: write it as YYYY-MM-DD")
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"'{value}' is not a real date") from exc
    if not isinstance(value, str | date):
        raise ValueError("expected a date written as YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


def _partial_date(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise ValueError("expected a year, year-month or date: YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a real date") from exc
    return value


PartialDate = Annotated[
    str,
    BeforeValidator(_partial_date),
    Field(description="YYYY, YYYY-MM or YYYY-MM-DD: as precise as the source is."),
]


def _one_or_many(value: Any) -> Any:
    """A facet with a single value may be written as plain text."""
    return [value] if isinstance(value, str) else value


def _unique(values: tuple[str, ...]) -> tuple[str, ...]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"'{value}' is listed twice")
        seen.add(value)
    return values


UniqueIds = Annotated[tuple[Id, ...], AfterValidator(_unique)]


class SpecModel(BaseModel):
    """Base of all spec models: unknown keys are errors, values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Direction(StrEnum):
    """Which way a recommendation or finding points; `descriptive` has no direction."""

    FOR = "for"
    AGAINST = "against"
    NEUTRAL = "neutral"
    DESCRIPTIVE = "descriptive"
