"""Repository predicates: `repo:has.file()`, `has.path()`, `has.content()`, `has.description()`,
`has.topic()`, `has.meta()` and `has.commit.after()`, evaluated on one repository.

Paths, contents and descriptions are matched case-insensitively, as Sourcegraph's predicates
are. Key-value pairs and topics come from the corpus's `corpus.yaml`; the last commit date from
the repository's git history.
"""

from __future__ import annotations

from datetime import datetime

from kit.search.commits import last_commit_date
from kit.search.corpus import Repository
from kit.search.query import FilterTest
from kit.search.regex import compile_bytes, compile_re2


def repo_predicate_holds(test: FilterTest, repo: Repository) -> bool:
    """Whether the predicate `test` (a `repo:has...` filter) holds of `repo`."""
    name = test.field.removeprefix("repo:")
    if name == "has.description":
        regex = compile_re2(test.regex, case_sensitive=False)
        return regex.search(repo.meta.description) is not None
    if name == "has.topic":
        return test.regex.lower() in (topic.lower() for topic in repo.meta.topics)
    if name == "has.meta":
        return _meta_holds(test.regex, test.content, repo.meta.metadata)
    if name == "has.commit.after":
        return _commit_after(repo, test.after)
    return _some_file_holds(test, repo)


def _some_file_holds(test: FilterTest, repo: Repository) -> bool:
    """`has.file(path: content:)`, `has.path()`, `has.content()`: some file has such a path
    and/or content."""
    path = compile_re2(test.regex, case_sensitive=False) if test.regex else None
    if test.field == "repo:has.content":
        path, content = None, compile_bytes(test.regex, case_sensitive=False)
    else:
        content = compile_bytes(test.content, case_sensitive=False) if test.content else None
    return any(
        (path is None or path.search(doc.path) is not None)
        and (content is None or content.search(doc.data) is not None)
        for doc in repo.documents
    )


def _meta_holds(key: str, value: str, pairs: dict[str, str | None]) -> bool:
    """`has.meta(key)`: the key is there; `key:`: there without a value; `key:value`: with that
    value; `key:/re/`: with a value the regex matches."""
    if key not in pairs:
        return False
    found = pairs[key]
    if value == "*":
        return True
    if value == "":
        return found is None
    if found is None:
        return False
    if len(value) > 1 and value.startswith("/") and value.endswith("/"):
        return compile_re2(value[1:-1], case_sensitive=True).search(found) is not None
    return found == value


def _commit_after(repo: Repository, after: datetime | None) -> bool:
    if repo.directory is None or after is None:
        return False
    last = last_commit_date(repo.directory)
    return last is not None and last > after
