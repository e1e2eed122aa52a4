"""The grading systems a comparison reads with: the built-in tables plus what its spec declares.

`merge_systems` adds spec-declared systems and applies row overrides, reporting every problem at
once; `GradingRegistry` looks native values up tolerantly (see `normalise`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import ValidationError

from guidecompare.errors import did_you_mean
from guidecompare.grading.builtin import BUILT_IN_IDS, built_in_system
from guidecompare.grading.model import (
    Axis,
    GradingSystemDefinition,
    MappingOverride,
    NativeCertainty,
    NativeGrade,
    normalise,
)

Origin = Literal["built-in", "spec"]
FALLBACK_SYSTEM = "ungraded"  # its spellings ("ungraded", "not graded") are read in any system


@dataclass(frozen=True)
class GradingIssue:
    """One problem with spec-declared grading systems or overrides, at a key path of the spec."""

    keys: tuple[str | int, ...]
    message: str


class GradingTableError(Exception):
    """Spec-declared grading systems or overrides that cannot be merged; `issues` lists them all."""

    def __init__(self, issues: Sequence[GradingIssue]) -> None:
        self.issues = tuple(issues)
        super().__init__("; ".join(issue.message for issue in self.issues))


class GradingRegistry:
    """Grading systems by id, with tolerant lookup of native values.

    With `built_in`, the built-in systems not among `systems` are part of it too, each read
    from its data file on first use (builtin.py): a comparison that reads USPSTF grades never
    reads the other tables.
    """

    def __init__(
        self,
        systems: Iterable[GradingSystemDefinition] = (),
        *,
        origins: Mapping[str, Origin] | None = None,
        overrides: Iterable[MappingOverride] = (),
        built_in: bool = False,
    ) -> None:
        self._given = {system.id: system for system in systems}
        built = BUILT_IN_IDS if built_in else ()
        self._ids = (*built, *(i for i in self._given if i not in built))
        self._origins = dict(origins or {})
        self._overrides = {
            (override.system, override.axis, normalise(override.row.value)): override
            for override in overrides
        }
        self._index: dict[tuple[str, Axis], dict[str, NativeGrade | NativeCertainty]] = {}

    @property
    def systems(self) -> tuple[GradingSystemDefinition, ...]:
        return tuple(self._system(system_id) for system_id in self._ids)

    def ids(self) -> tuple[str, ...]:
        return self._ids

    def get(self, system_id: str) -> GradingSystemDefinition | None:
        return self._system(system_id) if system_id in self._ids else None

    def _system(self, system_id: str) -> GradingSystemDefinition:
        found = self._given.get(system_id)
        return found if found is not None else built_in_system(system_id)

    def _rows(self, system_id: str, axis: Axis) -> dict[str, NativeGrade | NativeCertainty]:
        """A system's rows on one axis by each of their spellings (made on first use)."""
        key = (system_id, axis)
        if key not in self._index:
            system = self.get(system_id)
            rows = system.rows(axis) if system is not None else ()
            self._index[key] = {spelling: row for row in rows for spelling in row.spellings()}
        return self._index[key]

    def origin(self, system_id: str) -> Origin:
        return self._origins.get(system_id, "built-in")

    def override_for(self, system_id: str, axis: Axis, value: str) -> MappingOverride | None:
        """The override that replaced this row, if the comparison made one."""
        return self._overrides.get((system_id, axis, normalise(value)))

    def lookup(
        self, system_id: str | None, axis: Axis, native: str, *, fallback: bool = True
    ) -> tuple[str, NativeGrade | NativeCertainty] | None:
        """(system id, row) for a native value; `ungraded` spellings are found in any system."""
        key = normalise(native)
        candidates = [system_id] if system_id is not None else []
        if fallback:
            candidates.append(FALLBACK_SYSTEM)
        for candidate in candidates:
            row = self._rows(candidate, axis).get(key)
            if row is not None:
                return candidate, row
        return None

    def find_grade(self, system_id: str | None, native: str) -> tuple[str, NativeGrade] | None:
        found = self.lookup(system_id, "grade", native)
        if found is not None and isinstance(found[1], NativeGrade):
            return found[0], found[1]
        return None

    def find_certainty(
        self, system_id: str | None, native: str, *, fallback: bool = True
    ) -> NativeCertainty | None:
        found = self.lookup(system_id, "certainty", native, fallback=fallback)
        if found is not None and isinstance(found[1], NativeCertainty):
            return found[1]
        return None


