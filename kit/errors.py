"""The kit's one exception root and its branches.

    KitError                      every error the kit raises on purpose; the CLI exits 2
    ├── ConfigError               a course, path or profile file is missing or has a bad field
    ├── NotebookError             a notebook is missing, unreadable or not an nbgrader notebook
    ├── SearchError
    │   ├── QuerySyntaxError      a query the search language rejects (as Sourcegraph would)
    │   ├── CorpusError           a corpus folder that does not follow the layout
    │   └── SymbolsError          the symbol tagger (universal-ctags) is missing or failed
    ├── PracticeError             the practice Sourcegraph beyond search refused an input
    │   ├── BatchSpecError        a batch spec that is not valid YAML or breaks the schema
    │   ├── BatchStepError        a batch spec step that failed in its workspace
    │   ├── SiteConfigError       a site or code host configuration that is not valid JSONC
    │   └── GraphQLServerError    the practice GraphQL server cannot start or store its data
    ├── SandboxError              the sandbox for untrusted code cannot start (never runs it unsandboxed)
    ├── GradingError              nbgrader could not release, collect, autograde or give feedback
    ├── CertificationError        a certification path or rule cannot be evaluated
    ├── RecordsError              rubric scores or credentials that cannot be recorded as given
    └── CredentialError           a credential that does not verify (forged, expired, revoked)

Messages name the file, field or cell and say what to do, in one line.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class KitError(Exception):
    """Root of every error the kit raises on purpose."""

    exit_code = 2
    label = "error"  # how the command line starts its one line

    def __init__(self, message: str, *, where: str | Path | None = None) -> None:
        self.message = message
        self.where = str(where) if where is not None else None
        super().__init__(f"{self.where}: {message}" if self.where else message)


class ConfigError(KitError):
    """A configuration or course-definition file is missing or invalid."""


class NotebookError(KitError):
    """A notebook is missing, malformed, or lacks the nbgrader metadata the kit needs."""


class SearchError(KitError):
    """A search could not run."""


class QuerySyntaxError(SearchError):
    """The query is not valid in Sourcegraph's query language."""


class CorpusError(SearchError):
    """A corpus folder does not follow the `<host>/<org>/<name>/` git layout."""


class SymbolsError(SearchError):
    """Symbols could not be extracted (universal-ctags missing or failed)."""


class PracticeError(KitError):
    """The practice Sourcegraph (batch changes, GraphQL, site configuration) refused an input."""


class BatchSpecError(PracticeError):
    """A batch spec is not valid YAML or breaks the batch spec schema; `where` names the field."""


class BatchStepError(PracticeError):
    """A batch spec step exited non-zero or could not run in its workspace."""


class SiteConfigError(PracticeError):
    """A site or code host configuration is not valid JSONC."""


class GraphQLServerError(PracticeError):
    """The practice GraphQL server cannot start, or its store cannot be read or written."""


class SandboxError(KitError):
    """The sandbox that untrusted code must run in cannot start here; nothing ran."""


class GradingError(KitError):
    """An nbgrader step failed."""


class CertificationError(KitError):
    """A certification path refers to something that does not exist."""


class RecordsError(KitError):
    """Input for the records database is invalid or conflicts with what is recorded."""


class CredentialError(KitError):
    """A credential failed verification; the message says why."""


def did_you_mean(name: str, known: Iterable[str], *, what: str = "") -> str:
    """` (did you mean 'x'?)` for the known name closest to a mistyped `name`, else ``; with
    `what`, `; known <what>: a, b, c` when nothing is close (up to eight named)."""
    import difflib

    choices = sorted(set(known))
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    if close:
        return f" (did you mean {close[0]!r}?)"
    if what and choices:
        listed = ", ".join(choices[:8]) + (
            f" and {len(choices) - 8} more" if len(choices) > 8 else ""
        )
        return f"; {what}: {listed}"
    return ""
