"""The built-in grading systems: one declarative table each, every row with its source.

Clinical content: each meaning paraphrases the cited definition; each mapping follows the cited
crosswalk, and where none could be confirmed the value is `not-mappable`. docs/grading.md explains
every choice, in particular where published crosswalks disagree.
"""

from __future__ import annotations

from guidecompare.grading.model import GradingSystemDefinition, NativeCertainty, NativeGrade
from guidecompare.grading.scale import CertaintyCode, RecommendationCode, Strength
from guidecompare.spec.types import Direction

# --- Sources --------------------------------------------------------------------------------------

HL7_CERTAINTY = (
    "HL7 FHIR R5 ValueSet certainty-rating (codes high, moderate, low, very-low). "
    "https://hl7.org/fhir/R5/valueset-certainty-rating.html"
)
HL7_RECOMMENDATION = (
    "CPG on EBMonFHIR, CodeSystem RecommendationStrength (strong-for, weak-for, strong-against, "
    "weak-against), draft 0.1.1. "
    "https://build.fhir.org/ig/CEOsys/cpg-on-ebm-on-fhir/CodeSystem-ceosys-cs-recommendation-strength.html"
)
GRADE_CERTAINTY = (
    "Balshem H, et al. GRADE guidelines: 3. Rating the quality of evidence. "
    "J Clin Epidemiol. 2011;64(4):401-406. https://doi.org/10.1016/j.jclinepi.2010.07.015"
)
GRADE_STRENGTH = (
    "Andrews JC, et al. GRADE guidelines: 15. Going from evidence to recommendation: determinants "
    "of a recommendation's direction and strength. J Clin Epidemiol. 2013;66(7):726-735. "
    "https://doi.org/10.1016/j.jclinepi.2013.02.003"
)
USPSTF_2012 = (
    "U.S. Preventive Services Task Force. Grade Definitions After July 2012: what the grades mean "
    "and suggestions for practice; levels of certainty regarding net benefit. "
    "https://uspreventiveservicestaskforce.org/apps/gradedef.jsp"
)
USPSTF_GRID = (
    "AHRQ. Guide to Clinical Preventive Services, 2014. Appendix A: How the U.S. Preventive "
    "Services Task Force Grades Its Recommendations (grid of certainty x magnitude of net benefit). "
    "http://www.ahrq.gov/professionals/clinicians-providers/guidelines-recommendations/guide/appendix-a.html"
)
ACCF_AHA_CROSSWALK = (
    "Jacobs AK, et al. ACCF/AHA Clinical Practice Guideline Methodology Summit Report. "
    "J Am Coll Cardiol. 2013;61(2):213-265. https://doi.org/10.1016/j.jacc.2012.09.025; "
    "Table 4.2, Clinical Practice Guideline Grading Models (ACCF/AHA Interpretation), read at "
    "http://www.onlinejacc.org/highwire/markup/33630/expansion"
)
ACC_AHA_2019 = (
    "ACC/AHA. Applying Class of Recommendation and Level of Evidence to Clinical Strategies, "
    "Interventions, Treatments, or Diagnostic Testing in Patient Care (updated May 2019), read at "
    "https://eccguidelines.heart.org/en/resuscitation-science/cpr-and-ecc-guidelines/tables/"
    "applying-class-of-recommendation-and-level-of-evidence"
)
AHA_ECC_CONVERSION = (
    "American Heart Association ECC. 2015 Converting the GRADE Level of Evidence to the AHA ECC "
    "Level of Evidence. https://eccguidelines.heart.org/index.php/tables/"
    "2015-converting-the-grade-level-of-evidence-to-the-aha-ecc-level-of-evidence/"
)
CEBM_2009 = (
    "Oxford Centre for Evidence-based Medicine. Levels of Evidence (March 2009). "
    "http://www.cebm.net/oxford-centre-evidence-based-medicine-levels-evidence-march-2009/"
)
SORT_2004 = (
    "Ebell MH, Siwek J, Weiss BD, et al. Strength of Recommendation Taxonomy (SORT): a "
    "patient-centered approach to grading evidence in the medical literature. Am Fam Physician. "
    "2004;69(3):548-556. http://www.aafp.org/afp/20040201/548.html"
)
GUIDECOMPARE = "guidecompare convention (docs/grading.md): no external source is involved."

