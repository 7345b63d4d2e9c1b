"""Which practice corpus repositories a code host connection would mirror.

Simulated, not real: no code host API is called. The code host's repositories are the practice
corpus repositories on the connection's host (`github.com/acme/billing-service` is `acme/billing-
service` on https://github.com), with the fork/archived/private flags, stars, description and
topics of the corpus's `corpus.yaml`. On top of Sourcegraph's documented rules (`repos`, `orgs`,
`repositoryQuery` unioned; `exclude` wins over all of them), the simulation assumes:

- `affiliated` (GitHub) and `projects`/`?membership=true` (GitLab): the token's user belongs to
  every organization or group of the practice corpus on that host;
- `public` and `internal` select nothing on github.com (they are for GitHub Enterprise); on
  another GitHub host `public` selects the repositories not marked private, `internal` none;
- a GitHub search query understands `org:`, `user:`, `repo:`, `fork:`, `archived:`, `is:`,
  `topic:` and words matched against the name and description, searching the corpus only;
- a GitLab `projectQuery` understands `projects`, `groups/<group>/projects` and
  `users/<user>/projects` with `search`, `archived` and `visibility` parameters;
- an `exclude` item excludes a repository when all of its conditions hold; `id` and `size`
  cannot be simulated (the corpus has no node IDs or sizes) and are ignored with a note.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from kit.errors import CorpusError, QuerySyntaxError
from kit.practice.site_config.jsonc import JsonPath
from kit.practice.site_config.problems import Severity, format_path

__all__ = [
    "CorpusRepo",
    "Finding",
    "Selection",
    "corpus_repositories",
    "select_repositories",
]


@dataclass(frozen=True)
class CorpusRepo:
    """A practice corpus repository as the code host on `host` would list it."""

    name: str
    """The corpus (and Sourcegraph) name, e.g. `github.com/acme/billing-service`."""
    host: str
    path: str
    """The name on the code host: GitHub's nameWithOwner, GitLab's pathWithNamespace."""
    fork: bool = False
    archived: bool = False
    private: bool = False
    stars: int = 0
    description: str = ""
    topics: tuple[str, ...] = ()

    @property
    def owner(self) -> str:
        """The organization, user or group the repository belongs to."""
        return self.path.rsplit("/", 1)[0]


@dataclass(frozen=True)
class Finding:
    """Something selection noticed about one key of the connection."""

    path: JsonPath
    severity: Severity
    message: str
    hint: str = ""


@dataclass(frozen=True)
class Selection:
    """The repositories a connection would mirror (corpus names, sorted) and what was noticed."""

    repositories: tuple[str, ...]
    findings: tuple[Finding, ...]
    host_known: bool
    """Whether the practice corpus has any repository on the connection's host."""


def corpus_repositories(corpus: str | Path | None = None) -> list[CorpusRepo]:
    """The repositories of the practice corpus (default: the shipped one) with their metadata;
    raise `CorpusError` for a folder without repositories."""
    from kit.practice.corpus_builder import default_corpus
    from kit.search.corpus import find_repositories
    from kit.search.repo_metadata import load_corpus_metadata

    root = Path(corpus) if corpus is not None else default_corpus()
    if not find_repositories(root):
        raise CorpusError("no git repositories at <host>/<org>/<name>/ in this folder", where=root)
    repos = []
    for name, meta in sorted(load_corpus_metadata(root).items()):
        host, _, path = name.partition("/")
        repos.append(
            CorpusRepo(
                name=name,
                host=host,
                path=path,
                fork=meta.fork,
                archived=meta.archived,
                private=meta.private,
                stars=meta.stars,
                description=meta.description,
                topics=meta.topics,
            )
        )
    return repos


def select_repositories(kind: str, config: dict[str, Any], repos: list[CorpusRepo]) -> Selection:
    """What the `kind` (`github`, `gitlab`) connection `config` would mirror from `repos`."""
    url = config.get("url")
    host = _host(url) if isinstance(url, str) else None
    if host is None:
        return Selection((), (), host_known=False)
    on_host = [repo for repo in repos if repo.host == host]
    if not on_host:
        hosts = ", ".join(sorted({repo.host for repo in repos}))
        finding = Finding(
            ("url",),
            "error",
            f"no repository of the practice corpus is on {host}",
            f"the practice corpus has repositories on {hosts}",
        )
        return Selection((), (finding,), host_known=False)
    chooser = _GitHub(config, on_host, host) if kind == "github" else _GitLab(config, on_host)
    return chooser.run()


def _host(url: str) -> str | None:
    try:
        parts = urlsplit(url.strip())
        return parts.hostname if parts.scheme in ("http", "https") else None
    except ValueError:
        return None


