"""The read side of the practice API: the current user, the site, users, organizations,
repositories (from the corpus and its `corpus.yaml`), code host connections, pagination and
opaque IDs, with site-admin-only fields refused to other users."""

from __future__ import annotations

from typing import Any

from kit.practice.graphql import unmarshal_id
from kit.search import PracticeBackend
from tests.practice.graphql.conftest import Gql, error_messages


def test_current_user_shows_profile_emails_and_tokens(gql: Gql, alex_token: str) -> None:
    body = gql(
        "{ currentUser { id username displayName siteAdmin emails { email verified isPrimary }"
        " accessTokens { totalCount nodes { note scopes } } organizations { nodes { name } } } }",
        token=alex_token,
    )
    me = body["data"]["currentUser"]
    assert unmarshal_id(me["id"]) == ("User", 2)
    assert me["username"] == "alex" and me["displayName"] == "Alex Developer"
    assert me["siteAdmin"] is False
    assert me["emails"] == [{"email": "alex@example.com", "verified": True, "isPrimary": True}]
    assert me["accessTokens"]["totalCount"] >= 1
    assert {"note": "sgkit", "scopes": ["user:all"]} in me["accessTokens"]["nodes"]
    assert me["organizations"]["nodes"] == [{"name": "acme"}]


def test_ids_are_sourcegraph_style_opaque_relay_ids(gql: Gql) -> None:
    body = gql(
        '{ currentUser { id } site { id } repository(name: "github.com/acme/ui-kit") { id } }'
    )
    assert body["data"]["currentUser"]["id"] == "VXNlcjox"  # base64("User:1")
    assert body["data"]["site"]["id"] == "U2l0ZToic2l0ZSI="  # base64('Site:"site"')
    assert unmarshal_id(body["data"]["repository"]["id"])[0] == "Repository"


def test_node_looks_up_any_id(gql: Gql) -> None:
    ids = gql("{ currentUser { id } }")["data"]["currentUser"]["id"]
    body = gql(
        "query($id: ID!) { node(id: $id) { __typename ... on User { username } } }", {"id": ids}
    )
    assert body["data"]["node"] == {"__typename": "User", "username": "admin"}


def test_site_shows_versions_and_the_configuration_to_admins(gql: Gql) -> None:
    site = gql(
        "{ site { siteID productVersion buildVersion configuration { id effectiveContents } } }"
    )["data"]["site"]
    assert site["productVersion"] == "5.5.0"
    assert len(site["siteID"]) == 36
    assert site["configuration"]["id"] >= 1
    assert '"externalURL"' in site["configuration"]["effectiveContents"]
    assert "//" in site["configuration"]["effectiveContents"]  # comments are kept


def test_site_configuration_is_refused_to_non_admins(gql: Gql, alex_token: str) -> None:
    body = gql("{ site { productVersion configuration { id } } }", token=alex_token)
    assert error_messages(body) == ["must be site admin"]
    assert body["errors"][0]["path"] == ["site", "configuration"]
    assert gql("{ site { productVersion } }", token=alex_token)["data"]["site"]["productVersion"]


def test_users_list_pages_with_cursors(gql: Gql) -> None:
    query = "query($after: String) { users(first: 2, after: $after) { nodes { username } totalCount pageInfo { hasNextPage endCursor } } }"
    seen: list[str] = []
    after = None
    while True:
        page = gql(query, {"after": after})["data"]["users"]
        seen += [node["username"] for node in page["nodes"]]
        assert page["totalCount"] >= 3
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen[:3] == ["admin", "alex", "sam"]
    assert len(seen) == len(set(seen)) == page["totalCount"]


def test_users_query_filters_by_username_or_display_name(gql: Gql) -> None:
    nodes = gql('{ users(query: "review") { nodes { username } } }')["data"]["users"]["nodes"]
    assert nodes == [{"username": "sam"}]


def test_users_list_is_refused_to_non_admins(gql: Gql, alex_token: str) -> None:
    body = gql("{ users { totalCount } }", token=alex_token)
    assert body["data"] is None
    assert error_messages(body) == ["must be site admin"]


def test_user_by_username_hides_another_users_emails_from_non_admins(
    gql: Gql, alex_token: str
) -> None:
    assert gql('{ user(username: "sam") { username displayName } }', token=alex_token)["data"] == {
        "user": {"username": "sam", "displayName": "Sam Reviewer"}
    }
    body = gql('{ user(username: "sam") { emails { email } } }', token=alex_token)
    assert error_messages(body) == ["must be authenticated as the authorized user or site admin"]
    assert gql('{ user(username: "nobody") { username } }')["data"] == {"user": None}


