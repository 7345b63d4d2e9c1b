"""`connect()`: the one handle notebooks use to talk to "a Sourcegraph"."""

from __future__ import annotations

import os
from pathlib import Path

from kit.errors import ConfigError
from kit.practice.corpus_builder import default_corpus
from kit.search import PracticeBackend, open_corpus

ENDPOINT_ENV = "SRC_ENDPOINT"


def connect(corpus: str | Path | None = None) -> PracticeBackend:
    """Return the practice Sourcegraph over `corpus` (default: the shipped practice corpus).

    A live instance (`SRC_ENDPOINT`, `SRC_ACCESS_TOKEN`, as the src CLI uses) is not supported
    yet; rather than silently searching the practice corpus instead, this says so.
    """
    if corpus is None and os.environ.get(ENDPOINT_ENV):
        raise ConfigError(
            f"{ENDPOINT_ENV} is set, but live Sourcegraph instances are not supported yet; "
            f"unset {ENDPOINT_ENV} to use the practice corpus"
        )
    return open_corpus(corpus if corpus is not None else default_corpus())
