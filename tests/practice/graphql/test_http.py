"""GraphQL over HTTP as Sourcegraph serves it: the path, the token header, the status codes and
bodies of refused requests, the response shape, and the query size limits."""

from __future__ import annotations

import httpx
import pytest

from kit.errors import PracticeError
from kit.practice.graphql import PracticeAPI, open_api, open_store, serve_api
from kit.practice.graphql.auth import SCOPE_SITE_ADMIN_SUDO, SCOPE_USER_ALL
from kit.search import PracticeBackend
from tests.practice.graphql.conftest import Gql, error_messages

CURRENT_USER = "query CurrentUser { currentUser { username siteAdmin } }"


def test_a_token_in_the_authorization_header_identifies_the_user(
    http: httpx.Client, alex_token: str
) -> None:
    response = http.post(
        "/.api/graphql",
        json={"query": CURRENT_USER},
        headers={"Authorization": f"token {alex_token}"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"data": {"currentUser": {"username": "alex", "siteAdmin": False}}}


def test_requests_without_a_token_get_401_private_mode(http: httpx.Client) -> None:
    response = http.post("/.api/graphql", json={"query": CURRENT_USER})
    assert response.status_code == 401
    assert response.text == "Private mode requires authentication.\n"


def test_an_unknown_token_gets_401_invalid_access_token(http: httpx.Client) -> None:
    response = http.post(
        "/.api/graphql",
        json={"query": CURRENT_USER},
        headers={"Authorization": "token sgp_0000000000000000000000000000000000000000"},
    )
    assert response.status_code == 401
    assert response.text == "Invalid access token.\n"


def test_a_header_in_another_scheme_is_invalid(http: httpx.Client, alex_token: str) -> None:
    response = http.post(
        "/.api/graphql",
        json={"query": CURRENT_USER},
        headers={"Authorization": f"Basic {alex_token}"},
    )
    assert response.status_code == 401
    assert response.text == "Invalid Authorization header.\n"


def test_the_token_works_without_its_sgp_prefix(gql: Gql, alex_token: str) -> None:
    body = gql(CURRENT_USER, token=alex_token.removeprefix("sgp_"))
    assert body["data"]["currentUser"]["username"] == "alex"


def test_get_is_not_allowed(http: httpx.Client, admin_token: str) -> None:
    response = http.get(
        "/.api/graphql",
        params={"query": CURRENT_USER},
        headers={"Authorization": f"token {admin_token}"},
    )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


def test_a_body_that_is_not_json_is_a_400_with_a_message(
    http: httpx.Client, admin_token: str
) -> None:
    response = http.post(
        "/.api/graphql",
        content=b"{query: currentUser}",
        headers={"Authorization": f"token {admin_token}", "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.text.startswith("invalid JSON in the request body")


def test_a_json_body_that_is_not_an_object_is_a_400(http: httpx.Client, admin_token: str) -> None:
    response = http.post(
        "/.api/graphql", json=["currentUser"], headers={"Authorization": f"token {admin_token}"}
    )
    assert response.status_code == 400
    assert "must be a JSON object" in response.text


def test_other_paths_are_404(http: httpx.Client, admin_token: str) -> None:
    response = http.post(
        "/api/graphql",
        json={"query": CURRENT_USER},
        headers={"Authorization": f"token {admin_token}"},
    )
    assert response.status_code == 404


def test_the_operation_name_may_follow_the_path_as_sourcegraph_clients_send_it(
    http: httpx.Client, admin_token: str
) -> None:
    response = http.post(
        "/.api/graphql?CurrentUser",
        json={"query": CURRENT_USER, "operationName": "CurrentUser", "variables": None},
        headers={"Authorization": f"token {admin_token}"},
    )
    assert response.json()["data"]["currentUser"]["username"] == "admin"


def test_a_syntax_error_is_a_graphql_error_with_status_200_and_no_data(gql: Gql) -> None:
    body = gql("{ currentUser { username ")
    assert "data" not in body
    assert body["errors"][0]["message"].startswith("Syntax Error")


def test_a_field_outside_the_schema_is_a_validation_error(gql: Gql) -> None:
    body = gql("{ currentUser { favouriteColour } }")
    assert error_messages(body) == ["Cannot query field 'favouriteColour' on type 'User'."]


def _nested_query(depth: int) -> str:
    """A valid query whose deepest field (`username`) is at `depth`: currentUser, then
    organizations > nodes > members > nodes repeated, then username."""
    cycle = ["organizations", "nodes", "members", "nodes"]
    fields = ["currentUser"] + [cycle[i % 4] for i in range(depth - 2)]
    assert (depth - 2) % 4 == 0, "the nesting must end on a User"
    return "{ " + " { ".join(fields) + " { username" + " }" * len(fields) + " }"


def test_queries_deeper_than_30_are_refused_before_they_run(gql: Gql) -> None:
    body = gql(_nested_query(34))
    assert "data" not in body
    assert error_messages(body) == ['Field "nodes" has depth 31 that exceeds max depth 30']


def test_a_query_of_depth_30_runs(gql: Gql) -> None:
    body = gql(_nested_query(30))
    assert "errors" not in body
    assert body["data"]["currentUser"]["organizations"]["nodes"][0]["members"]["nodes"]


def test_more_than_500_aliases_are_refused(gql: Gql) -> None:
    query = "{ " + " ".join(f"a{i}: currentUser {{ username }}" for i in range(501)) + " }"
    body = gql(query)
    assert error_messages(body) == ["Query has 501 aliases that exceeds max aliases 500"]


@pytest.fixture
def sudo_token(api: PracticeAPI) -> str:
    """A token of the site admin with the `site-admin:sudo` scope."""
    admin = api.store.user_by_username("admin")
    assert admin is not None
    _, token = api.store.create_token(
        admin.id, admin.id, (SCOPE_USER_ALL, SCOPE_SITE_ADMIN_SUDO), "sudo"
    )
    return token


def test_token_sudo_acts_as_the_named_user(http: httpx.Client, sudo_token: str) -> None:
    response = http.post(
        "/.api/graphql",
        json={"query": CURRENT_USER},
        headers={"Authorization": f'token-sudo user="sam",token="{sudo_token}"'},
    )
    assert response.json() == {"data": {"currentUser": {"username": "sam", "siteAdmin": False}}}


def test_token_sudo_needs_the_sudo_scope(http: httpx.Client, admin_token: str) -> None:
    response = http.post(
        "/.api/graphql",
        json={"query": CURRENT_USER},
        headers={"Authorization": f'token-sudo user="sam",token="{admin_token}"'},
    )
    assert response.status_code == 401
    assert response.text == "Invalid access token.\n"


def test_token_sudo_to_a_nonexistent_user_is_refused(http: httpx.Client, sudo_token: str) -> None:
    response = http.post(
        "/.api/graphql",
        json={"query": CURRENT_USER},
        headers={"Authorization": f'token-sudo user="nobody",token="{sudo_token}"'},
    )
    assert response.status_code == 403
    assert response.text == "Unable to sudo to nonexistent user.\n"


def test_in_process_execute_answers_like_the_server(
    api: PracticeAPI, alex_token: str, gql: Gql
) -> None:
    assert api.execute(CURRENT_USER, token=alex_token) == gql(CURRENT_USER, token=alex_token)
    assert api.execute(CURRENT_USER, username="sam")["data"]["currentUser"]["username"] == "sam"


def test_learner_code_written_with_requests_works_unchanged(url: str, alex_token: str) -> None:
    import requests

    endpoint = url  # on a real instance: os.environ["SRC_ENDPOINT"]
    response = requests.post(
        f"{endpoint}/.api/graphql",
        headers={"Authorization": f"token {alex_token}"},
        json={
            "query": "query($n: String!) { repository(name: $n) { stars } }",
            "variables": {"n": "github.com/acme/ui-kit"},
        },
        timeout=30,
    )
    response.raise_for_status()
    assert response.json()["data"]["repository"]["stars"] == 88


def test_in_process_execute_without_a_token_raises_the_http_refusal(api: PracticeAPI) -> None:
    with pytest.raises(PracticeError, match="HTTP 401: Private mode requires authentication"):
        api.execute(CURRENT_USER)


def test_an_internal_error_is_a_500_with_a_message_not_a_dropped_connection(
    practice: PracticeBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> object:
        raise TypeError("Object of type datetime is not JSON serializable")

    api = open_api(practice, open_store())
    with serve_api(api) as base:
        monkeypatch.setattr(api, "handle", broken)
        reply = httpx.post(f"{base}/.api/graphql", json={"query": CURRENT_USER}, timeout=10)
    assert reply.status_code == 500
    assert (
        reply.text
        == "internal error: TypeError: Object of type datetime is not JSON serializable\n"
    )


def test_concurrent_requests_all_get_their_own_answer(url: str, admin_token: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def ask(_: int) -> object:
        reply = httpx.post(
            f"{url}/.api/graphql",
            json={"query": "{ users { nodes { username createdAt } } }"},
            headers={"Authorization": f"token {admin_token}"},
            timeout=30,
        )
        return reply.json()["data"]["users"]["nodes"][0]["username"]

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(ask, range(40))) == {"admin"}