def test_repository_comes_from_the_corpus_with_its_metadata(gql: Gql) -> None:
    repo = gql(
        '{ repository(name: "gitlab.example.com/platform/deploy-configs") { name url description'
        " isFork isArchived isPrivate stars defaultBranch { name displayName }"
        " externalRepository { serviceType serviceID } } }"
    )["data"]["repository"]
    assert repo == {
        "name": "gitlab.example.com/platform/deploy-configs",
        "url": "/gitlab.example.com/platform/deploy-configs",
        "description": "Kubernetes manifests and the local Docker Compose set-up for Acme's services",
        "isFork": False,
        "isArchived": False,
        "isPrivate": True,
        "stars": 6,
        "defaultBranch": {"name": "refs/heads/main", "displayName": "main"},
        "externalRepository": {"serviceType": "gitlab", "serviceID": "https://gitlab.example.com/"},
    }


def test_repository_by_clone_url(gql: Gql) -> None:
    body = gql('{ repository(cloneURL: "https://github.com/acme/ui-kit.git") { name } }')
    assert body["data"]["repository"] == {"name": "github.com/acme/ui-kit"}


def test_repositories_page_through_every_corpus_repository(
    gql: Gql, practice: PracticeBackend
) -> None:
    query = "query($after: String) { repositories(first: 4, after: $after) { nodes { name } totalCount pageInfo { hasNextPage endCursor } } }"
    names: list[str] = []
    after = None
    for _ in range(10):
        page: dict[str, Any] = gql(query, {"after": after})["data"]["repositories"]
        names += [n["name"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    expected = sorted(repo.name for repo in practice.corpus.repositories)
    assert names == expected
    assert page["totalCount"] == len(expected)


def test_repositories_filter_by_query_and_names(gql: Gql) -> None:
    by_query = gql('{ repositories(first: 10, query: "SERVICE") { nodes { name } } }')
    assert [n["name"] for n in by_query["data"]["repositories"]["nodes"]] == [
        "github.com/acme/billing-service",
        "github.com/acme/inventory-service",
    ]
    by_names = gql(
        '{ repositories(first: 10, names: ["github.com/acme/ui-kit", "github.com/acme/nope"]) { nodes { name } } }'
    )
    assert by_names["data"]["repositories"]["nodes"] == [{"name": "github.com/acme/ui-kit"}]


def test_repositories_total_count_is_null_for_non_admins(gql: Gql, alex_token: str) -> None:
    body = gql("{ repositories(first: 1) { totalCount nodes { name } } }", token=alex_token)
    assert body["data"]["repositories"]["totalCount"] is None
    assert len(body["data"]["repositories"]["nodes"]) == 1


def test_external_services_one_per_code_host_with_secrets_redacted(gql: Gql) -> None:
    nodes = gql("{ externalServices(first: 10) { nodes { kind displayName config repoCount } } }")[
        "data"
    ]["externalServices"]["nodes"]
    kinds = {node["kind"]: node for node in nodes}
    assert kinds["GITHUB"]["repoCount"] == 7
    assert kinds["GITLAB"]["repoCount"] == 2
    assert '"token": "REDACTED"' in kinds["GITHUB"]["config"]


def test_external_services_are_refused_to_non_admins(gql: Gql, alex_token: str) -> None:
    body = gql("{ externalServices { totalCount } }", token=alex_token)
    assert error_messages(body) == ["must be site admin"]


def test_organizations_list_with_members(gql: Gql, alex_token: str) -> None:
    orgs = gql(
        "{ organizations { totalCount nodes { name displayName members { nodes { username } } } } }"
    )
    acme = orgs["data"]["organizations"]["nodes"][0]
    assert acme["name"] == "acme" and acme["displayName"] == "Acme Corp"
    assert [m["username"] for m in acme["members"]["nodes"]][:2] == ["admin", "alex"]
    assert error_messages(gql("{ organizations { totalCount } }", token=alex_token)) == [
        "must be site admin"
    ]


def test_dates_are_rfc_3339_strings_in_utc(gql: Gql) -> None:
    data = gql("{ users(first: 1) { nodes { createdAt } } }")["data"]
    assert data["users"]["nodes"][0]["createdAt"] == "2025-01-06T09:00:00Z"


def test_a_repository_links_to_its_code_host(gql: Gql) -> None:
    query = '{ repository(name: "github.com/acme/billing-service") { externalURLs { url serviceKind } } }'
    assert gql(query)["data"]["repository"]["externalURLs"] == [
        {"url": "https://github.com/acme/billing-service", "serviceKind": "GITHUB"}
    ]