# A crosswalk that reads USPSTF B as GRADE strong; the tables follow ACCF_AHA_CROSSWALK instead.
USPSTF_B_STRONG_CROSSWALK = "https://dbpia.nl.go.kr/view-large/62096173"

# --- GRADE ----------------------------------------------------------------------------------------

# Andrews 2013 defines each strength for both directions: a recommendation against is the
# mirror of one for (undesirable effects outweigh the desirable ones), so each directed row
# states its own direction, and a bare strength states both.
_STRONG_FOR = "The panel is confident the desirable effects clearly outweigh the undesirable ones"
_STRONG_AGAINST = (
    "The panel is confident the undesirable effects clearly outweigh the desirable ones"
)
_STRONG_SO = ": most informed people would choose the recommended course."
_WEAK_FOR = "Desirable effects probably outweigh undesirable ones"
_WEAK_AGAINST = "Undesirable effects probably outweigh desirable ones"
_WEAK_SO = ", but the panel is less confident: different choices suit different people or settings. WHO calls it 'conditional'."
_EITHER = " The direction is the statement's stance."

GRADE = GradingSystemDefinition(
    id="grade",
    name="GRADE (Grading of Recommendations Assessment, Development and Evaluation)",
    label="GRADE",
    version="GRADE guidelines series: certainty per Balshem 2011, strength per Andrews 2013",
    source=f"{GRADE_CERTAINTY}; {GRADE_STRENGTH}",
    certainty_term="certainty",
    note="The common scale is GRADE's own: every GRADE value maps to the code of the same name.",
    grades=(
        NativeGrade(
            value="strong for",
            aliases=("strong recommendation for", "strong in favour", "strong in favor"),
            meaning=_STRONG_FOR + _STRONG_SO,
            recommendation=RecommendationCode.STRONG_FOR,
            source=f"{GRADE_STRENGTH}; {HL7_RECOMMENDATION}",
        ),
        NativeGrade(
            value="strong against",
            aliases=("strong recommendation against",),
            meaning=_STRONG_AGAINST + _STRONG_SO,
            recommendation=RecommendationCode.STRONG_AGAINST,
            source=f"{GRADE_STRENGTH}; {HL7_RECOMMENDATION}",
        ),
        NativeGrade(
            value="conditional for",
            aliases=(
                "weak for",
                "conditional recommendation for",
                "weak recommendation for",
                "conditional in favour",
                "conditional in favor",
                "weak in favour",
                "weak in favor",
            ),
            meaning=_WEAK_FOR + _WEAK_SO,
            recommendation=RecommendationCode.WEAK_FOR,
            source=f"{GRADE_STRENGTH}; {HL7_RECOMMENDATION}",
        ),
        NativeGrade(
            value="conditional against",
            aliases=(
                "weak against",
                "conditional recommendation against",
                "weak recommendation against",
            ),
            meaning=_WEAK_AGAINST + _WEAK_SO,
            recommendation=RecommendationCode.WEAK_AGAINST,
            source=f"{GRADE_STRENGTH}; {HL7_RECOMMENDATION}",
        ),
        NativeGrade(
            value="strong",
            meaning=f"{_STRONG_FOR} (for), or the undesirable effects clearly outweigh the desirable ones (against){_STRONG_SO}{_EITHER}",
            recommendation=Strength.STRONG,
            source=f"{GRADE_STRENGTH}; {HL7_RECOMMENDATION}",
            note="GRADE grades strength and direction separately; a bare 'strong' takes the direction of the statement's stance.",
        ),
        NativeGrade(
            value="conditional",
            aliases=("weak",),
            meaning=f"{_WEAK_FOR} (for), or undesirable effects probably outweigh desirable ones (against){_WEAK_SO}{_EITHER}",
            recommendation=Strength.WEAK,
            source=f"{GRADE_STRENGTH}; {HL7_RECOMMENDATION}",
            note="GRADE grades strength and direction separately; a bare 'conditional' takes the direction of the statement's stance.",
        ),
    ),
    certainties=(
        NativeCertainty(
            value="high",
            meaning="Very confident that the true effect lies close to the estimate of the effect.",
            certainty=CertaintyCode.HIGH,
            source=f"{GRADE_CERTAINTY}; {HL7_CERTAINTY}",
        ),
        NativeCertainty(
            value="moderate",
            meaning="Moderately confident: the true effect is likely close to the estimate but may be substantially different.",
            certainty=CertaintyCode.MODERATE,
            source=f"{GRADE_CERTAINTY}; {HL7_CERTAINTY}",
        ),
        NativeCertainty(
            value="low",
            meaning="Limited confidence: the true effect may be substantially different from the estimate.",
            certainty=CertaintyCode.LOW,
            source=f"{GRADE_CERTAINTY}; {HL7_CERTAINTY}",
        ),
        NativeCertainty(
            value="very low",
            meaning="Very little confidence: the true effect is likely substantially different from the estimate.",
            certainty=CertaintyCode.VERY_LOW,
            source=f"{GRADE_CERTAINTY}; {HL7_CERTAINTY}",
        ),
    ),
)

