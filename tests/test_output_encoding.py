"""Printing never fails on the terminal's encoding, and JSON is always valid UTF-8 JSON.

Each case runs the real command in a subprocess, under an encoding the environment chooses,
on a library whose directory name is not UTF-8 (byte 0xE9, which Python decodes to the
surrogate U+DCE9) and whose messages hold a character latin-1 cannot encode (U+03B1, alpha).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from guidecompare.pipeline.build import build

from .conftest import minimal_comparison, minimal_guideline, write_spec

NOT_UTF8 = "caf\udce9"  # os.fsdecode(b"caf\xe9")
SHOWN = "caf\\xe9"  # how guidecompare prints that name
LABEL = "ALPHA \u03b1"
ENCODINGS = {
    "utf-8": {"PYTHONIOENCODING": "utf-8"},  # strict: a surrogate cannot be encoded
    "latin-1": {"PYTHONIOENCODING": "latin-1"},  # U+03B1 cannot be encoded
    "locale": {"LC_ALL": "C.UTF-8"},  # surrogateescape: 0xE9 would go out as a raw byte
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """<tmp>/café-in-latin-1/{specs,output}: one comparison, built (synthetic data)."""
    root = tmp_path_factory.mktemp("encoding") / NOT_UTF8
    write_spec(
        root / "specs" / "synthetic",
        minimal_comparison(current_as_of="2026-01-31"),
        [
            minimal_guideline("alpha-2020", label=LABEL),
            minimal_guideline("beta-2021", year=2024),
        ],
    )
    build([root / "specs"], root / "output")
    return root


def run(encoding: str, *args: str | Path) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8")}
    env.update(ENCODINGS[encoding])
    return subprocess.run(
        [sys.executable, "-m", "guidecompare", *(os.fsencode(a) for a in args)],
        capture_output=True,
        env=env,
        check=False,
    )


def text_of(stream: bytes, encoding: str) -> str:
    """The stream as the terminal reads it; it must decode without error."""
    return stream.decode("latin-1" if encoding == "latin-1" else "utf-8")


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_check_prints_in_any_encoding(library: Path, encoding: str, fmt: str) -> None:
    specs, out = library / "specs", library / "output"
    result = run(encoding, "check", specs, "--out", out, "--today", "2026-06-01", "--format", fmt)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert result.stderr == b"0 errors, 3 warnings.\n"
    if fmt == "json":
        result.stdout.decode("ascii")  # ASCII: valid UTF-8 whatever the terminal's encoding
        findings = json.loads(result.stdout)["findings"]
        assert {f["path"].split("/")[-4] for f in findings} == {SHOWN}
        assert f"{LABEL} was published in 2020" in "".join(f["message"] for f in findings)
    else:
        stdout = text_of(result.stdout, encoding)
        assert stdout.count(SHOWN) == 3
        alpha = "ALPHA \\u03b1" if encoding == "latin-1" else LABEL
        assert f"{alpha} was published in 2020" in stdout


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_build_messages_print_in_any_encoding(library: Path, encoding: str) -> None:
    result = run(encoding, "build", library / "specs", "--out", library / "output")
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    shown = f"{library.parent.as_posix()}/{SHOWN}/output/synthetic"
    assert text_of(result.stdout, encoding) == f"synthetic: up to date in {shown}\n"


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_errors_print_in_any_encoding(library: Path, tmp_path: Path, encoding: str) -> None:
    missing = run(encoding, "check", library / "nowhere")
    assert missing.returncode == 2
    shown = f"{library.parent.as_posix()}/{SHOWN}/nowhere"
    assert text_of(missing.stderr, encoding) == f"{shown}: no such directory\n"
    broken = minimal_guideline("alpha-2020", label=LABEL)
    del broken["year"]
    specs = tmp_path / NOT_UTF8
    write_spec(specs / "synthetic", minimal_comparison(), [broken, minimal_guideline("beta-2021")])
    invalid = run(encoding, "build", specs, "--out", tmp_path / "output")
    assert invalid.returncode == 1
    assert text_of(invalid.stderr, encoding) == (
        f"{tmp_path.as_posix()}/{SHOWN}/synthetic/alpha-2020.yaml:1:1: year: missing required "
        "key 'year'\n1 problem in the specs; nothing was written.\n"
    )


def test_a_finding_message_naming_the_path_reads_as_json(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"  # nothing built here: every output is missing
    result = run("utf-8", "check", library / "specs", "--out", out, "--format", "json")
    assert result.returncode == 1, result.stderr.decode(errors="replace")
    missing = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "output-missing"]
    assert missing and all(f"/{SHOWN}/specs/synthetic --out " in f["message"] for f in missing)
