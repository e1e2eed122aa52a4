"""Formats for `check` findings: text for people, GitHub workflow annotations, JSON for tools.

Each reporter returns the whole report as text; the CLI prints it. Adding a format is adding
one function and one entry in REPORTERS.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from guidecompare.errors import printable
from guidecompare.pipeline.check import Finding, Severity

Reporter = Callable[[Sequence[Finding]], str]


def text_report(findings: Sequence[Finding]) -> str:
    """`path:line:col: severity: message [rule]`, one line each (line breaks in it escaped)."""
    return "".join(f"{finding}\n" for finding in findings)


def _escape_data(value: str) -> str:
    # GitHub's workflow-command escaping for the message part.
    return printable(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    # Property values (file, title) additionally escape ':' and ','.
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_report(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`."""
    lines = []
    for finding in findings:
        location = finding.location
        properties = [f"file={_escape_property(location.path.as_posix())}"]
        if location.line is not None:
            properties.append(f"line={location.line}")
        if location.column is not None:
            properties.append(f"col={location.column}")
        properties.append(f"title={_escape_property(f'guidecompare {finding.rule}')}")
        lines.append(
            f"::{finding.severity.value} {','.join(properties)}::{_escape_data(finding.message)}\n"
        )
    return "".join(lines)


def json_report(findings: Sequence[Finding]) -> str:
    """One JSON document: the findings and a count per severity.

    ASCII only (other characters as JSON escapes), so it is valid UTF-8 whatever the terminal's
    encoding, and a path's bytes that are not UTF-8 read `\\xe9` (errors.printable).
    """
    document = {
        "findings": [
            {
                "path": printable(f.location.path.as_posix()),
                "line": f.location.line,
                "column": f.location.column,
                "severity": f.severity.value,
                "rule": f.rule,
                "message": printable(f.message),
            }
            for f in findings
        ],
        "counts": {s.value: sum(1 for f in findings if f.severity is s) for s in Severity},
    }
    return json.dumps(document, indent=2, ensure_ascii=True) + "\n"


REPORTERS: dict[str, Reporter] = {"text": text_report, "github": github_report, "json": json_report}


def format_findings(findings: Sequence[Finding], fmt: str = "text") -> str:
    """The findings as one report in format `fmt` ('text', 'github' or 'json')."""
    return REPORTERS[fmt](findings)
