"""The changes in words: text for a terminal or a CI log, markdown for a pull request, JSON for
scripts, CSV with one row per change. Each shows the same changes (changes.py); docs/diff.md
gives an example of each, copied from real output."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from guidecompare.diff.changes import ComparisonChanges, ItemChange
from guidecompare.engine.words import changed_words
from guidecompare.errors import one_line

FORMATS = ("text", "markdown", "json", "csv")
KIND_WORDS = {
    "comparison": "Comparison",
    "guideline": "Guideline",
    "statement": "Statement",
    "topic": "Topic",
}
CSV_COLUMNS = ("comparison", "kind", "key", "subject", "status", "axis", "before", "after")
NONE = "(none)"  # an axis with no value on one side


def render(changes: Sequence[ComparisonChanges], fmt: str, old: str, new: str) -> str:
    """The changes between side `old` and side `new`, in format `fmt`."""
    if fmt == "json":
        return _json(changes, old, new)
    if fmt == "csv":
        return _csv(changes)
    if fmt == "markdown":
        return _markdown(changes, old, new)
    return _text(changes, old, new)


def _value(text: str) -> str:
    """A value on one line (a line break or control character shows as an escape), or (none)."""
    return one_line(text) if text else NONE


def _headline(item: ItemChange) -> str:
    return f"{KIND_WORDS[item.kind]} {one_line(item.subject)}: {item.status}"


def _text(changes: Sequence[ComparisonChanges], old: str, new: str) -> str:
    lines = [f"Changes from {old} to {new}"]
    for comparison in changes:
        lines.append("")
        lines.append(f"{comparison.comparison} ({one_line(comparison.title)}): {comparison.status}")
        for item in comparison.items:
            lines.append(f"  {_headline(item)}")
            for change in item.changes:
                before, after = changed_words(change.before, change.after)
                lines.append(f"    {change.axis}: {_value(before)} -> {_value(after)}")
    if not any(c.changed for c in changes):
        lines.append("")
        lines.append("No clinical change.")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text in a markdown table cell: one line, pipes escaped."""
    return " ".join(_value(text).split()).replace("|", "\\|")


def _markdown(changes: Sequence[ComparisonChanges], old: str, new: str) -> str:
    lines = [f"## Guideline comparisons: changes from `{old}` to `{new}`", ""]
    changed = [c for c in changes if c.changed]
    if not changed:
        lines.append("No clinical change.")
    for comparison in changed:
        lines.append(f"### {_cell(comparison.title)} ({comparison.status})")
        lines.append("")
        if not comparison.items:
            continue
        lines.append("| What | Change | Before | After |")
        lines.append("| --- | --- | --- | --- |")
        for item in comparison.items:
            what = f"{KIND_WORDS[item.kind]} {_cell(item.subject)}"
            if not item.changes:
                lines.append(f"| {what} | {item.status} | | |")
            for change in item.changes:
                before, after = changed_words(change.before, change.after)
                lines.append(
                    f"| {what} | {_cell(change.axis)} | {_cell(before)} | {_cell(after)} |"
                )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _json(changes: Sequence[ComparisonChanges], old: str, new: str) -> str:
    document = {
        "old": old,
        "new": new,
        "changed": any(c.changed for c in changes),
        "comparisons": [
            {
                "id": c.comparison,
                "title": c.title,
                "status": c.status,
                "changes": [
                    {
                        "kind": item.kind,
                        "key": item.key,
                        "subject": item.subject,
                        "status": item.status,
                        "axes": [
                            {"axis": ch.axis, "before": ch.before, "after": ch.after}
                            for ch in item.changes
                        ],
                    }
                    for item in c.items
                ],
            }
            for c in changes
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=True) + "\n"


def _csv(changes: Sequence[ComparisonChanges]) -> str:
    """One row per change; spec text is never a formula (as in the comparison's CSVs)."""
    from guidecompare.render.csv import neutralise

    rows: list[list[str]] = [list(CSV_COLUMNS)]
    for comparison in changes:
        if comparison.status in ("added", "removed"):
            rows.append(
                [comparison.comparison, "comparison", comparison.comparison, comparison.title,
                 comparison.status, "", "", ""]
            )  # fmt: skip
        for item in comparison.items:
            base = [comparison.comparison, item.kind, item.key, item.subject, item.status]
            if not item.changes:
                rows.append([*base, "", "", ""])
            rows.extend([*base, ch.axis, ch.before, ch.after] for ch in item.changes)
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows([neutralise(c) for c in r] for r in rows)
    return text.getvalue()
