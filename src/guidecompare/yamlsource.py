"""Read a YAML spec file into plain values while remembering where every key and value stands.

PyYAML's own loader forgets positions, silently keeps the last of two duplicate keys and
expands aliases without bound; this reader composes the node tree and converts it itself.
"""

from __future__ import annotations

import hashlib
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

# libyaml's composer is about 15 times faster than PyYAML's own and keeps the same marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml_problem(location: Location, keys: Keys, message: str) -> Problem:
    return Problem(location, keys, message, "yaml")


class _Converter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.positions: dict[Keys, tuple[int, int]] = {}
        self.retyped: dict[Keys, str] = {}
        self.problems: list[Problem] = []
        self._constructor = yaml.constructor.SafeConstructor()
        self._seen: set[int] = set()
        self._alias_reported = False

    def _where(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1)

    def convert(self, node: yaml.Node, keys: Keys) -> Any:
        self.positions.setdefault(keys, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, keys)
        if id(node) in self._seen:
            # Only an alias reaches the same collection node twice. Report the first one only:
            # an alias bomb would otherwise print thousands of lines.
            if not self._alias_reported:
                self._alias_reported = True
                self.problems.append(
                    _yaml_problem(
                        self._where(node),
                        keys,
                        "YAML anchors and aliases (&name / *name) are not allowed in specs: "
                        "write the value out in full",
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

    def _scalar(self, node: yaml.ScalarNode, keys: Keys) -> Any:
        if node.style is not None and node.style != "":
            return str(node.value)  # quoted or block scalar: always text
        if node.tag == "tag:yaml.org,2002:str":
            return str(node.value)
        if node.tag == "tag:yaml.org,2002:timestamp":
            return str(node.value)  # dates are validated as text by the models
        value = self._constructor.construct_object(node)
        if not isinstance(value, str) and value is not None:
            self.retyped[keys] = str(node.value)
        return value


def read_yaml(path: Path, problems: list[Problem]) -> YamlFile | None:
    """Parse one spec file. Problems are appended to `problems`; None when nothing usable was read."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        problems.append(_yaml_problem(Location(path), (), "is a directory, expected a YAML file"))
        return None
    except OSError as exc:
        problems.append(_yaml_problem(Location(path), (), f"cannot be read: {exc.strerror}"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(
            _yaml_problem(
                Location(path, line),
                (),
                f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}): "
                "save the file as UTF-8",
            )
        )
        return None
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        reason = exc.problem or exc.context or "invalid YAML"
        problems.append(_yaml_problem(where, (), f"YAML syntax error: {reason}"))
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
    return YamlFile(path, value, converter.positions, converter.retyped, digest, plain_ascii)
