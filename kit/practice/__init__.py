"""The practice Sourcegraph: the shipped corpus and the `connect()` facade notebooks use."""

from kit.practice.connect import connect, practice
from kit.practice.corpus_builder import build_corpus, default_corpus

__all__ = ["build_corpus", "connect", "default_corpus", "practice"]
