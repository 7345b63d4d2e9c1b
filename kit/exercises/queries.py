"""Search-query exercises, judged by the results a query returns, never by its text.

Each exercise compares result sets at one granularity: `repos`, `files`, `lines`, `matches`,
`commits` (commit and diff search) or `symbols` (symbol search).
The visible check knows only a fingerprint of the expected set (how many items, and a hash), so
a released notebook gives instant feedback without containing the answer. The hidden test reruns
the instructor's reference query on the same Sourcegraph and compares the two sets.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, get_args

from kit.errors import QuerySyntaxError
from kit.exercises.sealing import is_sealed_hint, sealed_advice
from kit.search import Searcher, SearchResults
from kit.search.results import CommitMatch, FileMatch, SymbolMatch

Compare = Literal["repos", "files", "lines", "matches", "commits", "symbols"]
COMPARES: tuple[str, ...] = get_args(Compare)
_NOUN = {
    "repos": "repositor",
    "files": "file",
    "lines": "line",
    "matches": "match",
    "commits": "commit",
    "symbols": "symbol",
}
_PLURAL = {
    "repos": ("y", "ies"),
    "files": ("", "s"),
    "lines": ("", "s"),
    "matches": ("", "es"),
    "commits": ("", "s"),
    "symbols": ("", "s"),
}
_EXAMPLES = 3


@dataclass(frozen=True)
class Verdict:
    """How a learner's results compare with the expected ones."""

    correct: bool
    message: str


def result_keys(
    results: SearchResults, compare: Compare, heads: Mapping[str, str] | None = None
) -> frozenset[str]:
    """The items of `results` at the granularity `compare`, as comparable strings. A file found
    at another revision than its repository's default branch (`heads`: repository -> commit)
    is named with that revision, so a branch's file never passes for the default branch's."""
    keys: set[str] = set()
    for match in results.matches:
        if compare == "repos":
            keys.add(match.repository)
        elif isinstance(match, CommitMatch):
            if compare == "commits":
                keys.add(f"{match.repository}@{match.oid[:12]} ({match.subject})")
        elif isinstance(match, SymbolMatch):
            file = _file_key(match.repository, match.commit, match.path, heads)
            if compare == "symbols":
                keys.update(f"{file}:{s.line}:{s.name}" for s in match.symbols)
            elif compare == "files":
                keys.add(file)
        elif isinstance(match, FileMatch):
            file = _file_key(match.repository, match.commit, match.path, heads)
            if compare == "files":
                keys.add(file)
            for lm in match.line_matches:
                if compare == "lines":
                    keys.add(f"{file}:{lm.line_number + 1}")
                elif compare == "matches":
                    keys.update(
                        f"{file}:{lm.line_number + 1}:{start}+{length}"
                        for start, length in lm.offset_and_lengths
                    )
    return frozenset(keys)


def _file_key(repository: str, commit: str, path: str, heads: Mapping[str, str] | None) -> str:
    head = (heads or {}).get(repository)
    at = "" if head is None or not commit or commit == head else f"@{commit[:12]}"
    return f"{repository}{at}/-/{path}"


def default_heads(sourcegraph: object) -> dict[str, str]:
    """Each repository's default-branch commit, for a practice backend (else nothing known)."""
    corpus = getattr(sourcegraph, "corpus", None)
    repositories = getattr(corpus, "repositories", ())
    return {r.name: r.commit for r in repositories}


def fingerprint(keys: frozenset[str], compare: Compare) -> str:
    """`<compare>:<count>:<hash>` of a result set: enough to check an answer, not to derive it."""
    digest = hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:16]
    return f"{compare}:{len(keys)}:{digest}"


def reference_fingerprint(reference: str, compare: Compare, sourcegraph: Searcher) -> str:
    """The fingerprint an exercise's visible check needs, from the instructor's reference query."""
    keys = result_keys(sourcegraph.search(reference), compare, default_heads(sourcegraph))
    return fingerprint(keys, compare)


def _parse_fingerprint(expected: str) -> tuple[Compare, int, str]:
    parts = expected.split(":")
    if len(parts) != 3 or parts[0] not in COMPARES or not parts[1].isdigit():
        raise ValueError(f"not an exercise fingerprint: {expected!r}")
    compare: Compare = parts[0]  # type: ignore[assignment]
    return compare, int(parts[1]), parts[2]


def not_a_query(answer: object, *, what: str = "query") -> str:
    """Why `answer` is not yet a `what` (a query, a batch spec) to run; "" when it is text."""
    if answer is Ellipsis:
        return f"Not answered yet: replace the ... with your {what} in quotes."
    if not isinstance(answer, str):
        kind = type(answer).__name__
        return f"Your answer must be a {what} in quotes (a string), not a {kind}."
    if not answer.strip():
        return f"Your {what} is empty: write it between the quotes."
    return ""


