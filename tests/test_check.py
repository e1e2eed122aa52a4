"""`check`: every rule, every format, every exit code, and proof that the fast path never lies."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from guidecompare.cli import IsoDate, main
from guidecompare.errors import Location
from guidecompare.pipeline import manifest
from guidecompare.pipeline.build import build
from guidecompare.pipeline.check import CheckOptions, Finding, Severity, check
from guidecompare.pipeline.formats import github_report, json_report, text_report

from .conftest import ROOT, minimal_comparison, minimal_guideline, write_spec

TODAY = date(2026, 6, 1)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), prog_name="guidecompare")


def make_library(
    root: Path, comparison: dict[str, Any] | None = None, **guideline_fields: Any
) -> Path:
    """specs/synthetic with alpha-2020 (given fields) and beta-2021, built into root/output."""
    specs = root / "specs"
    write_spec(
        specs / "synthetic",
        comparison or minimal_comparison(current_as_of="2026-01-31"),
        [
            minimal_guideline("alpha-2020", **guideline_fields),
            minimal_guideline("beta-2021", year=2024),
        ],
    )
    build([specs], root / "output")
    return specs


def currency(findings: list[Finding]) -> list[tuple[str, str, str]]:
    """(rule, severity, file:line) of every finding but topic coverage."""
    return [
        (f.rule, f.severity.value, f"{f.location.path.name}:{f.location.line}")
        for f in findings
        if f.rule != "topic-uncovered"
    ]


def test_current_library_has_no_findings_but_uncovered_topics(tmp_path: Path) -> None:
    specs = make_library(tmp_path, year=2024)
    findings = check([specs], tmp_path / "output", CheckOptions(today=TODAY))
    assert [(f.rule, f.severity) for f in findings] == [
        ("topic-uncovered", Severity.WARNING),
        ("topic-uncovered", Severity.WARNING),
    ]
    assert findings[0].message.startswith("no statement covers topic 'dosing'")


def test_comparison_review_overdue(tmp_path: Path) -> None:
    specs = make_library(
        tmp_path,
        minimal_comparison(current_as_of="2025-01-31", review_interval_months=3),
        year=2024,
    )
    findings = check([specs], tmp_path / "output", CheckOptions(today=date(2025, 5, 1)))
    assert currency(findings) == [("comparison-review-overdue", "warning", "comparison.yaml:5")]
    assert "due for review on 2025-04-30 (every 3 months)" in findings[0].message
    assert (
        check([specs], tmp_path / "output", CheckOptions(today=date(2025, 4, 30)))[0].rule
        == "topic-uncovered"
    )


@pytest.mark.parametrize(
    ("planned", "today", "overdue"),
    [
        ("2023", date(2023, 12, 31), False),
        ("2023", date(2024, 1, 1), True),
        ("2026-05", date(2026, 5, 31), False),
        ("2026-05", date(2026, 6, 1), True),
        ("2026-05-15", date(2026, 5, 16), True),
    ],
)
def test_guideline_review_overdue(tmp_path: Path, planned: str, today: date, overdue: bool) -> None:
    specs = make_library(
        tmp_path,
        minimal_comparison(current_as_of=today.isoformat()),
        year=2024,
        planned_review=planned,
    )
    findings = currency(check([specs], tmp_path / "output", CheckOptions(today=today)))
    assert findings == (
        [("guideline-review-overdue", "warning", "alpha-2020.yaml:20")] if overdue else []
    )
    text = (specs / "synthetic" / "alpha-2020.yaml").read_text(encoding="utf-8").splitlines()
    assert text[19].startswith("planned_review:")


@pytest.mark.parametrize(
    ("fields", "today", "max_age", "expected"),
    [
        ({"year": 2020}, date(2025, 12, 31), None, []),  # year only: counted from 31 December
        ({"year": 2020}, date(2026, 1, 1), None, ["published in 2020, more than 5 years ago"]),
        ({"year": 2020, "published": "2020-03-01"}, date(2025, 3, 1), None, []),
        (
            {"year": 2020, "published": "2020-03-01"},
            date(2025, 3, 2),
            None,
            ["published 2020-03-01, more than 5"],
        ),
        ({"year": 2023}, date(2026, 6, 1), 2, ["published in 2023, more than 2 years ago"]),
    ],
)
def test_guideline_too_old(
    tmp_path: Path, fields: dict[str, Any], today: date, max_age: int | None, expected: list[str]
) -> None:
    specs = make_library(tmp_path, minimal_comparison(current_as_of=today.isoformat()), **fields)
    findings = [
        f
        for f in check(
            [specs], tmp_path / "output", CheckOptions(today=today, max_age_years=max_age)
        )
        if f.rule == "guideline-too-old"
    ]
    assert len(findings) == len(expected)
    for finding, text in zip(findings, expected, strict=True):
        assert text in finding.message
        assert finding.location.path.name == "alpha-2020.yaml"


def test_per_comparison_age_limit_and_strictness(tmp_path: Path) -> None:
    comparison = minimal_comparison(
        current_as_of="2026-05-01", check={"max_guideline_age_years": 10, "strict": True}
    )
    specs = make_library(tmp_path, comparison, year=2018)
    assert currency(check([specs], tmp_path / "output", CheckOptions(today=TODAY))) == []
    comparison["check"] = {"max_guideline_age_years": 3, "strict": True}
    specs = make_library(tmp_path, comparison, year=2018)
    assert currency(check([specs], tmp_path / "output", CheckOptions(today=TODAY))) == [
        ("guideline-too-old", "error", "alpha-2020.yaml:6")
    ]


@pytest.mark.parametrize(
    ("fields", "rule", "message"),
    [
        (
            {"status": "superseded", "superseded_by": "beta-2021"},
            "guideline-superseded",
            # The successor is named by its label, not its id.
            "ALPHA-2020 is superseded by BETA-2021: compare the successor instead",
        ),
        (
            {"status": "withdrawn"},
            "guideline-withdrawn",
            "ALPHA-2020 is withdrawn: remove it from the comparison or say why it stays",
        ),
    ],
)
def test_superseded_and_withdrawn(
    tmp_path: Path, fields: dict[str, Any], rule: str, message: str
) -> None:
    specs = make_library(tmp_path, year=2024, **fields)
    [finding] = [
        f for f in check([specs], tmp_path / "output", CheckOptions(today=TODAY)) if f.rule == rule
    ]
    assert finding.message == message
    assert finding.severity is Severity.WARNING


def test_topic_covered_only_by_verified_silence_is_not_flagged(tmp_path: Path) -> None:
    specs = make_library(tmp_path, year=2024, silent=[{"topic": "dosing", "checked": "2026-01-01"}])
    rules = [f.message for f in check([specs], tmp_path / "output", CheckOptions(today=TODAY))]
    assert any("'dosing'" in m for m in rules)  # beta-2021 was not checked: still flagged
    spec = specs / "synthetic" / "beta-2021.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8") + "silent:\n- topic: dosing\n  checked: '2026-01-01'\n",
        encoding="utf-8",
    )
    build([specs], tmp_path / "output")
    rules = [f.message for f in check([specs], tmp_path / "output", CheckOptions(today=TODAY))]
    assert not any("'dosing'" in m for m in rules)


def test_acknowledged_finding_is_a_notice_until_it_lapses(tmp_path: Path) -> None:
    ack = {
        "rule": "guideline-review-overdue",
        "guideline": "alpha-2020",
        "reason": "Review checked on 2026-05-01; no update published.",
        "by": "A. Reviewer",
        "date": "2026-05-01",
        "until": "2026-12-31",
    }
    comparison = minimal_comparison(current_as_of="2026-05-01", acknowledgements=[ack])
    specs = make_library(tmp_path, comparison, year=2024, planned_review="2025")
    [finding] = [
        f
        for f in check([specs], tmp_path / "output", CheckOptions(today=TODAY, strict=True))
        if f.rule == "guideline-review-overdue"
    ]
    assert finding.severity is Severity.NOTICE
    assert finding.message.endswith(
        "(acknowledged by A. Reviewer on 2026-05-01: Review checked on 2026-05-01; no update published.)"
    )
    later = CheckOptions(today=date(2027, 1, 1))
    [finding] = [
        f
        for f in check([specs], tmp_path / "output", later)
        if f.rule == "guideline-review-overdue"
    ]
    assert finding.severity is Severity.WARNING


def test_orphaned_output_is_flagged_only_when_a_library_is_checked(tmp_path: Path) -> None:
    specs = make_library(tmp_path, year=2024)
    (tmp_path / "output" / "retired-comparison").mkdir()
    library = check([specs], tmp_path / "output", CheckOptions(today=TODAY))
    assert [f.location.path.name for f in library if f.rule == "output-orphaned"] == [
        "retired-comparison"
    ]
    single = check([specs / "synthetic"], tmp_path / "output", CheckOptions(today=TODAY))
    assert not [f for f in single if f.rule == "output-orphaned"]


# -- the fast path: the manifest never reports a stale output as current ------------------------


def stale(findings: list[Finding]) -> list[str]:
    return sorted(f.location.path.name for f in findings if f.rule == "output-stale")


def test_manifest_fast_path_skips_rendering_when_nothing_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = make_library(tmp_path, year=2024)

    def no_rendering(*args: object) -> None:
        raise AssertionError("read or rendered although the manifest proves the outputs current")

    monkeypatch.setattr("guidecompare.render.render_outputs", no_rendering)
    monkeypatch.setattr("guidecompare.spec.load.load_comparison", no_rendering)
    findings = check([specs], tmp_path / "output", CheckOptions(today=TODAY))
    assert stale(findings) == []
    monkeypatch.undo()
    # Currency judged from the manifest's facts is what loading the specs finds.
    full = check([specs], tmp_path / "output", CheckOptions(today=TODAY, full=True))
    assert findings == full
    assert {f.rule for f in findings} == {"topic-uncovered"}


def test_a_spec_change_is_caught(tmp_path: Path) -> None:
    specs = make_library(tmp_path, year=2024)
    spec = specs / "synthetic" / "beta-2021.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace("Drug X works.", "Drug X works well."),
        encoding="utf-8",
    )
    # The statement's text is in the PDF, the page, comparison.csv and the spreadsheet, not in
    # summary.csv.
    assert stale(check([specs], tmp_path / "output", CheckOptions(today=TODAY))) == [
        "comparison.csv", "comparison.html", "comparison.pdf", "comparison.xlsx", "manifest.json",
    ]  # fmt: skip


def test_a_rendering_change_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new renderer changes the tool fingerprint, so check renders and sees new bytes."""
    specs = make_library(tmp_path, year=2024)
    from guidecompare.render import csv as csv_renderer

    original = csv_renderer.render_summary_csv
    monkeypatch.setattr(
        csv_renderer, "render_summary_csv", lambda c, s: (original(c, s), s.write(b"x"))
    )
    monkeypatch.setattr(
        manifest, "tool_fingerprint", lambda: "a different version of the renderers"
    )
    assert stale(check([specs], tmp_path / "output", CheckOptions(today=TODAY))) == [
        "manifest.json",
        "summary.csv",
    ]


