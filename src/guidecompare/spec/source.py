"""Read a YAML spec file into plain values while remembering where every key and value stands.

PyYAML's own loader forgets positions, silently keeps the last of two duplicate keys and
expands aliases without bound; this reader composes the node tree and converts it itself.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from guidecompare.errors import Location, Problem

Keys = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlFile:
    """A parsed spec file: its value and the position of every key path in it."""

    path: Path
    value: Any
    positions: dict[Keys, tuple[int, int]] = field(default_factory=dict)
    # Key paths whose value was an unquoted scalar that YAML turned into a non-text type.
    retyped: dict[Keys, str] = field(default_factory=dict)
    digest: str = ""  # sha256 of the file's bytes, recorded in the build manifest
    # True when every string in the file is printable ASCII (no byte above 0x7e, no control
    # byte but tab and line ends, no backslash that an escape could turn into another
    # character): the glyph check has nothing to look at.
    plain_ascii: bool = False
    # Key paths of values already refused here (an unknown tag, an unreadable number): the
    # models would only add a second, less helpful line for the same value.
    refused: frozenset[Keys] = frozenset()

    def locate(self, keys: Sequence[str | int]) -> Location:
        """The position of the deepest known prefix of `keys` (the key itself when it exists)."""
        keys = tuple(keys)
        while keys and keys not in self.positions:
            keys = keys[:-1]
        line, column = self.positions.get(keys, (1, 1))
        return Location(self.path, line, column)

    def problem(self, keys: Sequence[str | int], message: str, rule: str = "schema") -> Problem:
        return Problem(self.locate(keys), tuple(keys), message, rule)


_NOT_PLAIN = re.compile(rb"[^\x20-\x7e\t\n\r]|\\")

# Size limits, documented in docs/spec-format.md ("Size limits"). Real guideline specs are tens
# of kilobytes and their longest text a few thousand characters (the hostile 20,000-character
# statement aside); the limits are far above both, yet keep a pasted document from making a build
# run for minutes or exhaust memory.
MAX_FILE_BYTES = 2_000_000
MAX_TEXT_CHARS = 100_000

# The tags YAML gives plain values by itself. Any other tag (`!custom`, `!!python/name:...`,
# `!!binary`, `!!set`) asks for a type a spec has no use for.
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_COLLECTION_TAGS: dict[type[yaml.Node], str] = {
    yaml.MappingNode: "tag:yaml.org,2002:map",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
}
_ANCHOR_MESSAGE = (
    "YAML anchors and aliases (&name / *name) are not allowed in specs: write the value out in full"
)

# libyaml's composer is about 15 times faster than PyYAML's own and keeps the same marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml_problem(location: Location, keys: Keys, message: str) -> Problem:
    return Problem(location, keys, message, "yaml")


def _shown_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:") else tag


def _shorten(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Converter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.positions: dict[Keys, tuple[int, int]] = {}
        self.retyped: dict[Keys, str] = {}
        self.problems: list[Problem] = []
        self.refused: set[Keys] = set()
        self._constructor = yaml.constructor.SafeConstructor()
        self._seen: set[int] = set()
        self.alias_reported = False

    def _where(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1)

    def convert(self, node: yaml.Node, keys: Keys) -> Any:
        self.positions.setdefault(keys, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, keys)
        if node.tag != _COLLECTION_TAGS.get(type(node)):
            self._unknown_tag(node, keys)
        if id(node) in self._seen:
            # Only an alias reaches the same collection node twice. Report the first one only:
            # an alias bomb would otherwise print thousands of lines.
            if not self.alias_reported:
                self.alias_reported = True
                self.problems.append(
                    _yaml_problem(
                        self._where(node),
                        keys,
                        _ANCHOR_MESSAGE,
                    )
                )
            return None
        self._seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*keys, index)) for index, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, keys)
        raise TypeError(f"unexpected YAML node {node!r}")  # pragma: no cover - composer contract

    def _mapping(self, node: yaml.MappingNode, keys: Keys) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if (
                not isinstance(key_node, yaml.ScalarNode)
                or key_node.tag == "tag:yaml.org,2002:merge"
            ):
                self.problems.append(
                    _yaml_problem(self._where(key_node), keys, "keys must be plain names")
                )
                continue
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in result:
                self.problems.append(
                    _yaml_problem(
                        self._where(key_node),
                        (*keys, key),
                        f"duplicate key '{key}' (first at line {first_line[key]}): "
                        "keep one of them",
                    )
                )
                continue
            first_line[key] = line
            self.positions[(*keys, key)] = (line, key_node.start_mark.column + 1)
            result[key] = self.convert(value_node, (*keys, key))
        return result

    def _unknown_tag(self, node: yaml.Node, keys: Keys) -> None:
        self.problems.append(
            _yaml_problem(
                self._where(node),
                keys,
                f"unknown YAML tag '{_shown_tag(node.tag)}': specs hold plain text, numbers, "
                "lists and mappings: remove the tag",
            )
        )

    def _scalar(self, node: yaml.ScalarNode, keys: Keys) -> Any:
        if len(node.value) > MAX_TEXT_CHARS:
            self.problems.append(
                Problem(
                    self._where(node),
                    keys,
                    f"text of {len(node.value):,} characters is longer than the limit of "
                    f"{MAX_TEXT_CHARS:,}: shorten it, or cite the source instead of copying it",
                    "size-limit",
                )
            )
            # Cut, so that nothing later works through the whole text; the file is refused.
            return str(node.value)[:MAX_TEXT_CHARS]
        if node.tag not in _SCALAR_TAGS:
            self._unknown_tag(node, keys)
            self.refused.add(keys)
            return str(node.value)
        if node.style is not None and node.style != "":
            return str(node.value)  # quoted or block scalar: always text
        if node.tag == "tag:yaml.org,2002:str":
            return str(node.value)
        if node.tag == "tag:yaml.org,2002:timestamp":
            return str(node.value)  # dates are validated as text by the models
        try:
            value = self._constructor.construct_object(node)
        except (ValueError, yaml.constructor.ConstructorError):
            self.problems.append(_yaml_problem(self._where(node), keys, _unreadable(node)))
            self.refused.add(keys)
            return str(node.value)
        if not isinstance(value, str) and value is not None:
            self.retyped[keys] = str(node.value)
        return value


def _unreadable(node: yaml.ScalarNode) -> str:
    """Why YAML cannot turn an unquoted value into the type its tag names, and what to do."""
    text = str(node.value)
    if node.tag == "tag:yaml.org,2002:int" and text.lstrip("+-").isdigit():
        # Python refuses to convert more than 4,300 digits (a guard against slow conversions).
        return (
            f"the unquoted number '{_shorten(text)}' has {len(text.lstrip('+-')):,} digits, "
            "more than YAML can read: quote the number (write it as text), or shorten it"
        )
    return f"'{_shorten(text)}' is not a {_shown_tag(node.tag)}: remove the tag or quote the value"


def _read_bytes(path: Path, problems: list[Problem]) -> bytes | None:
    """The file's bytes, or None (and a problem) when it cannot be read or is over the limit."""
    try:
        with path.open("rb") as stream:
            # Read one byte past the limit: a huge file is refused without being read whole.
            raw = stream.read(MAX_FILE_BYTES + 1)
            size = os.fstat(stream.fileno()).st_size
    except IsADirectoryError:
        problems.append(
            _yaml_problem(
                Location(path),
                (),
                "is a directory where the YAML file belongs: "
                "rename or remove the directory and put the file there",
            )
        )
        return None
    except OSError as exc:
        problems.append(_yaml_problem(Location(path), (), f"cannot be read: {exc.strerror}"))
        return None
    if len(raw) > MAX_FILE_BYTES:
        problems.append(
            Problem(
                Location(path),
                (),
                f"is {max(size, len(raw)):,} bytes, more than the limit of {MAX_FILE_BYTES:,} "
                "bytes for a spec file: split the guideline's statements, or shorten long texts",
                "size-limit",
            )
        )
        return None
    return raw


