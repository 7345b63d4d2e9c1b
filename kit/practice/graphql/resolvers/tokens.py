"""Access tokens: `User.accessTokens`, the `AccessToken` fields, `createAccessToken` and
`deleteAccessToken`, with Sourcegraph's rules: every token has `user:all`, only site admins
may add `site-admin:sudo`, and only the user or a site admin may make or revoke the user's
tokens. The secret is returned once; the store keeps its SHA-256.

Simulated: tokens never expire (Sourcegraph 5.3+ expires them after 90 days by default).
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError

from kit.practice.graphql.auth import (
    SCOPE_SITE_ADMIN_SUDO,
    SCOPE_USER_ALL,
    VALID_SCOPES,
    require_same_user_or_site_admin,
)
from kit.practice.graphql.context import Info, context_of
from kit.practice.graphql.ids import marshal_id, unmarshal_int_id
from kit.practice.graphql.records import AccessTokenRecord, UserRecord
from kit.practice.graphql.resolvers.connections import Connection, paginate
from kit.practice.graphql.resolvers.registry import resolves
from kit.practice.graphql.resolvers.users import EMPTY, user_or_error


@resolves("User", "accessTokens")
def user_access_tokens(
    user: UserRecord, info: Info, first: int | None = None
) -> Connection[AccessTokenRecord]:
    context = context_of(info)
    require_same_user_or_site_admin(context.viewer, user.id)
    return paginate(context.store.tokens(user.id), lambda t: str(t.id), first=first)


@resolves("AccessToken", "id")
def token_id(token: AccessTokenRecord, _: Info) -> str:
    return marshal_id("AccessToken", token.id)


@resolves("AccessToken", "subject")
def token_subject(token: AccessTokenRecord, info: Info) -> UserRecord | None:
    return context_of(info).store.user(token.subject_user_id)


@resolves("AccessToken", "creator")
def token_creator(token: AccessTokenRecord, info: Info) -> UserRecord | None:
    return context_of(info).store.user(token.creator_user_id)


def check_scopes(scopes: list[str], *, site_admin: bool) -> tuple[str, ...]:
    """The scopes of a new token, or Sourcegraph's error for the first rule they break."""
    for scope in scopes:
        if scope not in VALID_SCOPES:
            valid = ", ".join(sorted(VALID_SCOPES))
            raise GraphQLError(f"unknown access token scope {scope!r} (valid scopes: {valid})")
    if SCOPE_USER_ALL not in scopes:
        raise GraphQLError(f'all access tokens must have scope "{SCOPE_USER_ALL}"')
    if SCOPE_SITE_ADMIN_SUDO in scopes and not site_admin:
        raise GraphQLError(
            f'only site admins may create access tokens with scope "{SCOPE_SITE_ADMIN_SUDO}"'
        )
    return tuple(scopes)


@resolves("Mutation", "createAccessToken")
def create_access_token(
    _: Any, info: Info, user: str, scopes: list[str], note: str
) -> dict[str, str]:
    context = context_of(info)
    subject = user_or_error(info, user)
    require_same_user_or_site_admin(context.viewer, subject.id)
    granted = check_scopes(scopes, site_admin=context.viewer.is_site_admin)
    record, secret = context.store.create_token(subject.id, context.viewer.user.id, granted, note)
    return {"id": marshal_id("AccessToken", record.id), "token": secret}


@resolves("Mutation", "deleteAccessToken")
def delete_access_token(
    _: Any,
    info: Info,
    byID: str | None = None,  # noqa: N803 - GraphQL argument name
    byToken: str | None = None,  # noqa: N803
) -> dict[str, Any]:
    if (byID is None) == (byToken is None):
        raise GraphQLError("exactly one of byID or byToken must be specified")
    context = context_of(info)
    store = context.store
    token = (
        store.token(unmarshal_int_id(byID, "AccessToken"))
        if byID is not None
        else store.token_by_secret(byToken or "")
    )
    if token is None:
        raise GraphQLError("access token not found")
    require_same_user_or_site_admin(context.viewer, token.subject_user_id)
    store.delete_token(token.id)
    return EMPTY