def test_full_mode_renders_even_when_the_manifest_says_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = make_library(tmp_path, year=2024)
    from guidecompare.render import csv as csv_renderer

    original = csv_renderer.render_summary_csv
    monkeypatch.setattr(
        csv_renderer, "render_summary_csv", lambda c, s: (original(c, s), s.write(b"x"))
    )
    assert stale(check([specs], tmp_path / "output", CheckOptions(today=TODAY))) == []
    assert stale(check([specs], tmp_path / "output", CheckOptions(today=TODAY, full=True))) == [
        "manifest.json", "summary.csv",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "name", ["comparison.pdf", "comparison.csv", "summary.csv", "manifest.json"]
)
def test_a_hand_edit_of_any_output_is_caught(tmp_path: Path, name: str) -> None:
    specs = make_library(tmp_path, year=2024)
    path = tmp_path / "output" / "synthetic" / name
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n", 1))
    assert stale(check([specs], tmp_path / "output", CheckOptions(today=TODAY))) == [name]


def test_tool_fingerprint_follows_rendering_code_not_the_cli(tmp_path: Path) -> None:
    package = tmp_path / "guidecompare"
    shutil.copytree(
        ROOT / "src" / "guidecompare", package, ignore=shutil.ignore_patterns("__pycache__")
    )
    before = manifest.tool_fingerprint(package)
    (package / "cli.py").write_text("# a CLI change cannot change an output\n", encoding="utf-8")
    assert manifest.tool_fingerprint.__wrapped__(package) == before
    # A file of the same name elsewhere still counts: the exclusions are paths, not names.
    (package / "pipeline" / "check.py").write_text("# check renders nothing\n", encoding="utf-8")
    assert manifest.tool_fingerprint.__wrapped__(package) == before
    with (package / "render" / "csv.py").open("a", encoding="utf-8") as stream:
        stream.write("# a renderer change may\n")
    after_renderer = manifest.tool_fingerprint.__wrapped__(package)
    assert after_renderer != before
    with (package / "pipeline" / "manifest.py").open("a", encoding="utf-8") as stream:
        stream.write("# so may a change to what manifest.json holds\n")
    assert manifest.tool_fingerprint.__wrapped__(package) != after_renderer


