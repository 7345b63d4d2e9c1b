"""Reading YAML data files at the boundary: one-line errors that name the file, line or field."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from kit.errors import ConfigError

if TYPE_CHECKING:
    from pydantic import BaseModel

_Model = TypeVar("_Model", bound="BaseModel")


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when PyYAML has it


def read_yaml(path: Path) -> Any:
    """The data of a YAML file (safe types only), or a ConfigError naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("file not found", where=path) from None
    try:
        return yaml.load(text, Loader=_SafeLoader)  # a safe loader: libyaml's
    except yaml.YAMLError:
        pass
    try:  # the error again from the pure-Python loader, whose line is where the problem starts
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"not valid YAML{line}", where=path) from None


def validated(model: type[_Model], data: Any, path: Path, prefix: str = "") -> _Model:
    """`data` as a `model`, or a ConfigError naming the file and the first field that is wrong."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in (*filter(None, [prefix]), *first["loc"]))
        raise ConfigError(f"field {field or '(top level)'!r}: {first['msg']}", where=path) from None
