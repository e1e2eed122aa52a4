"""The facts of the reference source document that every committee document must show."""

from __future__ import annotations

from guidecompare.engine import Comparison
from guidecompare.engine.words import regimen_fields
from guidecompare.render.saying import repeats


def source_facts(real: Comparison, source_lead: str) -> list[str]:
    """What the reference's specs record of the seed document: question, author, narrative,
    references, profiles, and every statement with its source, evidence, facets and regimens.

    `source_lead` is how a document names the common source before a statement's section
    (the PDF: "[3], ")."""
    spec = real.spec
    facts = [
        spec.question,
        *(person.name for person in spec.prepared_by),
        *(p.text for p in (*spec.background, *spec.conclusion)),
        *(r.citation for r in spec.references),
        spec.disclaimer,
    ]
    for guideline in real.guidelines:
        facts += [guideline.title, guideline.citation, *guideline.organisations]
        facts += [v for v in (guideline.methodology, guideline.funding, guideline.notes) if v]
        facts += [f"doi:{guideline.doi}"] if guideline.doi else []
        for statement in guideline.statements:
            facts += [statement.quote or statement.text]
            if not (statement.quote and repeats(statement.text, statement.quote)):
                facts.append(statement.text)
            facts += [f"{source_lead}{statement.source.section}"]
            facts += [real.short_name(e) for e in statement.evidence]
            facts += [v for values in statement.facets.values() for v in values]
            for regimen in statement.regimens:
                facts += [f"{k} {v}" for k, v in regimen_fields(regimen).items() if v]
                facts += [regimen.note] if regimen.note else []
    return facts
