"""What changed in meaning between two versions of a comparison, axis by axis.

Two engine results (`Comparison`) in, their differences out: guidelines added, removed or
changed (status, dates, planned review...), statements added, removed or changed on every axis
(direction, grade, strength and certainty on the common scale, population, each facet,
regimens, evidence, text, quote, source...), and topics whose verdict, coverage or rationale
changed. Every changed axis is reported on its own, so a text edit never hides a grade change.

Statements are matched by their `id:` where both versions give one; the others by guideline,
topics and population, in order. docs/diff.md states the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from guidecompare.engine.results import (
    Change,
    Comparison,
    ComparisonChanges,
    ItemChange,
    Kind,
    TopicResult,
    short_names,
)
from guidecompare.engine.words import regimen_text
from guidecompare.grading import BUILT_IN_REGISTRY, GradeReading
from guidecompare.spec.models import GuidelineSpec, Statement

T = TypeVar("T")

__all__ = [
    "Change",
    "ComparisonChanges",
    "ItemChange",
    "compare_versions",
    "editions",
    "with_editions",
]


def compare_versions(
    old: Mapping[str, Comparison], new: Mapping[str, Comparison]
) -> list[ComparisonChanges]:
    """The changes of every comparison on either side, by comparison id."""
    out = []
    for cid in sorted({*old, *new}):
        before, after = old.get(cid), new.get(cid)
        if before is None and after is not None:
            out.append(ComparisonChanges(cid, _title(after), "added"))
        elif after is None and before is not None:
            out.append(ComparisonChanges(cid, _title(before), "removed"))
        elif before is not None and after is not None:
            items = (
                *_comparison(before, after),
                *_guidelines(before, after),
                *_statements(before, after),
                *_topics(before, after),
            )
            out.append(
                ComparisonChanges(cid, _title(after), "changed" if items else "unchanged", items)
            )
    return out


def _title(comparison: Comparison) -> str:
    return comparison.spec.short_title or comparison.spec.question


def _axes(
    before: T | None,
    after: T | None,
    axes: Sequence[tuple[str, Callable[[T], str]]],
) -> tuple[Change, ...]:
    """Each axis whose value differs between the two, as read by its function."""
    changes = []
    for axis, read in axes:
        old = read(before) if before is not None else ""
        new = read(after) if after is not None else ""
        if old != new:
            changes.append(Change(axis, old, new))
    return tuple(changes)


# ---------------------------------------------------------------------------------------------
# The comparison itself


COMPARISON_AXES: tuple[tuple[str, Callable[[Comparison], str]], ...] = (
    ("question", lambda c: c.spec.question),
    ("information current as of", lambda c: c.spec.current_as_of.isoformat()),
    ("guidelines compared", lambda c: ", ".join(g.label for g in c.guidelines)),
    (
        "equivalence groups",
        lambda c: "; ".join(f"{k}: {', '.join(v)}" for k, v in (c.spec.equivalents or {}).items()),
    ),
)


def _comparison(old: Comparison, new: Comparison) -> list[ItemChange]:
    changes = _axes(old, new, COMPARISON_AXES)
    return (
        [ItemChange("comparison", new.spec.id, _title(new), "changed", changes)] if changes else []
    )


# ---------------------------------------------------------------------------------------------
# Guidelines


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _grading(guideline: GuidelineSpec) -> str:
    """The system as the source names it, and which table it is read with."""
    system = guideline.grading_system
    if system is None:
        return ""
    if not system.system:
        return system.name
    known = BUILT_IN_REGISTRY.get(system.system)
    label = known.label if known is not None else system.system
    return f"{system.name} (read as {label}{', inferred' if system.inferred else ''})"


GUIDELINE_AXES: tuple[tuple[str, Callable[[GuidelineSpec], str]], ...] = (
    ("label", lambda g: g.label),
    ("title", lambda g: g.title),
    ("status", lambda g: g.status.value),
    ("superseded by", lambda g: _text(g.superseded_by)),
    ("year", lambda g: str(g.year)),
    ("published", lambda g: _text(g.published)),
    ("planned review", lambda g: _text(g.planned_review)),
    ("grading system", lambda g: _grading(g)),
    ("population", lambda g: _text(g.population)),
    ("DOI", lambda g: _text(g.doi)),
)


def _guidelines(old: Comparison, new: Comparison) -> list[ItemChange]:
    return _by_id(
        "guideline",
        {g.id: g for g in old.guidelines},
        {g.id: g for g in new.guidelines},
        GUIDELINE_AXES,
        lambda g: g.label,
    )


def _by_id(
    kind: Kind,
    before: Mapping[str, T],
    after: Mapping[str, T],
    axes: Sequence[tuple[str, Callable[[T], str]]],
    name: Callable[[T], str],
) -> list[ItemChange]:
    """Items matched by id: added, removed, or changed on the axes."""
    out = []
    for key in [*before, *(k for k in after if k not in before)]:
        b, a = before.get(key), after.get(key)
        subject = name(a) if a is not None else name(b) if b is not None else key
        if b is None:
            out.append(ItemChange(kind, key, subject, "added"))
        elif a is None:
            out.append(ItemChange(kind, key, subject, "removed"))
        elif changes := _axes(b, a, axes):
            out.append(ItemChange(kind, key, subject, "changed", changes))
    return out


# ---------------------------------------------------------------------------------------------
# Statements


SUBJECT_WORDS = 6  # the words of a statement's text that name it in a report


@dataclass(frozen=True)
class _Said:
    """A statement with what the engine read of it, and the names it is told with."""

    guideline: GuidelineSpec
    statement: Statement
    reading: GradeReading | None
    names: Mapping[str, str]  # reference ids → short names
    facets: Mapping[str, str]  # facet ids → labels
    topics: Mapping[str, str]  # topic ids → labels

    @property
    def subject(self) -> str:
        """'RSDSA 2022 · Efficacy: “Sub-anesthetic ketamine dosing has shown…”': the statement's
        id where it has one, else its first words, tell two statements of a topic apart."""
        topics = ", ".join(self.topics.get(t, t) for t in self.statement.topic)
        if self.statement.id:
            return f"{self.guideline.label} · {topics} '{self.statement.id}'"
        words = self.statement.text.split()
        opening = " ".join(words[:SUBJECT_WORDS]) + ("…" if len(words) > SUBJECT_WORDS else "")
        return f"{self.guideline.label} · {topics}: “{opening}”"


def _said(comparison: Comparison) -> dict[str, list[_Said]]:
    """Each guideline's statements, by guideline id, with the engine's grade readings."""
    readings: dict[int, GradeReading] = {}
    for result in comparison.topics:
        for cell in result.cells:
            for statement, reading in zip(cell.statements, cell.readings, strict=True):
                readings.setdefault(id(statement), reading)
    names = short_names(comparison.spec, comparison.guidelines)
    facets = {f.id: f.label for f in comparison.spec.facets}
    topics = {t.id: t.label for t in comparison.spec.topics}
    return {
        g.id: [_Said(g, s, readings.get(id(s)), names, facets, topics) for s in g.statements]
        for g in comparison.guidelines
    }


def _population(said: _Said) -> str:
    """The population a statement itself states (not the one it inherits from its guideline:
    a population added to a guideline changes no statement's identity)."""
    return str(said.statement.population or "")


def _match_key(said: _Said) -> str:
    """What names a statement without an id: its guideline, topics and population."""
    return f"{said.guideline.id}|{'+'.join(said.statement.topic)}|{_population(said)}"


def _pairs(
    before: list[_Said], after: list[_Said], *, any_population: bool = False
) -> list[tuple[_Said | None, _Said | None]]:
    """Statements paired across versions: by id where both give the same one; then, where one
    of the two has no id, by topics and population, in order; then by population and a topic
    in common. `any_population` (editions) pairs lastly by a topic in common alone, so that a
    recommendation widened to new people is one statement whose population changed."""
    pairs: list[tuple[_Said | None, _Said | None]] = []
    by_id = {s.statement.id: s for s in after if s.statement.id}
    taken: set[int] = set()
    unpaired = []
    for said in before:
        twin = by_id.get(said.statement.id) if said.statement.id else None
        if twin is None:
            unpaired.append(said)
        else:
            pairs.append((said, twin))
            taken.add(id(twin))

    def common_topic(a: _Said, b: _Said) -> bool:
        return bool(set(a.statement.topic) & set(b.statement.topic))

    rules: list[Callable[[_Said, _Said], bool]] = [
        lambda a, b: a.statement.topic == b.statement.topic and _population(a) == _population(b),
        lambda a, b: _population(a) == _population(b) and common_topic(a, b),
    ]
    if any_population:
        rules += [lambda a, b: a.statement.topic == b.statement.topic, common_topic]
    found: dict[int, _Said] = {}
    for same in rules:
        # Among the statements a rule pairs, the most alike first: a statement inserted
        # before the others does not make each of them read as changed.
        candidates = sorted(
            (
                (-_likeness(b, a), i, j, b, a)
                for i, b in enumerate(unpaired)
                if id(b) not in found
                for j, a in enumerate(after)
                if id(a) not in taken
                and same(a, b)
                and not (a.statement.id and b.statement.id)  # two ids: two statements
            ),
            key=lambda c: c[:3],
        )
        for _, _, _, b, a in candidates:
            if id(b) not in found and id(a) not in taken:
                found[id(b)] = a
                taken.add(id(a))
    pairs.extend((said, found.get(id(said))) for said in unpaired)
    pairs.extend((None, s) for s in after if id(s) not in taken)
    return pairs


def _likeness(a: _Said, b: _Said) -> int:
    """How many axes two statements share: which of several candidates is the same one."""
    return sum(read(a) == read(b) for _, read in STATEMENT_AXES)


def _regimens(said: _Said) -> str:
    parts = []
    for regimen in said.statement.regimens:
        text = regimen_text(regimen)
        if regimen.study:
            text = f"{said.names.get(regimen.study, regimen.study)}: {text}"
        parts.append(text + (f" ({regimen.note})" if regimen.note else ""))
    return "; ".join(parts)


def _source(said: _Said) -> str:
    source = said.statement.source
    page = f"page {source.page}" if source.page else ""
    return ", ".join(
        p for p in (said.names.get(source.document, source.document), source.section, page) if p
    )


def _reading(said: _Said, part: Literal["recommendation", "certainty"]) -> str:
    if said.reading is None:
        return ""
    return str(getattr(said.reading, part).value)


STATEMENT_AXES: tuple[tuple[str, Callable[[_Said], str]], ...] = (
    ("topics", lambda s: ", ".join(s.topics.get(t, t) for t in s.statement.topic)),
    ("direction", lambda s: s.statement.stance.direction.value),
    ("stance wording", lambda s: _text(s.statement.stance.wording)),
    ("grade", lambda s: _text(s.statement.grade)),
    ("strength (common scale)", lambda s: _reading(s, "recommendation")),
    ("certainty", lambda s: _text(s.statement.certainty)),
    ("certainty (common scale)", lambda s: _reading(s, "certainty")),
    ("population", lambda s: _text(s.statement.population)),
    ("regimens", _regimens),
    ("evidence", lambda s: ", ".join(s.names.get(e, e) for e in s.statement.evidence)),
    ("text", lambda s: s.statement.text),
    ("quote", lambda s: _text(s.statement.quote)),
    ("note", lambda s: _text(s.statement.note)),
    ("source", _source),
)


def _facet_axes(before: _Said, after: _Said) -> list[tuple[str, Callable[[_Said], str]]]:
    """An axis for each facet either version gives, named by its label."""
    ids = dict.fromkeys((*before.statement.facets, *after.statement.facets))

    def values(facet: str) -> Callable[[_Said], str]:
        return lambda said: ", ".join(said.statement.facets.get(facet, ()))

    return [(after.facets.get(f, f), values(f)) for f in ids]


def _statements(old: Comparison, new: Comparison) -> list[ItemChange]:
    before, after = _said(old), _said(new)
    out = []
    for gid in [*before, *(g for g in after if g not in before)]:
        out.extend(_statement_changes(_pairs(before.get(gid, []), after.get(gid, []))))
    return out


def _statement_changes(pairs: Sequence[tuple[_Said | None, _Said | None]]) -> list[ItemChange]:
    out = []
    for b, a in pairs:
        said = a or b
        assert said is not None
        key = said.statement.id or _match_key(said)
        if b is None:
            out.append(ItemChange("statement", key, said.subject, "added"))
        elif a is None:
            out.append(ItemChange("statement", key, said.subject, "removed"))
        else:
            axes = [*STATEMENT_AXES, *_facet_axes(b, a)]
            if changes := _axes(b, a, axes):
                out.append(ItemChange("statement", key, said.subject, "changed", changes))
    return out


# ---------------------------------------------------------------------------------------------
# Editions: a superseded guideline and its successor, in one comparison


def editions(comparisons: Mapping[str, Comparison]) -> list[ComparisonChanges]:
    """For each guideline a comparison holds beside its successor: what the new edition
    changed (the guideline's own axes, and its statements, matched by topic and population,
    then by topic alone, so that a recommendation widened to new people is one statement)."""
    out = []
    for cid in sorted(comparisons):
        comparison = comparisons[cid]
        said = _said(comparison)
        by_id = {g.id: g for g in comparison.guidelines}
        items: list[ItemChange] = []
        # The oldest edition first, so that a chain (2010 -> 2016 -> 2022) reads in order.
        for old in sorted(comparison.guidelines, key=lambda g: g.year):
            new = by_id.get(old.superseded_by or "")
            if new is None:
                continue
            subject = f"{old.label} → {new.label}"
            if changes := _axes(old, new, EDITION_AXES):
                items.append(
                    ItemChange("guideline", f"{old.id}>{new.id}", subject, "changed", changes)
                )
            pairs = _pairs(said[old.id], said[new.id], any_population=True)
            items.extend(_statement_changes(pairs))
        if items:
            out.append(ComparisonChanges(cid, _title(comparison), "changed", tuple(items)))
    return out


def with_editions(comparison: Comparison) -> Comparison:
    """The comparison carrying what each successor changed (for the PDF), when any did."""
    import dataclasses

    found = editions({comparison.spec.id: comparison})
    return dataclasses.replace(comparison, editions=found[0]) if found else comparison


# What changes from one edition to the next beyond what always does (its label, status, year,
# publication date and DOI differ in every new edition).
EDITION_AXES = tuple(
    (axis, read)
    for axis, read in GUIDELINE_AXES
    if axis not in ("label", "status", "superseded by", "year", "published", "DOI")
)


# ---------------------------------------------------------------------------------------------
# Topics


TOPIC_AXES: tuple[tuple[str, Callable[[TopicResult], str]], ...] = (
    ("label", lambda t: t.topic.label),
    ("verdict", lambda t: t.verdict.value + (" (reviewer's judgement)" if t.override else "")),
    ("coverage", lambda t: t.coverage.text if t.coverage else ""),
    ("rationale", lambda t: t.rationale),
)


def _topics(old: Comparison, new: Comparison) -> list[ItemChange]:
    return _by_id(
        "topic",
        {t.topic.id: t for t in old.topics},
        {t.topic.id: t for t in new.topics},
        TOPIC_AXES,
        lambda t: t.topic.label,
    )