# --- USPSTF ---------------------------------------------------------------------------------------

_USPSTF_ROWS = f"{USPSTF_2012}; {ACCF_AHA_CROSSWALK}"

USPSTF = GradingSystemDefinition(
    id="uspstf",
    name="U.S. Preventive Services Task Force grades and levels of certainty",
    label="USPSTF",
    version="Grade definitions after July 2012 (grade C redefined in 1998, 2007 and 2012)",
    source=f"{USPSTF_2012}; {USPSTF_GRID}",
    grade_term="Grade",
    certainty_term="certainty",
    note=(
        "Strengths follow the ACCF/AHA crosswalk (Table 4.2), which sets USPSTF A beside GRADE "
        "strong and B and C beside GRADE weak. Certainty of net benefit (high, moderate, low) "
        "maps to the HL7 code of the same name, as in that table."
    ),
    grades=(
        NativeGrade(
            value="A",
            meaning="Recommends the service: high certainty that the net benefit is substantial. Offer or provide it.",
            recommendation=RecommendationCode.STRONG_FOR,
            implied_certainty=CertaintyCode.HIGH,
            source=_USPSTF_ROWS,
        ),
        NativeGrade(
            value="B",
            meaning="Recommends the service: high certainty of a moderate net benefit, or moderate certainty of a moderate to substantial one. Offer or provide it.",
            recommendation=RecommendationCode.WEAK_FOR,
            implied_certainty=CertaintyCode.MODERATE,
            source=_USPSTF_ROWS,
            note=(
                "Crosswalks disagree: the ACCF/AHA table sets B beside class IIa and GRADE weak; a "
                f"table at {USPSTF_B_STRONG_CROSSWALK} sets USPSTF A and B beside GRADE strong. "
                "This table follows ACCF/AHA: a named guideline-methodology body, it maps every "
                "USPSTF grade and does not overstate strength; the other table quotes the pre-2007 "
                "grade wording and its article could not be identified."
            ),
        ),
        NativeGrade(
            value="C",
            meaning="Recommends offering the service selectively, by professional judgement and patient preference: at least moderate certainty that the net benefit is small.",
            recommendation=RecommendationCode.WEAK_FOR,
            implied_certainty=CertaintyCode.MODERATE,
            source=_USPSTF_ROWS,
            note=(
                "The ACCF/AHA table sets C beside class IIb and GRADE weak. That table predates the "
                "July 2012 wording; the 2012 C ('selectively offer', sensitive to patient values) "
                "is for the service, so the direction is 'for'."
            ),
        ),
        NativeGrade(
            value="D",
            meaning="Recommends against the service: moderate or high certainty that it has no net benefit or that harms outweigh benefits.",
            recommendation="not-mappable",
            direction=Direction.AGAINST,
            implied_certainty=CertaintyCode.MODERATE,
            source=_USPSTF_ROWS,
            note="The ACCF/AHA table sets D beside GRADE 'strong or weak': the direction is against, the strength is not determined.",
        ),
        NativeGrade(
            value="I",
            aliases=("I statement", "insufficient"),
            meaning="Current evidence is insufficient to assess the balance of benefits and harms (lacking, poor quality or conflicting).",
            recommendation=RecommendationCode.NEUTRAL,
            implied_certainty=CertaintyCode.LOW,
            source=f"{USPSTF_2012}; {USPSTF_GRID}",
            note=(
                "guidecompare's 'neutral' is defined as insufficient evidence, no recommendation "
                "either way. In the USPSTF grid, low certainty gives an I statement."
            ),
        ),
    ),
    certainties=(
        NativeCertainty(
            value="high",
            meaning="Consistent results from well-designed, well-conducted studies in representative primary care populations; unlikely to be strongly affected by future studies.",
            certainty=CertaintyCode.HIGH,
            source=_USPSTF_ROWS,
        ),
        NativeCertainty(
            value="moderate",
            meaning="Evidence sufficient to determine effects on health outcomes, but confidence in the estimate is constrained; the conclusion could change with more information.",
            certainty=CertaintyCode.MODERATE,
            source=_USPSTF_ROWS,
        ),
        NativeCertainty(
            value="low",
            meaning="Evidence insufficient to assess effects on health outcomes.",
            certainty=CertaintyCode.LOW,
            source=_USPSTF_ROWS,
            note=(
                "The ACCF/AHA table sets USPSTF low beside GRADE low. USPSTF has no 'very low': "
                "its low already means the evidence is insufficient."
            ),
        ),
    ),
)

