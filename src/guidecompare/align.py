"""Align statements by topic and decide each topic's verdict by transparent rules.

Pure: models in, a Comparison out. No file system, no click. docs/verdicts.md explains the rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from guidecompare.grading import (
    BUILT_IN_REGISTRY,
    GradeReading,
    GradingRegistry,
    Unmapped,
    is_not_extracted,
    read_grade,
)
from guidecompare.loader import LoadedComparison
from guidecompare.models import (
    ComparisonSpec,
    Direction,
    GuidelineSpec,
    Override,
    Regimen,
    Silence,
    Statement,
    Topic,
    VerdictName,
)

NOT_STATED = "not stated"


class Addressed(StrEnum):
    """Whether a guideline addresses a topic, as the CSV's `addressed` column says it."""

    YES = "yes"
    SILENT = "silent"
    NOT_EXTRACTED = "not-extracted"


@dataclass(frozen=True)
class Cell:
    """What one guideline says on one topic."""

    guideline: GuidelineSpec
    addressed: Addressed
    statements: tuple[Statement, ...] = ()
    silence: Silence | None = None
    # Each statement's grade on the common scale, in the order of `statements`. Left empty,
    # they are read with the built-in grading systems.
    readings: tuple[GradeReading, ...] = ()

    def __post_init__(self) -> None:
        if len(self.readings) != len(self.statements):
            readings = tuple(read_statement(self.guideline, s) for s in self.statements)
            object.__setattr__(self, "readings", readings)

    @property
    def directions(self) -> tuple[Direction, ...]:
        """The distinct directions of its statements, in a fixed order; () when only descriptive."""
        present = {s.stance.direction for s in self.statements}
        order = (Direction.FOR, Direction.NEUTRAL, Direction.AGAINST)
        return tuple(d for d in order if d in present)

    @property
    def stance(self) -> str:
        """One word (or a few) for the summary: `for`, `descriptive`, `silent`, `not-extracted`."""
        if self.addressed is not Addressed.YES:
            return self.addressed.value
        return "; ".join(self.directions) or Direction.DESCRIPTIVE.value


@dataclass(frozen=True)
class TopicResult:
    """One topic: the guidelines' cells side by side and the verdict over them."""

    topic: Topic
    cells: tuple[Cell, ...]
    computed: VerdictName
    rationale: str
    override: Override | None = None

    @property
    def verdict(self) -> VerdictName:
        return self.override.verdict if self.override else self.computed


@dataclass(frozen=True)
class Comparison:
    """The result of comparing: what the renderers turn into PDF and CSV."""

    spec: ComparisonSpec
    guidelines: tuple[GuidelineSpec, ...]
    topics: tuple[TopicResult, ...]

    @property
    def citation_order(self) -> tuple[str, ...]:
        """Ids in reference-list order: the guidelines compared, then the other references."""
        return (*self.spec.guidelines, *(ref.id for ref in self.spec.references))

    def citation_number(self, cited: str) -> int:
        return self.citation_order.index(cited) + 1

    def short_name(self, cited: str) -> str:
        return _short_names(self.spec, self.guidelines).get(cited, cited)


def compare(loaded: LoadedComparison) -> Comparison:
    """Build the comparison of one loaded spec: every topic with its cells and verdict."""
    spec, guidelines = loaded.spec, loaded.guidelines
    names = _short_names(spec, guidelines)
    facet_labels = {facet.id: facet.label for facet in spec.facets}
    overrides = {override.topic: override for override in spec.overrides}
    results = []
    for topic in spec.topics:
        cells = tuple(_cell(guideline, topic.id, loaded.grading) for guideline in guidelines)
        verdict, rationale = decide(cells, names, facet_labels)
        results.append(TopicResult(topic, cells, verdict, rationale, overrides.get(topic.id)))
    return Comparison(spec, guidelines, tuple(results))


