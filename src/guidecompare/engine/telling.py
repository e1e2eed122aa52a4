"""One topic, told: the verdict and the words for it, gathered aspect by aspect from rules.py.

judge.py calls this for each topic; everything a reader is told about the topic is made here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from guidecompare.engine import rules
from guidecompare.engine.results import (
    Addressed,
    Cell,
    Coverage,
    short_names,
)
from guidecompare.engine.rules import Between, Position, Relation
from guidecompare.engine.values import Equivalents
from guidecompare.engine.words import (
    REGIMEN_FIELDS,
    everyone,
    is_are,
    join_names,
    sentence,
    upper_first,
)
from guidecompare.spec.models import (
    ComparisonSpec,
    Direction,
    Facet,
    GuidelineSpec,
    VerdictName,
)


@dataclass(frozen=True)
class Context:
    """What wording a topic needs from its comparison: names, facets, equivalence groups."""

    names: Mapping[str, str]  # reference and guideline ids → short names
    facets: tuple[Facet, ...]
    equivalents: Equivalents

    @classmethod
    def of(cls, spec: ComparisonSpec, guidelines: Sequence[GuidelineSpec]) -> Context:
        return cls(short_names(spec, guidelines), spec.facets, Equivalents.of(spec.equivalents))


def coverage(cells: Sequence[Cell]) -> Coverage:
    counted = [c for c in cells if c.counted]

    def labels(addressed: Addressed) -> tuple[str, ...]:
        return tuple(c.guideline.label for c in counted if c.addressed is addressed)

    return Coverage(
        addressing=labels(Addressed.YES),
        silent=labels(Addressed.SILENT),
        not_extracted=labels(Addressed.NOT_EXTRACTED),
        not_counted=tuple(
            (c.guideline.label, c.guideline.status.value) for c in cells if not c.counted
        ),
        counted=len(counted),
    )


def _versus(values: Mapping[str, str], label: Mapping[str, str]) -> str:
    """'a (X) vs b (Y and Z)': each distinct value with the guidelines that give it."""
    by_value: dict[str, list[str]] = {}
    for gid, value in values.items():
        by_value.setdefault(value, []).append(label[gid])
    return " vs ".join(f"{value} ({join_names(who)})" for value, who in by_value.items())


class Telling:
    """The verdict and the words for one topic, gathered aspect by aspect."""

    def __init__(self, cells: Sequence[Cell], context: Context) -> None:
        self.context = context
        self.coverage = coverage(cells)
        addressing = [c for c in cells if c.counted and c.addressed is Addressed.YES]
        self.positions: list[Position] = [
            rules.position(c, context.equivalents) for c in addressing
        ]
        self.label = {p.gid: p.label for p in self.positions}
        self.relations: dict[tuple[str, str], Relation] = {
            (a.gid, b.gid): rules.relate(a, b, context.facets)
            for a, b in combinations(self.positions, 2)
        }
        kinds = {relation.kind for relation in self.relations.values()}
        if not self.positions:
            self.verdict = VerdictName.NOT_ADDRESSED
        elif len(self.positions) == 1:
            self.verdict = VerdictName.GAP
        elif "conflict" in kinds:
            self.verdict = VerdictName.CONFLICT
        elif "differ" in kinds:
            self.verdict = VerdictName.PARTIAL
        else:
            self.verdict = VerdictName.AGREE
        self.agreements: list[str] = []
        self.differences: list[str] = []
        self.details: list[str] = []
        self.notes: list[str] = []
        self.apart = ""  # the note on populations that do not overlap, when there is one
        self.one_sided: list[Position] = []  # who makes a recommendation when not all do
        self.one_sided_detail = ""
        if len(self.positions) > 1:
            self._directions()
            self._grades()
            self._facets()
            self._regimens()
            self._evidence()

    # -- helpers -----------------------------------------------------------------------------

    @property
    def everyone(self) -> str:
        return everyone(len(self.positions))

    def names(self, positions: Sequence[Position]) -> str:
        return join_names([p.label for p in positions])

    def regimen_name(self, key: str) -> str:
        """A regimen in words: its trial's short name, or its own text as first written."""
        if rules.is_trial(key):
            return self.context.names.get(key, key)
        for p in self.positions:
            if key in p.regimen_labels:
                return p.regimen_labels[key]
        return key.removeprefix("regimen: ")

    def differ_on(self, aspect: str) -> bool:
        return any(aspect in relation.differences for relation in self.relations.values())

    def agree(self, text: str) -> None:
        self.agreements.append(text)

    def differ(self, text: str) -> None:
        self.differences.append(text)

    def detail(self, text: str) -> None:
        self.details.append(text)

    # -- aspects -----------------------------------------------------------------------------

    def _values(self, aspect: str) -> dict[str, str]:
        """Each guideline's values behind a difference in `aspect`: for a grade, strength or
        certainty, all it gives for the statements compared (those of one direction whose
        populations overlap the other's), over every pair that differs."""
        values: dict[str, list[str]] = {}
        for relation in self.relations.values():
            for gid, found in relation.values.get(aspect, {}).items():
                known = values.setdefault(gid, [])
                known.extend(v for v in found if v not in known)
        return {p.gid: " / ".join(values[p.gid]) for p in self.positions if p.gid in values}

    def _directions(self) -> None:
        relations = list(self.relations.values())
        between = {r.between for r in relations}
        stances = {p.gid: p.stance for p in self.positions}
        conflicts = [pair for r in relations for pair in r.conflicts]
        if conflicts:
            owner = {id(d): p for p in self.positions for d in p.directed}
            fors = _in_order(
                self.positions,
                [owner[id(d)] for pair in conflicts for d in pair if d.direction is Direction.FOR],
            )
            againsts = _in_order(
                self.positions,
                [
                    owner[id(d)]
                    for pair in conflicts
                    for d in pair
                    if d.direction is Direction.AGAINST
                ],
            )
            text = f"{self.names(fors)} {is_are(fors)} for; {self.names(againsts)} {is_are(againsts)} against"
            statements = [d for pair in conflicts for d in pair]
            unaged = _in_order(
                self.positions, [owner[id(d)] for d in statements if not d.ages.stated]
            )
            if not unaged:
                text += ", for overlapping populations"
            elif len(unaged) < len({id(owner[id(d)]) for d in statements}):
                # Some state ages and some do not: say that the overlap is taken, not found.
                verb = "states" if len(unaged) == 1 else "state"
                text += (
                    f" ({self.names(unaged)} {verb} no ages for it, so the populations are taken "
                    "to overlap)"
                )
            self.differ(text)
        if rules.DIRECTION in {a for r in relations for a in r.differences}:
            self.differ(f"direction: {_versus(self._values(rules.DIRECTION), self.label)}")
        elif not conflicts and len(set(stances.values())) == 1:
            stance = next(iter(stances.values()))
            if stance == Direction.DESCRIPTIVE.value:
                self.agree(f"{self.everyone} are descriptive")
            else:
                self.agree(f"{self.everyone} are {stance}")
        directed = [p for p in self.positions if p.directed]
        if Between.ONE_SIDED in between:
            self.one_sided = directed
            word = "makes a recommendation" if len(directed) == 1 else "make recommendations"
            self.one_sided_detail = (
                f"only {self.names(directed)} {word} "
                f"({'; '.join(dict.fromkeys(p.stance for p in directed))})"
            )
            self.detail(self.one_sided_detail)
        if Between.APART in between:
            owner = {id(d): p for p in self.positions for d in p.directed}
            shown = list(
                dict.fromkeys(
                    f"{owner[id(d)].label} is {d.direction.value} ({d.population or d.ages.text})"
                    for r in relations
                    if r.between is Between.APART
                    for pair in r.apart
                    for d in pair
                )
            )
            self.apart = f"their populations do not overlap: {'; '.join(shown)}"
            self.notes.append(self.apart)

    def _grades(self) -> None:
        grades = {p.gid: rules.grade_shown(p) for p in self.positions}
        graded = {g: text for g, text in grades.items() if text}
        for aspect in (rules.GRADE, rules.STRENGTH, rules.CERTAINTY):
            if self.differ_on(aspect):
                self.differ(f"{aspect}: {_versus(self._values(aspect), self.label)}")
        if graded and len(graded) < len(self.positions):
            who = [p for p in self.positions if p.gid in graded]
            ungraded = [p for p in self.positions if p.directed and p.gid not in graded]
            if ungraded:
                self.detail(
                    f"only {self.names(who)} {is_are(who)} graded "
                    f"({'; '.join(graded[p.gid] for p in who)})"
                )
        # Named only where it keeps two guidelines of different systems from being compared.
        unreadable = [
            p
            for p in self.positions
            if rules.unreadable(p)
            and any(
                q is not p and q.gid in graded and rules.different_systems(p, q)
                for q in self.positions
            )
        ]
        if unreadable:
            whose = self.names(unreadable)
            self.notes.append(f"grades of {whose} cannot be read on the common scale")

    def _facets(self) -> None:
        for facet in self.context.facets:
            name = facet.label[:1].lower() + facet.label[1:]
            values = {p.gid: rules.facet_values(p, facet.id) for p in self.positions}
            stating = [p for p in self.positions if values[p.gid]]
            if not stating:
                continue
            if self.differ_on(facet.id):
                texts = {p.gid: ", ".join(_written(values[p.gid])) for p in stating}
                self.differ(f"{name}: {_versus(texts, self.label)}")
                continue
            # Each value with the guidelines that name it; a value all of them name is shared,
            # one only some name is a detail those give (never a difference).
            naming: dict[str, list[Position]] = {}
            for p in stating:
                for canonical in values[p.gid]:
                    naming.setdefault(canonical, []).append(p)
            by_who: dict[tuple[str, ...], list[str]] = {}
            for canonical, who in naming.items():
                by_who.setdefault(tuple(p.gid for p in who), []).append(canonical)
            for who_ids, canonicals in by_who.items():
                who = [p for p in self.positions if p.gid in who_ids]
                if len(who) == len(self.positions):
                    shown = ", ".join(
                        _common_value(v, values, self.label, self.context) for v in canonicals
                    )
                    if facet.kind == "value":
                        self.agree(f"{self.everyone} state {name}: {shown}")
                    else:
                        self.agree(f"{self.everyone} name {shown}")
                    continue
                first: dict[str, tuple[str, ...]] = {}
                for p in who:  # each value as the first of them writes it
                    for v, w in values[p.gid].items():
                        if v in canonicals:
                            first.setdefault(v, w)
                written = _written(first)
                verb = "states" if len(who) == 1 else "state"
                if len(stating) == len(who):
                    self.detail(f"only {self.names(who)} {verb} {name}: {', '.join(written)}")
                else:
                    prefix = "only " if len(who) == 1 else ""
                    self.detail(
                        f"{prefix}{self.names(who)} {'names' if len(who) == 1 else 'name'} "
                        f"{', '.join(written)} among {name}"
                    )

    def _regimens(self) -> None:
        keys = list(dict.fromkeys(k for p in self.positions for k in p.regimens))
        if not keys:
            return
        common = [k for k in keys if all(k in p.regimens for p in self.positions)]
        if common:
            shown = join_names([self.regimen_name(k) for k in common])
            noun = "regimen" if len(common) == 1 else "regimens"
            self.agree(f"{self.everyone} give the {noun} of {shown}")
        only: dict[tuple[str, ...], list[str]] = {}
        for key in keys:
            if key not in common:
                who_ids = tuple(p.gid for p in self.positions if key in p.regimens)
                only.setdefault(who_ids, []).append(self.regimen_name(key))
        for who_ids, regimens in only.items():
            who = [p for p in self.positions if p.gid in who_ids]
            noun = "regimen" if len(regimens) == 1 else "regimens"
            verb = "gives" if len(who) == 1 else "give"
            self.detail(f"only {self.names(who)} {verb} the {noun} {'; '.join(regimens)}")
        for key in keys:
            giving = [p for p in self.positions if key in p.regimens]
            if len(giving) < 2:
                continue
            apart = [
                f
                for f in REGIMEN_FIELDS
                if any(
                    f in rules.regimen_fields_apart(a, b, key) for a, b in combinations(giving, 2)
                )
            ]
            if not apart:
                continue
            parts = ", ".join(
                f"{f} "
                + _versus(
                    {
                        p.gid: ", ".join(shown for _, shown in p.regimens[key][f])
                        for p in giving
                        if f in p.regimens[key]
                    },
                    self.label,
                )
                for f in apart
            )
            name = self.regimen_name(key)
            if self.differ_on(rules.regimen_aspect(key)):
                self.differ(f"{name} regimen: {parts}")
            else:
                self.notes.append(f"they report the {name} regimen differently: {parts}")
        # Fields only some of them state, gathered over the common regimens.
        alone: dict[tuple[str, ...], dict[str, list[str]]] = {}
        for key in common:
            for field in REGIMEN_FIELDS:
                stating = tuple(p.gid for p in self.positions if field in p.regimens[key])
                if stating and len(stating) < len(self.positions):
                    values = [
                        ", ".join(shown for _, shown in p.regimens[key][field])
                        + (f" ({self.regimen_name(key)})" if len(common) > 1 else "")
                        for p in self.positions
                        if p.gid in stating
                    ]
                    alone.setdefault(stating, {}).setdefault(field, []).extend(values)
        for stating, fields in alone.items():
            named = join_names([self.label[g] for g in stating])
            if len(stating) == 1:
                what = "; ".join(f"{f}: {', '.join(vs)}" for f, vs in fields.items())
                self.detail(f"only {named} states {what}")
            else:  # their values are told where they differ, in the note on reporting
                self.detail(f"only {named} state {join_names(list(fields))}")

    def _evidence(self) -> None:
        """Who rests on what: each source with the guidelines that cite it (never decisive)."""
        names = self.context.names
        # Trials whose regimens every guideline gives are named already.
        told = {
            k for k in self.positions[0].regimens if all(k in p.regimens for p in self.positions)
        }
        citing: dict[str, list[Position]] = {}
        for p in self.positions:
            for cited in p.evidence:
                citing.setdefault(cited, []).append(p)
        groups: dict[tuple[str, ...], list[str]] = {}
        for cited, who in citing.items():
            if len(who) == len(self.positions) and cited in told:
                continue
            groups.setdefault(tuple(p.gid for p in who), []).append(names.get(cited, cited))
        for who_ids, cited_names in groups.items():
            who = [p for p in self.positions if p.gid in who_ids]
            shown = join_names(cited_names)
            if len(who) == len(self.positions):
                self.agree(f"{self.everyone} rest on {shown}")
            elif len(who) == 1:
                self.detail(f"only {who[0].label} cites {shown}")
            else:
                self.detail(f"{self.names(who)} cite {shown}")
        uncited = [p for p in self.positions if not p.evidence]
        if citing and uncited:
            verb = "cites" if len(uncited) == 1 else "cite"
            self.detail(f"{self.names(uncited)} {verb} no evidence")

    # -- the words ---------------------------------------------------------------------------

    def _why(self) -> str:
        """The rationale's first sentence: why this verdict."""
        if self.verdict is VerdictName.NOT_ADDRESSED:
            gaps = "; ".join(self.coverage.gaps) or "no guideline is compared"
            return f"No current guideline addresses it: {gaps}."
        if self.verdict is VerdictName.GAP:
            (only,) = self.positions
            grade = rules.grade_shown(only)
            detail = f"{only.stance}, {grade}" if only.directed and grade else only.stance
            return f"Only {only.label} addresses it among the current guidelines ({detail})."
        if self.verdict is VerdictName.CONFLICT:
            return upper_first(self.differences[0]) + "."
        aspects = [
            a
            for a in (
                rules.DIRECTION,
                rules.GRADE,
                rules.STRENGTH,
                rules.CERTAINTY,
                *(f.id for f in self.context.facets),
            )
            if self.differ_on(a)
        ]
        aspects.extend(
            sorted(
                {
                    d
                    for r in self.relations.values()
                    for d in r.differences
                    if d.startswith("regimen: ")
                }
            )
        )
        labels = {f.id: f.label[:1].lower() + f.label[1:] for f in self.context.facets}
        for aspect in aspects:
            if aspect.startswith("regimen: "):
                key = aspect.removeprefix("regimen: ")
                labels[aspect] = f"the {self.regimen_name(key)} regimen"
        lead = self.agreements[0] if self.agreements and self._leads() else ""
        if self.verdict is VerdictName.PARTIAL:
            named = join_names([labels.get(a, a) for a in aspects])
            return (
                f"{upper_first(lead)}, but they differ in {named}."
                if lead
                else (f"They differ in {named}.")
            )
        if self.apart and not lead:
            return f"{upper_first(self.apart)}."
        if self.one_sided and not lead:
            makers = self.one_sided
            others = [p for p in self.positions if all(p is not q for q in makers)]
            verb = "makes a recommendation" if len(makers) == 1 else "make recommendations"
            stances = "; ".join(dict.fromkeys(p.stance for p in makers))
            return (
                f"Only {self.names(makers)} {verb} ({stances}); {self.names(others)} "
                f"{'describes' if len(others) == 1 else 'describe'} it, and no value is stated "
                "differently."
            )
        reported = any(n.startswith("they report the ") for n in self.notes)
        if lead and not self.positions[0].directed and not reported:
            return f"{upper_first(lead)}, and no value is stated differently."
        if lead:
            return f"{upper_first(lead)}, with no substantive difference."
        return f"{upper_first(self.everyone)} address it, and no value is stated differently."

    def _leads(self) -> bool:
        """True when the first agreement is about direction (it then leads the rationale)."""
        return self.agreements[0].startswith(f"{self.everyone} are ")

    def rationale(self) -> str:
        sentences = [self._why()]
        skip = 1 if self.agreements and self._leads() else 0
        agreements = self.agreements[skip:]
        if agreements:
            sentences.append(sentence(agreements))
        differences = (
            self.differences[1:] if self.verdict is VerdictName.CONFLICT else self.differences
        )
        if differences:
            sentences.append("Differences: " + "; ".join(differences) + ".")
        # A detail the first sentence already tells is not told twice.
        details = [d for d in self.details if upper_first(d) not in sentences[0]]
        if details:
            sentences.append(sentence(details))
        notes = [
            n for n in self.notes if not (n == self.apart and sentences[0].startswith("Their"))
        ]
        if notes:
            sentences.append(sentence(notes))
        if self.positions and self.coverage.gaps:
            sentences.append(sentence(list(self.coverage.gaps)))
        return " ".join(sentences)


def _in_order(positions: Sequence[Position], some: Sequence[Position]) -> list[Position]:
    """`some`, once each, in the compared order."""
    return [p for p in positions if any(q is p for q in some)]


def _written(values: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Each value as written, once, in the order written."""
    return list(dict.fromkeys(v for written in values.values() for v in written))


def _common_value(
    canonical: str,
    values: Mapping[str, Mapping[str, tuple[str, ...]]],
    label: Mapping[str, str],
    context: Context,
) -> str:
    """A value every guideline names: as written, or its equivalence group with each wording."""
    written = {g: found[canonical] for g, found in values.items() if canonical in found}
    spelled = {", ".join(w) for w in written.values()}
    first = next(iter(written.values()))[0]
    group = context.equivalents.group_name(first)
    if group is None or len(spelled) == 1:
        return first
    wordings = "; ".join(f"{label[g]}: {', '.join(w)}" for g, w in written.items())
    return f"{group} ({wordings})"
