"""One spelling for comparing words: case, spacing, dashes, trailing punctuation, units, numbers.

Two values whose folds are equal mean the same words. The comparison engine compares values
this way, and the spec's checks (equivalence groups) use the same fold, so a value the engine
would read as another can never stand in two groups.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation

_DASHES = re.compile("[\u2010-\u2015\u2212]")
_SPACES = re.compile(r"\s+")
_PER = re.compile(r"\s*\bper\s+")
_AROUND_SLASH = re.compile(r"\s*/\s*")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_NUMBER = re.compile(r"(?<![\w.])(\d*\.\d+|\d+)(?![\w.])")
# Spellings of one unit, folded to one word (compared only, never shown).
_UNITS = {
    "hours": "h",
    "hour": "h",
    "hrs": "h",
    "hr": "h",
    "minutes": "min",
    "minute": "min",
    "mins": "min",
    "days": "day",
    "weeks": "wk",
    "week": "wk",
    "wks": "wk",
    "months": "mo",
    "month": "mo",
    "years": "yr",
    "year": "yr",
    "yrs": "yr",
    "milligrams": "mg",
    "milligram": "mg",
    "kilograms": "kg",
    "kilogram": "kg",
}
_WORD = re.compile(r"[a-z]+")


def _number(match: re.Match[str]) -> str:
    try:
        value = Decimal(match.group(1)).normalize()
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return match.group(1)
    return f"{value:f}"


@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """`text` in the one spelling comparisons use: equal folds mean the same words.

    Remembered: the engine folds the same few values many times (every pair, every topic).
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _DASHES.sub("-", text)
    text = _SPACES.sub(" ", text).strip().rstrip(".;,:")
    text = _THOUSANDS.sub("", text)
    text = _PER.sub("/", text)
    text = _AROUND_SLASH.sub("/", text)
    text = _NUMBER.sub(_number, text)
    return _WORD.sub(lambda m: _UNITS.get(m.group(), m.group()), text)