# -- formats and exit codes ----------------------------------------------------------------------


HOSTILE = Finding(
    Location(Path("specs/a,b:c/x.yaml"), 3, 7),
    Severity.WARNING,
    "guideline-too-old",
    "100% sure:\r\nnext, line",
)


def test_text_format() -> None:
    assert (
        text_report([HOSTILE])
        == "specs/a,b:c/x.yaml:3:7: warning: 100% sure:\\r\\nnext, line [guideline-too-old]\n"
    )


def test_github_format_escapes_as_documented() -> None:
    assert github_report([HOSTILE]) == (
        "::warning file=specs/a%2Cb%3Ac/x.yaml,line=3,col=7,title=guidecompare guideline-too-old"
        "::100%25 sure:%0D%0Anext, line\n"
    )
    no_line = Finding(Location(Path("out/x.pdf")), Severity.ERROR, "output-missing", "missing")
    assert (
        github_report([no_line])
        == "::error file=out/x.pdf,title=guidecompare output-missing::missing\n"
    )


def test_json_format() -> None:
    document = json.loads(json_report([HOSTILE]))
    assert document == {
        "findings": [
            {"path": "specs/a,b:c/x.yaml", "line": 3, "column": 7, "severity": "warning",
             "rule": "guideline-too-old", "message": "100% sure:\r\nnext, line"}
        ],
        "counts": {"error": 0, "warning": 1, "notice": 0},
    }  # fmt: skip


