"""Security-finding exercises, judged by recall and precision against the corpus's planted findings.

The practice corpus plants true findings and look-alike decoys (`findings.yaml`, read by
`kit.practice.findings`). A learner's query is run, its results are cut into *result lines*, and
each line is compared with the planted list:

- scope `main` (the tip of each repository's default branch): a result line is one matching line
  of a file, `(repository, path, line number)`. It is a finding when a planted finding of the
  exercise's kinds is on that line, a decoy when a decoy of those kinds is (and no finding is).
  A file matched by its name only, a file at another revision, a commit or a repository is a
  result line that is no finding.
- scope `history` (commits, with `type:diff`): a result line is one highlighted changed line of a
  diff match, `(commit, path, +/-, text)`. An **added** line is a finding when it adds, at a
  finding's path in its repository, the text of a finding of the exercise's kinds: the
  `in_history_only` finding whose commit has that subject, or a finding still at the tip (the
  commit that introduced it). A removed line is no finding: removing a secret leaks nothing, the
  commit that added it did. A `type:commit` match (a message) is a result line that is no finding.
  Recall counts the `in_history_only` findings: the ones a search of the tip cannot find.

recall = planted findings covered by a finding line / planted findings (of the kinds, in scope);
precision = finding lines / result lines. An answer passes with 100% recall, a precision of at
least `min_precision` and no decoy reported. The planted list is corpus data, so a released
notebook may name the kinds: no fingerprint is needed, and the visible check and the hidden test
run the same judgement.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from kit.errors import ConfigError, QuerySyntaxError
from kit.exercises.checks import _practice, _report
from kit.exercises.queries import Verdict, default_heads, not_a_query
from kit.practice.findings import Finding, FindingKind, FindingsManifest, load_findings
from kit.search import CommitMatch, FileMatch, PracticeBackend, SearchResults

Scope = Literal["main", "history"]

_NAMES: dict[str, tuple[str, str]] = {
    "aws-access-key": ("AWS access key id", "AWS access key ids"),
    "aws-secret-key": ("AWS secret access key", "AWS secret access keys"),
    "private-key": ("private key", "private keys"),
    "github-token": ("GitHub token", "GitHub tokens"),
    "slack-token": ("Slack token", "Slack tokens"),
    "password": ("hard-coded password", "hard-coded passwords"),
    "hard-coded-ip": ("hard-coded IP address", "hard-coded IP addresses"),
    "email-address": ("e-mail address", "e-mail addresses"),
    "sql-string-building": (
        "SQL statement built from strings",
        "SQL statements built from strings",
    ),
    "unpinned-latest-image": ("image tagged latest", "images tagged latest"),
    "vulnerable-dependency": ("vulnerable dependency pin", "vulnerable dependency pins"),
}


@dataclass(frozen=True)
class ResultLine:
    """One result line of a learner's query, and what it is against the planted list."""

    where: str
    """Where it is, in words: `repo/-/path line 5` or `commit 'subject' (repo), path`."""
    findings: tuple[Finding, ...] = ()
    """The planted findings of the exercise this line reports (empty: no finding)."""
    decoy: Finding | None = None
    why_not: str = ""
    """For a line that is no finding and no decoy, when there is more to say than that."""


@dataclass(frozen=True)
class Measure:
    """Recall and precision of one answer against the planted findings."""

    planted: tuple[Finding, ...]
    lines: tuple[ResultLine, ...]

    @property
    def found(self) -> tuple[Finding, ...]:
        """The planted findings some result line reports, in planted order."""
        reported = {f.id for line in self.lines for f in line.findings}
        return tuple(f for f in self.planted if f.id in reported)

    @property
    def missed(self) -> tuple[Finding, ...]:
        """The planted findings no result line reports."""
        found = {f.id for f in self.found}
        return tuple(f for f in self.planted if f.id not in found)

    @property
    def noise(self) -> tuple[ResultLine, ...]:
        """The result lines that are no finding (decoys included)."""
        return tuple(line for line in self.lines if not line.findings)

    @property
    def recall(self) -> float:
        """Found / planted (1.0 when nothing is planted)."""
        return len(self.found) / len(self.planted) if self.planted else 1.0

    @property
    def precision(self) -> float:
        """Finding lines / result lines (0.0 when there is no result line)."""
        return (len(self.lines) - len(self.noise)) / len(self.lines) if self.lines else 0.0


@lru_cache(maxsize=4)
def _manifest(root: Path) -> FindingsManifest:
    return load_findings(root)


def planted_findings(
    manifest: FindingsManifest,
    kinds: Sequence[FindingKind],
    scope: Scope,
    only: Collection[str] | None = None,
) -> tuple[Finding, ...]:
    """The findings an exercise asks for: of `kinds`, in `scope`, restricted to the ids `only`."""
    unknown = sorted(set(kinds) - set(_NAMES))
    if unknown:
        raise ConfigError(f"unknown finding kind {unknown[0]!r}", where="check_findings")
    chosen = tuple(
        f
        for f in manifest.findings
        if f.kind in kinds
        and f.in_history_only == (scope == "history")
        and (only is None or f.id in only)
    )
    missing = sorted(set(only or ()) - {f.id for f in chosen})
    if missing:
        raise ConfigError(
            f"{missing[0]} is no planted finding of {', '.join(kinds)} in scope {scope}",
            where="check_findings",
        )
    if not chosen:
        raise ConfigError(
            f"no planted finding of {', '.join(kinds)} in scope {scope}", where="check_findings"
        )
    return chosen


