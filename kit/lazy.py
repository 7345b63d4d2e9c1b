"""Lazy package exports: a package's public names are imported on first use, so that importing
one light submodule (a CLI `commands` module) does not load the heavy ones (jsonschema,
graphql-core) and `sgkit --help` stays fast."""

from __future__ import annotations

import importlib
from collections.abc import Callable


def lazy_exports(package: str, exports: dict[str, str]) -> Callable[[str], object]:
    """A module `__getattr__` for `package` that imports `name` from `exports[name]` (a module
    path relative to the package, e.g. ".spec") when it is first asked for."""

    def attribute(name: str) -> object:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(exports[name], package), name)

    return attribute