# --- ACC/AHA --------------------------------------------------------------------------------------

_LOE_CAVEAT = (
    "ACC/AHA levels of evidence are not synonymous with GRADE certainty: the ACCF/AHA table "
    "says its level-of-evidence nomenclature 'is not meant to be synonymous with overall quality "
    "of the body of evidence'. Read the certainty as approximate."
)

ACC_AHA = GradingSystemDefinition(
    id="acc-aha",
    name="ACC/AHA Class of Recommendation and Level of Evidence",
    label="ACC/AHA",
    version="COR/LOE table updated May 2019 (classes 1, 2a, 2b, 3: No Benefit, 3: Harm; LOE A, B-R, B-NR, C-LD, C-EO)",
    source=f"{ACC_AHA_2019}; {ACCF_AHA_CROSSWALK}",
    grade_term="Class",
    certainty_term="LOE",
    caveat=_LOE_CAVEAT,
    note=(
        "The ACCF/AHA methodology table aligns class I with GRADE strong and classes IIa and IIb "
        "with GRADE weak. Levels B-NR and C-LD follow the AHA ECC conversion (GRADE low to B-NR, "
        "very low to C-LD), which addresses the levels introduced after that table."
    ),
    grades=(
        NativeGrade(
            value="1",
            aliases=("I", "1 strong", "I strong"),
            meaning="Strong: benefit >>> risk; 'is recommended', 'should be performed'.",
            recommendation=RecommendationCode.STRONG_FOR,
            source=f"{ACC_AHA_2019}; {ACCF_AHA_CROSSWALK}",
        ),
        NativeGrade(
            value="2a",
            aliases=("IIa", "2a moderate", "IIa moderate"),
            meaning="Moderate: benefit >> risk; 'is reasonable', 'can be useful'.",
            recommendation=RecommendationCode.WEAK_FOR,
            source=f"{ACC_AHA_2019}; {ACCF_AHA_CROSSWALK}",
            note="ACC/AHA calls class 2a 'moderate'; the common scale has two strengths and the ACCF/AHA table sets IIa beside GRADE weak.",
        ),
        NativeGrade(
            value="2b",
            aliases=("IIb", "2b weak", "IIb weak"),
            meaning="Weak: benefit > risk (>= risk in earlier tables); 'may be considered', usefulness unclear or not well established.",
            recommendation=RecommendationCode.WEAK_FOR,
            source=f"{ACC_AHA_2019}; {ACCF_AHA_CROSSWALK}",
        ),
        NativeGrade(
            value="3: No Benefit",
            aliases=("III: No Benefit", "3 no benefit", "III no benefit"),
            meaning="No benefit: benefit = risk; 'is not recommended', 'should not be performed'.",
            recommendation="not-mappable",
            direction=Direction.AGAINST,
            source=f"{ACC_AHA_2019}; {ACCF_AHA_CROSSWALK}",
            note=(
                "The ACCF/AHA table sets class III beside GRADE 'strong or weak'. Copies of the COR "
                "table disagree on this class's strength label (moderate in the 2016 scheme, weak "
                "in the AHA ECC copy of the May 2019 table): the direction is against, the strength "
                "is not determined."
            ),
        ),
        NativeGrade(
            value="3: Harm",
            aliases=("III: Harm", "3 harm", "III harm", "3 harm strong", "III harm strong"),
            meaning="Strong: risk > benefit; 'potentially harmful', 'should not be performed'.",
            recommendation=RecommendationCode.STRONG_AGAINST,
            source=f"{ACC_AHA_2019}; {ACCF_AHA_CROSSWALK}",
            note=(
                "The COR table labels class 3: Harm 'strong', and the ACCF/AHA table aligns the "
                "ACC/AHA 'strong' class with GRADE strong. That table, older than the label, gives "
                "class III as a whole 'strong or weak'."
            ),
        ),
        NativeGrade(
            value="3",
            aliases=("III",),
            meaning="Class 3 without its No Benefit / Harm qualifier (tables before 2010): not useful or effective, may be harmful.",
            recommendation="not-mappable",
            direction=Direction.AGAINST,
            source=ACCF_AHA_CROSSWALK,
            note="The ACCF/AHA table sets class III beside GRADE 'strong or weak'.",
        ),
    ),
    certainties=(
        NativeCertainty(
            value="A",
            meaning="High-quality evidence from more than 1 RCT, meta-analyses of high-quality RCTs, or RCTs corroborated by high-quality registry studies.",
            certainty=CertaintyCode.HIGH,
            source=f"{ACC_AHA_2019}; {ACCF_AHA_CROSSWALK}; {AHA_ECC_CONVERSION}",
        ),
        NativeCertainty(
            value="B-R",
            aliases=("BR", "B randomized", "B randomised"),
            meaning="Moderate-quality evidence from 1 or more RCTs, or meta-analyses of moderate-quality RCTs.",
            certainty=CertaintyCode.MODERATE,
            source=f"{ACC_AHA_2019}; {AHA_ECC_CONVERSION}; {ACCF_AHA_CROSSWALK}",
        ),
        NativeCertainty(
            value="B-NR",
            aliases=(
                "BNR",
                "B nonrandomized",
                "B nonrandomised",
                "B non randomized",
                "B non randomised",
            ),
            meaning="Moderate-quality evidence from 1 or more well-designed, well-executed nonrandomized, observational or registry studies, or their meta-analyses.",
            certainty=CertaintyCode.LOW,
            source=f"{ACC_AHA_2019}; {AHA_ECC_CONVERSION}",
            note=(
                "Crosswalks disagree: the AHA ECC conversion takes GRADE low to B-NR; the older "
                "ACCF/AHA table, written before B was split, sets B beside GRADE moderate. This "
                "table follows the conversion that addresses B-NR itself and does not overstate."
            ),
        ),
        NativeCertainty(
            value="C-LD",
            aliases=("CLD", "C limited data"),
            meaning="Limited data: randomized or nonrandomized observational or registry studies with limitations of design or execution, or their meta-analyses.",
            certainty=CertaintyCode.VERY_LOW,
            source=f"{ACC_AHA_2019}; {AHA_ECC_CONVERSION}",
            note=(
                "Crosswalks disagree: the AHA ECC conversion takes GRADE very low to C-LD; the "
                "older ACCF/AHA table sets C beside GRADE low. This table follows the conversion "
                "that addresses C-LD itself and does not overstate."
            ),
        ),
        NativeCertainty(
            value="C-EO",
            aliases=("CEO", "C expert opinion"),
            meaning="Consensus of expert opinion based on clinical experience.",
            certainty="not-mappable",
            source=f"{ACC_AHA_2019}; {AHA_ECC_CONVERSION}; {ACCF_AHA_CROSSWALK}",
            note=(
                "Expert opinion is not a rating of a body of evidence: the AHA ECC conversion sends "
                "a GRADE non-recommendation to C-EO, and the ACCF/AHA table lists expert opinion "
                "apart from high, moderate and low."
            ),
        ),
    ),
)

