"""Batch change exercises: a learner's batch spec is judged by the changesets it would create.

Two specs are equally right when their previews change the same repositories and files to the
same contents, on the same branch with the same title (`kit.practice.batch.compare_changesets`),
and, when the exercise asks for it (`published=True`), published the same way,
whatever their steps or queries. The visible check knows a fingerprint of the expected changesets
(`changesets:<count>:<hash>`); the hidden test previews the reference spec and lists differences.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from kit.errors import BatchSpecError, BatchStepError
from kit.exercises.aspects import differing_aspects, with_aspects
from kit.exercises.queries import Verdict, not_a_query
from kit.exercises.sealing import is_sealed_hint, sealed_advice
from kit.practice import default_corpus
from kit.practice.batch import (
    ChangesetSpec,
    compare_changesets,
    parse_spec,
    preview_batch_change,
)
from kit.search.corpus import corpus_heads

_PREFIX = "changesets"
COMPARED = ("branch", "title")
"""What a changeset must agree on besides its repository and files (and `published`, when an
exercise asks how its changesets are published)."""


def changesets_fingerprint(changesets: Iterable[ChangesetSpec], *, published: bool = False) -> str:
    """`changesets:<count>:<hash>` of what the changesets do (repository, files, branch, title,
    published), with a digest per aspect so a check can name the first that differs."""
    changesets = tuple(changesets)
    listed = sorted(
        (
            [
                c.repository,
                c.base_ref,
                c.branch,
                c.title,
                str(c.published) if published else "",
                sorted(c.files.items(), key=str),
            ]
            for c in changesets
        ),
        key=str,
    )
    digest = hashlib.sha256(json.dumps(listed).encode()).hexdigest()[:16]
    aspects = {
        "repositories": sorted(c.repository for c in changesets),
        "files": sorted([c.repository, sorted(c.files.items(), key=str)] for c in changesets),
        "branch": sorted({c.branch for c in changesets}),
        "base": sorted({c.base_ref for c in changesets}),
        "title": sorted({c.title for c in changesets}),
    }
    if published:
        aspects["published"] = sorted(str(c.published) for c in changesets)
    return with_aspects(f"{_PREFIX}:{len(listed)}:{digest}", aspects)


_ASPECT_WORDS = {
    "repositories": "the repositories they change are not",
    "files": "the file changes are not",
    "branch": "the branch name is not",
    "base": "the branch they start from is not",
    "title": "the title is not",
    "published": "how they are published is not",
    "changes": "what they change is not",
}


def _preview(spec_text: str, corpus: Path | None) -> tuple[ChangesetSpec, ...]:
    """The changesets `spec_text` makes; a spec already previewed on the same corpus state is
    not run again (graders preview the same reference spec for every learner)."""
    root = corpus if corpus is not None else default_corpus()
    return _cached_preview(spec_text, root, corpus_heads(root))


@functools.lru_cache(maxsize=64)
def _cached_preview(
    spec_text: str, corpus: Path, heads: tuple[str, ...]
) -> tuple[ChangesetSpec, ...]:
    return preview_batch_change(parse_spec(spec_text, where="your batch spec"), corpus).changesets


def reference_changesets_fingerprint(
    reference: str, corpus: Path | None = None, *, published: bool = False
) -> str:
    """The fingerprint a visible batch check needs, from the instructor's reference spec."""
    return changesets_fingerprint(_preview(reference, corpus), published=published)


def _learner_changesets(
    answer: object, corpus: Path | None
) -> tuple[tuple[ChangesetSpec, ...] | None, str]:
    problem = not_a_query(answer, what="batch spec")
    if problem:
        return None, problem
    assert isinstance(answer, str)
    try:
        return _preview(answer, corpus), ""
    except (BatchSpecError, BatchStepError) as exc:
        return None, f"Your batch spec cannot be previewed: {exc}"


def _repositories(changesets: Iterable[ChangesetSpec]) -> str:
    names = sorted({c.repository for c in changesets})
    return ", ".join(names) if names else "no repository"


def judge_spec_against_fingerprint(
    answer: object,
    expected: str,
    *,
    corpus: Path | None = None,
    hints: Mapping[str, str] | None = None,
    published: bool = False,
) -> Verdict:
    """Judge a batch spec against a fingerprint: what a released notebook's check can do.
    `hints` maps near-miss specs to advice, given when the answer does exactly what one does;
    with `published`, how the changesets are published counts too."""
    changesets, problem = _learner_changesets(answer, corpus)
    if changesets is None:
        return Verdict(False, problem)
    count = int(expected.split(":")[1])
    if changesets_fingerprint(changesets, published=published) == expected:
        return Verdict(True, f"Correct: your spec makes the {count} expected changeset(s).")
    if len(changesets) != count:
        message = (
            f"Not yet: your spec makes {len(changesets)} changeset(s) "
            f"({_repositories(changesets)}); the exercise expects {count}."
        )
    else:
        mine = changesets_fingerprint(changesets, published=published)
        differing = differing_aspects(mine, expected) or ["changes"]
        message = (
            f"Not yet: your spec makes {count} changeset(s) ({_repositories(changesets)}), "
            f"as many as expected, but {_ASPECT_WORDS.get(differing[0], differing[0] + ' is not')} "
            "what the exercise asks. Look at sg.batch_preview(answer)."
        )
    advice = _near_miss_advice(changesets, corpus, hints or {}, published)
    return Verdict(False, message + advice)


def _near_miss_advice(
    changesets: tuple[ChangesetSpec, ...],
    corpus: Path | None,
    hints: Mapping[str, str],
    published: bool,
) -> str:
    """` Hint: ...` for the first near miss (a changesets fingerprint, or a spec to preview)
    that makes exactly `changesets`, else ``."""
    mine = changesets_fingerprint(changesets, published=published)
    sealed = sealed_advice(mine, hints)
    if sealed:
        return f" Hint: {sealed}"
    for near_miss, advice in hints.items():
        if is_sealed_hint(near_miss):
            continue
        if near_miss.startswith(f"{_PREFIX}:"):
            theirs = near_miss
        else:
            try:
                theirs = changesets_fingerprint(_preview(near_miss, corpus), published=published)
            except (BatchSpecError, BatchStepError):
                continue
        if theirs == mine:
            return f" Hint: {advice}"
    return ""


def judge_spec_against_reference(
    answer: object,
    reference: str,
    *,
    corpus: Path | None = None,
    near_misses: Mapping[str, str] | None = None,
    published: bool = False,
) -> Verdict:
    """Judge a batch spec by previewing the reference spec: what a hidden test does (with the
    advice of a near miss, `near_misses`: spec -> advice, that makes the same changesets);
    with `published`, how the changesets are published counts too."""
    changesets, problem = _learner_changesets(answer, corpus)
    if changesets is None:
        return Verdict(False, problem)
    fields = (*COMPARED, "published") if published else COMPARED
    problems = compare_changesets(changesets, _preview(reference, corpus), fields=fields)
    if not problems:
        return Verdict(
            True, f"Correct: your spec makes the {len(changesets)} expected changeset(s)."
        )
    return Verdict(
        False,
        "Your batch spec differs from the expected one: "
        + " ".join(problems[:3])
        + _near_miss_advice(changesets, corpus, near_misses or {}, published),
    )