class _Chooser:
    """Shared steps: collect what the selection keys include, then apply `exclude`."""

    include_keys: tuple[str, ...] = ()

    def __init__(self, config: dict[str, Any], on_host: list[CorpusRepo]) -> None:
        self.config = config
        self.on_host = on_host
        self.by_path = {repo.path.lower(): repo for repo in on_host}
        self.findings: list[Finding] = []
        self.included: dict[str, JsonPath] = {}
        """Repository name → the key that first included it."""

    def note(self, path: JsonPath, severity: Severity, message: str, hint: str = "") -> None:
        self.findings.append(Finding(path, severity, message, hint))

    def include(self, repos: list[CorpusRepo], because: JsonPath) -> None:
        for repo in repos:
            self.included.setdefault(repo.name, because)

    def items(self, key: str) -> list[tuple[int, Any]]:
        value = self.config.get(key)
        return list(enumerate(value)) if isinstance(value, list) else []

    def lookup(self, name: str, at: JsonPath, what: str) -> CorpusRepo | None:
        repo = self.by_path.get(name.lower())
        if repo is None:
            close = difflib.get_close_matches(name.lower(), list(self.by_path), n=1)
            hint = (
                f"did you mean '{self.by_path[close[0]].path}'?"
                if close
                else ("the practice corpus has " + ", ".join(r.path for r in self.on_host))
            )
            host = self.on_host[0].host
            self.note(at, "warning", f"no {what} '{name}' on {host} in the practice corpus", hint)
        return repo

    def run(self) -> Selection:
        self.select()
        excluded = self.exclude()
        for name, rule in excluded.items():
            because = self.included[name]
            if because[0] in ("repos", "projects"):
                self.note(
                    rule,
                    "info",
                    f"removes {name}, which {format_path(because)} lists: exclude wins",
                    f"remove it from {format_path(because)} or from this exclude item",
                )
        chosen = tuple(sorted(name for name in self.included if name not in excluded))
        return Selection(chosen, tuple(self.findings), host_known=True)

    def select(self) -> None:
        raise NotImplementedError

    def exclude(self) -> dict[str, JsonPath]:
        """Repository name → the exclude item that removes it."""
        removed: dict[str, JsonPath] = {}
        for index, rule in self.items("exclude"):
            if not isinstance(rule, dict):
                continue
            at: JsonPath = ("exclude", index)
            tests = [
                test for key, value in rule.items() if (test := self.condition(at, key, value))
            ]
            if not tests:
                continue
            hits = [repo for repo in self.on_host if all(test(repo) for test in tests)]
            if not hits:
                self.note(at, "info", "excludes no repository of the practice corpus")
            for repo in hits:
                if repo.name in self.included:
                    removed.setdefault(repo.name, at)
        return removed

    def condition(self, at: JsonPath, key: str, value: Any) -> Any:
        """A predicate over repositories for one exclude condition, or None if it has none."""
        if key == "name" and isinstance(value, str):
            self.lookup(value, (*at, "name"), "repository")
            return lambda repo: repo.path.lower() == value.lower()
        if key == "pattern" and isinstance(value, str):
            from kit.search.regex import compile_re2

            try:
                regex = compile_re2(value, case_sensitive=True)
            except QuerySyntaxError as exc:
                self.note((*at, key), "error", exc.message, "fix the regular expression (RE2)")
                return None
            return lambda repo: regex.search(repo.path) is not None
        if key in ("forks", "archived") and isinstance(value, bool):
            flag = "fork" if key == "forks" else "archived"
            return (lambda repo: getattr(repo, flag)) if value else None
        if key == "stars" and isinstance(value, str):
            return _star_test(value)
        if key == "emptyRepos":
            return (lambda repo: False) if value else None  # corpus repositories all have commits
        if key in ("id", "size"):
            self.note(
                (*at, key),
                "info",
                f"'{key}' cannot be checked against the practice corpus; ignored here",
                "use name or pattern to exclude a practice repository",
            )
        return None


