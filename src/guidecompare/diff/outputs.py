"""What changed in meaning between a comparison's committed outputs and what `build` writes now.

`check` reports an output as stale when its bytes differ, and says in one line why:
- "presentation only" when the spec files are those the committed manifest records (only the
  tool's rendering changed);
- else what changed in the CSV files, which hold the meaning (one row per statement with its
  stance, grade, certainty and facets; one row per topic with its verdict, coverage and
  rationale): "rsdsa-2022 coma-therapy: stance against -> neutral; coma-therapy: rationale
  changed";
- else "the specs changed, not their statements or verdicts" (a background, a conclusion, a
  profile: what the PDF shows and the CSV files do not).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

COMPARISON_CSV = "comparison.csv"
SUMMARY_CSV = "summary.csv"
# Columns short enough to show with their values; every other changed column is named.
SHOWN = (
    "addressed",
    "stance",
    "grade",
    "certainty",
    "population",
    "grade_common",
    "certainty_common",
    "verdict",
    "verdict_by",
    "coverage",
)
MOST = 4  # changes in the line; the rest are counted
# comparison.csv repeats its topic's verdict and rationale on each row: summary.csv tells them.
TOPIC_COLUMNS = frozenset(
    {"verdict", "rationale", "computed_verdict", "verdict_by", "override_reason", "coverage"}
)
LABELS = frozenset({"topic_label", "guideline_label"})
PRESENTATION_ONLY = "presentation only"
SPECS_ONLY = "the specs changed, not their statements or verdicts"


class _UnreadableError(Exception):
    """A committed CSV file that is no CSV file (edited, truncated, binary)."""


def _rows(data: bytes) -> list[dict[str, str]]:
    from guidecompare.render.csv import restore

    text = data.decode("utf-8-sig", errors="replace")
    try:
        # A short row has None for its missing cells; a long one a None key for its extra ones.
        return [
            {
                k: restore(v if isinstance(v, str) else "")
                for k, v in row.items()
                if isinstance(k, str)
            }
            for row in csv.DictReader(io.StringIO(text))
        ]
    except csv.Error as error:  # a committed file that is no CSV (edited, truncated, binary)
        raise _UnreadableError from error


def _differences(old: Mapping[str, str], new: Mapping[str, str], skip: set[str]) -> list[str]:
    """'stance against -> neutral', 'statement changed': each column that differs."""
    columns = [c for c in dict.fromkeys((*old, *new)) if c not in skip]
    shown = [
        f"{c} {old.get(c) or '(none)'} -> {new.get(c) or '(none)'}"
        for c in columns
        if c in SHOWN and old.get(c, "") != new.get(c, "")
    ]
    named = [f"{c} changed" for c in columns if c not in SHOWN and old.get(c, "") != new.get(c, "")]
    return shown + named


def _statement_changes(old: list[dict[str, str]], new: list[dict[str, str]]) -> list[str]:
    """comparison.csv, row by row: rows of one topic and guideline are paired, identical ones
    first, the rest in order (a row inserted first does not shift every other)."""
    out: list[str] = []
    pairs = dict.fromkeys((r.get("topic", ""), r.get("guideline", "")) for r in (*old, *new))
    for topic, guideline in pairs:
        before = [
            r for r in old if (r.get("topic", ""), r.get("guideline", "")) == (topic, guideline)
        ]
        after = [
            r for r in new if (r.get("topic", ""), r.get("guideline", "")) == (topic, guideline)
        ]
        for row in list(before):
            if row in after:
                before.remove(row)
                after.remove(row)
        where = f"{guideline} {topic}"
        for b, a in zip(before, after, strict=False):
            if changes := _differences(b, a, {"topic", "guideline", *TOPIC_COLUMNS, *LABELS}):
                out.append(f"{where}: {', '.join(changes)}")
        out += [f"{where}: statement removed"] * max(0, len(before) - len(after))
        out += [f"{where}: statement added"] * max(0, len(after) - len(before))
    return out


def meaning_changes(
    committed: Mapping[str, bytes], rendered: Mapping[str, bytes], specs_unchanged: bool = False
) -> str | None:
    """One line on what changed in meaning; None when there is nothing to read it from (a
    committed CSV file missing or unreadable, or a comparison whose formats omit csv).

    The CSV files are compared first: a hand edit of an output changes them with the specs as
    they were. When they are the same, the change is the presentation's (the specs are those
    the committed manifest records) or in what only the PDF shows.
    """
    if any(n not in o for n in (COMPARISON_CSV, SUMMARY_CSV) for o in (committed, rendered)):
        return None  # a comparison that writes no CSV files, or one missing
    try:
        changes = _statement_changes(
            _rows(committed[COMPARISON_CSV]), _rows(rendered[COMPARISON_CSV])
        )
        topics_before = {r.get("topic", ""): r for r in _rows(committed[SUMMARY_CSV])}
        topics_after = {r.get("topic", ""): r for r in _rows(rendered[SUMMARY_CSV])}
    except _UnreadableError:
        return None
    for topic in [*topics_before, *(t for t in topics_after if t not in topics_before)]:
        old, new = topics_before.get(topic), topics_after.get(topic)
        if old is None or new is None:
            changes.append(f"{topic}: topic {'added' if old is None else 'removed'}")
            continue
        # The topic's own columns: each guideline's stance is told row by row above.
        topic_only = {c: v for c, v in old.items() if c in TOPIC_COLUMNS}
        now = {c: v for c, v in new.items() if c in TOPIC_COLUMNS}
        if differences := _differences(topic_only, now, set()):
            changes.append(f"{topic}: {', '.join(differences)}")
    if not changes:
        return PRESENTATION_ONLY if specs_unchanged else SPECS_ONLY
    more = len(changes) - MOST
    return "; ".join(changes[:MOST]) + (f"; and {more} more" if more > 0 else "")
