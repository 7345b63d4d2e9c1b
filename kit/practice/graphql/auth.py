"""Who is calling: the `Authorization` header read as Sourcegraph reads it, and the permission
rules its resolvers apply.

Accepted headers (Sourcegraph's access-token middleware):

    Authorization: token <token>
    Authorization: token-sudo user="<username>",token="<token>"

A request without a header gets 401 "Private mode requires authentication." (a Sourcegraph
instance that is not public); an unknown token 401 "Invalid access token.". A sudo token must
have the `site-admin:sudo` scope and belong to a site admin; the request then acts as the named
user. Sessions, OAuth (`Bearer`), basic auth and anonymous access are not simulated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphql import GraphQLError

from kit.practice.graphql.records import AccessTokenRecord, UserRecord
from kit.practice.graphql.store import Store

__all__ = [
    "SCOPE_SITE_ADMIN_SUDO",
    "SCOPE_USER_ALL",
    "VALID_SCOPES",
    "AuthRefusal",
    "Viewer",
    "authenticate",
    "require_same_user_or_site_admin",
    "require_site_admin",
]

SCOPE_USER_ALL = "user:all"
SCOPE_SITE_ADMIN_SUDO = "site-admin:sudo"
VALID_SCOPES = (SCOPE_USER_ALL, SCOPE_SITE_ADMIN_SUDO)

MUST_BE_SITE_ADMIN = "must be site admin"
MUST_BE_SAME_USER_OR_SITE_ADMIN = "must be authenticated as the authorized user or site admin"

_PARAM = re.compile(r'\s*([A-Za-z]+)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(?:,|$)')


@dataclass(frozen=True)
class Viewer:
    """The user a request acts as, and the token that proved it (None for in-process calls
    a grader makes as a named user)."""

    user: UserRecord
    token: AccessTokenRecord | None = None

    @property
    def is_site_admin(self) -> bool:
        """Whether the acting user is a site admin."""
        return self.user.site_admin


@dataclass(frozen=True)
class AuthRefusal:
    """Why a request is refused before GraphQL runs: HTTP 401 and Sourcegraph's text."""

    message: str
    status: int = 401


def _parse(header: str) -> tuple[str, str | None] | None:
    """(token, sudo user) from the header's value, or None when it is not one of the forms."""
    scheme, _, rest = header.strip().partition(" ")
    rest = rest.strip()
    if scheme.lower() == "token" and rest and "=" not in rest:
        return rest, None
    params: dict[str, str] = {}
    position = 0
    while position < len(rest):
        found = _PARAM.match(rest, position)
        if found is None:
            return None
        params[found.group(1).lower()] = found.group(2)
        position = found.end()
    token = params.get("token")
    if not token:
        return None
    if scheme.lower() == "token":
        return token, None
    if scheme.lower() == "token-sudo" and params.get("user"):
        return token, params["user"]
    return None


def authenticate(store: Store, header: str | None) -> Viewer | AuthRefusal:
    """The viewer the `Authorization` header names, or why the request is refused."""
    if header is None or not header.strip():
        return AuthRefusal("Private mode requires authentication.")
    parsed = _parse(header)
    if parsed is None:
        return AuthRefusal("Invalid Authorization header.")
    secret, sudo_user = parsed
    token = store.token_by_secret(secret)
    required = SCOPE_USER_ALL if sudo_user is None else SCOPE_SITE_ADMIN_SUDO
    subject = store.user(token.subject_user_id) if token else None
    if token is None or subject is None or required not in token.scopes:
        return AuthRefusal("Invalid access token.")
    if sudo_user is None:
        return Viewer(subject, token)
    if not subject.site_admin:
        return AuthRefusal("The subject user of a sudo access token must be a site admin.", 403)
    acting = store.user_by_username(sudo_user)
    if acting is None:
        return AuthRefusal("Unable to sudo to nonexistent user.", 403)
    return Viewer(acting, token)


def require_site_admin(viewer: Viewer) -> None:
    """Raise Sourcegraph's "must be site admin" GraphQL error unless the viewer is one."""
    if not viewer.is_site_admin:
        raise GraphQLError(MUST_BE_SITE_ADMIN)


def require_same_user_or_site_admin(viewer: Viewer, user_id: int) -> None:
    """Allow the user themself or a site admin (emails, tokens, site admin flag)."""
    if viewer.user.id != user_id and not viewer.is_site_admin:
        raise GraphQLError(MUST_BE_SAME_USER_OR_SITE_ADMIN)