class _GitHub(_Chooser):
    def __init__(self, config: dict[str, Any], on_host: list[CorpusRepo], host: str) -> None:
        super().__init__(config, on_host)
        self.host = host

    def select(self) -> None:
        for index, name in self.items("repos"):
            if isinstance(name, str) and (
                repo := self.lookup(name, ("repos", index), "repository")
            ):
                self.include([repo], ("repos", index))
        owners = {repo.owner.lower() for repo in self.on_host}
        for index, org in self.items("orgs"):
            if not isinstance(org, str):
                continue
            members = [repo for repo in self.on_host if repo.owner.lower() == org.lower()]
            if not members:
                close = difflib.get_close_matches(org.lower(), sorted(owners), n=1)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else f"organizations: {', '.join(sorted(owners))}"
                )
                self.note(
                    ("orgs", index),
                    "warning",
                    f"no organization '{org}' on {self.host} in the practice corpus",
                    hint,
                )
            self.include(members, ("orgs", index))
        queries = self.config.get("repositoryQuery", ["none"])
        for index, query in enumerate(queries if isinstance(queries, list) else []):
            if isinstance(query, str):
                self.include(
                    self.query(query.strip(), ("repositoryQuery", index)),
                    ("repositoryQuery", index),
                )

    def query(self, query: str, at: JsonPath) -> list[CorpusRepo]:
        if query == "none":
            return []
        if query == "affiliated":
            return list(self.on_host)
        if query in ("public", "internal"):
            if self.host == "github.com":
                self.note(
                    at,
                    "info",
                    f"'{query}' selects nothing on github.com (it is for GitHub Enterprise)",
                    'list repositories or organizations, or use a search query such as "org:acme"',
                )
                return []
            return [repo for repo in self.on_host if not repo.private] if query == "public" else []
        found = [repo for repo in self.on_host if self.matches(query, repo, at)]
        if not found:
            self.note(
                at, "warning", f"the search '{query}' matches no repository of the practice corpus"
            )
        return found

    def matches(self, query: str, repo: CorpusRepo, at: JsonPath) -> bool:
        forks = "false"
        result = True
        for term in query.split():
            key, sep, value = term.partition(":")
            key, value = key.lower(), value.lower()
            if not sep:
                text = f"{repo.path} {repo.description}".lower()
                result = result and term.lower() in text
            elif key in ("org", "user"):
                result = result and repo.owner.lower() == value
            elif key == "repo":
                result = result and repo.path.lower() == value
            elif key == "fork":
                forks = value
            elif key == "archived":
                result = result and repo.archived == (value == "true")
            elif key == "is" and value in ("public", "private"):
                result = result and repo.private == (value == "private")
            elif key == "topic":
                result = result and value in repo.topics
            elif (*at, key) not in {f.path for f in self.findings}:
                self.note(at, "info", f"the qualifier '{key}:' is not simulated; ignored here")
        if forks == "only":
            return result and repo.fork
        return result and (forks == "true" or not repo.fork)


class _GitLab(_Chooser):
    def select(self) -> None:
        for index, project in self.items("projects"):
            if not isinstance(project, dict):
                continue
            at: JsonPath = ("projects", index)
            name = project.get("name")
            if isinstance(name, str) and (repo := self.lookup(name, (*at, "name"), "project")):
                self.include([repo], at)
            elif "id" in project and "name" not in project:
                self.note(
                    (*at, "id"),
                    "info",
                    "project IDs cannot be checked against the practice corpus; ignored here",
                    'use {"name": "group/project"}',
                )
        queries = self.config.get("projectQuery", ["none"])
        for index, query in enumerate(queries if isinstance(queries, list) else []):
            if isinstance(query, str):
                self.include(
                    self.query(query.strip(), ("projectQuery", index)), ("projectQuery", index)
                )

    def query(self, query: str, at: JsonPath) -> list[CorpusRepo]:
        if query == "none":
            return []
        endpoint, _, params_text = query.partition("?")
        endpoint = endpoint.strip("/")
        parts = [unquote(part) for part in endpoint.split("/")] if endpoint else ["projects"]
        if parts == ["projects"]:
            found = list(self.on_host)
        elif len(parts) == 3 and parts[0] in ("groups", "users") and parts[2] == "projects":
            found = [repo for repo in self.on_host if repo.owner.lower() == parts[1].lower()]
        else:
            self.note(
                at,
                "info",
                f"the API path '{endpoint}' is not simulated; it selects nothing here",
                'use "projects" or "groups/<group>/projects"',
            )
            return []
        params = {key: values[-1] for key, values in parse_qs(params_text).items()}
        if "search" in params:
            found = [repo for repo in found if params["search"].lower() in repo.path.lower()]
        if "archived" in params:
            found = [repo for repo in found if repo.archived == (params["archived"] == "true")]
        if "visibility" in params:
            found = [repo for repo in found if repo.private == (params["visibility"] != "public")]
        if not found:
            self.note(at, "warning", f"'{query}' matches no project of the practice corpus")
        return found


def _star_test(rule: str) -> Any:
    text = rule.replace(" ", "")
    operator = text[:2] if text[1:2] == "=" else text[:1]
    try:
        bound = int(text[len(operator) :])
    except ValueError:
        return None
    tests = {"<": bound.__gt__, "<=": bound.__ge__, ">": bound.__lt__, ">=": bound.__le__}
    test = tests.get(operator)
    return (lambda repo: test(repo.stars)) if test else None
