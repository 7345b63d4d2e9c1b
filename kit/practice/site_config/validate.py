"""The API: validate a site configuration or a code host connection from its text or file.

Validation is what Sourcegraph does when the configuration is saved (JSONC parse, schema) plus
the checks an admin needs (`site_checks`, `code_host_checks`). Nothing is sent anywhere: a code
host connection's repository selection is computed against the practice corpus.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from kit.errors import SiteConfigError
from kit.practice.site_config.code_host_checks import code_host_problems
from kit.practice.site_config.jsonc import JsoncDocument, parse_jsonc
from kit.practice.site_config.problems import Problem, ValidationReport, format_path
from kit.practice.site_config.schema_check import schema_problems
from kit.practice.site_config.selection import corpus_repositories
from kit.practice.site_config.site_checks import site_problems

__all__ = ["CodeHostKind", "read_config", "validate_code_host_connection", "validate_site_config"]


class CodeHostKind(StrEnum):
    """The code host connection kinds the kit validates."""

    GITHUB = "github"
    GITLAB = "gitlab"


def read_config(text_or_path: str | Path) -> tuple[str, str]:
    """(text, source name) of a configuration given as text or as a file.

    A `Path` is a file. A `str` is the configuration itself when it is empty, spans several
    lines or starts with `{`, `[` or a comment; otherwise it names a file.
    """
    if isinstance(text_or_path, str) and _is_text(text_or_path):
        return text_or_path, "<input>"
    path = Path(text_or_path)
    try:
        return path.read_text(encoding="utf-8-sig"), str(text_or_path)  # editors may add a BOM
    except FileNotFoundError:
        raise SiteConfigError("file not found", where=path) from None
    except IsADirectoryError:
        raise SiteConfigError("is a folder, not a configuration file", where=path) from None
    except UnicodeDecodeError:
        raise SiteConfigError("not UTF-8 text", where=path) from None
    except OSError as exc:
        raise SiteConfigError(f"cannot read the file ({exc.strerror})", where=path) from None


def _is_text(value: str) -> bool:
    stripped = value.lstrip()
    return not stripped or "\n" in value or stripped.startswith(("{", "[", "//", "/*"))


def validate_site_config(text_or_path: str | Path) -> ValidationReport:
    """Validate a site configuration; raise `SiteConfigError` if it cannot be read or parsed."""
    text, source = read_config(text_or_path)
    document = parse_jsonc(text, source=source)
    problems = schema_problems("site", document) + site_problems(document)
    problems += duplicate_key_problems(document)
    return ValidationReport(source, "site", _ordered(problems), value=document.value)


def validate_code_host_connection(
    kind: str, text_or_path: str | Path, corpus: str | Path | None = None
) -> ValidationReport:
    """Validate a `kind` (`github`, `gitlab`) code host connection and compute which repositories
    of the practice corpus (default: the shipped one) it would mirror.

    Raises `SiteConfigError` for an unknown kind or a file that cannot be read or parsed.
    """
    try:
        host_kind = CodeHostKind(kind.lower())
    except ValueError:
        known = ", ".join(k.value for k in CodeHostKind)
        raise SiteConfigError(f"unknown code host kind {kind!r}: use one of {known}") from None
    text, source = read_config(text_or_path)
    document = parse_jsonc(text, source=source)
    problems = schema_problems(host_kind.value, document)
    checks, selection = code_host_problems(host_kind.value, document, corpus_repositories(corpus))
    problems += checks + duplicate_key_problems(document)
    return ValidationReport(
        source,
        host_kind.value,
        _ordered(problems),
        selected_repositories=selection.repositories,
        value=document.value,
    )


def duplicate_key_problems(document: JsoncDocument) -> list[Problem]:
    """A warning for each key given twice in one object (the last one wins)."""
    return [
        Problem(
            format_path(path),
            document.line_of(path),
            "warning",
            f"'{path[-1]}' is given more than once; only the last one counts",
            "remove the other one",
        )
        for path in document.duplicate_keys
    ]


def _ordered(problems: list[Problem]) -> tuple[Problem, ...]:
    unique = dict.fromkeys(problems)  # one finding can come from two checks; keep it once
    return tuple(sorted(unique, key=Problem.sort_key))
