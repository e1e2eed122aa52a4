"""When two stated values mean the same: normalised text, author-declared equivalents, populations.

Values are compared after folding case, spacing, dashes and trailing punctuation, spelling units
one way (`mg/kg per hour` = `mg/kg/h`) and numbers one way (`0.350` = `.35`), and through the
equivalence groups a comparison declares (`psychotomimetic effects: [dysphoria, ...]`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from guidecompare.folding import fold
from guidecompare.spec.models import Population


@dataclass(frozen=True)
class Equivalents:
    """The comparison's equivalence groups: each folded value → its group's name."""

    groups: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, declared: Mapping[str, Sequence[str]] | None) -> Equivalents:
        return cls({name: tuple(values) for name, values in (declared or {}).items()})

    @functools.cached_property
    def _by_fold(self) -> dict[str, str]:
        """Each folded name and member → its group's name (the first group that has it)."""
        found: dict[str, str] = {}
        for name, values in self.groups.items():
            for member in (name, *values):
                found.setdefault(fold(member), name)
        return found

    def canonical(self, value: str) -> str:
        """What `value` is compared as: its group's name if it is in one, else its fold."""
        name = self.group_name(value)
        return f"group: {fold(name)}" if name is not None else fold(value)

    def group_name(self, value: str) -> str | None:
        """The name of the group `value` belongs to, as the comparison declares it."""
        return self._by_fold.get(fold(value))


@dataclass(frozen=True)
class Ages:
    """The ages a statement applies to, in years, inclusive; None is unbounded."""

    low: Decimal | None = None
    high: Decimal | None = None

    @property
    def stated(self) -> bool:
        """True when the statement (or its guideline) gives at least one age bound."""
        return self.low is not None or self.high is not None

    def overlaps(self, other: Ages) -> bool:
        low = max((v for v in (self.low, other.low) if v is not None), default=None)
        high = min((v for v in (self.high, other.high) if v is not None), default=None)
        return low is None or high is None or low <= high

    @property
    def text(self) -> str:
        low = f"{self.low.normalize():f}" if self.low is not None else None
        high = f"{self.high.normalize():f}" if self.high is not None else None
        if low is not None and high is not None:
            return f"{low}-{high} years"
        if low is not None:
            return f"{low} years and older"
        if high is not None:
            return f"up to {high} years"
        return "any age"


def ages_of(population: Population | None) -> Ages:
    """The ages of a population; unbounded when it states none (or there is none)."""
    if population is None:
        return Ages()
    return Ages(population.age_min, population.age_max)