def _learner_results(answer: object, sourcegraph: Searcher) -> tuple[SearchResults | None, str]:
    """Run the learner's query, or explain why it cannot run."""
    problem = not_a_query(answer)
    if problem:
        return None, problem
    assert isinstance(answer, str)
    try:
        return sourcegraph.search(answer), ""
    except QuerySyntaxError as exc:
        return None, f"Sourcegraph rejects this query: {exc.message}"


def _counted(count: int, compare: Compare) -> str:
    """`1 file`, `2 files`, `1 repository`, `3 matches`."""
    singular, plural = _PLURAL[compare]
    return f"{count} {_NOUN[compare]}{singular if count == 1 else plural}"


def _examples(keys: frozenset[str]) -> str:
    shown = sorted(keys)[:_EXAMPLES]
    more = f" and {len(keys) - len(shown)} more" if len(keys) > len(shown) else ""
    return ", ".join(shown) + more


def judge_against_fingerprint(
    answer: object,
    expected: str,
    sourcegraph: Searcher,
    hints: Mapping[str, str] | None = None,
) -> Verdict:
    """Judge `answer` against a fingerprint: what a released notebook's visible check can do.

    `hints` maps the fingerprints of near misses (wrong answers learners often give) to advice:
    when a wrong answer returns exactly what a near miss returns, however it is written, the
    advice is added. (A key that is not a fingerprint is taken as a near-miss query and run.)
    """
    compare, count, _ = _parse_fingerprint(expected)
    results, problem = _learner_results(answer, sourcegraph)
    if results is None:
        return Verdict(False, problem)
    keys = result_keys(results, compare, default_heads(sourcegraph))
    if fingerprint(keys, compare) == expected:
        return Verdict(
            True, f"Correct: your query returns the {_counted(count, compare)} expected."
        )
    if len(keys) == count:
        hint = f"the right number of results ({_counted(count, compare)}), but not the right ones"
    else:
        hint = f"{_counted(len(keys), compare)}; the exercise expects {count}"
    advice = _near_miss_advice(keys, compare, hints or {}, sourcegraph)
    return Verdict(False, f"Not yet: your query returns {hint}.{advice}")


def is_fingerprint(key: str, prefixes: tuple[str, ...] = COMPARES) -> bool:
    """True when `key` is a `<kind>:<count>:<hash>` fingerprint of one of `prefixes`."""
    parts = key.split(":")
    return len(parts) == 3 and parts[0] in prefixes and parts[1].isdigit() and len(parts[2]) == 16


def _near_miss_advice(
    keys: frozenset[str], compare: Compare, hints: Mapping[str, str], sourcegraph: Searcher
) -> str:
    """` Hint: ...` for the first near miss whose results are exactly `keys`, else ``."""
    mine = fingerprint(keys, compare)
    sealed = sealed_advice(mine, hints)
    if sealed:
        return f" Hint: {sealed}"
    for near_miss, advice in hints.items():
        if is_sealed_hint(near_miss):
            continue
        if is_fingerprint(near_miss):
            if near_miss == mine:
                return f" Hint: {advice}"
            continue
        near = sourcegraph.search(near_miss)
        if result_keys(near, compare, default_heads(sourcegraph)) == keys:
            return f" Hint: {advice}"
    return ""


def judge_against_reference(
    answer: object,
    reference: str,
    compare: Compare,
    sourcegraph: Searcher,
    near_misses: Mapping[str, str] | None = None,
) -> Verdict:
    """Judge `answer` by rerunning the reference query: what a hidden test does (with the
    advice of a near miss, `near_misses`: query -> advice, whose results it has)."""
    results, problem = _learner_results(answer, sourcegraph)
    if results is None:
        return Verdict(False, problem)
    heads = default_heads(sourcegraph)
    got = result_keys(results, compare, heads)
    want = result_keys(sourcegraph.search(reference), compare, heads)
    if got == want:
        return Verdict(
            True, f"Correct: your query returns the {_counted(len(want), compare)} expected."
        )
    parts = [f"Your query returns {_counted(len(got), compare)}; {len(want)} expected."]
    if got - want:
        parts.append(f"Not expected: {_examples(got - want)}.")
    if want - got:
        parts.append(f"Missing: {_examples(want - got)}.")
    advice = _near_miss_advice(got, compare, near_misses or {}, sourcegraph)
    return Verdict(False, " ".join(parts) + advice)
