"""The practice search engine's trigram index against ripgrep, on 100+ MB of real source.

    make benchmark-search          # installs Debian's ripgrep, then runs this
    .venv/bin/python benchmarks/search_vs_ripgrep.py [--corpus DIR] [--repeat N]

The corpus is the text files of the packages installed in `.venv`, one git repository per
package (`benchmarks/bench_corpus.py`). Every query runs with `type:file count:all`
(case-insensitive, as Sourcegraph's default) through the Python API (`open_corpus(...).search`)
and through `rg -i` over the checked-out files. The script first checks that both return the
same matches (path, line and highlighted ranges), then times each side and prints the p50
latency ratio for literal queries and for regular expressions that contain a literal, the
index size against the corpus size, and the time to build the index. The engine runs in one
thread; ripgrep uses every core.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.progress import track
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_corpus import build_bench_corpus

from kit.search import FileMatch, PracticeBackend, open_corpus
from kit.search.index_store import INDEX_DIR_ENV, index_folder, open_index
from kit.search.query import parse_query

LITERALS = [
    "email.utils", "html.escape", "csv.reader", "operator.itemgetter", "signal.SIGTERM",
    "time.monotonic", "math.isnan", "atexit.register", "platform.system", "gc.collect",
    "weakref.ref", "contextvars", "itertools.chain", "__aexit__", "copy.deepcopy",
    "RecursionError", "traceback.format_exc", "await asyncio", "UnicodeDecodeError",
    "os.getcwd", "pickle.loads", "inspect.signature", "textwrap.dedent", "random.choice",
    "xml.etree", "assertRaisesRegex", "asyncio.sleep", "typing.TYPE_CHECKING",
    "datetime.timezone", "subprocess.run", "functools.wraps", "WeakKeyDictionary",
    "threading.Lock", "shutil.rmtree", "isinstance(value, str)", "kwargs.pop",
]  # fmt: skip
REGEXPS = [
    r"json\.dumps\(\w+,\x20indent",
    r"async\x20def\x20\w+_stream",
    r"self\.assert\w+Raises",
    r"lru_cache\(maxsize=\d+\)",
    r"time\.sleep\(\d+\)",
    r"isinstance\(\w+,\x20\(str,\x20bytes\)\)",
    r"hashlib\.(sha256|md5)\(",
    r"threading\.(Lock|RLock)\(\)",
    r'__version__\x20=\x20"\d+\.\d+',
    r"\bnonlocal\x20\w+",
    r"tempfile\.(mkdtemp|TemporaryDirectory)\(",
    r"shutil\.(rmtree|copytree)\(",
    r"subprocess\.(run|check_output)\(",
    r"getLogger\(__name__\)",
    r'os\.environ\.get\("\w+"',
    r"setattr\(self,\x20\w+,",
    r"yield\x20from\x20\w+\(",
    r"contextlib\.(contextmanager|suppress)",
    r'\.encode\("utf-?8"\)',
    r"assert\x20\w+\x20==\x20\w+\(",
    r'warnings\.warn\("\w+',
    r"#\x20FIXME",
    r"raise\x20NotImplementedError\(\)$",
    r'if\x20__name__\x20==\x20"__main__":',
    r'struct\.pack\("[<>]',
    r're\.compile\(r"',
    r"return\x20super\(\)\.\w+\(",
    r"def\x20test_\w+_error",
    r"https://github\.com/\w+/\w+/issues/\d+",
    r"copyright\x20\(c\)\x20\d{4}",
    r"^import\x20re$",
    r"def\x20__(enter|exit)__\(self",
    r"except\x20\w+Error\x20as\x20\w+:",
]
MAX_MATCHES = 1_000

Hits = set[tuple[str, int, tuple[tuple[int, int], ...]]]


def engine_query(pattern: str, *, regexp: bool) -> str:
    kind = "regexp" if regexp else "literal"
    return f"patterntype:{kind} type:file count:all {pattern}"


def engine_hits(backend: object, pattern: str, *, regexp: bool) -> Hits:
    results = backend.search(parse_query(engine_query(pattern, regexp=regexp)))  # type: ignore[attr-defined]
    return {
        (f"{m.repository}/{m.path}", lm.line_number, lm.offset_and_lengths)
        for m in results.matches
        if isinstance(m, FileMatch)
        for lm in m.line_matches
    }


def rg_command(pattern: str, *, regexp: bool, json_output: bool) -> list[str]:
    mode = ["--json"] if json_output else ["--line-number", "--no-heading"]
    kind = [] if regexp else ["--fixed-strings"]
    return [
        "rg", "--no-ignore", "--hidden", "--glob", "!.git", "--ignore-case", "--no-config",
        *kind, *mode, "--regexp", pattern, ".",
    ]  # fmt: skip


def rg_hits(corpus: Path, pattern: str, *, regexp: bool) -> Hits:
    done = subprocess.run(
        rg_command(pattern, regexp=regexp, json_output=True), cwd=corpus, capture_output=True
    )
    hits: Hits = set()
    for line in done.stdout.splitlines():
        event = json.loads(line)
        if event["type"] != "match":
            continue
        data = event["data"]
        text = data["lines"]["text"].encode()
        ranges = tuple(
            (len(text[: s["start"]].decode()), len(text[s["start"] : s["end"]].decode()))
            for s in data["submatches"]
            if s["end"] > s["start"]
        )
        path = data["path"]["text"].removeprefix("./")
        hits.add((path, data["line_number"] - 1, ranges))
    return hits


def p50_ms(run: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def folder_bytes(folder: Path, names: tuple[str, ...]) -> int:
    return sum((folder / name).stat().st_size for name in names if (folder / name).exists())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("build/bench-corpus"))
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--mb", type=int, default=110, help="corpus size to build, in MB")
    args = parser.parse_args()
    console = Console()

    corpus, corpus_bytes, file_count = build_bench_corpus(args.corpus, args.mb * 1_000_000)
    os.environ.setdefault(INDEX_DIR_ENV, tempfile.mkdtemp(prefix="sgkit-bench-index-"))
    started = time.perf_counter()
    backend = open_corpus(corpus)
    build_seconds = time.perf_counter() - started
    folder = index_folder(corpus.resolve())
    postings = folder_bytes(folder, ("content.tri", "paths.tri"))
    stored_text = folder_bytes(folder, ("content.bin",))
    started = time.perf_counter()
    backend = PracticeBackend(open_index(corpus.resolve()))  # loading the saved index
    load_seconds = time.perf_counter() - started

    table = Table(title=f"type:file count:all over {corpus_bytes / 1e6:.0f} MB, {file_count} files")
    for column in ("kind", "query", "matches", "engine ms", "rg ms", "ratio"):
        table.add_column(column, justify="left" if column in ("kind", "query") else "right")
    ratios: dict[str, list[float]] = {"literal": [], "regexp": []}
    queries = [(p, False) for p in LITERALS] + [(p, True) for p in REGEXPS]
    for pattern, regexp in track(queries, description="querying", console=console):
        ours = engine_hits(backend, pattern, regexp=regexp)
        theirs = rg_hits(corpus, pattern, regexp=regexp)
        if ours != theirs:
            diff = sorted(ours ^ theirs)[:5]
            raise SystemExit(f"{pattern!r}: engine and ripgrep disagree, e.g. {diff}")
        matches = sum(len(ranges) for _, _, ranges in ours)
        if not 0 < matches < MAX_MATCHES:
            raise SystemExit(f"{pattern!r}: {matches} matches; pick queries with 1-999 matches")
        query = engine_query(pattern, regexp=regexp)
        mine = p50_ms(lambda q=query: backend.search(parse_query(q)), args.repeat)
        command = rg_command(pattern, regexp=regexp, json_output=False)
        base = p50_ms(
            lambda c=command: subprocess.run(c, cwd=corpus, stdout=subprocess.PIPE), args.repeat
        )
        kind = "regexp" if regexp else "literal"
        ratios[kind].append(base / mine)
        table.add_row(
            kind, pattern, str(matches), f"{mine:.2f}", f"{base:.1f}", f"{base / mine:.1f}x"
        )
    console.print(table)
    console.print("result sets identical to ripgrep's for every query (path, line, ranges)")
    for kind, target in (("literal", 20), ("regexp", 5)):
        values = ratios[kind]
        console.print(
            f"{kind}: {len(values)} queries, p50 speed-up over ripgrep "
            f"[bold]{statistics.median(values):.1f}x[/] (target {target}x; "
            f"min {min(values):.1f}x, max {max(values):.1f}x)"
        )
    console.print(
        f"index: posting lists {postings / 1e6:.1f} MB = {postings / corpus_bytes:.2f}x the corpus; "
        f"with the stored text {(postings + stored_text) / 1e6:.1f} MB = "
        f"{(postings + stored_text) / corpus_bytes:.2f}x; "
        f"built in {build_seconds:.1f} s (reading git + indexing), loaded in {load_seconds:.2f} s"
    )


if __name__ == "__main__":
    main()
