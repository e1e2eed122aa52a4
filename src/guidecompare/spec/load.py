"""Load comparison directories: YAML → validated, cross-checked, frozen models.

Every problem in every file of a run is collected and raised together as one SpecError.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pydantic

from guidecompare.errors import Location, Problem, SpecError, did_you_mean
from guidecompare.grading import (
    BUILT_IN_REGISTRY,
    GradingRegistry,
    GradingTableError,
    merge_systems,
)
from guidecompare.spec.consistency import (
    check_equivalents,
    check_grade_directions,
    check_statement_ids,
    check_successor,
    duplicates,
)
from guidecompare.spec.files import (
    COMPARISON_FILE,
    SpecDirs,
    claim_id,
    find_comparison_dirs,
    inside,
    is_regular,
    spec_dir_paths,
    spec_files,
)
from guidecompare.spec.loaded import LoadedComparison
from guidecompare.spec.models import (
    ComparisonSpec,
    GuidelineSpec,
    Statement,
)
from guidecompare.spec.problems import validate_model
from guidecompare.spec.source import YamlFile, read_yaml

# Column names of summary.csv besides the guideline ids that a guideline id could spell (the
# others, such as topic_label, hold an underscore, which an id cannot).
RESERVED_COLUMNS = frozenset({"topic", "verdict", "rationale", "coverage"})


def iter_comparisons(
    spec_dirs: SpecDirs,
) -> Iterator[tuple[Path, LoadedComparison | None, list[Problem]]]:
    """Load the comparisons under `spec_dirs` one at a time: (directory, comparison, problems).

    `spec_dirs` is one path (str or PathLike) or several, as for `load`.

    The comparison is None when it is invalid, or when its id is already used by an earlier
    directory (two comparisons cannot share an output directory).
    """
    first_dir: dict[str, Path] = {}
    for directory in find_comparison_dirs(spec_dir_paths(spec_dirs)):
        problems: list[Problem] = []
        comparison = load_comparison(directory, problems)
        if comparison is not None and not claim_id(
            comparison.spec.id, directory, first_dir, problems
        ):
            comparison = None
        yield directory, comparison, problems


def load(spec_dirs: SpecDirs) -> list[LoadedComparison]:
    """Load every comparison under `spec_dirs`; raise SpecError with all problems found.

    `spec_dirs` is one path (`"specs"`, a Path) or a list of them; each is a comparison
    directory or a directory holding several.
    """
    problems: list[Problem] = []
    loaded: list[LoadedComparison] = []
    for _, comparison, found in iter_comparisons(spec_dirs):
        problems.extend(found)
        if comparison is not None:
            loaded.append(comparison)
    if problems:
        raise SpecError(problems)
    return sorted(loaded, key=lambda c: c.spec.id)


def load_comparison(directory: Path, problems: list[Problem]) -> LoadedComparison | None:
    """Load one comparison directory, appending its problems; None if it is invalid."""
    start = len(problems)
    comparison_file = _read_inside(directory, directory / COMPARISON_FILE, problems)
    spec = validate_model(ComparisonSpec, comparison_file, problems) if comparison_file else None
    if spec is None or comparison_file is None:
        return None
    known = _Names.of(spec)
    guideline_files: list[tuple[YamlFile, GuidelineSpec]] = []
    listed = set(spec.guidelines)
    for index, gid in enumerate(spec.guidelines):
        path = directory / f"{gid}.yaml"
        if not path.exists():
            problems.append(
                comparison_file.problem(
                    ("guidelines", index),
                    f"guideline '{gid}' is listed but {path.as_posix()} does not exist",
                    rule="guideline-file",
                )
            )
            continue
        guideline_file = _read_inside(directory, path, problems)
        guideline = (
            validate_model(GuidelineSpec, guideline_file, problems) if guideline_file else None
        )
        if guideline_file is None:
            continue
        if guideline is None:
            # Still report what is wrong in the statements that are valid on their own.
            _link_loose_statements(guideline_file, known, problems)
            continue
        if guideline.id != gid:
            problems.append(
                guideline_file.problem(
                    ("id",),
                    f"id '{guideline.id}' does not match the file name: "
                    f"rename the file or set id: {gid}",
                    rule="guideline-file",
                )
            )
            continue
        guideline_files.append((guideline_file, guideline))
    for path in spec_files(directory):
        if path.name == COMPARISON_FILE or path.name in {f"{gid}.yaml" for gid in listed}:
            continue
        if path.stem in listed and (directory / f"{path.stem}.yaml").exists():
            message = (  # x.yml beside x.yaml: only x.yaml is read
                f"is not read: guideline '{path.stem}' is read from {path.stem}.yaml; "
                "merge the two files and remove this one"
            )
        elif path.stem in listed:
            message = f"is not read: guideline files end in .yaml: rename it {path.stem}.yaml"
        else:
            message = (
                f"guideline file is not listed in {COMPARISON_FILE} 'guidelines': "
                "add its id there, or move the file out of the comparison directory"
            )
        problems.append(Problem(Location(path), (), message, rule="guideline-file"))
    _check_comparison(comparison_file, spec, problems)
    registry = _grading_registry(comparison_file, spec, problems)
    resolved = [_link_guideline(gf, g, known, problems) for gf, g in guideline_files]
    for guideline_file, guideline in guideline_files:
        _check_grading_system(guideline_file, guideline, registry, problems)
        check_successor(guideline_file, guideline, spec, problems)
        check_grade_directions(guideline_file, guideline, registry, problems)
        check_statement_ids(guideline_file, guideline, problems)
    if len(problems) > start:
        return None
    sources = (comparison_file, *(gf for gf, _ in guideline_files))
    return LoadedComparison(spec, tuple(resolved), directory, sources, registry)


def _grading_registry(
    source: YamlFile, spec: ComparisonSpec, problems: list[Problem]
) -> GradingRegistry:
    if not spec.grading_systems and not spec.grading_overrides:
        return BUILT_IN_REGISTRY
    try:
        return merge_systems(spec.grading_systems, spec.grading_overrides)
    except GradingTableError as error:
        for issue in error.issues:
            problems.append(source.problem(issue.keys, issue.message, rule="grading"))
        return BUILT_IN_REGISTRY


def _check_grading_system(
    source: YamlFile, guideline: GuidelineSpec, registry: GradingRegistry, problems: list[Problem]
) -> None:
    system = guideline.grading_system.system if guideline.grading_system else None
    if system is not None and registry.get(system) is None:
        problems.append(
            source.problem(
                ("grading_system", "system"),
                f"unknown grading system '{system}'{did_you_mean(system, registry.ids())}: "
                "use an id from 'guidecompare grading', or declare the system under "
                "'grading_systems' in comparison.yaml",
                rule="unknown-grading-system",
            )
        )


def _read_inside(directory: Path, path: Path, problems: list[Problem]) -> YamlFile | None:
    """Read a spec file only if it really is inside the comparison directory (no link out).

    manifest.disk_fingerprint applies the same rules, so `check`'s fast path accepts nothing
    that this refuses.
    """
    if not inside(directory, path):
        problems.append(
            Problem(
                Location(path),
                (),
                "is a link to a file outside the comparison directory, which guidecompare does "
                "not read: copy the file into the directory instead",
                "outside-spec-dir",
            )
        )
        return None
    if path.exists() and not path.is_dir() and not is_regular(path):
        problems.append(
            Problem(
                Location(path),
                (),
                "is not a regular file (a FIFO, socket or device): replace it with the YAML file",
                "guideline-file",
            )
        )
        return None
    return read_yaml(path, problems)


# ---------------------------------------------------------------------------------------------
# Cross-references inside one comparison


def _topic_names(spec: ComparisonSpec) -> dict[str, str]:
    """Every name a statement may use for a topic (id, alias, label), folded, → topic id."""
    names: dict[str, str] = {}
    for topic in spec.topics:
        for name in (topic.id, topic.label, *topic.aliases):
            names.setdefault(_fold(name), topic.id)
    return names


def _fold(name: str) -> str:
    return " ".join(name.replace("-", " ").replace("_", " ").split()).casefold()


def _citable_ids(spec: ComparisonSpec) -> set[str]:
    return {ref.id for ref in spec.references} | set(spec.guidelines)


def _check_comparison(source: YamlFile, spec: ComparisonSpec, problems: list[Problem]) -> None:
    for index, topic_id in duplicates(t.id for t in spec.topics):
        problems.append(
            source.problem(
                ("topics", index, "id"), f"topic id '{topic_id}' is used twice", rule="duplicate-id"
            )
        )
    owners: dict[str, str] = {}
    for topic in spec.topics:
        for name in (topic.id, topic.label, *topic.aliases):
            owner = owners.setdefault(_fold(name), topic.id)
            if owner != topic.id:
                index = spec.topics.index(topic)
                problems.append(
                    source.problem(
                        ("topics", index),
                        f"name '{name}' of topic '{topic.id}' also names topic '{owner}': "
                        "a name may align to one topic only",
                        rule="duplicate-id",
                    )
                )
    for index, facet_id in duplicates(f.id for f in spec.facets):
        problems.append(
            source.problem(
                ("facets", index, "id"), f"facet id '{facet_id}' is used twice", rule="duplicate-id"
            )
        )
    for index, ref_id in duplicates(r.id for r in spec.references):
        problems.append(
            source.problem(
                ("references", index, "id"),
                f"reference id '{ref_id}' is used twice",
                rule="duplicate-id",
            )
        )
    for index, ref in enumerate(spec.references):
        if ref.id in spec.guidelines:
            problems.append(
                source.problem(
                    ("references", index, "id"),
                    f"reference id '{ref.id}' is also a guideline id: guidelines are cited by "
                    "their own id, remove this reference",
                    rule="duplicate-id",
                )
            )
    for index, gid in enumerate(spec.guidelines):
        if gid in RESERVED_COLUMNS:
            problems.append(
                source.problem(
                    ("guidelines", index),
                    f"'{gid}' cannot be a guideline id: it names a column of summary.csv",
                    rule="reserved-id",
                )
            )
    citable = _citable_ids(spec)
    for part in ("background", "conclusion"):
        for p_index, paragraph in enumerate(getattr(spec, part)):
            for c_index, cited in enumerate(paragraph.cites):
                _check_cited(source, (part, p_index, "cites", c_index), cited, citable, problems)
    topic_ids = [t.id for t in spec.topics]
    for index, override in enumerate(spec.overrides):
        if override.topic not in topic_ids:
            problems.append(
                source.problem(
                    ("overrides", index, "topic"),
                    f"unknown topic '{override.topic}'{did_you_mean(override.topic, topic_ids)}",
                    rule="unknown-topic",
                )
            )
    for index, ack in enumerate(spec.acknowledgements):
        if ack.guideline is not None and ack.guideline not in spec.guidelines:
            problems.append(
                source.problem(
                    ("acknowledgements", index, "guideline"),
                    f"unknown guideline '{ack.guideline}'"
                    f"{did_you_mean(ack.guideline, spec.guidelines)}: name a compared guideline",
                    rule="dangling-reference",
                )
            )
        if ack.topic is not None and ack.topic not in topic_ids:
            problems.append(
                source.problem(
                    ("acknowledgements", index, "topic"),
                    f"unknown topic '{ack.topic}'{did_you_mean(ack.topic, topic_ids)}",
                    rule="unknown-topic",
                )
            )
    check_equivalents(source, spec, problems)
    for index, topic_id in duplicates(o.topic for o in spec.overrides):
        problems.append(
            source.problem(
                ("overrides", index, "topic"),
                f"topic '{topic_id}' is overridden twice",
                rule="duplicate-id",
            )
        )


def _resolve_topic(
    name: str,
    spec: ComparisonSpec,
    names: dict[str, str],
    source: YamlFile,
    keys: tuple[str | int, ...],
    problems: list[Problem],
) -> str | None:
    topic_id = names.get(_fold(name))
    if topic_id is None:
        choices = [t.id for t in spec.topics] + [a for t in spec.topics for a in t.aliases]
        problems.append(
            source.problem(
                keys,
                f"unknown topic '{name}'{did_you_mean(name, choices)}: use a topic id or alias "
                "from comparison.yaml",
                rule="unknown-topic",
            )
        )
    return topic_id


def _check_cited(
    source: YamlFile,
    keys: tuple[str | int, ...],
    cited: str,
    citable: set[str],
    problems: list[Problem],
) -> None:
    if cited not in citable:
        problems.append(
            source.problem(
                keys,
                f"unknown reference '{cited}'{did_you_mean(cited, citable)}: "
                "add it to 'references' in comparison.yaml or correct the id",
                rule="dangling-reference",
            )
        )


@dataclass(frozen=True)
class _Names:
    """What statements may refer to in one comparison, worked out once for all its statements."""

    spec: ComparisonSpec
    topics: dict[str, str]
    citable: set[str]
    facet_ids: list[str]

    @classmethod
    def of(cls, spec: ComparisonSpec) -> _Names:
        return cls(spec, _topic_names(spec), _citable_ids(spec), [f.id for f in spec.facets])


def _link_statement(
    source: YamlFile,
    index: int,
    statement: Statement,
    known: _Names,
    problems: list[Problem],
) -> Statement:
    """Check one statement's references into the comparison; return it with its topic resolved."""
    citable, facet_ids = known.citable, known.facet_ids
    keys: tuple[str | int, ...] = ("statements", index)
    topic_ids = _resolve_topics(statement.topic, known, source, (*keys, "topic"), problems)
    for e_index, cited in enumerate(statement.evidence):
        _check_cited(source, (*keys, "evidence", e_index), cited, citable, problems)
    for r_index, regimen in enumerate(statement.regimens):
        if regimen.study is not None:
            _check_cited(
                source, (*keys, "regimens", r_index, "study"), regimen.study, citable, problems
            )
    if statement.source.document not in citable:
        document = statement.source.document
        problems.append(
            source.problem(
                (*keys, "source", "document"),
                f"unknown document '{document}'{did_you_mean(document, citable)}: "
                "name a guideline id or a reference id",
                rule="dangling-reference",
            )
        )
    for facet_id in statement.facets:
        if facet_id not in facet_ids:
            problems.append(
                source.problem(
                    (*keys, "facets", facet_id),
                    f"unknown facet '{facet_id}'{did_you_mean(facet_id, facet_ids)}: "
                    "declare it under 'facets' in comparison.yaml",
                    rule="unknown-facet",
                )
            )
    for r_index, regimen in enumerate(statement.regimens):
        if regimen.dose is not None and regimen.unit is None:
            problems.append(
                source.problem(
                    (*keys, "regimens", r_index, "dose"),
                    f"dose {regimen.dose} has no unit: add 'unit' to the regimen, e.g. unit: mg",
                )
            )
    return statement.model_copy(update={"topic": topic_ids}) if topic_ids else statement


