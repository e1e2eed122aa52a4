"""How a reader is told a date: in English words, whatever the locale (standard library only, so
that `check`'s fast path and the renderers can both use it)."""

from __future__ import annotations

from datetime import date
from typing import Final

# English names whatever the locale (calendar.month_name follows LC_TIME).
MONTHS: Final = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(value: date) -> str:
    """'February 20, 2025': how a reader is told a date, whatever the locale."""
    return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"
