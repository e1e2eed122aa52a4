"""Pydantic's validation errors turned into problems a pharmacist can act on, with file:line:col.

Each error names the key path, says what is wrong in words (not in pydantic's), and what to do.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from typing import Any, TypeVar

import pydantic

from guidecompare.errors import Problem, did_you_mean
from guidecompare.spec.source import YamlFile
from guidecompare.spec.types import SpecModel

M = TypeVar("M", bound=SpecModel)


def validate_model(model: type[M], source: YamlFile, problems: list[Problem]) -> M | None:
    try:
        return model.model_validate(source.value)
    except pydantic.ValidationError as exc:
        errors = exc.errors(include_url=False)
        # A list whose every entry is wrong is also too short: the entries say why.
        inside = {tuple(e["loc"][:n]) for e in errors for n in range(len(e["loc"]))}
        for error in errors:
            keys = tuple(error["loc"])
            if keys in source.refused:  # already reported by the reader
                continue
            if error["type"] == "too_short" and keys in inside:
                continue
            problems.append(_problem_from_error(model, source, error))
        return None


_TYPE_NAMES = {bool: "a true/false value", int: "a number", float: "a number"}


def _problem_from_error(model: type[SpecModel], source: YamlFile, error: Any) -> Problem:
    keys: tuple[str | int, ...] = tuple(error["loc"])
    kind: str = error["type"]
    if kind == "missing":
        name = keys[-1]
        rule = (
            "statement-without-source" if keys[0] == "statements" and name == "source" else "schema"
        )
        return Problem(source.locate(keys[:-1]), keys, f"missing required key '{name}'", rule)
    if kind == "extra_forbidden":
        name = str(keys[-1])
        hint = did_you_mean(name, _field_names(model, keys[:-1]))
        return source.problem(keys, f"unknown key '{name}'{hint}: remove it or correct its name")
    if keys in source.retyped and kind in {
        "string_type",
        "date_type",
        "date_from_datetime_parsing",
    }:
        return source.problem(
            keys,
            f"expected text, but YAML reads the unquoted value {source.retyped[keys]!r} as "
            "another type: put it in quotes",
        )
    message: str = error["msg"]
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
    elif kind == "string_pattern_mismatch":
        message = _pattern_message(keys, error)
        if keys[-1] == "doi":
            return source.problem(keys, message, rule="malformed-doi")
    elif kind == "enum" or kind == "literal_error":
        hint = (
            did_you_mean(str(error.get("input")), _expected_words(error))
            if isinstance(error.get("input"), str)
            else ""
        )
        message = f"{message[0].lower()}{message[1:]}{hint}"
    elif kind == "string_type":
        message = f"expected text, got {_describe(error.get('input'))}"
    elif kind in {"tuple_type", "list_type"}:
        message = f"expected a list, got {_describe(error.get('input'))}"
    elif kind in {"dict_type", "model_type", "model_attributes_type"}:
        message = f"expected a mapping of keys, got {_describe(error.get('input'))}"
    elif kind in {"int_type", "int_parsing", "int_from_float"}:
        message = f"expected a whole number, got {_describe(error.get('input'))}"
    elif kind in {"bool_type", "bool_parsing"}:
        message = f"expected true or false, got {_describe(error.get('input'))}"
    elif kind == "too_short":
        least = int(error.get("ctx", {}).get("min_length", 1))
        entries = "one entry" if least == 1 else f"{least} entries"
        message = f"the list is empty: give at least {entries}"
        if error.get("ctx", {}).get("actual_length"):
            message = f"the list is too short: give at least {entries}"
    else:
        message = f"{message[0].lower()}{message[1:]}"
    return source.problem(keys, message)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _pattern_message(keys: tuple[str | int, ...], error: Any) -> str:
    value = error.get("input")
    name = next((k for k in reversed(keys) if isinstance(k, str)), "")
    if name == "doi":
        return f"'{value}' is not a DOI: write the bare DOI, e.g. 10.1093/pm/pnac046"
    if name == "url":
        return f"'{value}' is not an http(s) address"
    return (
        f"'{value}' is not a valid id: use lower-case letters, digits and single hyphens, "
        "e.g. 'rsdsa-2022'"
    )


def _expected_words(error: Any) -> list[str]:
    expected = str(error.get("ctx", {}).get("expected", ""))
    return [word.strip(" '") for word in expected.replace(" or ", ",").split(",") if word.strip()]


def _strip(annotation: Any) -> Any:
    """Unwrap Annotated[...] and X | None down to the interesting type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _field_names(model: type[SpecModel], keys: Sequence[str | int]) -> list[str]:
    """The keys allowed at `keys` inside `model`, for 'did you mean' hints."""
    annotation: Any = model
    for key in keys:
        annotation = _strip(annotation)
        if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
            field = annotation.model_fields.get(str(key))
            if field is None:
                return []
            annotation = field.annotation
        elif typing.get_origin(annotation) in (tuple, list, dict):
            annotation = typing.get_args(annotation)[
                -1 if typing.get_origin(annotation) is dict else 0
            ]
        else:
            return []
    annotation = _strip(annotation)
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return list(annotation.model_fields)
    return []