@pytest.mark.parametrize(
    ("args", "code", "stderr"),
    [
        ([], 0, "0 errors, 1 warning.\n"),
        (["--strict"], 1, "1 error, 0 warnings.\n"),
        (["--today", "2026-02-01"], 0, "All outputs are current; no warnings.\n"),
        (["--today", "1st of June"], 2, None),
        (["--format", "xml"], 2, None),
        (["--max-age-years", "0"], 2, None),
    ],
)
def test_cli_exit_codes(tmp_path: Path, args: list[str], code: int, stderr: str | None) -> None:
    comparison = minimal_comparison(
        current_as_of="2026-01-31", topics=[{"id": "efficacy", "label": "Efficacy"}]
    )
    specs = make_library(tmp_path, comparison, year=2024, planned_review="2026-03")
    result = run(
        "check", str(specs), "--out", str(tmp_path / "output"), "--today", "2026-06-01", *args
    )
    assert result.exit_code == code, result.output
    if stderr is not None:
        assert result.stderr == stderr
    else:
        assert "Error: Invalid value" in result.stderr


@pytest.mark.parametrize(
    ("today", "message"),
    [
        ("2025-02-30", "2025-02-30 is not a date: February 2025 has 28 days"),
        ("2024-02-30", "2024-02-30 is not a date: February 2024 has 29 days"),
        ("2025-04-31", "2025-04-31 is not a date: April 2025 has 30 days"),
        ("2025-01-00", "2025-01-00 is not a date: January 2025 has 31 days"),
        ("2025-13-01", "2025-13-01 is not a date: there is no month 13; months run from 01 to 12"),
        ("2025-00-10", "2025-00-10 is not a date: there is no month 0; months run from 01 to 12"),
        ("0000-01-01", "0000-01-01 is not a date: years run from 0001 to 9999"),
        ("1st of June", "'1st of June' is not a date: write it as YYYY-MM-DD, e.g. 2025-02-20"),
        ("2025/02/20", "'2025/02/20' is not a date: write it as YYYY-MM-DD, e.g. 2025-02-20"),
        ("\uff12\uff10\uff12\uff15-02-20", "'\uff12\uff10\uff12\uff15-02-20' is not a date: write it as YYYY-MM-DD, e.g. 2025-02-20"),
        ("2025-02-20\n::error::x", "'2025-02-20\\n::error::x' is not a date: write it as YYYY-MM-DD, e.g. 2025-02-20"),
    ],
)  # fmt: skip
def test_today_that_is_not_a_date_says_why(tmp_path: Path, today: str, message: str) -> None:
    result = run("check", str(tmp_path), "--today", today)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"\nError: Invalid value for '--today': {message}\n")


