"""Facts several guidelines give on one topic, laid side by side: regimens and named things.

A trial's regimen reported by two guidelines, or the adverse effects each names, read best as one
table (one row per regimen or thing, one column per guideline) rather than as lists beside each
statement. The engine builds these tables with the same readings the verdict uses (a regimen is
matched by its trial, a named thing through the comparison's equivalence groups), so a table and
the rationale cannot disagree; the renderers only lay them out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from guidecompare.engine import rules
from guidecompare.engine.results import Addressed, Cell, FactRow, FactTable
from guidecompare.engine.rules import Position
from guidecompare.engine.values import Equivalents
from guidecompare.engine.words import REGIMEN_FIELDS
from guidecompare.folding import fold
from guidecompare.spec.models import Direction, Facet


@dataclass(frozen=True)
class _Column:
    cell: Cell
    position: Position


def fact_tables(
    cells: Sequence[Cell],
    facets: Sequence[Facet],
    equivalents: Equivalents,
    names: Mapping[str, str],
) -> tuple[FactTable, ...]:
    """The tables of one topic: its trials' regimens, then each list facet, where two or more
    guidelines give them (what one guideline alone gives stays beside its statement)."""
    columns = [
        _Column(c, rules.position(c, equivalents)) for c in cells if c.addressed is Addressed.YES
    ]
    tables = [_regimens(columns, names)]
    tables.extend(_facet(columns, facet, equivalents) for facet in facets if facet.kind == "list")
    return tuple(t for t in tables if t is not None)


def _regimens(columns: Sequence[_Column], names: Mapping[str, str]) -> FactTable | None:
    """One row per trial whose regimen two or more guidelines report."""
    giving = [c for c in columns if any(rules.is_trial(k) for k in c.position.regimens)]
    if len(giving) < 2:
        return None
    keys = list(dict.fromkeys(k for c in giving for k in c.position.regimens if rules.is_trial(k)))
    rows = []
    for key in keys:
        texts = tuple(_regimen_cell(c.position, key) for c in giving)
        counted = [c.position for c in giving if c.cell.counted and key in c.position.regimens]
        apart = [
            f
            for f in REGIMEN_FIELDS
            if any(f in rules.regimen_fields_apart(a, b, key) for a, b in combinations(counted, 2))
        ]
        rows.append(FactRow(names.get(key, key), key, texts, tuple(apart)))
    return FactTable("Trial regimen", tuple(c.cell.guideline.id for c in giving), tuple(rows))


def _regimen_cell(position: Position, key: str) -> str:
    """A guideline's account of one trial's regimen: each field it states, as written."""
    fields = position.regimens.get(key)
    if not fields:
        return ""
    return " · ".join(
        f"{name} {', '.join(shown for _, shown in fields[name])}"
        for name in REGIMEN_FIELDS
        if name in fields
    )


def _facet(columns: Sequence[_Column], facet: Facet, equivalents: Equivalents) -> FactTable | None:
    """One row per thing named (an equivalence group is one row, with each guideline's words),
    where two or more guidelines name things and only in what they report (descriptive
    statements): a recommendation's facet belongs beside it, with its population."""
    stating = [c for c in columns if rules.facet_values(c.position, facet.id)]
    if len(stating) < 2:
        return None
    for column in stating:
        for statement in column.cell.statements:
            if (
                facet.id in statement.facets
                and statement.stance.direction is not Direction.DESCRIPTIVE
            ):
                return None
    canonicals = list(
        dict.fromkeys(v for c in stating for v in rules.facet_values(c.position, facet.id))
    )
    rows = []
    for canonical in canonicals:
        written = [rules.facet_values(c.position, facet.id).get(canonical, ()) for c in stating]
        first = next(w for w in written if w)[0]
        label = equivalents.group_name(first) or first
        texts = tuple(
            "" if not w else "named" if [fold(v) for v in w] == [fold(label)] else ", ".join(w)
            for w in written
        )
        rows.append(FactRow(label, None, texts))
    guidelines = tuple(c.cell.guideline.id for c in stating)
    return FactTable(facet.label, guidelines, tuple(rows), facet=facet.id)