BUILT_IN_REGISTRY = GradingRegistry(built_in=True)


def merge_systems(
    declared: Sequence[GradingSystemDefinition] = (),
    overrides: Sequence[MappingOverride] = (),
) -> GradingRegistry:
    """Built-in systems, then spec-declared ones, with override rows replacing the rows they name.

    Raises GradingTableError listing every problem, each at its key path under
    `grading_systems` / `grading_overrides`. The built-in systems (builtin.py) are read only
    when an override replaces one of their rows.
    """
    issues: list[GradingIssue] = []
    # A built-in system is None here until an override needs its rows.
    systems: dict[str, GradingSystemDefinition | None] = dict.fromkeys(BUILT_IN_IDS)
    origins: dict[str, Origin] = dict.fromkeys(systems, "built-in")
    for index, system in enumerate(declared):
        if system.id in systems:
            kind = "built in" if origins[system.id] == "built-in" else "declared twice"
            advice = (
                ": give your system another id, or replace single rows with grading_overrides"
                if kind == "built in"
                else ""
            )
            issues.append(
                GradingIssue(
                    ("grading_systems", index, "id"),
                    f"grading system '{system.id}' is {kind}{advice}",
                )
            )
            continue
        systems[system.id] = system
        origins[system.id] = "spec"

    applied: dict[tuple[str, Axis, str], int] = {}
    for index, override in enumerate(overrides):
        if override.system in systems and systems[override.system] is None:
            systems[override.system] = built_in_system(override.system)
        target = systems.get(override.system)
        if target is None:
            issues.append(
                GradingIssue(
                    ("grading_overrides", index, "system"),
                    f"unknown grading system '{override.system}'"
                    + did_you_mean(override.system, systems),
                )
            )
            continue
        axis = override.axis
        rows = target.rows(axis)
        key = normalise(override.row.value)
        position = next((i for i, row in enumerate(rows) if key in row.spellings()), None)
        if position is None:
            values = [row.value for row in rows]
            issues.append(
                GradingIssue(
                    ("grading_overrides", index, axis, "value"),
                    f"'{override.row.value}' is not a {axis} of '{target.id}' (its {axis}s: "
                    f"{', '.join(values) or 'none'})" + did_you_mean(override.row.value, values),
                )
            )
            continue
        slot = (target.id, axis, normalise(rows[position].value))
        if slot in applied:
            issues.append(
                GradingIssue(
                    ("grading_overrides", index, axis, "value"),
                    f"{axis} '{rows[position].value}' of '{target.id}' is already overridden by "
                    f"grading_overrides[{applied[slot]}]",
                )
            )
            continue
        applied[slot] = index
        try:
            systems[target.id] = _replace_row(target, axis, position, override)
        except ValueError as exc:
            issues.append(GradingIssue(("grading_overrides", index, axis), str(exc)))
    if issues:
        raise GradingTableError(issues)
    given = [system for system in systems.values() if system is not None]
    return GradingRegistry(given, origins=origins, overrides=overrides, built_in=True)


def _replace_row(
    system: GradingSystemDefinition, axis: Axis, position: int, override: MappingOverride
) -> GradingSystemDefinition:
    """The system with one row replaced; the replaced row's spellings still find the new one."""
    original = system.rows(axis)[position]
    new = override.row.model_dump(mode="json")
    spellings = [original.value, *original.aliases, *override.row.aliases]
    new["value"] = original.value
    new["aliases"] = [s for s in dict.fromkeys(spellings) if s != original.value]
    data = system.model_dump(mode="json")
    rows = data["grades" if axis == "grade" else "certainties"]
    rows[position] = new
    try:
        return GradingSystemDefinition.model_validate(data)
    except ValidationError as exc:
        reasons = "; ".join(
            str(error["msg"]).removeprefix("Value error, ") for error in exc.errors()
        )
        raise ValueError(f"the override makes '{system.id}' ambiguous: {reasons}") from exc