def _not_utf8(path: Path, raw: bytes, exc: UnicodeDecodeError) -> Problem:
    line_start = raw.rfind(b"\n", 0, exc.start) + 1
    if line_start == 0 and raw.startswith(codecs.BOM_UTF8):
        line_start = len(codecs.BOM_UTF8)
    # The column counts characters, as an editor does: the valid UTF-8 before the bad byte.
    column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
    return _yaml_problem(
        Location(path, raw[: exc.start].count(b"\n") + 1, column),
        (),
        f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}): "
        "save the file as UTF-8",
    )


def _syntax_problem(path: Path, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
    reason = exc.problem or exc.context or "invalid YAML"
    lines = text.splitlines()
    found = ""
    if mark is not None and mark.line < len(lines):
        found = lines[mark.line][mark.column : mark.column + 1]
    if found == "\t":
        # libyaml says "found character that cannot start any token" without naming the tab.
        reason = f"{reason} (a tab): indent with spaces, YAML does not allow tabs for indentation"
    elif reason == "found undefined alias":  # `*name` without its `&name`: say what to do
        return _yaml_problem(where, (), _ANCHOR_MESSAGE)
    elif reason.startswith("mapping values are not allowed"):
        # `grade: III: Harm`: the second ': ' reads as the start of a nested mapping.
        reason += ": a value that contains ': ' must be quoted, e.g. grade: 'III: Harm'"
    elif exc.context == "while scanning a block scalar":
        # `dose: >=90`: a value that starts with '>' or '|' opens a block of text in YAML.
        reason += ": a value that starts with '>' or '|' must be quoted, e.g. dose: '>=90'"
    return _yaml_problem(where, (), f"YAML syntax error: {reason}")


def _first_anchor(text: str) -> tuple[Keys, int, int] | None:
    """The key path, line and column (1-based) of the first anchor or alias in `text`, if any.

    The composed node tree forgets the anchors of scalars, so this reads libyaml's event stream,
    following the key path as it goes.
    """
    # One frame per open collection: [is mapping, index or key, the next node is a key].
    frames: list[list[Any]] = []

    def path() -> Keys:
        return tuple(frame[1] for frame in frames if not frame[0] or not frame[2])

    def advance() -> None:
        if frames:
            frame = frames[-1]
            if frame[0]:
                frame[2] = not frame[2]
            else:
                frame[1] += 1

    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            mark = event.start_mark
            return (path(), mark.line + 1, mark.column + 1) if mark else (path(), 1, 1)
        if isinstance(event, yaml.ScalarEvent):
            if frames and frames[-1][0] and frames[-1][2]:
                frames[-1][1] = event.value
            advance()
        elif isinstance(event, yaml.CollectionStartEvent):
            if frames and frames[-1][0] and frames[-1][2]:
                frames[-1][1] = "?"  # a collection as a key: reported by the converter
            frames.append([isinstance(event, yaml.MappingStartEvent), 0, True])
        elif isinstance(event, yaml.CollectionEndEvent):
            frames.pop()
            advance()
    return None


def read_yaml(path: Path, problems: list[Problem]) -> YamlFile | None:
    """Parse one spec file. Problems are appended to `problems`; None when nothing usable was read."""
    raw = _read_bytes(path, problems)
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(_not_utf8(path, raw, exc))
        return None
    try:
        node = yaml.compose(text, Loader=_LOADER)
        # Most files have no '&' or '*' at all: only the others are read a second time.
        anchor = _first_anchor(text) if b"&" in raw or b"*" in raw else None
    except yaml.MarkedYAMLError as exc:
        problems.append(_syntax_problem(path, text, exc))
        return None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        problems.append(
            _yaml_problem(
                Location(path, line, column),
                (),
                f"contains the control character U+{exc.character:04X}, which YAML does not "
                "allow: delete it (it often comes with text pasted from a PDF)",
            )
        )
        return None
    except yaml.YAMLError as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        problems.append(_yaml_problem(Location(path), (), f"YAML error: {first_line}"))
        return None
    except RecursionError:
        problems.append(_yaml_problem(Location(path), (), "YAML nesting is too deep"))
        return None
    if node is None:
        problems.append(
            _yaml_problem(Location(path, 1, 1), (), "file is empty: expected a mapping")
        )
        return None
    converter = _Converter(path)
    if anchor is not None:
        # Only the first: an alias bomb would otherwise print thousands of lines.
        keys, line, column = anchor
        problems.append(_yaml_problem(Location(path, line, column), keys, _ANCHOR_MESSAGE))
        converter.alias_reported = True
    try:
        value = converter.convert(node, ())
    except RecursionError:
        problems.append(_yaml_problem(Location(path), (), "YAML nesting is too deep"))
        return None
    problems.extend(converter.problems)
    if not isinstance(value, dict):
        problems.append(
            _yaml_problem(
                Location(path, 1, 1), (), "expected a mapping of keys at the top of the file"
            )
        )
        return None
    digest = hashlib.sha256(raw).hexdigest()
    plain_ascii = _NOT_PLAIN.search(raw) is None
    return YamlFile(
        path,
        value,
        converter.positions,
        converter.retyped,
        digest,
        plain_ascii,
        frozenset(converter.refused),
    )