# --- Oxford CEBM 2009 -----------------------------------------------------------------------------

_CEBM_LEVEL_NOTE = (
    "A CEBM level rates the design of the studies behind a statement, not the certainty of a body "
    "of evidence; no crosswalk from CEBM levels to GRADE or HL7 certainty was found."
)
_CEBM_GRADE_NOTE = (
    "A CEBM grade summarises the level and consistency of the supporting studies; it states "
    "neither a direction nor a GRADE strength, and no crosswalk to GRADE or HL7 codes was found "
    "(SORT's walkover links CEBM grades only to SORT)."
)


def _cebm_level(value: str, meaning: str) -> NativeCertainty:
    return NativeCertainty(
        value=value,
        meaning=meaning,
        certainty="not-mappable",
        source=CEBM_2009,
        note=_CEBM_LEVEL_NOTE,
    )


def _cebm_grade(value: str, meaning: str) -> NativeGrade:
    return NativeGrade(
        value=value,
        meaning=meaning,
        recommendation="not-mappable",
        source=CEBM_2009,
        note=_CEBM_GRADE_NOTE,
    )


OXFORD_CEBM_2009 = GradingSystemDefinition(
    id="oxford-cebm-2009",
    name="Oxford Centre for Evidence-based Medicine Levels of Evidence and Grades of Recommendation",
    label="Oxford CEBM 2009",
    version="Levels of Evidence, March 2009 (therapy / prevention, aetiology / harm column)",
    source=CEBM_2009,
    grade_term="Grade",
    certainty_term="level",
    note="Levels go in a statement's certainty, grades in its grade. Nothing in this system maps to the common scale.",
    grades=(
        _cebm_grade("A", "Consistent level 1 studies."),
        _cebm_grade(
            "B", "Consistent level 2 or 3 studies, or extrapolations from level 1 studies."
        ),
        _cebm_grade("C", "Level 4 studies, or extrapolations from level 2 or 3 studies."),
        _cebm_grade(
            "D",
            "Level 5 evidence, or troublingly inconsistent or inconclusive studies of any level.",
        ),
    ),
    certainties=(
        _cebm_level("1a", "Systematic review (with homogeneity) of RCTs."),
        _cebm_level("1b", "Individual RCT (with narrow confidence interval)."),
        _cebm_level("1c", "All or none."),
        _cebm_level("2a", "Systematic review (with homogeneity) of cohort studies."),
        _cebm_level(
            "2b", "Individual cohort study (including low-quality RCT, e.g. <80% follow-up)."
        ),
        _cebm_level("2c", "'Outcomes' research; ecological studies."),
        _cebm_level("3a", "Systematic review (with homogeneity) of case-control studies."),
        _cebm_level("3b", "Individual case-control study."),
        _cebm_level("4", "Case series (and poor-quality cohort and case-control studies)."),
        _cebm_level(
            "5",
            "Expert opinion without explicit critical appraisal, or based on physiology, bench research or 'first principles'.",
        ),
    ),
)

