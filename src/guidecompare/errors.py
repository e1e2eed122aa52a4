"""The one exception family of guidecompare: each error formats itself for a person.

The library raises these; only the CLI catches them, prints them and picks the exit code.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

# Exit codes, documented in docs/errors.md and README.md.
EXIT_OK = 0
EXIT_FINDINGS = 1  # invalid specs, stale or missing outputs
EXIT_USAGE = 2  # bad options, a path that does not exist
EXIT_OUTPUT = 3  # an output could not be written (permissions, a directory in the way)
EXIT_INTERNAL = 4  # a bug in guidecompare; --debug shows the traceback


# What cannot be printed as it is: control characters (C0, DEL, C1), the Unicode line and
# paragraph separators, and lone surrogates (Python's stand-ins for bytes of a file name that
# are not UTF-8). A line break in a value would start a new line that a terminal, a log parser
# or a CI runner reads as a line of its own (GitHub runs `::error ...` lines as commands).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for the undecodable byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` without lone surrogates, so that it encodes as UTF-8: a file name's bytes that are
    not UTF-8 (which Python decodes to surrogates) shown as `\\xe9`.

    Used as it is where line breaks are escaped by the format itself (JSON, GitHub annotations).
    """
    return _SURROGATE.sub(_escape, text)


def one_line(text: str) -> str:
    """`text` as one printable line: line breaks and other control characters shown as escapes.

    Every line guidecompare prints for a person goes through here (locations, problems,
    findings, the CLI's messages), so a value from a spec or a file name can never start a line.
    A backslash is left as it is: the escapes are for reading, not for parsing back.
    """
    return _CONTROL.sub(_escape, printable(text))


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file and, when known, a line and column (1-based)."""

    path: Path
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = one_line(self.path.as_posix())
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


def format_key_path(keys: Sequence[str | int]) -> str:
    """Render ('statements', 3, 'topic') as 'statements[3].topic'."""
    text = ""
    for key in keys:
        if isinstance(key, int):
            text += f"[{key}]"
        else:
            text += f".{key}" if text else key
    return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one spec file."""

    location: Location
    keys: tuple[str | int, ...]
    message: str
    rule: str = "schema"  # a stable id, listed in docs/check.md

    @property
    def detail(self) -> str:
        """'key.path: message', without the location."""
        key_path = format_key_path(self.keys)
        return f"{key_path}: {self.message}" if key_path else self.message

    def __str__(self) -> str:
        return one_line(f"{self.location}: {self.detail}")

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (loc.path.as_posix(), loc.line or 0, loc.column or 0, self.message)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' hint for a near name, or ''."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class GuidecompareError(Exception):
    """Base of every error guidecompare raises on purpose."""

    exit_code = EXIT_FINDINGS

    def lines(self) -> list[str]:
        """The message, one line per problem."""
        return [str(self)]


class SpecError(GuidecompareError):
    """One or more spec files are invalid. Holds every problem found in the run."""

    exit_code = EXIT_FINDINGS

    def __init__(self, problems: Sequence[Problem], *, partly_written: bool = False) -> None:
        self.problems = sorted(problems, key=Problem.sort_key)
        # True when found after some comparisons were already written (a spec changed while
        # `build` ran): those are complete, the others untouched.
        self.partly_written = partly_written
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[object, ...]:
        # Raised in a worker process and sent to the parent: rebuilt from its problems.
        return (_spec_error, (self.problems, self.partly_written))

    def lines(self) -> list[str]:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        written = (
            "comparisons written before it was found are complete, the others untouched"
            if self.partly_written
            else "nothing was written"
        )
        return [*(str(p) for p in self.problems), f"{count} {noun} in the specs; {written}."]


def _spec_error(problems: Sequence[Problem], partly_written: bool) -> SpecError:
    return SpecError(problems, partly_written=partly_written)


class UsageError(GuidecompareError):
    """The command was called wrongly: a missing path, a bad option value."""

    exit_code = EXIT_USAGE


class OutputError(GuidecompareError):
    """An output file could not be written. Previous outputs are left as they were."""

    exit_code = EXIT_OUTPUT