def _tip_lines(
    results: SearchResults,
    manifest: FindingsManifest,
    planted: tuple[Finding, ...],
    kinds: Sequence[FindingKind],
    heads: dict[str, str],
) -> list[ResultLine]:
    decoys = {(d.repository, d.path, d.line): d for d in manifest.decoys if d.kind in kinds}
    lines: list[ResultLine] = []
    for match in results.matches:
        if not isinstance(match, FileMatch):
            lines.append(_not_a_line(match))
            continue
        file = f"{match.repository}/-/{match.path}"
        if heads.get(match.repository, match.commit) != match.commit:
            lines.append(
                ResultLine(
                    f"{match.repository}@{match.commit[:12]}/-/{match.path}",
                    why_not="not the tip of main: search the default branch",
                )
            )
            continue
        if not match.line_matches:
            lines.append(
                ResultLine(
                    file, why_not="a file matched by its name, not a line of it: search its content"
                )
            )
        for lm in match.line_matches:
            key = (match.repository, match.path, lm.line_number + 1)
            on_line = tuple(f for f in planted if (f.repository, f.path, f.line) == key)
            decoy = None if on_line else decoys.get(key)
            lines.append(ResultLine(f"{file} line {key[2]}", on_line, decoy))
    return lines


def _not_a_line(match: object) -> ResultLine:
    """A result that is not a line of a file at the tip: a commit, a symbol, a repository."""
    repository = str(getattr(match, "repository", "?"))
    if isinstance(match, CommitMatch):
        return ResultLine(
            f"commit '{match.subject}' ({repository})",
            why_not="a commit, and this exercise asks for the tip of main: drop type:",
        )
    path = getattr(match, "path", None)
    if path:
        return ResultLine(f"{repository}/-/{path}", why_not="a symbol, not a line of code")
    return ResultLine(repository, why_not="a repository, not a line of code")


def diff_lines(preview: str, highlights: Sequence[tuple[int, int, int]]) -> list[tuple[str, str]]:
    """The highlighted changed lines of a diff preview, as (path, prefixed line): the path is the
    file's new name, or its old name when it was deleted."""
    marked = {line for line, _, _ in highlights}
    path = ""
    found: list[tuple[str, str]] = []
    for index, text in enumerate(preview.split("\n")):
        if text[:1] not in ("+", "-", " ", "@") and text:
            names = text.replace("\\ ", "\0").split(" ")
            old, new = (n.replace("\0", " ") for n in (names + names)[:2])
            path = old if new == "/dev/null" else new
        elif text[:1] in ("+", "-") and index in marked:
            found.append((path, text))
    return found


def _history_lines(
    results: SearchResults,
    manifest: FindingsManifest,
    planted: tuple[Finding, ...],
    kinds: Sequence[FindingKind],
) -> list[ResultLine]:
    at_tip = tuple(f for f in manifest.findings if f.kind in kinds and not f.in_history_only)
    decoys = tuple(d for d in manifest.decoys if d.kind in kinds)
    lines: list[ResultLine] = []
    for match in results.matches:
        if not isinstance(match, CommitMatch):
            name = f"{match.repository}/-/{match.path}" if isinstance(match, FileMatch) else ""
            lines.append(
                ResultLine(
                    name or match.repository,
                    why_not="the tip of main, and this exercise asks for the history: type:diff",
                )
            )
            continue
        commit = f"commit '{match.subject}' ({match.repository})"
        if match.kind == "commit":
            lines.append(
                ResultLine(commit, why_not="a commit message, not a changed line: use type:diff")
            )
            continue
        for path, text in diff_lines(match.preview, match.highlights):
            where = f"{commit}, {path}: {'added' if text[0] == '+' else 'removed'} line"
            if text[0] == "-":
                lines.append(
                    ResultLine(
                        where,
                        why_not="a removed line leaks nothing: the commit that added it did",
                    )
                )
                continue

            hits = tuple(
                f
                for f in _added_here(planted, match.repository, path, text)
                if f.commit == match.subject
            )
            introduced = _added_here(at_tip, match.repository, path, text)
            decoy = next(iter(_added_here(decoys, match.repository, path, text)), None)
            lines.append(
                ResultLine(where, hits + introduced, None if hits or introduced else decoy)
            )
    return lines


def _added_here(
    entries: Sequence[Finding], repository: str, path: str, text: str
) -> tuple[Finding, ...]:
    """The entries whose text the added line `text` adds at `path` in `repository`."""
    return tuple(
        f for f in entries if f.repository == repository and f.path == path and f.text in text
    )


