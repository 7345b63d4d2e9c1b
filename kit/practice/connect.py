"""`connect()`: the one handle notebooks use to talk to "a Sourcegraph": the practice one, or the
customer's live instance when `SRC_ENDPOINT` (and `SRC_ACCESS_TOKEN`) are set, as the src CLI reads
them. Both answer `.search`, `.graphql`, `.batch_preview`, `.validate_site_config` and
`.validate_code_host_connection` (`kit.practice.instances`). `practice()` is always the practice
corpus's search: exercise checks and grading use it, because their expected results are computed
on it."""

from __future__ import annotations

import os
from pathlib import Path

from kit.practice.corpus_builder import default_corpus
from kit.practice.instances import LiveSourcegraph, PracticeSourcegraph
from kit.search import PracticeBackend, open_corpus
from kit.search.live import ENDPOINT_ENV, TOKEN_ENV

__all__ = ["ENDPOINT_ENV", "connect", "practice"]


def practice(corpus: str | Path | None = None) -> PracticeBackend:
    """The practice Sourcegraph's search over `corpus` (default: the shipped practice corpus)."""
    return open_corpus(corpus if corpus is not None else default_corpus())


def connect(
    corpus: str | Path | None = None, *, endpoint: str | None = None
) -> PracticeSourcegraph | LiveSourcegraph:
    """The Sourcegraph to work with: the live instance at `endpoint` when given (its token from
    `$SRC_ACCESS_TOKEN`, never an argument); else the practice one over `corpus` when given; else
    the live instance at `$SRC_ENDPOINT` when set; else the shipped practice corpus."""
    if endpoint:
        return LiveSourcegraph(endpoint, os.environ.get(TOKEN_ENV))
    if corpus is None:
        live = LiveSourcegraph.from_environment()
        if live is not None:
            return live
    return PracticeSourcegraph(practice(corpus).index)
