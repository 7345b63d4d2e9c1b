"""The practice schema is a faithful subset of Sourcegraph's: names, argument and field types
and nullability as Sourcegraph declares them (schema.graphql, 5.x), and a resolver or a
readable attribute for every root field."""

from __future__ import annotations

import pytest
from graphql import GraphQLObjectType

from kit.practice.graphql import practice_schema

SOURCEGRAPH_TYPES = [
    ("Query", "currentUser", "User"),
    ("Query", "site", "Site!"),
    ("Query", "users", "UserConnection!"),
    ("Query", "repository", "Repository"),
    ("Query", "repositories", "RepositoryConnection!"),
    ("Query", "externalServices", "ExternalServiceConnection!"),
    ("Query", "organizations", "OrgConnection!"),
    ("Query", "search", "Search"),
    ("Mutation", "createUser", "CreateUserResult!"),
    ("Mutation", "deleteUser", "EmptyResponse"),
    ("Mutation", "setUserIsSiteAdmin", "EmptyResponse"),
    ("Mutation", "createAccessToken", "CreateAccessTokenResult!"),
    ("Mutation", "deleteAccessToken", "EmptyResponse!"),
    ("Mutation", "updateSiteConfiguration", "Boolean!"),
    ("Mutation", "addExternalService", "ExternalService!"),
    ("Mutation", "deleteExternalService", "EmptyResponse!"),
    ("Mutation", "createOrganization", "Org!"),
    ("Mutation", "addUserToOrganization", "EmptyResponse!"),
    ("SiteConfiguration", "id", "Int!"),
    ("SiteConfiguration", "effectiveContents", "JSONCString!"),
    ("RepositoryConnection", "totalCount", "Int"),
    ("Repository", "defaultBranch", "GitRef"),
    ("Repository", "externalRepository", "ExternalRepository!"),
    ("ExternalService", "config", "JSONCString!"),
    ("LineMatch", "lineNumber", "Int!"),
    ("LineMatch", "offsetAndLengths", "[[Int!]!]!"),
    ("FileMatch", "file", "GitBlob!"),
    ("SearchResults", "results", "[SearchResult!]!"),
    ("User", "accessTokens", "AccessTokenConnection!"),
    ("PageInfo", "endCursor", "String"),
]

SOURCEGRAPH_ARGUMENTS = [
    ("Mutation", "updateSiteConfiguration", "lastID", "Int!"),
    ("Mutation", "updateSiteConfiguration", "input", "String!"),
    ("Mutation", "createAccessToken", "scopes", "[String!]!"),
    ("Mutation", "createAccessToken", "user", "ID!"),
    ("Mutation", "setUserIsSiteAdmin", "userID", "ID!"),
    ("Query", "search", "version", "SearchVersion"),
    ("Query", "repositories", "names", "[String!]"),
]


@pytest.mark.parametrize(("type_name", "field", "expected"), SOURCEGRAPH_TYPES)
def test_field_types_match_sourcegraph(type_name: str, field: str, expected: str) -> None:
    graphql_type = practice_schema().get_type(type_name)
    assert isinstance(graphql_type, GraphQLObjectType)
    assert str(graphql_type.fields[field].type) == expected


@pytest.mark.parametrize(("type_name", "field", "argument", "expected"), SOURCEGRAPH_ARGUMENTS)
def test_argument_types_match_sourcegraph(
    type_name: str, field: str, argument: str, expected: str
) -> None:
    graphql_type = practice_schema().get_type(type_name)
    assert isinstance(graphql_type, GraphQLObjectType)
    assert str(graphql_type.fields[field].args[argument].type) == expected


def test_every_root_field_has_a_resolver() -> None:
    schema = practice_schema()
    for root in (schema.query_type, schema.mutation_type):
        assert root is not None
        missing = [name for name, field in root.fields.items() if field.resolve is None]
        assert missing == [], f"{root.name} fields without a resolver"
