"""JSON Schemas of the spec files, generated from the models, for editors and other tools.

The shipped copies under guidecompare/spec/schema/ are regenerated with
`guidecompare schema comparison > src/guidecompare/spec/schema/comparison.schema.json` (and likewise
for guideline); a test fails when they drift from the models.
"""

from __future__ import annotations

import json

from guidecompare.spec.models import ComparisonSpec, GuidelineSpec
from guidecompare.spec.types import SpecModel

SCHEMAS: dict[str, type[SpecModel]] = {"comparison": ComparisonSpec, "guideline": GuidelineSpec}
TITLES = {
    "comparison": "guidecompare comparison.yaml",
    "guideline": "guidecompare guideline file (<guideline id>.yaml)",
}


def schema_text(kind: str) -> str:
    """The JSON Schema for `kind` ('comparison' or 'guideline') as stable, indented JSON."""
    schema = SCHEMAS[kind].model_json_schema(mode="validation")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"guidecompare/{kind}.schema.json",
        **schema,
        "title": TITLES[kind],
    }
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
