"""Users: `currentUser`, `user`, `users` and the `User` fields, and the admin mutations
`createUser`, `deleteUser` and `setUserIsSiteAdmin`.

Simulated: no password is ever set; `resetPasswordURL` is a made-up link on the instance.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from graphql import GraphQLError

from kit.practice.graphql.auth import require_same_user_or_site_admin, require_site_admin
from kit.practice.graphql.context import Info, context_of
from kit.practice.graphql.ids import marshal_id, unmarshal_int_id
from kit.practice.graphql.records import EmailRecord, UserRecord
from kit.practice.graphql.resolvers.connections import Connection, paginate
from kit.practice.graphql.resolvers.registry import resolves

__all__ = ["EMPTY", "user_or_error", "valid_name"]

EMPTY: dict[str, Any] = {}
"""An `EmptyResponse` (its only field, `alwaysNil`, is null)."""

_NAME = re.compile(r"^[a-zA-Z0-9](?:[a-zA-Z0-9]|[-.](?=[a-zA-Z0-9]))*-?$")


def valid_name(name: str) -> bool:
    """Whether `name` is a valid Sourcegraph username or organization name."""
    return len(name) <= 255 and _NAME.match(name) is not None


def user_or_error(info: Info, opaque_id: str) -> UserRecord:
    """The user an opaque ID names, or a GraphQL error."""
    user = context_of(info).store.user(unmarshal_int_id(opaque_id, "User"))
    if user is None:
        raise GraphQLError("user not found")
    return user


# --- queries ----------------------------------------------------------------------------------
@resolves("Query", "currentUser")
def current_user(_: Any, info: Info) -> UserRecord:
    return context_of(info).viewer.user


@resolves("Query", "user")
def user(
    _: Any, info: Info, username: str | None = None, email: str | None = None
) -> UserRecord | None:
    if (username is None) == (email is None):
        raise GraphQLError("must specify either username or email to look up a user")
    store = context_of(info).store
    return (
        store.user_by_username(username)
        if username is not None
        else store.user_by_email(email or "")
    )


@resolves("Query", "users")
def users(
    _: Any, info: Info, first: int | None = None, after: str | None = None, query: str | None = None
) -> Connection[UserRecord]:
    context = context_of(info)
    require_site_admin(context.viewer)
    return paginate(context.store.users(query), lambda u: str(u.id), first=first, after=after)


# --- User fields ------------------------------------------------------------------------------
@resolves("User", "id")
def user_id(user: UserRecord, _: Info) -> str:
    return marshal_id("User", user.id)


@resolves("User", "databaseID")
def user_database_id(user: UserRecord, _: Info) -> int:
    return user.id


@resolves("User", "namespaceName")
def user_namespace_name(user: UserRecord, _: Info) -> str:
    return user.username


@resolves("User", "url")
def user_url(user: UserRecord, _: Info) -> str:
    return f"/users/{user.username}"


@resolves("User", "settingsURL")
def user_settings_url(user: UserRecord, _: Info) -> str:
    return f"/users/{user.username}/settings"


@resolves("User", "builtinAuth")
def user_builtin_auth(_: UserRecord, __: Info) -> bool:
    return True


@resolves("User", "siteAdmin")
def user_site_admin(user: UserRecord, info: Info) -> bool:
    require_same_user_or_site_admin(context_of(info).viewer, user.id)
    return user.site_admin


@resolves("User", "viewerCanAdminister")
def user_viewer_can_administer(user: UserRecord, info: Info) -> bool:
    viewer = context_of(info).viewer
    return viewer.user.id == user.id or viewer.is_site_admin


@resolves("User", "emails")
def user_emails(user: UserRecord, info: Info) -> list[EmailRecord]:
    context = context_of(info)
    require_same_user_or_site_admin(context.viewer, user.id)
    return context.store.emails(user.id)


@resolves("User", "email")
def user_email(user: UserRecord, info: Info) -> str:
    emails = user_emails(user, info)
    return emails[0].email if emails else ""


@resolves("UserEmail", "user")
def email_user(email: EmailRecord, info: Info) -> UserRecord | None:
    return context_of(info).store.user(email.user_id)


@resolves("UserEmail", "verificationPending")
def email_verification_pending(_: EmailRecord, __: Info) -> bool:
    return False


@resolves("UserEmail", "viewerCanManuallyVerify")
def email_viewer_can_verify(_: EmailRecord, info: Info) -> bool:
    return context_of(info).viewer.is_site_admin


# --- mutations --------------------------------------------------------------------------------
@resolves("Mutation", "createUser")
def create_user(
    _: Any,
    info: Info,
    username: str,
    email: str | None = None,
    verifiedEmail: bool | None = None,  # noqa: N803 - GraphQL argument name
) -> dict[str, Any]:
    context = context_of(info)
    require_site_admin(context.viewer)
    if not valid_name(username):
        raise GraphQLError(
            f"invalid username {username!r}: use letters, digits and single dashes or dots"
        )
    created = context.store.create_user(
        username, email=email or None, verified=verifiedEmail is not False
    )
    code = secrets.token_hex(10)
    return {
        "user": created,
        "resetPasswordURL": f"{context.base_url}/password-reset?code={code}&userID={created.id}",
    }


@resolves("Mutation", "deleteUser")
def delete_user(_: Any, info: Info, user: str, hard: bool | None = None) -> dict[str, Any]:
    context = context_of(info)
    require_site_admin(context.viewer)
    target = unmarshal_int_id(user, "User")
    if target == context.viewer.user.id:
        raise GraphQLError("unable to delete current user")
    context.store.delete_user(target, hard=bool(hard))
    return EMPTY


@resolves("Mutation", "setUserIsSiteAdmin")
def set_user_is_site_admin(
    _: Any,
    info: Info,
    userID: str,  # noqa: N803
    siteAdmin: bool,  # noqa: N803
) -> dict[str, Any]:
    context = context_of(info)
    require_site_admin(context.viewer)
    target = unmarshal_int_id(userID, "User")
    if target == context.viewer.user.id:
        raise GraphQLError("refusing to set current user site admin status")
    context.store.set_site_admin(target, siteAdmin)
    return EMPTY
