"""The practice instance's starting state, the same on every run: a site admin `admin`, two
users, an organization, a site configuration and one code host connection per code host in the
corpus (GitHub for github.com, GitLab for gitlab.* hosts...). `create_token` makes a token for
tests and notebooks."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime

from kit.errors import PracticeError
from kit.practice.graphql.store import Store

__all__ = [
    "ADMIN_USERNAME",
    "INITIAL_SITE_CONFIG",
    "SEED_TIME",
    "create_token",
    "host_kind",
    "seed",
]

ADMIN_USERNAME = "admin"
SEED_TIME = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
"""When the seeded rows say they were created (fixed, so every run looks the same)."""

_USERS = (
    # username, display name, email, site admin
    (ADMIN_USERNAME, "Site Admin", "admin@example.com", True),
    ("alex", "Alex Developer", "alex@example.com", False),
    ("sam", "Sam Reviewer", "sam@example.com", False),
)

INITIAL_SITE_CONFIG = """{
  // The URL users reach Sourcegraph at (the practice instance answers on 127.0.0.1).
  "externalURL": "https://sourcegraph.example.com",
  "auth.providers": [
    {
      "type": "builtin",
      "allowSignup": false
    }
  ],
  "search.limits": {
    "maxTimeoutSeconds": 60
  }
}
"""

_KINDS = {"github.com": "GITHUB", "bitbucket.org": "BITBUCKETCLOUD"}
_DISPLAY = {
    "GITHUB": "GitHub",
    "GITLAB": "GitLab",
    "BITBUCKETCLOUD": "Bitbucket Cloud",
    "OTHER": "Git",
}


def host_kind(host: str) -> str:
    """The external service kind of a code host (`github.com` -> GITHUB; `gitlab.*` -> GITLAB)."""
    if host in _KINDS:
        return _KINDS[host]
    if host.startswith("gitlab.") or host == "gitlab.com":
        return "GITLAB"
    if host.startswith("github."):
        return "GITHUB"
    return "OTHER"


def _connection_config(kind: str, host: str, repos: list[str]) -> str:
    """A JSONC code host connection naming exactly the corpus's repositories on `host`."""
    paths = sorted(name.split("/", 1)[1] for name in repos)
    url = f"https://{host}"
    body: dict[str, object]
    if kind == "GITHUB":
        body = {"url": url, "token": "ghp_practice_token_not_real", "repos": paths}
    elif kind == "GITLAB":
        body = {
            "url": url,
            "token": "glpat-practice-token-not-real",
            "projectQuery": ["none"],
            "projects": [{"name": path} for path in paths],
        }
    else:
        body = {"url": url, "repos": paths}
    text = json.dumps(body, indent=2)
    return f"// Practice connection: nothing is synced, the repositories come from the corpus.\n{text}\n"


def seed(store: Store, repository_names: Iterable[str]) -> None:
    """Write the starting state into an empty store (a store already seeded is left alone)."""
    if not store.is_empty():
        return
    users = {}
    for username, display, email, admin in _USERS:
        users[username] = store.create_user(
            username,
            email=email,
            verified=True,
            display_name=display,
            site_admin=admin,
            at=SEED_TIME,
        )
    org = store.create_org("acme", "Acme Corp", creator_id=users[ADMIN_USERNAME].id, at=SEED_TIME)
    store.add_member(org.id, users["alex"].id)
    store.write_site_config(None, INITIAL_SITE_CONFIG, author_id=users[ADMIN_USERNAME].id)
    by_host: dict[str, list[str]] = {}
    for name in repository_names:
        by_host.setdefault(name.split("/", 1)[0], []).append(name)
    for host in sorted(by_host):
        kind = host_kind(host)
        display = f"{_DISPLAY.get(kind, kind.title())} ({host})"
        store.add_service(
            kind, display, _connection_config(kind, host, by_host[host]), at=SEED_TIME
        )


def create_token(
    store: Store,
    username: str = ADMIN_USERNAME,
    *,
    scopes: tuple[str, ...] = ("user:all",),
    note: str = "sgkit",
) -> str:
    """A new access token for `username` (created by that user), for tests and notebooks."""
    user = store.user_by_username(username)
    if user is None:
        raise PracticeError(f"no user {username!r} in the practice instance", where="username")
    _, secret = store.create_token(user.id, user.id, scopes, note)
    return secret
