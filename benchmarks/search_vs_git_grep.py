"""Latency of the practice search engine against `git grep` on the same corpus, same results.

    .venv/bin/python benchmarks/search_vs_git_grep.py [--corpus DIR] [--repeat N]

For each literal query, both tools list the files containing it (case-insensitive); the script
checks the two file sets are identical, then prints the p50 latency of each and their ratio.
The practice corpus is tiny, so this mostly measures per-query overhead; the trigram index and
the 100 MB benchmark against ripgrep come with the full search engine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time
from pathlib import Path

from kit.practice import default_corpus
from kit.search import FileMatch, open_corpus
from kit.search.corpus import find_repositories

QUERIES = ["TODO", "connection", "timeout", "calculateTotal", "latest", "import", "func", "image"]


def engine_files(corpus: Path, word: str) -> set[str]:
    results = open_corpus(corpus).search(f"patterntype:literal type:file count:all {word}")
    return {f"{m.repository}/{m.path}" for m in results if isinstance(m, FileMatch)}


def git_grep_files(corpus: Path, word: str) -> set[str]:
    found: set[str] = set()
    for repo in find_repositories(corpus):
        done = subprocess.run(
            ["git", "-C", str(repo), "grep", "-I", "-l", "-i", "-F", word, "HEAD"],
            capture_output=True,
            text=True,
        )
        name = repo.relative_to(corpus).as_posix()
        found.update(f"{name}/{line.removeprefix('HEAD:')}" for line in done.stdout.splitlines())
    return found


def p50_ms(fn: object, corpus: Path, word: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(corpus, word)  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    corpus = args.corpus or default_corpus()
    engine_files(corpus, "warm-up")  # reading the corpus is a one-off cost, reported separately
    print(f"{'query':<16}{'files':>6}{'engine ms':>11}{'git grep ms':>13}{'ratio':>8}")
    ratios = []
    for word in QUERIES:
        ours, theirs = engine_files(corpus, word), git_grep_files(corpus, word)
        if ours != theirs:
            raise SystemExit(f"{word!r}: results differ: {sorted(ours ^ theirs)}")
        mine = p50_ms(engine_files, corpus, word, args.repeat)
        base = p50_ms(git_grep_files, corpus, word, args.repeat)
        ratios.append(base / mine)
        print(f"{word:<16}{len(ours):>6}{mine:>11.2f}{base:>13.2f}{base / mine:>7.1f}x")
    print(f"p50 speed-up over git grep: {statistics.median(ratios):.1f}x (identical file sets)")


if __name__ == "__main__":
    main()
