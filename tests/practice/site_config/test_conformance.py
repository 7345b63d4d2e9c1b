"""Conformance table: configuration snippets (written to files) and the problems they must give.

Each row is (kind, JSONC text, expected problems as (severity, path, fragment of message or hint)); a row
with no expected problems must come back with no problem at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.practice.site_config import (
    ValidationReport,
    validate_code_host_connection,
    validate_site_config,
)

Expected = tuple[str, str, str]


def obj(*members: str) -> str:
    """A JSON object from member texts: obj('"a": 1', '"b": 2') is '{"a": 1, "b": 2}'."""
    return "{" + ", ".join(members) + "}"


BASE = '"externalURL": "https://sourcegraph.acme.io", "auth.providers": [{"type": "builtin"}]'
GH = '"url": "https://github.com", "token": "ghp_0123456789abcdefABCDEF0123456789abcd"'
GL = '"url": "https://gitlab.example.com", "token": "glpat-0123456789abcdefXYZ"'

ROWS: list[tuple[str, str, str, list[Expected]]] = [
    # --- site configuration: valid ------------------------------------------------------
    ("site-minimal", "site", obj(BASE), []),
    (
        "site-comments-trailing-commas",
        "site",
        '{\n  // where users go\n  "externalURL": "https://sourcegraph.acme.io", /* root */\n'
        '  "auth.providers": [{"type": "builtin",},],\n}',
        [],
    ),
    (
        "site-localhost-http",
        "site",
        '{"externalURL": "http://localhost:7080", "auth.providers": [{"type": "builtin", "allowSignup": true}]}',
        [],
    ),
    (
        "site-oidc-complete",
        "site",
        '{"externalURL": "https://sourcegraph.acme.io", "auth.providers": [{"type": "openidconnect",'
        ' "issuer": "https://accounts.google.com", "clientID": "abc", "clientSecret": "def"}]}',
        [],
    ),
    (
        "site-email-complete",
        "site",
        obj(
            BASE,
            '"email.address": "sourcegraph@acme.io", "email.senderName": "Sourcegraph", "email.smtp": {"host": "smtp.acme.io", "port": 587, "username": "sg", "password": "pw", "authentication": "PLAIN"}',
        ),
        [],
    ),
    (
        "site-limits-and-tuning",
        "site",
        obj(
            BASE,
            '"search.limits": {"maxTimeoutSeconds": 120, "maxRepos": -1}, "search.largeFiles": ["go.sum"], "auth.sessionExpiry": "720h", "auth.lockout": {"failedAttemptThreshold": 3}, "auth.accessTokens": {"allow": "site-admin-create", "defaultExpirationDays": 30}, "repoListUpdateInterval": 5, "gitMaxConcurrentClones": 10, "disableAutoGitUpdates": false, "permissions.userMapping": {"enabled": true, "bindID": "username"}, "licenseKey": "key"',
        ),
        [],
    ),
    (
        "site-alerts",
        "site",
        obj(
            BASE,
            '"observability.alerts": [{"level": "critical", "notifier": {"type": "slack", "url": "https://hooks.slack.com/services/T/B/X"}}]',
        ),
        [],
    ),
    # --- site configuration: schema errors ----------------------------------------------
    (
        "site-unknown-key",
        "site",
        obj(BASE, '"externalUrl": "https://x.io"'),
        [("error", "externalUrl", "unknown key 'externalUrl'")],
    ),
    (
        "site-unknown-key-suggestion",
        "site",
        obj(BASE, '"auth.sesionExpiry": "1h"'),
        [("error", "auth.sesionExpiry", "unknown key")],
    ),
    (
        "site-provider-type-enum",
        "site",
        '{"externalURL": "https://sg.acme.io", "auth.providers": [{"type": "builtin"}, {"type": "oauth"}]}',
        [("error", "auth.providers[1].type", "'oauth' is not one of builtin, saml, openidconnect")],
    ),
    (
        "site-provider-without-type",
        "site",
        '{"externalURL": "https://sg.acme.io", "auth.providers": [{"allowSignup": false}]}',
        [("error", "auth.providers[0]", "missing required key 'type'")],
    ),
    (
        "site-oidc-missing-fields",
        "site",
        '{"externalURL": "https://sg.acme.io", "auth.providers": [{"type": "openidconnect", "issuer": "https://idp.acme.io"}]}',
        [
            ("error", "auth.providers[0]", "missing required key 'clientID'"),
            ("error", "auth.providers[0]", "missing required key 'clientSecret'"),
        ],
    ),
    (
        "site-builtin-unknown-field",
        "site",
        '{"externalURL": "https://sg.acme.io", "auth.providers": [{"type": "builtin", "allowSignUp": true}]}',
        [("error", "auth.providers[0].allowSignUp", "did you mean")],
    ),
    (
        "site-allowsignup-string",
        "site",
        '{"externalURL": "https://sg.acme.io", "auth.providers": [{"type": "builtin", "allowSignup": "true"}]}',
        [("error", "auth.providers[0].allowSignup", "expected true or false")],
    ),
    (
        "site-integer-quoted",
        "site",
        obj(BASE, '"gitMaxConcurrentClones": "5"'),
        [("error", "gitMaxConcurrentClones", "expected an integer, got a string '5'")],
    ),
    (
        "site-minimum",
        "site",
        obj(BASE, '"search.limits": {"maxTimeoutSeconds": 0}'),
        [("error", "search.limits.maxTimeoutSeconds", "must be at least 1")],
    ),
    (
        "site-session-days",
        "site",
        obj(BASE, '"auth.sessionExpiry": "90d"'),
        [("error", "auth.sessionExpiry", "'90d' is not a Go duration")],
    ),
    (
        "site-smtp-auth-enum",
        "site",
        obj(
            BASE,
            '"email.address": "a@acme.io", "email.smtp": {"host": "h", "port": 25, "authentication": "LOGIN"}',
        ),
        [("error", "email.smtp.authentication", "'LOGIN' is not one of none, PLAIN, CRAM-MD5")],
    ),
    (
        "site-email-address-shape",
        "site",
        obj(BASE, '"email.address": "sourcegraph"'),
        [("error", "email.address", "is not an e-mail address")],
    ),
    (
        "site-not-an-object",
        "site",
        "[]",
        [("error", "(top level)", "expected an object, got an array")],
    ),
    (
        "site-alert-notifier-missing-key",
        "site",
        obj(
            BASE,
            '"observability.alerts": [{"level": "critical", "notifier": {"type": "pagerduty"}}]',
        ),
        [("error", "observability.alerts[0].notifier", "missing required key 'integrationKey'")],
    ),
    # --- site configuration: semantic checks --------------------------------------------
    (
        "site-externalurl-path",
        "site",
        '{"externalURL": "https://acme.io/sourcegraph", "auth.providers": [{"type": "builtin"}]}',
        [("error", "externalURL", "is not a root URL")],
    ),
    (
        "site-externalurl-query",
        "site",
        '{"externalURL": "https://sg.acme.io/?x=1", "auth.providers": [{"type": "builtin"}]}',
        [("error", "externalURL", "is not a root URL")],
    ),
    (
        "site-externalurl-scheme",
        "site",
        '{"externalURL": "sg.acme.io", "auth.providers": [{"type": "builtin"}]}',
        [("error", "externalURL", "is not an http:// or https:// URL")],
    ),
    (
        "site-externalurl-http-public",
        "site",
        '{"externalURL": "http://sg.acme.io", "auth.providers": [{"type": "builtin"}]}',
        [("warning", "externalURL", "uses http:// on a host other than localhost")],
    ),
    (
        "site-externalurl-missing",
        "site",
        '{"auth.providers": [{"type": "builtin"}]}',
        [("info", "(top level)", "externalURL is not set")],
    ),
    (
        "site-providers-default",
        "site",
        '{"externalURL": "https://sg.acme.io"}',
        [
            ("info", "(top level)", "auth.providers is not set"),
            ("warning", "(top level)", "can create an account"),
        ],
    ),
    (
        "site-providers-empty",
        "site",
        '{"externalURL": "https://sg.acme.io", "auth.providers": []}',
        [("warning", "auth.providers", "nobody can sign in")],
    ),
    (
        "site-two-builtin",
        "site",
        '{"externalURL": "https://sg.acme.io", "auth.providers": [{"type": "builtin"}, {"type": "builtin"}]}',
        [("error", "auth.providers[1]", "at most one")],
    ),
    (
        "site-open-signup-public",
        "site",
        '{"externalURL": "https://sg.acme.io", "auth.providers": [{"type": "builtin", "allowSignup": true}]}',
        [("warning", "auth.providers[0].allowSignup", "anyone who can reach https://sg.acme.io")],
    ),
    (
        "site-smtp-without-address",
        "site",
        obj(BASE, '"email.smtp": {"host": "h", "port": 25, "authentication": "none"}'),
        [("warning", "email.smtp", "email.address is not")],
    ),
    (
        "site-smtp-plain-without-login",
        "site",
        obj(
            BASE,
            '"email.address": "a@acme.io", "email.smtp": {"host": "h", "port": 25, "authentication": "PLAIN"}',
        ),
        [("error", "email.smtp", "needs username and password")],
    ),
    (
        "site-duplicate-key",
        "site",
        '{"externalURL": "https://a.acme.io", "externalURL": "https://b.acme.io", "auth.providers": [{"type": "builtin"}]}',
        [("warning", "externalURL", "more than once")],
    ),
    (
        "site-short-passwords",
        "site",
        obj(BASE, '"auth.minPasswordLength": 6'),
        [("warning", "auth.minPasswordLength", "below Sourcegraph's default of 12")],
    ),
    # --- GitHub connections ------------------------------------------------------------
    ("github-valid-repos", "github", obj(GH, '"repos": ["acme/billing-service"]'), []),
    ("github-valid-org", "github", obj(GH, '"orgs": ["acme"], "exclude": [{"forks": true}]'), []),
    (
        "github-url-missing",
        "github",
        '{"token": "ghp_realLookingToken123", "repos": ["acme/ui-kit"]}',
        [("error", "(top level)", "missing required key 'url'")],
    ),
    (
        "github-url-scheme",
        "github",
        '{"url": "github.com", "token": "ghp_realLookingToken123"}',
        [("error", "url", "is not an http(s) URL")],
    ),
    (
        "github-repo-with-host",
        "github",
        obj(GH, '"repos": ["github.com/acme/ui-kit"]'),
        [("error", "repos[0]", "is not owner/name")],
    ),
    (
        "github-unknown-repo",
        "github",
        obj(GH, '"repos": ["acme/billing", "acme/ui-kit"]'),
        [("warning", "repos[0]", "no repository 'acme/billing' on github.com")],
    ),
    (
        "github-unknown-org",
        "github",
        obj(GH, '"orgs": ["acmee"]'),
        [
            ("warning", "orgs[0]", "no organization 'acmee'"),
            ("error", "orgs", "mirrors no repository of the practice corpus"),
        ],
    ),
    (
        "github-selects-nothing",
        "github",
        obj(GH),
        [("error", "(top level)", "mirrors no repository of the practice corpus")],
    ),
    (
        "github-exclude-wins",
        "github",
        obj(GH, '"repos": ["acme/mlutils"], "exclude": [{"name": "acme/mlutils"}]'),
        [("info", "exclude[0]", "exclude wins"), ("error", "repos", "mirrors no repository")],
    ),
    (
        "github-no-token",
        "github",
        '{"url": "https://github.com", "repos": ["acme/ui-kit"]}',
        [("error", "(top level)", "no token and no GitHub App")],
    ),
    (
        "github-placeholder-token",
        "github",
        '{"url": "https://github.com", "token": "<your-token>", "repos": ["acme/ui-kit"]}',
        [("error", "token", "looks like a placeholder")],
    ),
    (
        "github-path-pattern",
        "github",
        obj(GH, '"repos": ["acme/ui-kit"], "repositoryPathPattern": "github/{host}"'),
        [("error", "repositoryPathPattern", "lacks {nameWithOwner}")],
    ),
    (
        "github-giturltype-enum",
        "github",
        obj(GH, '"repos": ["acme/ui-kit"], "gitURLType": "git"'),
        [("error", "gitURLType", "'git' is not one of http, ssh")],
    ),
    (
        "github-exclude-empty-item",
        "github",
        obj(GH, '"orgs": ["acme"], "exclude": [{}]'),
        [("error", "exclude[0]", "needs one of name, id, pattern")],
    ),
    (
        "github-host-not-in-corpus",
        "github",
        '{"url": "https://github.acme.io", "token": "ghp_realLookingToken123", "orgs": ["acme"]}',
        [("error", "url", "no repository of the practice corpus is on github.acme.io")],
    ),
    (
        "github-rate-limit-incomplete",
        "github",
        obj(GH, '"repos": ["acme/ui-kit"], "rateLimit": {"enabled": true}'),
        [("error", "rateLimit", "missing required key 'requestsPerHour'")],
    ),
    # --- GitLab connections ------------------------------------------------------------
    (
        "gitlab-valid",
        "gitlab",
        obj(GL, '"projectQuery": ["none"], "projects": [{"name": "platform/deploy-configs"}]'),
        [],
    ),
    (
        "gitlab-projectquery-missing",
        "gitlab",
        obj(GL, '"projects": [{"name": "platform/deploy-configs"}]'),
        [("error", "(top level)", "missing required key 'projectQuery'")],
    ),
    (
        "gitlab-token-missing",
        "gitlab",
        '{"url": "https://gitlab.example.com", "projectQuery": ["groups/platform/projects"]}',
        [("error", "(top level)", "missing required key 'token'")],
    ),
    (
        "gitlab-project-name-and-id",
        "gitlab",
        obj(
            GL,
            '"projectQuery": ["none"], "projects": [{"name": "platform/deploy-configs", "id": 4}]',
        ),
        [("error", "projects[0]", "give only one of name, id")],
    ),
    (
        "gitlab-unknown-project",
        "gitlab",
        obj(GL, '"projectQuery": ["none"], "projects": [{"name": "platform/deploy-config"}]'),
        [
            ("warning", "projects[0].name", "did you mean"),
            ("error", "projects", "mirrors no repository"),
        ],
    ),
    (
        "gitlab-path-pattern",
        "gitlab",
        obj(
            GL,
            '"projectQuery": ["groups/platform/projects"], "repositoryPathPattern": "{host}/{nameWithOwner}"',
        ),
        [("error", "repositoryPathPattern", "lacks {pathWithNamespace}")],
    ),
]


def _validate(kind: str, path: Path) -> ValidationReport:
    if kind == "site":
        return validate_site_config(path)
    return validate_code_host_connection(kind, path)


def test_the_table_is_big_enough() -> None:
    assert len(ROWS) >= 30
    assert len({row[0] for row in ROWS}) == len(ROWS)


@pytest.mark.parametrize(("name", "kind", "text", "expected"), ROWS, ids=[r[0] for r in ROWS])
def test_conformance(
    name: str, kind: str, text: str, expected: list[Expected], tmp_path: Path
) -> None:
    config = tmp_path / f"{name}.json"
    config.write_text(text, encoding="utf-8")
    report = _validate(kind, config)
    if not expected:
        assert report.problems == (), report.explain()
        assert report.ok
        return
    found = [(p.severity, p.path, f"{p.message} — {p.hint}") for p in report.problems]
    for severity, path, fragment in expected:
        assert any(s == severity and p == path and fragment in m for s, p, m in found), (
            f"expected {severity} at {path} containing {fragment!r}; got:\n{report.explain()}"
        )
    assert report.ok == all(severity != "error" for severity, _, _ in expected)
