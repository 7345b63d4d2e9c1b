"""GraphQL exercises are judged by what the request does on a fresh practice instance: the data
a query returns, the state a mutation leaves (read back with the exercise's probe), and for API
scripts the report a learner's function makes against a freshly served instance."""

from __future__ import annotations

import re

import pytest

from kit.errors import ConfigError
from kit.exercises import check_api_script, check_graphql, grade_api_script, grade_graphql
from kit.exercises.graphql import (
    GRADING_USERS,
    reference_graphql_fingerprint,
    reference_script_fingerprint,
)

ADMINS = "{ users { nodes { username siteAdmin } } }"
CREATE = 'mutation { createUser(username: "kim", email: "kim@acme.example") { user { id } } }'
PROBE = '{ user(username: "kim") { username emails { email } } }'
REPORT = '''
import httpx

def report(endpoint, token):
    """The usernames of the site admins."""
    reply = httpx.post(
        f"{endpoint}/.api/graphql",
        headers={"Authorization": f"token {token}"},
        json={"query": "{ users { nodes { username siteAdmin } } }"},
    )
    users = reply.json()["data"]["users"]["nodes"]
    return sorted(u["username"] for u in users if u["siteAdmin"])
'''


@pytest.fixture(scope="module")
def admins() -> str:
    return reference_graphql_fingerprint(ADMINS)


def test_a_query_returning_the_same_data_passes_however_it_is_written(
    admins: str, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = """
    query Admins($n: Int) { users(first: $n) { nodes { ...who } } }
    fragment who on User { siteAdmin username }
    """
    check_graphql(answer, admins)
    grade_graphql(answer, ADMINS)
    assert "Correct: your request returns the data" in capsys.readouterr().out


def test_other_fields_fail_and_the_message_lists_the_fields_returned(admins: str) -> None:
    with pytest.raises(
        AssertionError, match=re.escape("returns these fields: users.nodes.username;")
    ):
        check_graphql("{ users { nodes { username } } }", admins)


def test_the_right_fields_with_other_values_say_so(admins: str) -> None:
    with pytest.raises(AssertionError, match="the fields are right but the values are not"):
        check_graphql('{ users(query: "alex") { nodes { username siteAdmin } } }', admins)


def test_an_invalid_request_fails_with_the_api_s_own_error(admins: str) -> None:
    with pytest.raises(AssertionError, match="Cannot query field 'usrname' on type 'User'"):
        check_graphql("{ users { nodes { usrname } } }", admins)


def test_a_mutation_is_judged_by_the_state_it_leaves(capsys: pytest.CaptureFixture[str]) -> None:
    expected = reference_graphql_fingerprint(CREATE, probe=PROBE)
    reordered = (
        'mutation AddKim { createUser(email: "kim@acme.example", username: "kim") '
        "{ user { username } } }"
    )
    check_graphql(reordered, expected, probe=PROBE)
    assert "leaves the instance as the exercise asks" in capsys.readouterr().out
    with pytest.raises(AssertionError, match=re.escape('"email":"kim@example.com"')):
        grade_graphql(CREATE.replace("acme.example", "example.com"), CREATE, probe=PROBE)


def test_every_answer_runs_on_a_fresh_instance_so_earlier_runs_do_not_count() -> None:
    grade_graphql(CREATE, CREATE, probe=PROBE)
    grade_graphql(CREATE, CREATE, probe=PROBE)  # kim does not exist yet the second time


def test_variables_are_passed_to_the_request() -> None:
    query = "query ($name: String!) { user(username: $name) { username siteAdmin } }"
    expected = reference_graphql_fingerprint(query, variables={"name": "alex"})
    check_graphql(
        "query ($name: String!) { user(username: $name) { siteAdmin username } }",
        expected,
        variables={"name": "alex"},
    )
    with pytest.raises(AssertionError):
        check_graphql(
            '{ user(username: "sam") { username siteAdmin } }', expected, variables={"name": "alex"}
        )


def test_a_request_runs_as_the_user_the_exercise_names() -> None:
    with pytest.raises(AssertionError, match="error"):
        grade_graphql(
            "{ users { nodes { username } } }", "{ currentUser { username } }", as_user="alex"
        )


def test_a_near_miss_request_gives_its_advice(admins: str) -> None:
    hints = {"{ users { nodes { username } } }": "Ask for siteAdmin too."}
    with pytest.raises(AssertionError, match=re.escape("Hint: Ask for siteAdmin too.")):
        check_graphql("{ users(first: 50) { nodes { username } } }", admins, hints=hints)


def test_a_reference_that_fails_is_refused_to_the_author() -> None:
    with pytest.raises(ConfigError, match="the reference GraphQL request fails"):
        reference_graphql_fingerprint("{ nothing }")


# --- API scripts ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def admin_report() -> str:
    return reference_script_fingerprint(REPORT)


def test_a_function_is_run_against_a_served_instance_and_judged_by_its_report(
    admin_report: str, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace: dict[str, object] = {}
    exec(REPORT, namespace)
    check_api_script(namespace["report"], admin_report)
    grade_api_script(REPORT, REPORT)
    assert "Correct: your function reports" in capsys.readouterr().out


def test_a_report_copied_from_the_learner_s_own_instance_fails_on_the_grading_one(
    admin_report: str,
) -> None:
    assert any(admin for _, _, admin in GRADING_USERS)
    with pytest.raises(
        AssertionError,
        match=r'a few more users than yours\), the fields are right but the values are not: your function returns \["admin"\]',
    ):
        check_api_script('def report(endpoint, token):\n    return ["admin"]\n', admin_report)


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        ("def report(endpoint, token):\n    raise KeyError('data')\n", "raised KeyError"),
        ("def report(endpoint, token):\n    return {1, 2}\n", "must return JSON data"),
        ("x = (", "does not run: SyntaxError"),
        ("x = 1", "must define a function"),
        (..., "must be a function"),
    ],
)
def test_a_function_that_fails_says_why(answer: object, says: str, admin_report: str) -> None:
    with pytest.raises(AssertionError, match=says):
        check_api_script(answer, admin_report)


def test_a_learner_s_function_runs_in_the_sandbox_for_the_check_and_the_hidden_test(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SGKIT_GRADER_SECRET", "sgp_the_graders_own_token")
    prying = (
        "import os\n"
        "def report(endpoint, token):\n"
        "    return [os.environ.get('SGKIT_GRADER_SECRET'), os.path.exists(os.path.expanduser('~/.config'))]\n"
    )
    nothing_seen = "def report(endpoint, token):\n    return [None, False]\n"
    grade_api_script(prying, nothing_seen)  # it sees no secret and no home...
    check_api_script(prying, reference_script_fingerprint(nothing_seen))  # ...nor in the check


def test_a_function_that_never_returns_is_stopped_in_the_sandbox() -> None:
    with pytest.raises(AssertionError, match="Your function was stopped"):
        grade_api_script("def report(endpoint, token):\n    while True:\n        pass\n", REPORT)
