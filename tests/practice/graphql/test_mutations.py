"""The admin mutations through HTTP: each one's effect, and for each refusal (a non-admin, a
stale lastID, bad input) Sourcegraph's message and nothing changed."""

from __future__ import annotations

import httpx

from kit.practice.graphql import PracticeAPI, create_token
from tests.practice.graphql.conftest import Gql, error_messages

CREATE_USER = "mutation($u: String!, $e: String) { createUser(username: $u, email: $e) { user { id username emails { email verified } } resetPasswordURL } }"
SITE_CONFIG = "{ site { configuration { id effectiveContents } } }"
UPDATE_SITE = (
    "mutation($id: Int!, $input: String!) { updateSiteConfiguration(lastID: $id, input: $input) }"
)


def _user_id(gql: Gql, username: str) -> str:
    return str(
        gql("query($u: String!) { user(username: $u) { id } }", {"u": username})["data"]["user"][
            "id"
        ]
    )


def test_create_user_adds_a_user_with_a_verified_email(gql: Gql, url: str) -> None:
    body = gql(CREATE_USER, {"u": "casey", "e": "casey@example.com"})
    created = body["data"]["createUser"]
    assert created["user"]["username"] == "casey"
    assert created["user"]["emails"] == [{"email": "casey@example.com", "verified": True}]
    assert created["resetPasswordURL"].startswith(f"{url}/password-reset?code=")
    assert gql('{ user(username: "casey") { username } }')["data"]["user"] == {"username": "casey"}


def test_create_user_refuses_a_taken_username(gql: Gql) -> None:
    body = gql(CREATE_USER, {"u": "alex", "e": None})
    assert error_messages(body) == ["cannot create user: err_username_exists"]


def test_create_user_refuses_an_invalid_username(gql: Gql) -> None:
    body = gql(CREATE_USER, {"u": "no spaces", "e": None})
    assert error_messages(body)[0].startswith("invalid username 'no spaces'")


def test_a_non_admin_cannot_create_users_and_nothing_is_created(
    gql: Gql, alex_token: str, api: PracticeAPI
) -> None:
    body = gql(CREATE_USER, {"u": "mallory", "e": None}, token=alex_token)
    assert body["data"] is None
    assert error_messages(body) == ["must be site admin"]
    assert api.store.user_by_username("mallory") is None


def test_set_user_is_site_admin_promotes_and_demotes(gql: Gql) -> None:
    gql(CREATE_USER, {"u": "promoted", "e": None})
    user_id = _user_id(gql, "promoted")
    mutation = "mutation($id: ID!, $on: Boolean!) { setUserIsSiteAdmin(userID: $id, siteAdmin: $on) { alwaysNil } }"
    assert gql(mutation, {"id": user_id, "on": True})["data"] == {
        "setUserIsSiteAdmin": {"alwaysNil": None}
    }
    assert gql('{ user(username: "promoted") { siteAdmin } }')["data"]["user"]["siteAdmin"] is True
    gql(mutation, {"id": user_id, "on": False})
    assert gql('{ user(username: "promoted") { siteAdmin } }')["data"]["user"]["siteAdmin"] is False


def test_an_admin_cannot_change_their_own_site_admin_status(gql: Gql) -> None:
    body = gql(
        "mutation($id: ID!) { setUserIsSiteAdmin(userID: $id, siteAdmin: false) { alwaysNil } }",
        {"id": _user_id(gql, "admin")},
    )
    assert error_messages(body) == ["refusing to set current user site admin status"]


def test_a_non_admin_cannot_make_themself_site_admin(
    gql: Gql, alex_token: str, api: PracticeAPI
) -> None:
    body = gql(
        "mutation($id: ID!) { setUserIsSiteAdmin(userID: $id, siteAdmin: true) { alwaysNil } }",
        {"id": _user_id(gql, "alex")},
        token=alex_token,
    )
    assert error_messages(body) == ["must be site admin"]
    alex = api.store.user_by_username("alex")
    assert alex is not None and not alex.site_admin


def test_delete_user_removes_the_user_and_revokes_their_tokens(
    gql: Gql, http: httpx.Client, api: PracticeAPI
) -> None:
    gql(CREATE_USER, {"u": "leaving", "e": None})
    token = create_token(api.store, "leaving")
    body = gql(
        "mutation($id: ID!) { deleteUser(user: $id) { alwaysNil } }",
        {"id": _user_id(gql, "leaving")},
    )
    assert "errors" not in body
    assert gql('{ user(username: "leaving") { id } }')["data"]["user"] is None
    response = http.post(
        "/.api/graphql",
        json={"query": "{ currentUser { id } }"},
        headers={"Authorization": f"token {token}"},
    )
    assert response.status_code == 401


