"""What `guidecompare grading` lists: every system and mapping with its source, as rows and as text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from guidecompare.errors import one_line
from guidecompare.grading.model import Axis, NativeCertainty, NativeGrade
from guidecompare.grading.registry import BUILT_IN_REGISTRY, GradingRegistry
from guidecompare.grading.scale import RecommendationCode, Strength

RowOrigin = Literal["built-in", "spec", "override"]


@dataclass(frozen=True)
class GradingTableRow:
    """One native value of one system and its reading on the common scale (plain data)."""

    system: str
    system_name: str
    version: str
    axis: Axis
    native: str
    aliases: tuple[str, ...]
    meaning: str
    common: str  # e.g. "weak-for", "strong + stance", "not-mappable", "ungraded", "low"
    direction: str  # the direction the native grade states, "" if none or a certainty
    implied_certainty: str  # grades: the least certainty the grade requires, else ""
    source: str
    note: str
    origin: RowOrigin


def find_system_id(registry: GradingRegistry, spelled: str) -> str | None:
    """The id of the system `spelled` names, in any case ('GRADE' as the listing shows it)."""
    wanted = spelled.strip().casefold()
    return next((known for known in registry.ids() if known.casefold() == wanted), None)


def grading_table_rows(
    registry: GradingRegistry = BUILT_IN_REGISTRY, system: str | None = None
) -> list[GradingTableRow]:
    """Rows for every system (or one), in table order: grades, then certainties."""
    rows: list[GradingTableRow] = []
    for definition in registry.systems:
        if system is not None and definition.id != system:
            continue
        native_rows: list[tuple[Axis, NativeGrade | NativeCertainty]] = [
            ("grade", row) for row in definition.grades
        ]
        native_rows += [("certainty", row) for row in definition.certainties]
        for axis, row in native_rows:
            override = registry.override_for(definition.id, axis, row.value)
            origin: RowOrigin = (
                "override" if override is not None else registry.origin(definition.id)
            )
            note = row.note or ""
            if override is not None:
                note = f"Overridden by this comparison: {override.reason}" + (
                    f" {note}" if note else ""
                )
            rows.append(
                GradingTableRow(
                    system=definition.id,
                    system_name=definition.name,
                    version=definition.version,
                    axis=axis,
                    native=row.value,
                    aliases=row.aliases,
                    meaning=row.meaning,
                    common=_common(row),
                    direction=_direction(row),
                    implied_certainty=(
                        str(row.implied_certainty)
                        if isinstance(row, NativeGrade) and row.implied_certainty
                        else ""
                    ),
                    source=row.source,
                    note=note,
                    origin=origin,
                )
            )
    return rows


def _common(row: NativeGrade | NativeCertainty) -> str:
    if isinstance(row, NativeCertainty):
        return str(row.certainty)
    if isinstance(row.recommendation, Strength):
        return f"{row.recommendation} + stance"
    return str(row.recommendation)


def _direction(row: NativeGrade | NativeCertainty) -> str:
    if isinstance(row, NativeGrade) and not isinstance(row.recommendation, RecommendationCode):
        return str(row.direction or "")
    return ""


def format_grading_table(
    registry: GradingRegistry = BUILT_IN_REGISTRY, system: str | None = None
) -> str:
    """The table as text: each system with its version and source, then each mapping with its own.

    A spec-declared system's texts may hold anything: each line is kept one line (one_line).
    """
    rows = grading_table_rows(registry, system)
    lines: list[str] = []
    for definition in registry.systems:
        if system is not None and definition.id != system:
            continue
        if lines:
            lines.append("")
        origin = registry.origin(definition.id)
        lines.append(
            f"{definition.id}: {definition.name}"
            + (" (declared in the spec)" if origin == "spec" else "")
        )
        lines.append(f"  version: {definition.version}")
        lines.append(f"  source: {definition.source}")
        if definition.note:
            lines.append(f"  note: {definition.note}")
        if definition.caveat:
            lines.append(f"  caveat: {definition.caveat}")
        for axis in ("grade", "certainty"):
            axis_rows = [r for r in rows if r.system == definition.id and r.axis == axis]
            if not axis_rows:
                continue
            lines.append("  grades:" if axis == "grade" else "  certainties:")
            for row in axis_rows:
                reading = row.common
                if row.direction:
                    reading += f" ({row.direction})"
                if row.implied_certainty:
                    reading += f"; implies at least {row.implied_certainty} certainty"
                spelled = f" (also: {', '.join(row.aliases)})" if row.aliases else ""
                lines.append(f"    {row.native} -> {reading}{spelled}")
                lines.append(f"      meaning: {row.meaning}")
                lines.append(f"      source: {row.source}")
                if row.note:
                    lines.append(f"      note: {row.note}")
    return "".join(f"{one_line(line)}\n" for line in lines)
