"""The practice search engine's matches (`kit.search`, streaming-API shapes) as GraphQL's
`SearchResult` union: `FileMatch` (content, path and symbol matches), `Repository` and
`CommitSearchResult`.

Shapes follow Sourcegraph's GraphQL API: `LineMatch.lineNumber` is 0-based and
`offsetAndLengths` count characters; `ChunkMatch` positions are 0-based `{line character}`;
`Highlight` is 1-based (line and character), as the schema documents. Simulated: each matched
line is its own chunk (Sourcegraph merges neighbouring lines and adds context lines).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from kit.practice.graphql.git_nodes import CommitDetails, GitBlobNode, GitCommitNode
from kit.practice.graphql.repos import CorpusRepositories, Markdown, RepoNode
from kit.search.results import CommitMatch, FileMatch, Match, RepositoryMatch, SymbolMatch
from kit.search.symbol_kinds import lsp_kind
from kit.search.symbols import Symbol

__all__ = ["CommitResultNode", "FileMatchNode", "SearchResultNode", "to_node"]


def _markdown(text: str) -> Markdown:
    return Markdown(text, f"<p>{html.escape(text)}</p>\n")


@dataclass(frozen=True, eq=False)
class FileMatchNode:
    """`FileMatch`: a file with its matched lines or symbols."""

    file: GitBlobNode
    repository: RepoNode
    line_matches: list[dict[str, Any]] = field(default_factory=list)
    symbols: list[dict[str, Any]] = field(default_factory=list)
    limit_hit: bool = False

    @property
    def chunk_matches(self) -> list[dict[str, Any]]:
        """One `ChunkMatch` per matched line."""
        return [
            {
                "content": lm["preview"],
                "contentStart": {"line": lm["lineNumber"], "character": 0},
                "ranges": [
                    {
                        "start": {"line": lm["lineNumber"], "character": offset},
                        "end": {"line": lm["lineNumber"], "character": offset + length},
                    }
                    for offset, length in lm["offsetAndLengths"]
                ],
            }
            for lm in self.line_matches
        ]


@dataclass(frozen=True, eq=False)
class CommitResultNode:
    """`CommitSearchResult`: a commit found by `type:commit` or `type:diff`."""

    match: CommitMatch
    commit: GitCommitNode

    @property
    def label(self) -> Markdown:
        """`repo › author: subject` with links."""
        return _markdown(self.match.label)

    @property
    def detail(self) -> Markdown:
        """The short commit id and age."""
        return _markdown(self.match.detail)

    @property
    def url(self) -> str:
        """`/<repo>/-/commit/<oid>`."""
        return self.match.url

    @property
    def refs(self) -> list[Any]:
        """Not simulated: always empty."""
        return []

    source_refs = refs

    def _preview(self, kind: str) -> dict[str, Any] | None:
        if self.match.kind != kind:
            return None
        return {
            "value": self.match.preview,
            "highlights": [
                {"line": line + 1, "character": column + 1, "length": length}
                for line, column, length in self.match.highlights
            ],
        }

    @property
    def message_preview(self) -> dict[str, Any] | None:
        """The message with its highlights (commit matches)."""
        return self._preview("commit")

    @property
    def diff_preview(self) -> dict[str, Any] | None:
        """The diff with its highlights (diff matches)."""
        return self._preview("diff")


SearchResultNode = FileMatchNode | CommitResultNode | RepoNode


def _symbol(symbol: Symbol, repository: str, commit: str, path: str) -> dict[str, Any]:
    stream = symbol.to_json(repository, "", path)
    return {
        "name": symbol.name,
        "containerName": symbol.container_name or None,
        "kind": lsp_kind(symbol.kind),
        "language": symbol.language or "",
        "url": stream["url"],
        "canonicalURL": symbol.to_json(repository, commit, path)["url"],
        "fileLocal": False,
    }


def _revision(repo: RepoNode, commit: str) -> str:
    return "" if commit == repo.repo.commit else commit


def to_node(match: Match, repos: CorpusRepositories) -> SearchResultNode | None:
    """The GraphQL node of one engine match (None if its repository is unknown)."""
    repo = repos.by_name(match.repository)
    if repo is None:
        return None
    if isinstance(match, RepositoryMatch):
        return repo
    if isinstance(match, CommitMatch):
        details = CommitDetails(
            match.author_name,
            match.author_email,
            match.author_date,
            match.committer_name,
            match.committer_email,
            match.committer_date,
            match.message,
        )
        return CommitResultNode(match, GitCommitNode(repo, match.oid, details))
    commit = GitCommitNode(repo, match.commit)
    blob = GitBlobNode(repo, commit, match.path, _revision(repo, match.commit))
    if isinstance(match, SymbolMatch):
        symbols = [_symbol(s, match.repository, match.commit, match.path) for s in match.symbols]
        return FileMatchNode(blob, repo, symbols=symbols)
    assert isinstance(match, FileMatch)
    lines = [
        {
            "preview": lm.line,
            "lineNumber": lm.line_number,
            "offsetAndLengths": [list(r) for r in lm.offset_and_lengths],
            "limitHit": False,
        }
        for lm in match.line_matches
    ]
    return FileMatchNode(blob, repo, line_matches=lines)
