"""How the engine says things: names joined in a list, a grade, a regimen, in words.

Used by the engine to word its result; renderers show these words, they do not make their own.
"""

from __future__ import annotations

from collections.abc import Sequence

from guidecompare.grading import is_not_extracted
from guidecompare.spec.models import Regimen, Statement, VerdictName

NOT_STATED = "not stated"

# What each verdict means, in the words of the rules (docs/verdicts.md); legends show these.
VERDICT_MEANINGS: dict[VerdictName, str] = {
    VerdictName.AGREE: "same direction, no substantive difference",
    VerdictName.PARTIAL: "differences, but no conflict",
    VerdictName.CONFLICT: "for vs against, for one population",
    VerdictName.GAP: "only one current guideline addresses it",
    VerdictName.NOT_ADDRESSED: "no current guideline addresses it",
}
PAIRS_MEANING = (
    "Each pair is compared by the same rules as the verdicts: conflict when one is for and the "
    "other against, for overlapping populations; differ when they differ substantively; agree "
    "otherwise."
)
REGIMEN_FIELDS = ("route", "dose", "schedule", "duration", "setting", "titration")


def join_names(names: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def is_are(names: Sequence[object]) -> str:
    """'is' for one, 'are' for several."""
    return "is" if len(names) == 1 else "are"


def everyone(count: int) -> str:
    """'both' or 'all 3'."""
    return "both" if count == 2 else f"all {count}"


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


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
        text += f", {certainty_words(certainty)}"
    return text


# Words that make a certainty read as one ('low to moderate'); a code such as ACC/AHA's 'B-R'
# or Oxford's '1a' is a level of evidence, and is called so.
_CERTAINTY_WORDS = frozenset({"high", "moderate", "low", "very", "insufficient", "certainty"})


def certainty_words(certainty: str) -> str:
    """'low to moderate certainty', or 'level of evidence B-R' for a graded level."""
    if _CERTAINTY_WORDS & set(certainty.casefold().replace("-", " ").split()):
        return certainty if "certainty" in certainty.casefold() else f"{certainty} certainty"
    return f"level of evidence {certainty}"


def dose_text(regimen: Regimen) -> str | None:
    """The dose with its unit, as the spec gives it; None when not stated."""
    if regimen.dose is None:
        return f"in {regimen.unit}" if regimen.unit else None
    return str(regimen.dose) + (f" {regimen.unit}" if regimen.unit else "")


def regimen_fields(regimen: Regimen) -> dict[str, str | None]:
    """The compared fields of a regimen, as text; None where the source does not state it."""
    return {
        "route": regimen.route,
        "dose": dose_text(regimen),
        "schedule": regimen.schedule,
        "duration": regimen.duration,
        "setting": regimen.setting,
        "titration": regimen.titration,
    }


def regimen_text(regimen: Regimen) -> str:
    """A regimen in one line: dose · schedule · duration · setting · …"""
    parts = [value for value in regimen_fields(regimen).values() if value]
    return " · ".join(parts) if parts else "no details stated"


def sentence(parts: Sequence[str]) -> str:
    """Clauses joined by semicolons as one sentence, capitalised and closed."""
    return upper_first("; ".join(part.rstrip(".") for part in parts)) + "."


LONG = 160  # a value longer than this shows only the words that changed, with some context
CONTEXT = 4  # words kept each side of a change


def changed_words(before: str, after: str) -> tuple[str, str]:
    """Two long values cut to the words that differ (and a few around them), as "… x …": how
    a report shows a long value that changed (diff's text and markdown, the PDF's changes)."""
    if len(before) <= LONG and len(after) <= LONG:
        return before, after
    old, new = before.split(), after.split()
    if old == new:
        return "(spacing only)", "(spacing only)"
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    first = max(0, start - CONTEXT)

    def cut(words: list[str]) -> str:
        last = len(words) - max(0, end - CONTEXT)
        text = " ".join(words[first:last])
        return ("… " if first else "") + text + (" …" if last < len(words) else "")

    return (cut(old) if old else before), (cut(new) if new else after)