# --- SORT -----------------------------------------------------------------------------------------

_SORT_NOTE = (
    "SORT grades the evidence behind a recommendation (quality, consistency, patient-oriented "
    "outcomes), not the balance that sets a GRADE strength, and states no direction; Ebell et al. "
    "walk SORT over to CEBM and BMJ Clinical Evidence only. No crosswalk to GRADE or HL7 codes was found."
)

SORT = GradingSystemDefinition(
    id="sort",
    name="Strength of Recommendation Taxonomy",
    label="SORT",
    version="Ebell et al., Am Fam Physician 2004",
    source=SORT_2004,
    note="Nothing in this system maps to the common scale.",
    grades=tuple(
        NativeGrade(
            value=value,
            meaning=meaning,
            recommendation="not-mappable",
            source=SORT_2004,
            note=_SORT_NOTE,
        )
        for value, meaning in (
            ("A", "Recommendation based on consistent, good-quality patient-oriented evidence."),
            (
                "B",
                "Recommendation based on inconsistent or limited-quality patient-oriented evidence.",
            ),
            (
                "C",
                "Recommendation based on consensus, usual practice, opinion, disease-oriented evidence, or case series.",
            ),
        )
    ),
)

# --- ungraded -------------------------------------------------------------------------------------

UNGRADED = GradingSystemDefinition(
    id="ungraded",
    name="No formal grading",
    label="ungraded",
    version="guidecompare",
    source=GUIDECOMPARE,
    note=(
        "For guidelines that grade nothing (the RSDSA 2022 CRPS guideline calls itself "
        "'semi-systematic, in some cases narrative'). These spellings are read as ungraded in any system."
    ),
    grades=(
        NativeGrade(
            value="ungraded",
            aliases=("not graded", "no grade", "no formal grade", "no formal grades"),
            meaning="The guideline gives this statement no formal grade.",
            recommendation="ungraded",
            source=GUIDECOMPARE,
        ),
    ),
    certainties=(
        NativeCertainty(
            value="ungraded",
            aliases=("not graded", "not rated", "no formal grade"),
            meaning="The guideline gives this statement no certainty rating.",
            certainty="ungraded",
            source=GUIDECOMPARE,
        ),
    ),
)

BUILT_IN_SYSTEMS: tuple[GradingSystemDefinition, ...] = (
    GRADE,
    USPSTF,
    ACC_AHA,
    OXFORD_CEBM_2009,
    SORT,
    UNGRADED,
)