def measure_findings(
    answer: str,
    sourcegraph: PracticeBackend,
    *,
    kinds: Sequence[FindingKind],
    scope: Scope = "main",
    only: Collection[str] | None = None,
) -> Measure:
    """Run the query `answer` and measure its results against the planted findings."""
    manifest = _manifest(sourcegraph.corpus.root)
    planted = planted_findings(manifest, kinds, scope, only)
    results = sourcegraph.search(answer)
    if scope == "history":
        lines = _history_lines(results, manifest, planted, kinds)
    else:
        lines = _tip_lines(results, manifest, planted, kinds, default_heads(sourcegraph))
    return Measure(planted, tuple(lines))


def _what(kinds: Sequence[FindingKind], count: int, scope: Scope) -> str:
    names = [_NAMES[k][0 if count == 1 else 1] for k in kinds]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return joined + (" in history" if scope == "history" else "")


def _percent(value: float) -> str:
    return f"{value:.0%}"


def _describe(measure: Measure, kinds: Sequence[FindingKind], scope: Scope, floor: float) -> str:
    planted, found, lines, noise = (
        len(measure.planted),
        len(measure.found),
        len(measure.lines),
        len(measure.noise),
    )
    recall = (
        f"finds {found} of {planted} planted "
        f"{_what(kinds, planted, scope)} (recall {_percent(measure.recall)})"
    )
    if not lines:
        return f"{recall}; your query returns no result line"
    if noise == 0:
        tail = (
            f"all {lines} of your result lines are findings"
            if lines > 1
            else ("your 1 result line is a finding")
        )
        return f"{recall}; {tail} (precision {_percent(measure.precision)})"
    verb = "is not a finding" if noise == 1 else "are not findings"
    needed = f", at least {_percent(floor)} needed" if floor < 1 else ""
    return (
        f"{recall}; {noise} of your {lines} result lines {verb} "
        f"(precision {_percent(measure.precision)}{needed})"
    )


def judge_findings(
    answer: object,
    sourcegraph: PracticeBackend,
    *,
    kinds: Sequence[FindingKind],
    scope: Scope = "main",
    min_precision: float = 1.0,
    only: Collection[str] | None = None,
) -> Verdict:
    """Judge a learner's query by its recall and precision against the planted findings."""
    problem = not_a_query(answer)
    if problem:
        return Verdict(False, problem)
    assert isinstance(answer, str)
    try:
        measure = measure_findings(answer, sourcegraph, kinds=kinds, scope=scope, only=only)
    except QuerySyntaxError as exc:
        return Verdict(False, f"Sourcegraph rejects this query: {exc.message}")
    summary = _describe(measure, kinds, scope, min_precision)
    decoy = next((line for line in measure.lines if line.decoy is not None), None)
    if not measure.missed and measure.precision >= min_precision and decoy is None:
        return Verdict(True, f"Correct: your query {summary}.")
    parts = [f"Not yet: your query {summary}."]
    if measure.missed:
        parts.append(f"Missed: {_place(measure.missed[0])}.")
    if decoy is not None and decoy.decoy is not None:
        parts.append(
            f"Reported a decoy at {decoy.where}: {decoy.decoy.text!r} is no finding "
            f"({decoy.decoy.note.rstrip('.')})."
        )
    other = next((line for line in measure.noise if line.decoy is None), None)
    if other is not None and (measure.precision < min_precision or decoy is None):
        why = f" ({other.why_not})" if other.why_not else ""
        parts.append(f"Not a finding: {other.where}{why}.")
    return Verdict(False, " ".join(parts))


def _place(finding: Finding) -> str:
    if finding.in_history_only:
        return (
            f"commit '{finding.commit}' ({finding.repository}) added it to "
            f"{finding.path} line {finding.line}"
        )
    return f"{finding.repository}/-/{finding.path} line {finding.line}"


def check_findings(
    answer: object,
    *,
    kinds: Sequence[FindingKind],
    scope: Scope = "main",
    min_precision: float = 1.0,
    only: Collection[str] | None = None,
    sourcegraph: PracticeBackend | None = None,
) -> None:
    """Visible check: does the learner's query find every planted finding of `kinds` in `scope`
    (`main` or `history`; restricted to the ids `only`), with a precision of at least
    `min_precision` and no decoy?"""
    __tracebackhide__ = True
    backend = _practice(sourcegraph)
    _report(
        judge_findings(
            answer,
            backend,
            kinds=kinds,
            scope=scope,
            min_precision=min_precision,
            only=only,
        ),
        answer,
    )


def grade_findings(
    answer: object,
    *,
    kinds: Sequence[FindingKind],
    scope: Scope = "main",
    min_precision: float = 1.0,
    only: Collection[str] | None = None,
    sourcegraph: PracticeBackend | None = None,
) -> None:
    """Hidden test: the same judgement as `check_findings`, from the instructor's copy of the
    exercise's options (the one nbgrader scores, whatever the visible cell says)."""
    __tracebackhide__ = True
    backend = _practice(sourcegraph)
    _report(
        judge_findings(
            answer,
            backend,
            kinds=kinds,
            scope=scope,
            min_precision=min_precision,
            only=only,
        ),
        answer,
    )
