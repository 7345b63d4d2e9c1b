"""Batch change exercises are judged by the changesets a spec makes, not by how it is written."""

from __future__ import annotations

import pytest

from kit.exercises import check_batch_change, grade_batch_change
from kit.exercises.batch_changes import reference_changesets_fingerprint

PIN = """\
name: pin-images
on:
  - repositoriesMatchingQuery: file:Dockerfile :latest
steps:
  - run: sed -i 's/:latest/:stable/' Dockerfile
    container: alpine:3
changesetTemplate:
  title: Pin base images
  branch: pin-images
  commit: {message: Pin base images}
"""
# Same effect, written differently: another query, another command.
PIN_TOO = PIN.replace("file:Dockerfile :latest", "file:^Dockerfile$ FROM").replace(
    "sed -i 's/:latest/:stable/' Dockerfile", "sed -i -e 's/:latest$/:stable/' Dockerfile"
)


@pytest.fixture(scope="module")
def expected(corpus_dir: object) -> str:
    return reference_changesets_fingerprint(PIN)


@pytest.mark.usefixtures("corpus_dir")
def test_a_spec_with_the_same_effect_is_right(
    expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    check_batch_change(PIN_TOO, expected)
    grade_batch_change(PIN_TOO, PIN)
    assert capsys.readouterr().out.count("✓ Correct: your spec makes the 3 expected") == 2


def test_a_different_title_is_caught(expected: str) -> None:
    other = PIN.replace("title: Pin base images", "title: Pin images")
    with pytest.raises(
        AssertionError, match="as many as expected, but the title is not what the exercise asks"
    ):
        check_batch_change(other, expected)
    with pytest.raises(AssertionError, match="title is 'Pin images', expected 'Pin base images'"):
        grade_batch_change(other, PIN)


def test_a_spec_reaching_too_few_repositories_is_told_how_many(expected: str) -> None:
    narrow = PIN.replace("file:Dockerfile :latest", "repo:storefront file:Dockerfile :latest")
    hints = {narrow: "Every repository with a :latest base image needs a changeset."}
    with pytest.raises(AssertionError) as raised:
        check_batch_change(narrow, expected, hints=hints)
    message = str(raised.value)
    assert (
        "makes 1 changeset(s) (github.com/acme/web-storefront); the exercise expects 3" in message
    )
    assert message.endswith("Hint: Every repository with a :latest base image needs a changeset.")


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (..., "Not answered yet: replace the ... with your batch spec"),
        ("name: [unclosed", "Your batch spec cannot be previewed: "),
        ("name: x\nsteps: 3\n", "Your batch spec cannot be previewed: "),
    ],
)
def test_a_spec_that_cannot_run_is_explained(expected: str, answer: object, message: str) -> None:
    with pytest.raises(AssertionError, match=message):
        check_batch_change(answer, expected)