@pytest.mark.parametrize(
    ("today", "day"),
    [("2024-02-29", date(2024, 2, 29)), ("2025-2-3", date(2025, 2, 3)),
     (" 2025-12-31 ", date(2025, 12, 31)), (date(2025, 1, 1), date(2025, 1, 1))],
)  # fmt: skip
def test_today_takes_an_iso_day(today: str | date, day: date) -> None:
    assert IsoDate().convert(today, None, None) == day


def test_cli_json_output_is_pure_json(tmp_path: Path) -> None:
    specs = make_library(tmp_path, year=2024)
    result = run(
        "check",
        str(specs),
        "--out",
        str(tmp_path / "output"),
        "--today",
        "2026-06-01",
        "--format",
        "json",
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["counts"] == {"error": 0, "warning": 2, "notice": 0}


@pytest.mark.parametrize(
    ("line", "rule", "message"),
    [
        (
            "notes: !!python/name:os.system",
            "yaml",
            "notes: unknown YAML tag '!!python/name:os.system': specs hold plain text, numbers, "
            "lists and mappings: remove the tag",
        ),
        (
            "review_interval_months: " + "7" * 5000,
            "yaml",
            "review_interval_months: the unquoted number '77777777777777777...' has 5,000 digits, "
            "more than YAML can read: quote the number (write it as text), or shorten it",
        ),
    ],
)
def test_cli_json_reports_a_yaml_mistake_as_a_finding(
    tmp_path: Path, line: str, rule: str, message: str
) -> None:
    """Once an internal error (exit 4) with nothing on stdout; now a spec finding like any other."""
    specs = make_library(tmp_path)
    comparison = specs / "synthetic" / "comparison.yaml"
    comparison.write_text(comparison.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    result = run("check", str(specs), "--out", str(tmp_path / "output"), "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert [(f["line"], f["severity"], f["rule"], f["message"]) for f in findings] == [
        (comparison.read_text(encoding="utf-8").count("\n"), "error", rule, message)
    ]


def test_real_specs_acknowledge_their_currency_findings_so_strict_passes() -> None:
    """The reference is kept as of its source's date on purpose, and says so with reasons."""
    reference = ROOT / "specs" / "ketamine-crps"
    args = ("check", str(reference), "--out", str(ROOT / "output"), "--today", "2026-11-30")
    result = run(*args, "--strict")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split(": ")[1] for line in lines] == ["notice"] * 3
    assert sorted(line.rsplit("[", 1)[1] for line in lines) == [
        "comparison-review-overdue]",
        "guideline-review-overdue]",
        "guideline-too-old]",
    ]
    asra = [line for line in lines if "[guideline-review-overdue]" in line]
    assert asra[0].startswith(
        f"{(reference / 'asra-aapm-asa-2018.yaml').as_posix()}:31:1: notice: "
        "ASRA/AAPM/ASA 2018 planned its review for 2023, which has passed: look for an update "
        "and record what you find (acknowledged by guidecompare maintainers on 2026-11-30: The "
        "response (current as of 2025-02-20) records that no update"
    )


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2025, 2, 20), 12, date(2026, 2, 20)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_month(start: date, months: int, end: date) -> None:
    from guidecompare.engine.currency import add_months

    assert add_months(start, months) == end


