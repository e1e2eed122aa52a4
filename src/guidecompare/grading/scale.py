"""The common scale every native grade is read on: HL7 EBM-on-FHIR certainty and recommendation codes.

Sources (docs/grading.md, "The common scale"):
- certainty: HL7 FHIR R5 ValueSet certainty-rating, codes high | moderate | low | very-low
  (https://hl7.org/fhir/R5/valueset-certainty-rating.html);
- recommendation: strength-and-direction codes strong-for | weak-for | weak-against | strong-against
  (CPG on EBMonFHIR RecommendationStrength code system,
  https://build.fhir.org/ig/CEOsys/cpg-on-ebm-on-fhir/CodeSystem-ceosys-cs-recommendation-strength.html).
  `neutral` is guidecompare's own code, the `neutral` stance of PRODUCT.md: insufficient evidence,
  no recommendation either way. No HL7 code for it was found.
"""

from __future__ import annotations

from enum import StrEnum


class CertaintyCode(StrEnum):
    """Certainty of the evidence on the common scale (HL7 certainty-rating)."""

    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"
    VERY_LOW = "very-low"


class RecommendationCode(StrEnum):
    """Strength and direction of a recommendation on the common scale."""

    STRONG_FOR = "strong-for"
    WEAK_FOR = "weak-for"
    NEUTRAL = "neutral"
    WEAK_AGAINST = "weak-against"
    STRONG_AGAINST = "strong-against"


class Strength(StrEnum):
    """A strength without a direction: the direction is the statement's stance."""

    STRONG = "strong"
    WEAK = "weak"


class Unmapped(StrEnum):
    """Why a statement has no value on the common scale."""

    NOT_MAPPABLE = "not-mappable"  # a native value exists but has no defensible common reading
    NOT_STATED = "not-stated"  # the statement gives no value
    NOT_EXTRACTED = "not-extracted"  # the source gives a value that was not recorded
    UNGRADED = "ungraded"  # the guideline says it gives no formal grade


# Lowest first: a range of certainties is read as its lower bound.
CERTAINTY_ORDER: tuple[CertaintyCode, ...] = (
    CertaintyCode.VERY_LOW,
    CertaintyCode.LOW,
    CertaintyCode.MODERATE,
    CertaintyCode.HIGH,
)


def lower_certainty(first: CertaintyCode, second: CertaintyCode) -> CertaintyCode:
    """The lower of two certainties."""
    return min(first, second, key=CERTAINTY_ORDER.index)


def combine(strength: Strength, direction: str) -> RecommendationCode | None:
    """`strong` + `for` is `strong-for`; None when the direction is not for or against."""
    if direction not in ("for", "against"):
        return None
    return RecommendationCode(f"{strength.value}-{direction}")
