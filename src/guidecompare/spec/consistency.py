"""Rules across the values of one comparison that no single model can check on its own.

A grade's own direction against the statement's stance, a successor that names a guideline or a
reference, and groups of equivalent facet values. The loader calls these after validating.
"""

from __future__ import annotations

from collections.abc import Iterable

from guidecompare.errors import Problem, did_you_mean
from guidecompare.folding import fold
from guidecompare.grading import GradingRegistry, RecommendationCode, read_grade
from guidecompare.spec.models import ComparisonSpec, GuidelineSpec
from guidecompare.spec.source import YamlFile
from guidecompare.spec.types import Direction


def check_equivalents(source: YamlFile, spec: ComparisonSpec, problems: list[Problem]) -> None:
    """Each group names at least two values, and a value belongs to one group only."""
    owner: dict[str, str] = {}
    for name, values in spec.equivalents.items():
        if len(values) < 2:
            problems.append(
                source.problem(
                    ("equivalents", name),
                    f"group '{name}' lists {len(values)} value{'' if len(values) == 1 else 's'}: "
                    "list at least two values that mean the same, or remove the group",
                )
            )
        in_group: set[str] = set()
        name_owner = owner.setdefault(fold(name), name)
        if name_owner != name:
            problems.append(
                source.problem(
                    ("equivalents", name),
                    f"group name '{name}' reads as a value of group '{name_owner}': a value may "
                    "stand in one group only; rename the group",
                    rule="duplicate-id",
                )
            )
        for v_index, value in enumerate(values):
            # Compared as the engine compares values (folding.py): '10 Days.' is '10 days'.
            folded = fold(value)
            if folded == fold(name):
                continue  # a group may list its own name among its values
            if folded in in_group:
                where = "twice in this group"
            elif folded in owner:
                where = f"also in group '{owner[folded]}'"
            else:
                where = ""
            if where:
                problems.append(
                    source.problem(
                        ("equivalents", name, v_index),
                        f"'{value}' is {where}: a value may stand in one group only, once",
                        rule="duplicate-id",
                    )
                )
            in_group.add(folded)
            owner.setdefault(folded, name)


def duplicates(ids: Iterable[str | None]) -> list[tuple[int, str]]:
    """(position, id) of each id that an earlier one already gave; None (no id) is skipped."""
    seen: set[str] = set()
    repeated: list[tuple[int, str]] = []
    for index, value in enumerate(ids):
        if value is None:
            continue
        if value in seen:
            repeated.append((index, value))
        seen.add(value)
    return repeated


def check_statement_ids(
    source: YamlFile, guideline: GuidelineSpec, problems: list[Problem]
) -> None:
    """A statement's `id`, where given, names one statement of its guideline only."""
    for index, statement_id in duplicates(s.id for s in guideline.statements):
        problems.append(
            source.problem(
                ("statements", index, "id"),
                f"statement id '{statement_id}' is used twice in this guideline: give each "
                "statement its own id, or none",
                rule="duplicate-id",
            )
        )


def check_successor(
    source: YamlFile, guideline: GuidelineSpec, spec: ComparisonSpec, problems: list[Problem]
) -> None:
    successor = guideline.superseded_by
    if successor is None:
        return
    # A guideline cannot supersede itself, so its own id is neither accepted nor suggested.
    known = [g for g in spec.guidelines if g != guideline.id] + [r.id for r in spec.references]
    if successor not in known:
        problems.append(
            source.problem(
                ("superseded_by",),
                f"unknown successor '{successor}'{did_you_mean(successor, known)}: name a "
                "guideline of this comparison, or add the successor to 'references' in "
                "comparison.yaml and name its id",
                rule="dangling-reference",
            )
        )


def check_grade_directions(
    source: YamlFile, guideline: GuidelineSpec, registry: GradingRegistry, problems: list[Problem]
) -> None:
    """A grade that itself states a direction (USPSTF D: against) must agree with the stance."""
    system = guideline.grading_system.system if guideline.grading_system else None
    if system is not None and registry.get(system) is None:
        return  # reported as an unknown grading system
    for index, statement in enumerate(guideline.statements):
        if statement.grade is None:
            continue
        stance = statement.stance.direction
        reading = read_grade(system, statement.grade, None, direction=stance, registry=registry)
        stated = reading.direction
        if stated is None or stated == stance:
            continue
        read_as = (
            f"reads as {reading.recommendation}"
            if isinstance(reading.recommendation, RecommendationCode)
            else f"states '{stated}'"
        )
        if stance is Direction.DESCRIPTIVE:
            advice = "a directed grade needs a stance for, against or neutral"
        else:
            advice = f"it contradicts the stance '{stance}': correct the stance or the grade"
        problems.append(
            source.problem(
                ("statements", index, "grade"),
                f"grade '{statement.grade}' {read_as}; {advice}",
                rule="contradiction",
            )
        )