def _short_names(spec: ComparisonSpec, guidelines: Sequence[GuidelineSpec]) -> dict[str, str]:
    names = {ref.id: ref.short or ref.id for ref in spec.references}
    names.update({g.id: g.label for g in guidelines})
    return names


def read_statement(
    guideline: GuidelineSpec, statement: Statement, registry: GradingRegistry = BUILT_IN_REGISTRY
) -> GradeReading:
    """A statement's grade and certainty read on the common scale of its guideline's system."""
    system = guideline.grading_system
    return read_grade(
        system.system if system else None,
        statement.grade,
        statement.certainty,
        direction=statement.stance.direction,
        registry=registry,
        inferred=system.inferred if system else False,
    )


def _cell(guideline: GuidelineSpec, topic_id: str, registry: GradingRegistry) -> Cell:
    statements = tuple(s for s in guideline.statements if topic_id in s.topic)
    if statements:
        readings = tuple(read_statement(guideline, s, registry) for s in statements)
        return Cell(guideline, Addressed.YES, statements, readings=readings)
    silence = next((s for s in guideline.silent if s.topic == topic_id), None)
    if silence is not None:
        return Cell(guideline, Addressed.SILENT, silence=silence)
    return Cell(guideline, Addressed.NOT_EXTRACTED)


# ---------------------------------------------------------------------------------------------
# The rules


def grade_label(statement: Statement) -> str:
    """The grade and certainty as the guideline gives them, in words."""
    grade, certainty = statement.grade, statement.certainty
    if grade is None and certainty is None:
        return "grade not stated"
    if grade is not None and grade.casefold() == "ungraded":
        text = "ungraded"
    elif is_not_extracted(grade):
        text = "grade not extracted"
    elif grade is not None:
        text = f"grade {grade}"
    else:
        text = "grade not stated"
    if is_not_extracted(certainty):
        text += ", certainty not extracted"
    elif certainty is not None:
        text += f", {certainty} certainty"
    return text


def regimen_fields(regimen: Regimen) -> dict[str, str | None]:
    """The compared fields of a regimen, as text; None where the source does not state it."""
    dose = None
    if regimen.dose is not None:
        dose = str(regimen.dose) + (f" {regimen.unit}" if regimen.unit else "")
    elif regimen.unit is not None:
        dose = f"in {regimen.unit}"
    return {
        "route": regimen.route,
        "dose": dose,
        "schedule": regimen.schedule,
        "duration": regimen.duration,
        "setting": regimen.setting,
        "titration": regimen.titration,
    }


def regimen_text(regimen: Regimen) -> str:
    """A regimen in one line: dose · schedule · duration · setting · …"""
    fields = regimen_fields(regimen)
    parts = [value for value in fields.values() if value]
    return " · ".join(parts) if parts else "no details stated"


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class _Position:
    """What one guideline says on one topic, reduced to what the rules compare."""

    directions: tuple[Direction, ...]
    grades: tuple[str, ...]  # readings of its directional statements, as text
    grade_keys: frozenset[tuple[object, object]]  # the same on the common scale
    facets: tuple[tuple[str, tuple[str, ...]], ...]  # facet id → values, in first-seen order
    regimens: tuple[tuple[str, tuple[tuple[str, str | None], ...]], ...]  # study → fields
    evidence: tuple[str, ...]

    def facet(self, facet_id: str) -> tuple[str, ...]:
        return dict(self.facets).get(facet_id, ())

    def regimen(self, key: str) -> dict[str, str | None] | None:
        found = dict(self.regimens).get(key)
        return dict(found) if found is not None else None

    def key(self) -> tuple[object, ...]:
        """Equal keys mean the rules see no difference."""
        return (
            self.directions,
            self.grade_keys if self.directions else frozenset(),
            frozenset((f, frozenset(_fold(v) for v in vs)) for f, vs in self.facets),
            frozenset(
                (k, tuple((n, _fold(v) if v else None) for n, v in fields))
                for k, fields in self.regimens
            ),
        )


