"""Grade a batch spec by what it does: compare its changeset specs with the expected ones.

Two specs agree when they change the same repositories, leave every changed file with the same
content, and give the same branch and title after templating; how the spec is written (its
commands, its query) does not matter. Each difference is explained in one line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from kit.practice.batch.changesets import ChangesetSpec
from kit.practice.batch.preview import preview_batch_change
from kit.practice.batch.spec import BatchSpec

COMPARED_FIELDS = ("branch", "title")


def compare_changesets(
    actual: Iterable[ChangesetSpec],
    expected: Iterable[ChangesetSpec],
    *,
    fields: Sequence[str] = COMPARED_FIELDS,
) -> list[str]:
    """Each way `actual` differs in effect from `expected`, one line each; empty when equal.
    `fields` are the ChangesetSpec attributes compared as text (default: branch and title)."""
    mine, theirs = _by_key(actual), _by_key(expected)
    problems: list[str] = []
    for key in sorted(mine.keys() | theirs.keys()):
        got, want = mine.get(key), theirs.get(key)
        if got is None and want is not None:
            problems.append(
                f"{key}: your spec makes no changeset here, the expected one changes "
                f"{_count(want.files)}: {', '.join(want.files)}"
            )
        elif want is None and got is not None:
            problems.append(
                f"{key}: your spec changes {_count(got.files)} ({', '.join(got.files)}), "
                "the expected spec leaves this repository alone"
            )
        elif got is not None and want is not None:
            problems += _compare_one(key, got, want, fields)
    return problems


def grade_batch_spec(
    answer: BatchSpec, expected: BatchSpec, corpus: Path | None = None
) -> list[str]:
    """Preview both specs on the practice corpus and compare their effects (see
    `compare_changesets`); a step failing in `answer` raises BatchStepError."""
    mine = preview_batch_change(answer, corpus).changesets
    theirs = preview_batch_change(expected, corpus).changesets
    return compare_changesets(mine, theirs)


def _by_key(changesets: Iterable[ChangesetSpec]) -> dict[str, ChangesetSpec]:
    listed = list(changesets)
    names = [c.repository for c in listed]
    return {
        c.repository if names.count(c.repository) == 1 else f"{c.repository}@{c.base_ref}": c
        for c in listed
    }


def _count(files: Mapping[str, str | None]) -> str:
    n = len(files)
    return f"{n} file" if n == 1 else f"{n} files"


def _compare_one(
    key: str, got: ChangesetSpec, want: ChangesetSpec, fields: Sequence[str]
) -> list[str]:
    problems: list[str] = []
    missing = [p for p in want.files if p not in got.files]
    extra = [p for p in got.files if p not in want.files]
    if missing or extra:
        detail = [f"missing {', '.join(missing)}"] * bool(missing)
        detail += [f"extra {', '.join(extra)}"] * bool(extra)
        problems.append(
            f"{key}: your spec changes {_count(got.files)}, the expected "
            f"{len(want.files)}: {'; '.join(detail)}"
        )
    for path in want.files:
        if path in got.files and got.files[path] != want.files[path]:
            problems.append(f"{key}: {path} {_first_difference(got.files[path], want.files[path])}")
    for name in fields:
        mine, theirs = getattr(got, name), getattr(want, name)
        if mine != theirs:
            problems.append(f"{key}: {name} is {mine!r}, expected {theirs!r}")
    return problems


def _first_difference(got: str | None, want: str | None) -> str:
    if got is None:
        return "is deleted, the expected result keeps it"
    if want is None:
        return "is kept, the expected result deletes it"
    mine, theirs = got.splitlines(), want.splitlines()
    for number, (a, b) in enumerate(zip(mine, theirs, strict=False), start=1):
        if a != b:
            return f"differs from the expected result at line {number}: {a!r}, expected {b!r}"
    if len(mine) != len(theirs):
        return f"has {len(mine)} lines, the expected result {len(theirs)}"
    return "differs from the expected result in line endings or the final newline"