def test_create_access_token_returns_a_working_sgp_token_once(
    gql: Gql, alex_token: str, api: PracticeAPI
) -> None:
    body = gql(
        'mutation($id: ID!) { createAccessToken(user: $id, scopes: ["user:all"], note: "ci") { id token } }',
        {"id": _user_id(gql, "alex")},
        token=alex_token,
    )
    created = body["data"]["createAccessToken"]
    assert created["token"].startswith("sgp_") and len(created["token"]) == 44
    assert (
        gql("{ currentUser { username } }", token=created["token"])["data"]["currentUser"][
            "username"
        ]
        == "alex"
    )
    notes = gql("{ currentUser { accessTokens { nodes { id note } } } }", token=alex_token)
    assert {"id": created["id"], "note": "ci"} in notes["data"]["currentUser"]["accessTokens"][
        "nodes"
    ]


def test_a_user_cannot_create_tokens_for_someone_else(
    gql: Gql, alex_token: str, api: PracticeAPI
) -> None:
    sam = api.store.user_by_username("sam")
    assert sam is not None
    before = len(api.store.tokens(sam.id))
    body = gql(
        'mutation($id: ID!) { createAccessToken(user: $id, scopes: ["user:all"], note: "x") { token } }',
        {"id": _user_id(gql, "sam")},
        token=alex_token,
    )
    assert error_messages(body) == ["must be authenticated as the authorized user or site admin"]
    assert len(api.store.tokens(sam.id)) == before


def test_token_scopes_follow_sourcegraphs_rules(gql: Gql, alex_token: str) -> None:
    mutation = 'mutation($id: ID!, $s: [String!]!) { createAccessToken(user: $id, scopes: $s, note: "x") { token } }'
    alex = _user_id(gql, "alex")
    assert error_messages(gql(mutation, {"id": alex, "s": ["site-admin:sudo"]})) == [
        'all access tokens must have scope "user:all"'
    ]
    assert error_messages(
        gql(mutation, {"id": alex, "s": ["user:all", "site-admin:sudo"]}, token=alex_token)
    ) == ['only site admins may create access tokens with scope "site-admin:sudo"']
    assert error_messages(gql(mutation, {"id": alex, "s": ["user:all", "repo:write"]}))[
        0
    ].startswith("unknown access token scope 'repo:write'")


def test_delete_access_token_by_token_revokes_it_at_once(
    gql: Gql, http: httpx.Client, api: PracticeAPI
) -> None:
    token = create_token(api.store, "sam")
    body = gql(
        "mutation($t: String!) { deleteAccessToken(byToken: $t) { alwaysNil } }",
        {"t": token},
        token=token,
    )
    assert "errors" not in body
    response = http.post(
        "/.api/graphql",
        json={"query": "{ currentUser { id } }"},
        headers={"Authorization": f"token {token}"},
    )
    assert response.status_code == 401


def test_delete_access_token_needs_exactly_one_selector(gql: Gql) -> None:
    body = gql("mutation { deleteAccessToken { alwaysNil } }")
    assert error_messages(body) == ["exactly one of byID or byToken must be specified"]


def test_update_site_configuration_stores_the_jsonc_as_written(gql: Gql) -> None:
    current = gql(SITE_CONFIG)["data"]["site"]["configuration"]
    text = '{\n  // practice edit\n  "externalURL": "https://sourcegraph.acme.example",\n}\n'
    assert gql(UPDATE_SITE, {"id": current["id"], "input": text})["data"] == {
        "updateSiteConfiguration": False
    }
    after = gql(SITE_CONFIG)["data"]["site"]["configuration"]
    assert after == {"id": current["id"] + 1, "effectiveContents": text}


def test_update_site_configuration_with_a_stale_last_id_changes_nothing(gql: Gql) -> None:
    current = gql(SITE_CONFIG)["data"]["site"]["configuration"]
    body = gql(
        UPDATE_SITE, {"id": current["id"] - 1, "input": '{"externalURL": "https://stale.example"}'}
    )
    assert error_messages(body) == ["someone else has already applied a newer edit"]
    assert gql(SITE_CONFIG)["data"]["site"]["configuration"] == current


def test_update_site_configuration_refuses_blank_and_invalid_input(gql: Gql) -> None:
    current = gql(SITE_CONFIG)["data"]["site"]["configuration"]
    blank = gql(UPDATE_SITE, {"id": current["id"], "input": "  "})
    assert error_messages(blank)[0].startswith("blank site configuration is invalid")
    broken = gql(UPDATE_SITE, {"id": current["id"], "input": '{"externalURL": }'})
    assert error_messages(broken)[0].startswith("invalid site configuration: input:1:")
    assert gql(SITE_CONFIG)["data"]["site"]["configuration"] == current


