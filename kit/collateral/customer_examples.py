"""Example queries in a customer's own terms: scoped to the repositories their profile names, for
the cheat sheet and the handouts. They cannot run on the practice corpus (which does not hold the
customer's code), so the collateral labels them as queries to try on the customer's instance."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import cycle

from kit.customers.profile import CustomerProfile

_REPO_FILTER = re.compile(r"(?<![\w-])(?:repo|r):(?!has[.(]|contains\.)[^\s()]+")
"""A `repo:` (or `r:`) filter naming repositories; not a predicate, not an exclusion."""
_REGEX_META = re.compile(r"([.+*?()\[\]{}|^$\\])")


@dataclass(frozen=True)
class CustomerExample:
    """A query on the customer's repositories and what it finds."""

    query: str
    explanation: str


def repo_filter(repository: str) -> str:
    """A `repo:` filter matching exactly `repository`, e.g. `repo:^github\\.com/acme/api$`."""
    escaped = _REGEX_META.sub(r"\\\1", repository)
    return f"repo:^{escaped}$"


def scoped(query: str, repositories: tuple[str, ...]) -> str:
    """`query` with each repository filter replaced by one of `repositories` in turn, or scoped to
    the first of them when it names none."""
    names = cycle(repositories)
    if _REPO_FILTER.search(query):
        return _REPO_FILTER.sub(lambda _: repo_filter(next(names)), query)
    return f"{repo_filter(repositories[0])} {query}"


def repository_examples(profile: CustomerProfile) -> tuple[CustomerExample, ...]:
    """A handful of queries over the customer's own repositories and languages."""
    first = profile.repositories[0]
    second = profile.repositories[1] if len(profile.repositories) > 1 else first
    language = profile.languages[0]
    both = f"({repo_filter(first)} or {repo_filter(second)})"
    examples = [
        CustomerExample(f"{repo_filter(first)} TODO", f"Search {first} only."),
        CustomerExample(
            f"{both} lang:{language} TODO", f"Two of your repositories at once, {language} only."
        ),
        CustomerExample(
            f"type:symbol {repo_filter(second)} main", "Definitions in one repository."
        ),
        CustomerExample(
            f'type:commit {repo_filter(first)} after:"2 weeks ago"',
            "What changed there in the last two weeks.",
        ),
    ]
    return tuple(dict.fromkeys(examples))
