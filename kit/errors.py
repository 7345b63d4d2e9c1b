"""The kit's one exception root and its branches.

    KitError                      every error the kit raises on purpose; the CLI exits 2
    ├── ConfigError               a course, path or profile file is missing or has a bad field
    ├── NotebookError             a notebook is missing, unreadable or not an nbgrader notebook
    ├── SearchError
    │   ├── QuerySyntaxError      a query the search language rejects (as Sourcegraph would)
    │   └── CorpusError           a corpus folder that does not follow the layout
    ├── GradingError              nbgrader could not release, collect, autograde or give feedback
    ├── CertificationError        a certification path or rule cannot be evaluated
    ├── RecordsError              rubric scores or credentials that cannot be recorded as given
    └── CredentialError           a credential that does not verify (forged, expired, revoked)

Messages name the file, field or cell and say what to do, in one line.
"""

from __future__ import annotations

from pathlib import Path


class KitError(Exception):
    """Root of every error the kit raises on purpose."""

    exit_code = 2

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


class GradingError(KitError):
    """An nbgrader step failed."""


class CertificationError(KitError):
    """A certification path refers to something that does not exist."""


class RecordsError(KitError):
    """Input for the records database is invalid or conflicts with what is recorded."""


class CredentialError(KitError):
    """A credential failed verification; the message says why."""