def test_a_non_admin_cannot_update_the_site_configuration(
    gql: Gql, alex_token: str, api: PracticeAPI
) -> None:
    before = api.store.site_config()
    body = gql(UPDATE_SITE, {"id": before.id, "input": "{}"}, token=alex_token)
    assert error_messages(body) == ["must be site admin"]
    assert api.store.site_config() == before


ADD_SERVICE = """mutation($input: AddExternalServiceInput!) {
  addExternalService(input: $input) { id kind displayName config repoCount } }"""


def test_add_update_sync_and_delete_a_code_host_connection(gql: Gql, api: PracticeAPI) -> None:
    config = '{"url": "https://github.com", "token": "ghp_secret_value", "repos": ["acme/ui-kit"]}'
    added = gql(
        ADD_SERVICE, {"input": {"kind": "GITHUB", "displayName": "UI kit only", "config": config}}
    )["data"]["addExternalService"]
    assert added["repoCount"] == 1
    assert "ghp_secret_value" not in added["config"] and '"REDACTED"' in added["config"]

    redacted_edit = added["config"].replace('["acme/ui-kit"]', '["acme/ui-kit", "acme/mlutils"]')
    updated = gql(
        "mutation($input: UpdateExternalServiceInput!) { updateExternalService(input: $input) { displayName repoCount } }",
        {"input": {"id": added["id"], "displayName": "Two repos", "config": redacted_edit}},
    )["data"]["updateExternalService"]
    assert updated == {"displayName": "Two repos", "repoCount": 2}
    stored = next(s for s in api.store.services() if s.display_name == "Two repos")
    assert "ghp_secret_value" in stored.config  # the secret survived the redacted round trip

    synced = gql(
        "mutation($id: ID!) { syncExternalService(id: $id) { alwaysNil } }", {"id": added["id"]}
    )
    assert "errors" not in synced
    after_sync = api.store.service(stored.id)
    assert after_sync is not None and after_sync.last_sync_at is not None

    gql(
        "mutation($id: ID!) { deleteExternalService(externalService: $id) { alwaysNil } }",
        {"id": added["id"]},
    )
    names = [
        n["displayName"]
        for n in gql("{ externalServices { nodes { displayName } } }")["data"]["externalServices"][
            "nodes"
        ]
    ]
    assert "Two repos" not in names


def test_add_external_service_refuses_invalid_jsonc(gql: Gql) -> None:
    body = gql(
        ADD_SERVICE, {"input": {"kind": "GITHUB", "displayName": "Broken", "config": "{url: x}"}}
    )
    assert error_messages(body)[0].startswith("invalid configuration: config:1:")


def test_a_non_admin_cannot_add_a_code_host_connection(
    gql: Gql, alex_token: str, api: PracticeAPI
) -> None:
    before = api.store.services()
    body = gql(
        ADD_SERVICE,
        {
            "input": {
                "kind": "GITLAB",
                "displayName": "Sneaky",
                "config": '{"url": "https://gitlab.com"}',
            }
        },
        token=alex_token,
    )
    assert error_messages(body) == ["must be site admin"]
    assert api.store.services() == before


def test_any_user_can_create_an_organization_and_becomes_a_member(
    gql: Gql, alex_token: str
) -> None:
    body = gql(
        'mutation { createOrganization(name: "alex-team", displayName: "Alex team") { id name viewerIsMember members { nodes { username } } } }',
        token=alex_token,
    )
    org = body["data"]["createOrganization"]
    assert org["name"] == "alex-team" and org["viewerIsMember"] is True
    assert org["members"]["nodes"] == [{"username": "alex"}]
    taken = gql('mutation { createOrganization(name: "alex-team") { id } }')
    assert error_messages(taken) == ["organization name is already taken"]


def test_add_user_to_organization_is_for_site_admins(gql: Gql, alex_token: str) -> None:
    org_id = gql('mutation { createOrganization(name: "reviewers") { id } }')["data"][
        "createOrganization"
    ]["id"]
    mutation = "mutation($o: ID!, $u: String!) { addUserToOrganization(organization: $o, username: $u) { alwaysNil } }"
    refused = gql(mutation, {"o": org_id, "u": "alex"}, token=alex_token)
    assert error_messages(refused) == ["must be site admin"]
    assert "errors" not in gql(mutation, {"o": org_id, "u": "sam"})
    members = gql('{ organization(name: "reviewers") { members { nodes { username } } } }')
    assert members["data"]["organization"]["members"]["nodes"] == [
        {"username": "admin"},
        {"username": "sam"},
    ]
