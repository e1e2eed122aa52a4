"""Facts several guidelines report on one topic, laid side by side: regimens and named things.

A trial's regimen reported by two guidelines, or the adverse effects each names, read best as one
table (one row per trial or thing, one column per guideline) rather than as lists beside each
statement. The engine builds these tables with the readings the verdict uses (a regimen is
matched by its trial, a named thing through the comparison's equivalence groups), so a table and
the rationale cannot disagree; the renderers only lay them out.

Only what descriptive statements report is tabled: a recommendation's regimen or facet belongs
beside it, with its population. A table needs two current guidelines that report its facts; a
superseded or withdrawn guideline that reports them too is shown in a column marked as such.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations

from guidecompare.engine import rules
from guidecompare.engine.results import Addressed, Cell, FactRow, FactTable
from guidecompare.engine.rules import Position
from guidecompare.engine.values import Equivalents
from guidecompare.engine.words import REGIMEN_FIELDS, regimen_fields
from guidecompare.folding import fold
from guidecompare.spec.models import Direction, Facet, Regimen

REGIMENS_TITLE = "Trial regimen"


def fact_tables(
    cells: Sequence[Cell],
    facets: Sequence[Facet],
    equivalents: Equivalents,
    names: Mapping[str, str],
) -> tuple[FactTable, ...]:
    """The tables of one topic: its trials' regimens, then each list facet."""
    reports = [_descriptive(c) for c in cells if c.addressed is Addressed.YES]
    columns = [(c, rules.position(c, equivalents)) for c in reports if c.statements]
    tables = [_regimens(columns, names)]
    tables.extend(_facet(cells, columns, f, equivalents) for f in facets if f.kind == "list")
    return tuple(t for t in tables if t is not None)


def _descriptive(cell: Cell) -> Cell:
    """The cell with only its descriptive statements (and their grade readings)."""
    kept = [
        (s, r)
        for s, r in zip(cell.statements, cell.readings, strict=True)
        if s.stance.direction is Direction.DESCRIPTIVE
    ]
    return Cell(
        cell.guideline,
        cell.addressed,
        tuple(s for s, _ in kept),
        readings=tuple(r for _, r in kept),
    )


def _regimens(
    columns: Sequence[tuple[Cell, Position]], names: Mapping[str, str]
) -> FactTable | None:
    """One row per trial whose regimen two or more current guidelines report."""
    trials = list(dict.fromkeys(k for _, p in columns for k in p.regimens if rules.is_trial(k)))
    rows_of = [
        key for key in trials if sum(c.counted and key in p.regimens for c, p in columns) >= 2
    ]
    if not rows_of:
        return None
    giving = [(c, p) for c, p in columns if any(k in p.regimens for k in rows_of)]
    rows = []
    for key in rows_of:
        counted = [p for c, p in giving if c.counted and key in p.regimens]
        apart = [
            f
            for f in REGIMEN_FIELDS
            if any(f in rules.regimen_fields_apart(a, b, key) for a, b in combinations(counted, 2))
        ]
        texts = tuple(_regimen_cell(c, key) for c, _ in giving)
        rows.append(FactRow(names.get(key, key), key, texts, tuple(apart)))
    return FactTable(
        REGIMENS_TITLE,
        tuple(c.guideline.id for c, _ in giving),
        tuple(c.counted for c, _ in giving),
        tuple(rows),
        blank="not reported",
    )


def _regimen_cell(cell: Cell, trial: str) -> str:
    """How a guideline reports one trial's regimen: each regimen it gives for the trial on its
    own (two arms stay two), with the fields it states as written, and its note."""
    texts = [
        _regimen_text(regimen)
        for statement in cell.statements
        for regimen in statement.regimens
        if regimen.study == trial
    ]
    return "; ".join(dict.fromkeys(texts))


def _regimen_text(regimen: Regimen) -> str:
    stated = " · ".join(
        f"{name} {value}" for name, value in regimen_fields(regimen).items() if value
    )
    text = stated or "no details stated"
    return f"{text} ({regimen.note})" if regimen.note else text


def _facet(
    cells: Sequence[Cell],
    columns: Sequence[tuple[Cell, Position]],
    facet: Facet,
    equivalents: Equivalents,
) -> FactTable | None:
    """One row per thing named (an equivalence group is one row, with each guideline's words),
    where two or more current guidelines name things in what they report, and no current
    guideline names them in a recommendation (its facet belongs beside it)."""
    recommending = any(
        cell.counted and facet.id in s.facets and s.stance.direction is not Direction.DESCRIPTIVE
        for cell in cells
        for s in cell.statements
    )
    stating = [(c, p) for c, p in columns if rules.facet_values(p, facet.id)]
    if recommending or sum(c.counted for c, _ in stating) < 2:
        return None
    canonicals = list(dict.fromkeys(v for _, p in stating for v in rules.facet_values(p, facet.id)))
    rows = []
    for canonical in canonicals:
        written = [rules.facet_values(p, facet.id).get(canonical, ()) for _, p in stating]
        first = next(w for w in written if w)[0]
        label = equivalents.group_name(first) or first
        texts = tuple(
            "" if not w else "mentioned" if [fold(v) for v in w] == [fold(label)] else ", ".join(w)
            for w in written
        )
        rows.append(FactRow(label, None, texts))
    return FactTable(
        facet.label,
        tuple(c.guideline.id for c, _ in stating),
        tuple(c.counted for c, _ in stating),
        tuple(rows),
        blank="not mentioned",
        facet=facet.id,
    )
