"""A deterministic generator of synthetic spec libraries for benchmarks (not clinical content).

    python benchmarks/generate.py OUT_DIR --comparisons 200 --guidelines 4 --topics 12 --statements 2

Same arguments, same files: a seeded random generator picks directions, grades, facets and
words. Text lengths follow the reference spec: statements of 150-400 characters, quotes of
100-300, notes of 80-200; guidelines grade in GRADE, USPSTF and ACC/AHA forms or are ungraded.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

import yaml

WORDS = (
    "infusion",
    "dose",
    "patients",
    "trial",
    "pain",
    "relief",
    "guideline",
    "evidence",
    "randomized",
    "placebo",
    "outcome",
    "weeks",
    "months",
    "inpatient",
    "outpatient",
    "titration",
    "tolerability",
    "adverse",
    "effects",
    "certainty",
    "benefit",
    "harm",
    "recommendation",
    "moderate",
    "low",
    "high",
    "refractory",
    "chronic",
    "syndrome",
    "sensitization",
    "receptor",
    "antagonist",
    "regimen",
    "schedule",
    "response",
    "cohort",
    "analysis",
    "consensus",
    "panel",
    "review",
)
GRADING = [
    ("GRADE", ["strong", "conditional"], ["high", "moderate", "low", "very low"]),
    ("USPSTF", ["A", "B", "C", "D", "I"], ["high", "moderate", "low"]),
    ("ACC/AHA", ["1", "2a", "2b", "3: No Benefit"], ["A", "B-R", "B-NR", "C-LD", "C-EO"]),
    ("ungraded", ["ungraded"], []),
]
DIRECTIONS = ["for", "for", "for", "neutral", "against", "descriptive", "descriptive"]
EFFECTS = ["nausea", "dizziness", "hallucinations", "dysphoria", "hypertension", "tachycardia"]


def _sentence(rng: random.Random, low: int, high: int) -> str:
    length = rng.randint(low, high)
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < length:
        words.append(rng.choice(WORDS))
    return " ".join(words).capitalize() + "."


def comparison_spec(index: int, guidelines: int, topics: int) -> dict[str, Any]:
    return {
        "id": f"synthetic-{index:04d}",
        "question": f"Synthetic benchmark comparison {index} (not clinical advice)?",
        "short_title": f"Synthetic comparison {index}",
        "prepared_by": [{"name": "Benchmark generator", "organisation": "guidecompare"}],
        "current_as_of": "2025-01-31",
        "disclaimer": "Synthetic benchmark data. Not clinical advice.",
        "guidelines": [f"guideline-{g}" for g in range(guidelines)],
        "topics": [
            {"id": f"topic-{t}", "label": f"Topic {t}", "aliases": [f"alias {t}"]}
            for t in range(topics)
        ],
        "facets": [{"id": "adverse-effects", "label": "Adverse effects"}],
        "references": [
            {
                "id": f"trial-{r}",
                "kind": "trial",
                "short": f"Trial {r}",
                "citation": f"Trial {r}. J Synth. 2020;{r}:1-9.",
                "doi": f"10.5555/synthetic.{r}",
            }
            for r in range(6)
        ],
        "background": [
            {"text": "Synthetic background paragraph for a benchmark.", "cites": ["trial-0"]}
        ],
        "conclusion": [{"text": "Synthetic conclusion paragraph for a benchmark."}],
    }


def guideline_spec(
    rng: random.Random, gid: str, index: int, topics: int, statements: int
) -> dict[str, Any]:
    system, grades, certainties = GRADING[index % len(GRADING)]
    items = []
    for t in range(topics):
        for _ in range(statements):
            direction = rng.choice(DIRECTIONS)
            statement: dict[str, Any] = {
                "topic": f"topic-{t}" if rng.random() < 0.8 else f"alias {t}",
                "stance": {"direction": direction, "wording": _sentence(rng, 20, 60)},
                "evidence": sorted(rng.sample([f"trial-{r}" for r in range(6)], 2)),
                "text": _sentence(rng, 150, 400),
                "quote": _sentence(rng, 100, 300),
                "note": _sentence(rng, 80, 200),
                "source": {
                    "document": gid,
                    "section": f"Section {t + 1}",
                    "page": str(rng.randint(1, 60)),
                },
            }
            if direction != "descriptive":
                statement["grade"] = rng.choice(grades)
                if certainties:
                    statement["certainty"] = rng.choice(certainties)
            if rng.random() < 0.4:
                statement["facets"] = {"adverse-effects": sorted(rng.sample(EFFECTS, 2))}
            if rng.random() < 0.3:
                statement["regimens"] = [
                    {"study": f"trial-{rng.randint(0, 5)}", "dose": rng.choice([0.35, 1, 22]), "unit": "mg/kg/h",
                     "duration": f"{rng.randint(2, 10)} days", "setting": rng.choice(["inpatient", "outpatient"])}
                ]  # fmt: skip
            items.append(statement)
    return {
        "id": gid,
        "label": f"Synthetic {index} ({system})",
        "title": f"Synthetic guideline {index}: {_sentence(rng, 40, 90)}",
        "organisations": ["Synthetic Society of Benchmarking"],
        "year": 2018 + index % 6,
        "citation": f"Synthetic guideline {index}. J Synth. 2021;{index}:1-20.",
        "doi": f"10.5555/guideline.{index}",
        "methodology": "Synthetic",
        "grading_system": {"name": system},
        "statements": items,
    }


def generate(
    out: Path, comparisons: int, guidelines: int, topics: int, statements: int, seed: int = 7
) -> list[Path]:
    """Write the library under `out`; returns the comparison directories."""
    rng = random.Random(seed)
    directories = []
    for c in range(comparisons):
        spec = comparison_spec(c, guidelines, topics)
        directory = out / spec["id"]
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "comparison.yaml").write_text(
            yaml.safe_dump(spec, sort_keys=False), encoding="utf-8"
        )
        for g, gid in enumerate(spec["guidelines"]):
            guideline = guideline_spec(rng, gid, g, topics, statements)
            (directory / f"{gid}.yaml").write_text(
                yaml.safe_dump(guideline, sort_keys=False), encoding="utf-8"
            )
        directories.append(directory)
    return directories


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--comparisons", type=int, default=200)
    parser.add_argument("--guidelines", type=int, default=4)
    parser.add_argument("--topics", type=int, default=12)
    parser.add_argument("--statements", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.out, args.comparisons, args.guidelines, args.topics, args.statements, args.seed)


if __name__ == "__main__":
    main()
