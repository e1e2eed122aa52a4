"""What changed in meaning between a comparison's committed outputs and what `build` writes now.

`check` reports an output as stale when its bytes differ. Its CSV files hold the meaning (one row
per statement with its stance, grade, certainty and facets; one row per topic with its verdict),
so comparing the committed CSVs with the new ones tells a reader whether the meaning changed,
in one line ("rsdsa-2022 coma-therapy: stance against -> neutral; coma-therapy: verdict gap ->
partial"), or only the presentation (the PDF's layout, the manifest).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

COMPARISON_CSV = "comparison.csv"
SUMMARY_CSV = "summary.csv"
# The columns of a statement whose values are short enough to show; the others are named.
SHOWN = ("addressed", "stance", "grade", "certainty", "population", "grade_common")
NAMED = ("statement", "quote", "evidence", "regimens", "facets", "source", "note")
MOST = 4  # changes in the line; the rest are counted


def _rows(data: bytes) -> list[dict[str, str]]:
    from guidecompare.render.csv import restore

    text = data.decode("utf-8-sig", errors="replace")
    # A short row has None for its missing cells; a long one a None key for its extra ones.
    return [
        {k: restore(v if isinstance(v, str) else "") for k, v in row.items() if isinstance(k, str)}
        for row in csv.DictReader(io.StringIO(text))
    ]


def _statements(data: bytes) -> dict[tuple[str, str, int], dict[str, str]]:
    """comparison.csv's rows by topic, guideline and place among that pair's rows."""
    out: dict[tuple[str, str, int], dict[str, str]] = {}
    for row in _rows(data):
        pair = (row.get("topic", ""), row.get("guideline", ""))
        index = sum(1 for key in out if key[:2] == pair)
        out[(*pair, index)] = row
    return out


def meaning_changes(committed: Mapping[str, bytes], rendered: Mapping[str, bytes]) -> str | None:
    """One line on what changed in meaning, "presentation only", or None when the committed
    CSV files are missing (nothing to compare with)."""
    if COMPARISON_CSV not in committed or SUMMARY_CSV not in committed:
        return None
    if all(committed[n] == rendered.get(n) for n in (COMPARISON_CSV, SUMMARY_CSV)):
        return "presentation only"
    changes: list[str] = []
    before, after = _statements(committed[COMPARISON_CSV]), _statements(rendered[COMPARISON_CSV])
    for key in [*before, *(k for k in after if k not in before)]:
        topic, guideline, _ = key
        where = f"{guideline} {topic}"
        old, new = before.get(key), after.get(key)
        if old is None:
            changes.append(f"{where}: statement added")
        elif new is None:
            changes.append(f"{where}: statement removed")
        else:
            parts = [
                f"{c} {old.get(c) or '(none)'} -> {new.get(c) or '(none)'}"
                for c in SHOWN
                if old.get(c, "") != new.get(c, "")
            ]
            parts += [f"{c} changed" for c in NAMED if old.get(c, "") != new.get(c, "")]
            if parts:
                changes.append(f"{where}: {', '.join(parts)}")
    topics_before = {r.get("topic", ""): r for r in _rows(committed[SUMMARY_CSV])}
    topics_after = {r.get("topic", ""): r for r in _rows(rendered[SUMMARY_CSV])}
    for topic in [*topics_before, *(t for t in topics_after if t not in topics_before)]:
        old, new = topics_before.get(topic), topics_after.get(topic)
        if old is None or new is None:
            changes.append(f"{topic}: topic {'added' if old is None else 'removed'}")
        elif old.get("verdict") != new.get("verdict"):
            changes.append(f"{topic}: verdict {old.get('verdict')} -> {new.get('verdict')}")
        elif old.get("rationale") != new.get("rationale"):
            changes.append(f"{topic}: rationale changed")
    if not changes:
        return "presentation only"
    more = len(changes) - MOST
    return "; ".join(changes[:MOST]) + (f"; and {more} more" if more > 0 else "")
