"""When two stated values mean the same: normalised text, author-declared equivalents, populations.

Values are compared after folding case, spacing, dashes and trailing punctuation, spelling units
one way (`mg/kg per hour` = `mg/kg/h`) and numbers one way (`0.350` = `.35`), and through the
equivalence groups a comparison declares (`psychotomimetic effects: [dysphoria, ...]`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from guidecompare.spec.models import Population

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
    "d": "day",
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


def fold(text: str) -> str:
    """`text` in the one spelling comparisons use: equal folds mean the same words."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _DASHES.sub("-", text)
    text = _SPACES.sub(" ", text).strip().rstrip(".;,:")
    text = _THOUSANDS.sub("", text)
    text = _PER.sub("/", text)
    text = _AROUND_SLASH.sub("/", text)
    text = _NUMBER.sub(_number, text)
    return _WORD.sub(lambda m: _UNITS.get(m.group(), m.group()), text)


@dataclass(frozen=True)
class Equivalents:
    """The comparison's equivalence groups: each folded value → its group's name."""

    groups: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, declared: Mapping[str, Sequence[str]] | None) -> Equivalents:
        return cls({name: tuple(values) for name, values in (declared or {}).items()})

    def canonical(self, value: str) -> str:
        """What `value` is compared as: its group's name if it is in one, else its fold."""
        folded = fold(value)
        for name, values in self.groups.items():
            if folded == fold(name) or any(folded == fold(v) for v in values):
                return f"group: {fold(name)}"
        return folded

    def group_name(self, value: str) -> str | None:
        """The name of the group `value` belongs to, as the comparison declares it."""
        folded = fold(value)
        for name, values in self.groups.items():
            if folded == fold(name) or any(folded == fold(v) for v in values):
                return name
        return None


@dataclass(frozen=True)
class Ages:
    """The ages a statement applies to, in years, inclusive; None is unbounded."""

    low: Decimal | None = None
    high: Decimal | None = None

    def overlaps(self, other: Ages) -> bool:
        low = max((v for v in (self.low, other.low) if v is not None), default=None)
        high = min((v for v in (self.high, other.high) if v is not None), default=None)
        return low is None or high is None or low <= high

    @property
    def text(self) -> str:
        if self.low is not None and self.high is not None:
            return f"{self.low:f}-{self.high:f} years"
        if self.low is not None:
            return f"{self.low:f} years and older"
        if self.high is not None:
            return f"up to {self.high:f} years"
        return "any age"


def ages_of(population: Population | None) -> Ages:
    """The ages of a population; unbounded when it states none (or there is none)."""
    if population is None:
        return Ages()
    return Ages(population.age_min, population.age_max)