NOT_GIVEN = Unmapped.NOT_STATED


def _grade_key(reading: GradeReading) -> tuple[object, object]:
    """What the rules compare of a reading: the common scale, or the native value where the
    common scale cannot say (two different unmappable grades must not look alike)."""
    recommendation: object = reading.recommendation
    certainty: object = reading.certainty
    if recommendation is Unmapped.NOT_MAPPABLE:
        recommendation = ("native", reading.system, _fold(reading.native_grade or ""))
    if certainty is Unmapped.NOT_MAPPABLE:
        certainty = ("native", reading.system, _fold(reading.native_certainty or ""))
    return recommendation, certainty


def _ordered_unique(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _position(cell: Cell) -> _Position:
    statements = cell.statements
    directional = [s for s in statements if s.stance.direction is not Direction.DESCRIPTIVE]
    facets: dict[str, list[str]] = {}
    regimens: dict[str, tuple[tuple[str, str | None], ...]] = {}
    for statement in statements:
        for facet_id, values in statement.facets.items():
            facets.setdefault(facet_id, []).extend(values)
        for regimen in statement.regimens:
            key = regimen.study or f"regimen: {regimen_text(regimen)}"
            regimens.setdefault(key, tuple(regimen_fields(regimen).items()))
    readings = [r for s, r in zip(statements, cell.readings, strict=True) if s in directional]
    # A statement without a grade does not dilute a graded one of the same guideline.
    stated = [r for r in readings if (r.recommendation, r.certainty) != (NOT_GIVEN, NOT_GIVEN)]
    used = stated or readings
    return _Position(
        directions=cell.directions,
        grades=_ordered_unique([r.text for r in used]),
        grade_keys=frozenset(_grade_key(r) for r in used),
        facets=tuple((f, _ordered_unique(vs)) for f, vs in facets.items()),
        regimens=tuple(regimens.items()),
        evidence=_ordered_unique([e for s in statements for e in s.evidence]),
    )


def join_names(names: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _is(names: Sequence[str]) -> str:
    return "is" if len(names) == 1 else "are"


def decide(
    cells: Sequence[Cell], names: dict[str, str], facet_labels: dict[str, str]
) -> tuple[VerdictName, str]:
    """The verdict over one topic's cells and its rationale in plain words.

    The first rule that applies wins: conflict, gap, partial, agree; not-addressed when no
    guideline addresses the topic.
    """
    label = {cell.guideline.id: cell.guideline.label for cell in cells}
    addressing = [c for c in cells if c.addressed is Addressed.YES]
    silent = [label[c.guideline.id] for c in cells if c.addressed is Addressed.SILENT]
    missing = [label[c.guideline.id] for c in cells if c.addressed is Addressed.NOT_EXTRACTED]
    absence = "; ".join(
        part
        for part in (
            f"{join_names(silent)} {_is(silent)} silent" if silent else "",
            f"{join_names(missing)} {_is(missing)} not extracted" if missing else "",
        )
        if part
    )
    if not addressing:
        return VerdictName.NOT_ADDRESSED, f"No guideline addresses this topic: {absence}."

    positions = {c.guideline.id: _position(c) for c in addressing}
    ids = [c.guideline.id for c in addressing]
    sentences: list[str] = []

    for_ids = [g for g in ids if Direction.FOR in positions[g].directions]
    against_ids = [g for g in ids if Direction.AGAINST in positions[g].directions]
    fors = [label[g] for g in for_ids]
    againsts = [label[g] for g in against_ids]
    # A conflict is one guideline for and *another* against: one guideline's own mixed
    # statements are a difference of direction, not a conflict between guidelines.
    conflicting = any(f != a for f in for_ids for a in against_ids)
    groups = _groups(ids, positions)

    if conflicting:
        verdict = VerdictName.CONFLICT
        sentences.append(
            f"{join_names(fors)} {_is(fors)} for; {join_names(againsts)} {_is(againsts)} against."
        )
    elif silent or missing:
        verdict = VerdictName.GAP
    elif len(groups) > 1:
        verdict = VerdictName.PARTIAL
    else:
        verdict = VerdictName.AGREE

    if len(addressing) == 1:
        only = addressing[0]
        sentences.append(
            f"Only {label[only.guideline.id]} addresses it ({_summary(positions[only.guideline.id])})."
        )
    else:
        sentences.extend(_headline(cells, ids, groups, positions, label, facet_labels))
        agreements = _agreements(ids, positions, label, names, facet_labels)
        differences = _differences(ids, positions, label, names, facet_labels)
        if agreements:
            sentences.append(_sentence(agreements))
        if differences:
            sentences.append("Differences: " + "; ".join(differences) + ".")
    if absence:
        sentences.append(absence[0].upper() + absence[1:] + ".")
    return verdict, " ".join(sentences)


def _sentence(parts: Sequence[str]) -> str:
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _summary(position: _Position) -> str:
    direction = "; ".join(position.directions) or "descriptive"
    if position.directions and position.grades:
        return f"{direction}, {' / '.join(position.grades)}"
    return direction


def _groups(ids: Sequence[str], positions: dict[str, _Position]) -> list[list[str]]:
    """Guidelines with identical positions, largest group first (ties: compared order)."""
    by_key: dict[tuple[object, ...], list[str]] = {}
    for gid in ids:
        by_key.setdefault(positions[gid].key(), []).append(gid)
    return sorted(by_key.values(), key=lambda group: (-len(group), ids.index(group[0])))


def _headline(
    cells: Sequence[Cell],
    ids: Sequence[str],
    groups: list[list[str]],
    positions: dict[str, _Position],
    label: dict[str, str],
    facet_labels: dict[str, str],
) -> list[str]:
    """With three or more guidelines: 'k of n agree (…); X differs on …'."""
    if len(cells) < 3:
        return []
    total = len(cells)
    largest = groups[0]
    if len(largest) < 2:
        return [f"No two of the {len(ids)} that address it agree."] if len(ids) > 2 else []
    parts = [f"{len(largest)} of {total} agree ({join_names([label[g] for g in largest])})"]
    reference = positions[largest[0]]
    for group in groups[1:]:
        aspects = _aspects(reference, positions[group[0]], facet_labels)
        names = [label[g] for g in group]
        verb = "differs" if len(names) == 1 else "differ"
        parts.append(f"{join_names(names)} {verb} on {join_names(aspects)}")
    return [_sentence(parts)]


def _aspects(a: _Position, b: _Position, facet_labels: dict[str, str]) -> list[str]:
    """The named aspects on which two positions differ."""
    aspects: list[str] = []
    if a.directions != b.directions:
        aspects.append("direction")
    if a.directions and b.directions and a.grade_keys != b.grade_keys:
        aspects.append("grade")
    for facet_id, facet_label in facet_labels.items():
        if {_fold(v) for v in a.facet(facet_id)} != {_fold(v) for v in b.facet(facet_id)}:
            aspects.append(facet_label.lower())
    if dict(a.regimens).keys() != dict(b.regimens).keys() or any(
        a.regimen(k) != b.regimen(k) for k, _ in a.regimens
    ):
        aspects.append("regimens")
    return aspects


def _agreements(
    ids: Sequence[str],
    positions: dict[str, _Position],
    label: dict[str, str],
    names: dict[str, str],
    facet_labels: dict[str, str],
) -> list[str]:
    everyone = "both" if len(ids) == 2 else f"all {len(ids)}"
    parts: list[str] = []
    directions = {positions[g].directions for g in ids}
    if len(directions) == 1:
        (only,) = directions
        parts.append(
            f"{everyone} are {' / '.join(only)}" if only else f"{everyone} are descriptive"
        )
    parts.extend(_evidence(ids, positions, label, names, everyone))
    for facet_id, facet_label in facet_labels.items():
        values = [positions[g].facet(facet_id) for g in ids]
        if values[0] and all(
            {_fold(v) for v in vs} == {_fold(v) for v in values[0]} for vs in values
        ):
            parts.append(f"{everyone} state {facet_label.lower()}: {', '.join(values[0])}")
    for key in _regimen_keys(ids, positions):
        found = [positions[g].regimen(key) for g in ids]
        if all(f is not None and f == found[0] for f in found):
            parts.append(f"{everyone} give the same {_regimen_name(key, names)} regimen")
    return parts


def _evidence(
    ids: Sequence[str],
    positions: dict[str, _Position],
    label: dict[str, str],
    names: dict[str, str],
    everyone: str,
) -> list[str]:
    """Who rests on what: evidence grouped by the guidelines that cite it."""
    citing: dict[str, list[str]] = {}
    for gid in ids:
        for cited in positions[gid].evidence:
            citing.setdefault(cited, []).append(gid)
    if not citing:
        return []
    groups: dict[tuple[str, ...], list[str]] = {}
    for cited, citers in citing.items():
        groups.setdefault(tuple(citers), []).append(names.get(cited, cited))
    parts = []
    for who, cited_names in groups.items():
        if len(who) == len(ids):
            parts.append(f"{everyone} rest on {join_names(cited_names)}")
        elif len(who) == 1:
            parts.append(f"only {label[who[0]]} cites {join_names(cited_names)}")
        else:
            parts.append(f"{join_names([label[g] for g in who])} rest on {join_names(cited_names)}")
    uncited = [label[g] for g in ids if not positions[g].evidence]
    if uncited:
        verb = "cites" if len(uncited) == 1 else "cite"
        parts.append(f"{join_names(uncited)} {verb} no evidence")
    return parts


def _common_label(key: tuple[object, object]) -> str:
    """A grade key in words: 'strong-for; moderate certainty'."""
    recommendation, certainty = key
    parts = []
    for value, noun in ((recommendation, ""), (certainty, " certainty")):
        if isinstance(value, tuple):
            parts.append(f"'{value[2]}' (not mappable)")
        elif value in (Unmapped.NOT_STATED, Unmapped.UNGRADED):
            continue
        else:
            parts.append(f"{value}{noun}")
    if not parts:
        return "ungraded" if Unmapped.UNGRADED in key else "grade and certainty not stated"
    return "; ".join(parts)


def _regimen_keys(ids: Sequence[str], positions: dict[str, _Position]) -> list[str]:
    return list(dict.fromkeys(k for g in ids for k, _ in positions[g].regimens))


def _regimen_name(key: str, names: dict[str, str]) -> str:
    return key.removeprefix("regimen: ") if key.startswith("regimen: ") else names.get(key, key)


def _versus(values: dict[str, str], label: dict[str, str]) -> str:
    """'a (X) vs b (Y and Z)': each distinct value with the guidelines that give it."""
    by_value: dict[str, list[str]] = {}
    for gid, value in values.items():
        by_value.setdefault(value, []).append(label[gid])
    return " vs ".join(f"{value} ({join_names(who)})" for value, who in by_value.items())


def _grade_differences(
    graded: Sequence[str], positions: dict[str, _Position], label: dict[str, str]
) -> str:
    """Each distinct reading with who holds it: the native reading for a guideline alone,
    the common scale where guidelines of different systems read alike."""
    groups: dict[frozenset[tuple[object, object]], list[str]] = {}
    for gid in graded:
        groups.setdefault(positions[gid].grade_keys, []).append(gid)
    shown = []
    for keys, members in groups.items():
        if len(members) == 1:
            text = " / ".join(positions[members[0]].grades)
        else:
            text = " / ".join(sorted(_common_label(k) for k in keys))
        shown.append(f"{text} ({join_names([label[g] for g in members])})")
    return " vs ".join(shown)


def _differences(
    ids: Sequence[str],
    positions: dict[str, _Position],
    label: dict[str, str],
    names: dict[str, str],
    facet_labels: dict[str, str],
) -> list[str]:
    parts: list[str] = []
    directions = {g: "; ".join(positions[g].directions) or "descriptive" for g in ids}
    if len(set(directions.values())) > 1:
        parts.append("direction " + _versus(directions, label))
    graded = [g for g in ids if positions[g].directions]
    if len(graded) > 1 and len({positions[g].grade_keys for g in graded}) > 1:
        parts.append(_grade_differences(graded, positions, label))
    for facet_id, facet_label in facet_labels.items():
        values = {g: positions[g].facet(facet_id) for g in ids}
        folded = {frozenset(_fold(v) for v in vs) for vs in values.values()}
        if len(folded) <= 1:
            continue
        stating = [g for g in ids if values[g]]
        if len(stating) == 1:
            (gid,) = stating
            parts.append(
                f"only {label[gid]} states {facet_label.lower()} ({', '.join(values[gid])})"
            )
        else:
            texts = {g: ", ".join(vs) if vs else NOT_STATED for g, vs in values.items()}
            parts.append(f"{facet_label.lower()}: " + _versus(texts, label))
    for key in _regimen_keys(ids, positions):
        found = {g: positions[g].regimen(key) for g in ids}
        name = _regimen_name(key, names)
        if any(f is None for f in found.values()):
            having = [label[g] for g in ids if found[g] is not None]
            parts.append(
                f"only {join_names(having)} {'gives' if len(having) == 1 else 'give'} the {name} regimen"
            )
            continue
        fields = []
        for field in ("route", "dose", "schedule", "duration", "setting", "titration"):
            texts = {g: (found[g] or {}).get(field) or NOT_STATED for g in ids}
            if len({_fold(t) for t in texts.values()}) > 1:
                fields.append(f"{field} " + _versus(texts, label))
        if fields:
            parts.append(f"{name} regimen: " + ", ".join(fields))
    return parts


@dataclass(frozen=True)
class PairSummary:
    """How two guidelines compare across all topics: the topic ids in each class."""

    first: GuidelineSpec
    second: GuidelineSpec
    agree: tuple[str, ...]
    differ: tuple[str, ...]
    conflict: tuple[str, ...]
    unmatched: tuple[str, ...]  # at least one of the two does not address the topic


def pairwise(comparison: Comparison) -> list[PairSummary]:
    """Every pair of guidelines, in compared order, with the verdict rules applied to the pair."""
    summaries = []
    guidelines = comparison.guidelines
    for i, first in enumerate(guidelines):
        for second in guidelines[i + 1 :]:
            classes: dict[str, list[str]] = {
                "agree": [],
                "differ": [],
                "conflict": [],
                "unmatched": [],
            }
            for result in comparison.topics:
                a = next(c for c in result.cells if c.guideline.id == first.id)
                b = next(c for c in result.cells if c.guideline.id == second.id)
                if a.addressed is not Addressed.YES or b.addressed is not Addressed.YES:
                    kind = "unmatched"
                else:
                    directions = set(a.directions) | set(b.directions)
                    if {Direction.FOR, Direction.AGAINST} <= directions and set(
                        a.directions
                    ) != set(b.directions):
                        kind = "conflict"
                    elif _position(a).key() == _position(b).key():
                        kind = "agree"
                    else:
                        kind = "differ"
                classes[kind].append(result.topic.id)
            summaries.append(
                PairSummary(
                    first,
                    second,
                    tuple(classes["agree"]),
                    tuple(classes["differ"]),
                    tuple(classes["conflict"]),
                    tuple(classes["unmatched"]),
                )
            )
    return summaries