def _resolve_topics(
    written: tuple[str, ...],
    known: _Names,
    source: YamlFile,
    keys: tuple[str | int, ...],
    problems: list[Problem],
) -> tuple[str, ...] | None:
    """The canonical ids of a statement's topics, in the order written; None if one is wrong.

    A single topic is written as text and located at 'topic'; a list's items at 'topic[i]'.
    """
    listed = (*keys, 0) in source.positions
    resolved: list[str] = []
    for t_index, name in enumerate(written):
        at = (*keys, t_index) if listed else keys
        topic_id = _resolve_topic(name, known.spec, known.topics, source, at, problems)
        if topic_id is None:
            return None
        if topic_id in resolved:
            problems.append(
                source.problem(
                    at,
                    f"'{name}' names topic '{topic_id}' again: list each topic once",
                    rule="duplicate-id",
                )
            )
            return None
        resolved.append(topic_id)
    return tuple(resolved)


def _link_loose_statements(source: YamlFile, known: _Names, problems: list[Problem]) -> None:
    raw = source.value.get("statements")
    if not isinstance(raw, list):
        return
    for index, item in enumerate(raw):
        try:
            statement = Statement.model_validate(item)
        except pydantic.ValidationError:
            continue  # already reported by the whole-file validation
        _link_statement(source, index, statement, known, problems)


def _link_guideline(
    source: YamlFile, guideline: GuidelineSpec, known: _Names, problems: list[Problem]
) -> GuidelineSpec:
    spec, names = known.spec, known.topics
    statements = [
        _link_statement(source, index, statement, known, problems)
        for index, statement in enumerate(guideline.statements)
    ]
    addressed = {topic_id for s in statements for topic_id in s.topic}
    silences = []
    seen_silent: set[str] = set()
    for index, silence in enumerate(guideline.silent):
        keys = ("silent", index, "topic")
        topic_id = _resolve_topic(silence.topic, spec, names, source, keys, problems)
        if topic_id is None:
            continue
        if topic_id in addressed:
            problems.append(
                source.problem(
                    keys,
                    f"marked silent on '{topic_id}' but has statements on it: "
                    "remove one or the other",
                    rule="contradiction",
                )
            )
        if topic_id in seen_silent:
            problems.append(
                source.problem(keys, f"marked silent on '{topic_id}' twice", rule="contradiction")
            )
        seen_silent.add(topic_id)
        silences.append(silence.model_copy(update={"topic": topic_id}))
    return guideline.model_copy(update={"statements": tuple(statements), "silent": tuple(silences)})
