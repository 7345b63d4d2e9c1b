"""Security-finding exercises are judged by recall and precision against the planted findings.

A query passes when it finds every planted finding of the exercise's kinds (recall 100%), when
enough of its result lines are findings (precision, `min_precision`, 100% unless said), and when
it reports no decoy. The verdict says both numbers, names a missed finding's file and line, and
names a reported decoy with the reason it is not a finding.
"""

from __future__ import annotations

import pytest

from kit.errors import ConfigError
from kit.exercises import check_findings, grade_findings
from kit.exercises.findings import diff_lines, judge_findings
from kit.practice.findings import FindingKind
from kit.search import PracticeBackend

TOKENS: list[FindingKind] = ["github-token", "slack-token"]


def test_a_query_that_finds_every_planted_finding_and_nothing_else_passes(
    practice: PracticeBackend,
) -> None:
    verdict = judge_findings(r"/ghp_[A-Za-z0-9]{36}|xoxb-[0-9]/", practice, kinds=TOKENS)
    assert verdict.correct
    assert verdict.message == (
        "Correct: your query finds 2 of 2 planted GitHub tokens and Slack tokens (recall 100%); "
        "all 2 of your result lines are findings (precision 100%)."
    )


def test_differently_written_right_answers_all_pass(practice: PracticeBackend) -> None:
    for answer in (
        r"patterntype:regexp ghp_[A-Za-z0-9]{36}|xoxb-\d+-",
        r"/(ghp_|xoxb-)[A-Za-z0-9-]{20,}/",
    ):
        assert judge_findings(answer, practice, kinds=TOKENS).correct, answer


def test_a_query_that_misses_a_finding_fails_and_names_its_file_and_line(
    practice: PracticeBackend,
) -> None:
    verdict = judge_findings(r"/ghp_[A-Za-z0-9]{36}/", practice, kinds=TOKENS)
    assert not verdict.correct
    assert "finds 1 of 2 planted GitHub tokens and Slack tokens (recall 50%)" in verdict.message
    assert "your 1 result line is a finding (precision 100%)" in verdict.message
    assert "Missed: github.com/acme/ui-kit/-/scripts/notify-release.js line 5." in verdict.message


def test_a_query_that_reports_a_decoy_fails_and_says_why_it_is_no_finding(
    practice: PracticeBackend,
) -> None:
    verdict = judge_findings("ghp_ OR xoxb-", practice, kinds=TOKENS)
    assert not verdict.correct
    assert "2 of your 4 result lines are not findings (precision 50%)" in verdict.message
    assert (
        "Reported a decoy at gitlab.example.com/platform/internal-tools/-/.env.example line 2: "
        "'ghp_your-token-here' is no finding (A placeholder)."
    ) in verdict.message


def test_the_documented_aws_example_key_is_a_decoy(practice: PracticeBackend) -> None:
    verdict = judge_findings("AKIA", practice, kinds=["aws-access-key"])
    assert not verdict.correct
    assert "AWS's documented example key id" in verdict.message
    assert judge_findings("AKIA -file:docs/", practice, kinds=["aws-access-key"]).correct


def test_min_precision_tolerates_result_lines_that_are_not_findings_but_never_a_decoy(
    practice: PracticeBackend,
) -> None:
    # The finding's line and the line after it (the secret key): 1 of 2 lines is a finding.
    query = "file:backup-warehouse.sh /AWS_(ACCESS|SECRET)/"
    strict = judge_findings(query, practice, kinds=["aws-access-key"])
    assert not strict.correct
    assert "1 of your 2 result lines is not a finding (precision 50%)" in strict.message
    assert "Not a finding: gitlab.example.com/platform/internal-tools/-/scripts/" in strict.message
    lenient = judge_findings(query, practice, kinds=["aws-access-key"], min_precision=0.5)
    assert lenient.correct
    assert "(precision 50%, at least 50% needed)" in lenient.message
    decoy = judge_findings("AKIA", practice, kinds=["aws-access-key"], min_precision=0.5)
    assert not decoy.correct