@pytest.mark.parametrize(
    ("partial", "end"),
    [
        ("2023", date(2023, 12, 31)),
        ("2024-02", date(2024, 2, 29)),
        ("2023-06-15", date(2023, 6, 15)),
    ],
)
def test_period_end(partial: str, end: date) -> None:
    from guidecompare.engine.currency import period_end

    assert period_end(partial) == end


def test_dates_at_the_end_of_the_calendar_do_not_crash(tmp_path: Path) -> None:
    comparison = minimal_comparison(current_as_of="9999-06-01")
    specs = make_library(
        tmp_path, comparison, year=2024, published="9998-07-01", planned_review="9999"
    )
    findings = check([specs], tmp_path / "output", CheckOptions(today=date(9999, 12, 31)))
    assert not [f for f in findings if f.rule == "comparison-review-overdue"]
    too_old = [f.message for f in findings if f.rule == "guideline-too-old"]
    assert len(too_old) == 1  # beta-2021, published in 2024; alpha's 9998 date is no crash
    assert too_old[0].startswith("BETA-2021 was published in 2024")


def test_the_fingerprint_follows_zlib(monkeypatch: pytest.MonkeyPatch) -> None:
    import zlib

    before = manifest.tool_fingerprint.__wrapped__()
    monkeypatch.setattr(zlib, "ZLIB_RUNTIME_VERSION", "0.0.0-other")
    assert manifest.tool_fingerprint.__wrapped__() != before


def test_an_invalid_comparison_does_not_hide_the_others(tmp_path: Path) -> None:
    specs = make_library(tmp_path, year=2024)
    broken = specs / "broken"
    write_spec(
        broken,
        minimal_comparison(id="broken"),
        [minimal_guideline("alpha-2020"), minimal_guideline("beta-2021")],
    )
    (broken / "beta-2021.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    (tmp_path / "output" / "broken").mkdir()  # its outputs from before it broke
    (tmp_path / "output" / "synthetic" / "summary.csv").write_bytes(b"edited\r\n")
    findings = check([specs], tmp_path / "output", CheckOptions(today=TODAY))
    rules = sorted({f.rule for f in findings})
    assert rules == ["output-stale", "topic-uncovered", "yaml"]  # no 'output-orphaned' guess
    assert [f.location.path.name for f in findings if f.rule == "yaml"] == ["beta-2021.yaml"]


def test_an_acknowledgement_counts_only_from_its_own_date() -> None:
    """Checked as of a day before it was written, a finding is reported as it stood then."""
    reference = ROOT / "specs" / "ketamine-crps"
    args = ("check", str(reference), "--out", str(ROOT / "output"), "--strict")
    before = run(*args, "--today", "2026-11-29")  # the acknowledgements are dated 2026-11-30
    assert before.exit_code == 1
    assert before.stdout.count(": error: ") == 3
    after = run(*args, "--today", "2026-11-30")
    assert after.exit_code == 0
    assert after.stdout.count(": notice: ") == 3
