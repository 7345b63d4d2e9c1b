"""Site and code host configuration for the practice Sourcegraph: parse JSONC as Sourcegraph
does, validate against the schemas in `kit/practice/schemas/`, run the checks an admin needs,
and explain each problem.

Simulated: nothing talks to a real Sourcegraph or code host. A code host connection's
repository selection is computed against the practice corpus (`selection` says how).
"""

from typing import TYPE_CHECKING

from kit.lazy import lazy_exports

if TYPE_CHECKING:
    from kit.practice.site_config.jsonc import JsoncDocument, Position, parse_jsonc
    from kit.practice.site_config.problems import Problem, ValidationReport
    from kit.practice.site_config.render import explain
    from kit.practice.site_config.selection import corpus_repositories
    from kit.practice.site_config.validate import (
        CodeHostKind,
        validate_code_host_connection,
        validate_site_config,
    )

__all__ = [
    "CodeHostKind",
    "JsoncDocument",
    "Position",
    "Problem",
    "ValidationReport",
    "corpus_repositories",
    "explain",
    "parse_jsonc",
    "validate_code_host_connection",
    "validate_site_config",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "CodeHostKind": ".validate",
        "JsoncDocument": ".jsonc",
        "Position": ".jsonc",
        "Problem": ".problems",
        "ValidationReport": ".problems",
        "corpus_repositories": ".selection",
        "explain": ".render",
        "parse_jsonc": ".jsonc",
        "validate_code_host_connection": ".validate",
        "validate_site_config": ".validate",
    },
)
