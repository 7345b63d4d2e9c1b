"""Read `repo:` and `file:` predicates (`repo:has.file(...)`, `repo:has.meta(...)`, ...) as
filter tests."""

from __future__ import annotations

from datetime import UTC, datetime

from kit.errors import QuerySyntaxError
from kit.search.git_dates import parse_git_date
from kit.search.query_model import FilterTest
from kit.search.query_tokens import Token
from kit.search.query_values import compile_checked

_PREDICATES_LATER = {"file": {"has.owner", "has.contributor"}}


def predicate_test(token: Token) -> FilterTest:
    """`repo:has.file(...)`, `repo:has.path(...)`, `repo:has.content(...)`, `file:has.content(...)`."""
    field = str(token.field)
    name, _, rest = token.text.partition("(")
    name = name.lower()
    if name.startswith("contains."):
        name = "has." + name.removeprefix("contains.")
    argument = rest[:-1].strip()
    where = f"{field}:{name}"
    if name in _PREDICATES_LATER.get(field, set()):
        raise QuerySyntaxError(
            f"{where}() is not supported on the practice instance (code ownership and "
            "contributors are not simulated); search the CODEOWNERS file instead: file:CODEOWNERS"
        )
    if (field, name) == ("repo", "has.file"):
        _check_has_file(argument)
        path, content = argument, ""
        parts = dict(
            part.split(":", 1)
            for part in argument.split()
            if part.split(":", 1)[0] in ("path", "content")
        )
        if parts:
            path, content = parts.get("path", ""), parts.get("content", "")
        for regex in (path, content):
            compile_checked(regex)
        return FilterTest("repo:has.file", regex=path, content=content)
    if field == "repo" and name in REPO_METADATA_PREDICATES:
        return _repo_metadata_predicate(name, argument, token.negated)
    if (field, name) in {("repo", "has.path"), ("repo", "has.content"), ("file", "has.content")}:
        if not argument:
            raise QuerySyntaxError(f"{where}() needs a regular expression")
        compile_checked(argument)
        return FilterTest(f"{field}:{name}", regex=argument)
    raise QuerySyntaxError(f'unknown predicate "{where}"')


def _check_has_file(argument: str) -> None:
    """Sourcegraph's checks of `repo:has.file(...)`: something to look for, `path:` and
    `content:` only, neither negated inside (negate the whole predicate instead)."""
    if not argument:
        raise QuerySyntaxError(
            "repo:has.file() needs a path or content: repo:has.file(path:go.mod)"
        )
    for part in argument.split():
        head, colon, _ = part.partition(":")
        if not colon or not head.lstrip("-").isalpha():
            continue
        if head.startswith("-"):
            raise QuerySyntaxError(
                f'"{part}" cannot be negated inside repo:has.file(); negate the predicate: '
                "-repo:has.file(...)"
            )
        if head not in ("path", "content"):
            raise QuerySyntaxError(
                f'unsupported argument "{head}:" in repo:has.file(); use path: or content:'
            )


REPO_METADATA_PREDICATES = {
    "has",
    "has.description",
    "has.topic",
    "has.meta",
    "has.key",
    "has.tag",
    "has.commit.after",
}


def _repo_metadata_predicate(name: str, argument: str, negated: bool) -> FilterTest:
    """The predicates on what the code host and git say about a repository (see
    `kit.search.repo_predicates`)."""
    if not argument:
        raise QuerySyntaxError(f"repo:{name}() needs a value inside the parentheses")
    if name == "has.description":
        if negated:
            raise QuerySyntaxError("the repo:has.description() predicate cannot be negated")
        regex = ".*?".join(argument.split())
        compile_checked(regex)
        return FilterTest("repo:has.description", regex=regex)
    if name == "has.topic":
        return FilterTest("repo:has.topic", regex=argument)
    if name == "has.commit.after":
        when = parse_git_date(argument, datetime.now(UTC))
        return FilterTest("repo:has.commit.after", regex=argument, after=when)
    key, colon, value = argument.partition(":")
    if name == "has" and not colon:
        raise QuerySyntaxError(
            f'invalid key:value pair "{argument}" in repo:has(): write repo:has(key:value), '
            "or repo:has.key(key) for any value"
        )
    if name == "has.tag":
        key, value = argument, ""  # a tag is a key without a value
    elif not colon:
        value = "*"
    if value.startswith("/") and value.endswith("/") and len(value) > 1:
        compile_checked(value[1:-1])
    return FilterTest("repo:has.meta", regex=key.strip(), content=value.strip())
