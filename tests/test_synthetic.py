"""Four synthetic guidelines in four grading systems, with a conflict (not clinical advice).

tests/cases/synthetic/four-guidelines is read on the common scale, compared, and rendered.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from guidecompare.cli import main
from guidecompare.engine import Comparison, compare
from guidecompare.spec.load import load
from guidecompare.spec.loaded import LoadedComparison
from guidecompare.spec.models import VerdictName

SPEC = Path(__file__).parent / "cases" / "synthetic" / "four-guidelines"


@pytest.fixture(scope="module")
def loaded() -> LoadedComparison:
    [item] = load([SPEC])
    return item


@pytest.fixture(scope="module")
def comparison(loaded: LoadedComparison) -> Comparison:
    return compare(loaded)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic")
    result = CliRunner().invoke(
        main, ["build", str(SPEC), "--out", str(out)], prog_name="guidecompare"
    )
    assert result.exit_code == 0, result.output
    return out / "synthetic-four"


def test_verdicts_over_four_guidelines(comparison: Comparison) -> None:
    # Delta 2021 is superseded: shown, not counted.
    assert {t.topic.id: t.verdict for t in comparison.topics} == {
        "efficacy": VerdictName.AGREE,
        "safety": VerdictName.CONFLICT,
        "dosing": VerdictName.AGREE,
        "monitoring": VerdictName.PARTIAL,
    }


def test_rationales_read_naturally_over_n_guidelines(comparison: Comparison) -> None:
    rationale = {t.topic.id: t.rationale for t in comparison.topics}
    superseded = "Delta 2021 (consensus) is superseded: shown, not counted."
    # Three systems that say the same thing in other words read alike.
    assert rationale["efficacy"] == (
        "All 3 are for, with no substantive difference. All 3 rest on Trial A 2019 and Trial B "
        f"2020. {superseded}"
    )
    assert rationale["safety"].startswith(
        "Alpha 2023 (GRADE) is for; Beta 2022 (USPSTF) is against. Both name dizziness;"
    )
    assert rationale["safety"].endswith(f"Gamma 2024 (ACC/AHA) is silent; {superseded}")
    # One trial's regimen reported in other numbers: told, not counted as a difference.
    assert (
        "They report the Trial A 2019 regimen differently: dose 10 mg (Alpha 2023 (GRADE) and "
        "Beta 2022 (USPSTF)) vs 20 mg (Gamma 2024 (ACC/AHA))." in rationale["dosing"]
    )
    assert rationale["monitoring"] == (
        "All 3 are for, but they differ in strength and certainty. Differences: strength: "
        "strong-for (Alpha 2023 (GRADE) and Beta 2022 (USPSTF)) vs weak-for (Gamma 2024 "
        "(ACC/AHA)); certainty: high (Alpha 2023 (GRADE) and Beta 2022 (USPSTF)) vs very-low "
        f"(C-LD) (Gamma 2024 (ACC/AHA)). {superseded}"
    )


def test_a_spec_override_changes_how_a_grade_reads(comparison: Comparison) -> None:
    beta = next(c for c in comparison.topics[0].cells if c.guideline.id == "beta-uspstf-2022")
    [reading] = beta.readings
    assert reading.recommendation.value == "strong-for"  # the built-in table reads B as weak-for
    assert any("this comparison overrides the USPSTF grade 'B'" in note for note in reading.notes)


def test_comparison_csv_has_native_and_common_grades(built: Path) -> None:
    frame = pd.read_csv(
        built / "comparison.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    efficacy = frame[frame["topic"] == "efficacy"].set_index("guideline")
    assert list(efficacy["grade"]) == ["strong", "B", "1", "ungraded"]
    assert list(efficacy["grade_common"]) == ["strong-for", "strong-for", "strong-for", "ungraded"]
    assert list(efficacy["certainty_common"]) == ["moderate", "moderate", "moderate", "ungraded"]
    assert efficacy.loc["gamma-acc-aha-2024", "grade_reading"].startswith(
        "Class 1 (ACC/AHA) ≈ strong-for; LOE B-R ≈ moderate certainty; ACC/AHA levels of evidence are not synonymous"
    )


def test_guidelines_csv_sets_the_profiles_side_by_side(built: Path) -> None:
    frame = pd.read_csv(
        built / "guidelines.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    assert list(frame["guideline"]) == [
        "alpha-grade-2023", "beta-uspstf-2022", "gamma-acc-aha-2024", "delta-consensus-2021",
    ]  # fmt: skip
    alpha = frame.iloc[0]
    assert alpha["developer"] == "Alpha guideline panel (synthetic)"
    assert alpha["sponsors"] == "Synthetic Foundation"
    assert alpha["grading_system_id"] == "grade"
    assert alpha["population"] == "Adults with condition Y (synthetic)"
    assert alpha["appraisals"] == (
        "AGREE II: Rigour of development 82%, Editorial independence 75% "
        "(Synthetic appraisal for the test suite)"
    )
    delta = frame.iloc[3]
    assert delta["status"] == "superseded"
    assert delta["review_status"] == (
        "Superseded by Delta 2025 update (synthetic); no planned review date recorded"
    )


def test_the_pdf_renders_every_guideline_and_topic(built: Path, comparison: Comparison) -> None:
    reader = PdfReader(built / "comparison.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for guideline in comparison.guidelines:
        assert guideline.label in text
    for topic in comparison.spec.topics:
        assert topic.label in text
    assert "Synthetic test data about an invented drug. Not clinical advice." in text


def test_grading_command_lists_the_declared_override() -> None:
    runner = CliRunner()
    builtin = runner.invoke(main, ["grading", "--system", "uspstf"], prog_name="guidecompare")
    assert builtin.exit_code == 0
    assert "B -> weak-for" in builtin.stdout
    declared = runner.invoke(
        main, ["grading", "--system", "uspstf", "--spec", str(SPEC)], prog_name="guidecompare"
    )
    assert declared.exit_code == 0
    assert "B -> strong-for" in declared.stdout
    unknown = runner.invoke(main, ["grading", "--system", "uspstd"], prog_name="guidecompare")
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        "--system: unknown grading system 'uspstd' (did you mean 'uspstf'?): use one of "
        "acc-aha, grade, oxford-cebm-2009, sort, ungraded, uspstf\n"
    )


def test_the_pdf_reads_grades_on_the_common_scale_and_pairs_guidelines(built: Path) -> None:
    reader = PdfReader(built / "comparison.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Read as class 1 (ACC/AHA) ≈ strong-for; LOE B-R ≈ moderate certainty" in text
    # The at-a-glance matrix: each guideline's stance with its own grade (its gist).
    assert "Efficacy p. 2 for (strong, moderate certainty) for (B, moderate certainty)" in text
    assert "Guidelines pair by pair" in text
    # Alpha and Beta agree on three topics and conflict on safety.
    assert (
        "Alpha 2023 (GRADE) vs Beta 2022 (USPSTF) 3 Efficacy, Dosing, Monitoring 0 1 Safety 0"
        in text
    )
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Guidelines pair by pair" in titles


def test_pairwise_counts_follow_the_verdict_rules(comparison: Comparison) -> None:
    pairs = {(p.first.id, p.second.id): p for p in comparison.pairs}
    assert len(pairs) == 6
    alpha_beta = pairs["alpha-grade-2023", "beta-uspstf-2022"]
    assert (alpha_beta.agree, alpha_beta.differ, alpha_beta.conflict, alpha_beta.unmatched) == (
        ("efficacy", "dosing", "monitoring"), (), ("safety",), (),
    )  # fmt: skip
    beta_gamma = pairs["beta-uspstf-2022", "gamma-acc-aha-2024"]
    assert beta_gamma.differ == ("monitoring",)  # strong-for vs weak-for
    assert beta_gamma.unmatched == ("safety",)
    # The superseded guideline is still compared pair by pair (it is shown, not counted).
    gamma_delta = pairs["gamma-acc-aha-2024", "delta-consensus-2021"]
    assert gamma_delta.agree == ("efficacy", "dosing")
    assert gamma_delta.unmatched == ("safety", "monitoring")


def test_grading_spec_takes_one_comparison(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(SPEC, tmp_path / "lib" / "a")
    second = tmp_path / "lib" / "b"
    shutil.copytree(SPEC, second)
    path = second / "comparison.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("id: synthetic-four", "id: synthetic-other"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["grading", "--spec", str(tmp_path / "lib")], prog_name="guidecompare"
    )
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"{(tmp_path / 'lib').as_posix()}: holds 2 comparisons; --spec takes one comparison directory\n"
    )
