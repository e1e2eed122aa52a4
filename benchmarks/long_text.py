"""A copy of the seed comparison with one very long text, to time the layout of long texts.

    python benchmarks/long_text.py OUT_DIR --bytes 2000000 --field guideline-notes
    guidecompare build OUT_DIR --out /tmp/o --force

The text is that many bytes of words separated by spaces, from a seeded generator: the same
arguments write the same files. `--field` picks where it goes: the first statement's `text`
of RSDSA 2022, that guideline's `notes` (set in a table cell), or the comparison's `notes`.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "specs" / "ketamine-crps"
WORDS = [
    "ketamine",
    "infusion",
    "dose",
    "pain",
    "relief",
    "patient",
    "trial",
    "evidence",
    "weeks",
    "guideline",
    "recommendation",
    "the",
    "of",
    "and",
    "in",
    "to",
]
FIELDS = ("statement-text", "guideline-notes", "comparison-notes")


def long_text(size: int) -> str:
    """`size` bytes of words separated by single spaces."""
    rng = random.Random(1)
    words: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    return " ".join(words)[:size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="directory to write the comparison into")
    parser.add_argument("--bytes", type=int, default=2_000_000, help="length of the text")
    parser.add_argument("--field", choices=FIELDS, default="guideline-notes")
    options = parser.parse_args()
    target = options.out / SEED.name
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(SEED, target)
    name = "comparison.yaml" if options.field == "comparison-notes" else "rsdsa-2022.yaml"
    path = target / name
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = long_text(options.bytes)
    if options.field == "statement-text":
        spec["statements"][0]["text"] = text
    else:
        spec["notes"] = text
    path.write_text(
        yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
