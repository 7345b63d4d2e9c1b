"""`connect()`: the one handle notebooks use to talk to "a Sourcegraph": the practice one, or the
customer's live instance when `SRC_ENDPOINT` (and `SRC_ACCESS_TOKEN`) are set, as the src CLI reads
them. `practice()` is always the practice corpus: exercise checks and grading use it, because
their expected results are computed on it."""

from __future__ import annotations

from pathlib import Path

from kit.practice.corpus_builder import default_corpus
from kit.search import PracticeBackend, open_corpus
from kit.search.live import ENDPOINT_ENV, LiveBackend

__all__ = ["ENDPOINT_ENV", "connect", "practice"]


def practice(corpus: str | Path | None = None) -> PracticeBackend:
    """The practice Sourcegraph over `corpus` (default: the shipped practice corpus)."""
    return open_corpus(corpus if corpus is not None else default_corpus())


def connect(corpus: str | Path | None = None) -> PracticeBackend | LiveBackend:
    """The Sourcegraph to search: the practice one over `corpus` when given; else the live
    instance at `$SRC_ENDPOINT` when set; else the shipped practice corpus."""
    if corpus is None:
        live = LiveBackend.from_environment()
        if live is not None:
            return live
    return practice(corpus)