def test_in_history_scope_the_added_lines_of_the_leaking_commits_are_the_findings(
    practice: PracticeBackend,
) -> None:
    answer = "type:diff select:commit.diff.added /-----BEGIN [A-Z ]*PRIVATE KEY-----/"
    verdict = judge_findings(answer, practice, kinds=["private-key"], scope="history")
    assert verdict.correct
    assert "finds 1 of 1 planted private key in history (recall 100%)" in verdict.message


def test_in_history_scope_a_removed_line_is_no_finding(practice: PracticeBackend) -> None:
    answer = "type:diff /-----BEGIN [A-Z ]*PRIVATE KEY-----/"
    verdict = judge_findings(answer, practice, kinds=["private-key"], scope="history")
    assert not verdict.correct
    assert "removed line (a removed line leaks nothing" in verdict.message


def test_in_history_scope_a_search_of_the_tip_finds_nothing(practice: PracticeBackend) -> None:
    verdict = judge_findings("ghp_", practice, kinds=["github-token"], scope="history")
    assert not verdict.correct
    assert "finds 0 of 1 planted GitHub token in history (recall 0%)" in verdict.message
    assert (
        "Missed: commit 'Install @acme packages from GitHub Packages' (github.com/acme/"
        "web-storefront) added it to .npmrc line 2."
    ) in verdict.message


def test_a_commit_message_search_names_no_changed_line(practice: PracticeBackend) -> None:
    verdict = judge_findings("type:commit key", practice, kinds=["private-key"], scope="history")
    assert not verdict.correct
    assert "a commit message, not a changed line: use type:diff" in verdict.message


def test_only_restricts_the_exercise_to_some_planted_findings(practice: PracticeBackend) -> None:
    verdict = judge_findings(r"/ghp_[A-Za-z0-9]{36}/", practice, kinds=TOKENS, only=["F41"])
    assert verdict.correct
    with pytest.raises(ConfigError, match="F28 is no planted finding of github-token"):
        judge_findings("ghp_", practice, kinds=["github-token"], only=["F28"])


def test_a_query_sourcegraph_rejects_gets_sourcegraphs_error(practice: PracticeBackend) -> None:
    verdict = judge_findings("/AKIA[/", practice, kinds=["aws-access-key"])
    assert not verdict.correct
    assert verdict.message.startswith("Sourcegraph rejects this query: invalid regular expression")


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (..., "Not answered yet: replace the ... with your query in quotes."),
        (42, "Your answer must be a query in quotes (a string), not a int."),
        ("  ", "Your query is empty"),
    ],
)
def test_an_answer_that_is_not_a_query_is_told_what_an_answer_must_be(
    practice: PracticeBackend, answer: object, says: str
) -> None:
    verdict = judge_findings(answer, practice, kinds=["aws-access-key"])
    assert not verdict.correct
    assert says in verdict.message


def test_an_unknown_kind_is_an_authoring_error(practice: PracticeBackend) -> None:
    with pytest.raises(ConfigError, match="unknown finding kind 'api-key'"):
        judge_findings("key", practice, kinds=["api-key"])  # type: ignore[list-item]


def test_the_visible_check_and_the_hidden_test_give_the_same_verdict(
    capsys: pytest.CaptureFixture[str],
) -> None:
    check_findings("AKIA -file:docs/", kinds=["aws-access-key"])
    grade_findings("AKIA -file:docs/", kinds=["aws-access-key"])
    shown = capsys.readouterr().out.splitlines()
    assert len(shown) == 2 and shown[0] == shown[1] and shown[0].startswith("✓ Correct")
    for judge in (check_findings, grade_findings):
        with pytest.raises(AssertionError, match="Reported a decoy"):
            judge("AKIA", kinds=["aws-access-key"])


def test_a_diff_preview_is_read_per_file_with_escaped_spaces() -> None:
    preview = "\n".join(
        [
            "old\\ name.txt new\\ name.txt",
            "@@ -1,2 +1,2 @@ ",
            "-secret=1",
            "+secret=2",
            "/dev/null gone.txt",
            "@@ -0,0 +1,1 @@ ",
            "+token",
        ]
    )
    lines = diff_lines(preview, [(3, 0, 6), (6, 0, 5)])
    assert lines == [("new name.txt", "+secret=2"), ("gone.txt", "+token")]
