"""Checks of a site configuration beyond its schema: what an admin gets wrong even when every
key is spelled right (externalURL, sign-in providers, e-mail).

Each check is a pure function of the parsed document; they tolerate values of the wrong type
(the schema check reports those) by skipping them.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any
from urllib.parse import SplitResult, urlsplit

from kit.practice.site_config.jsonc import JsoncDocument, JsonPath
from kit.practice.site_config.problems import Problem, Severity, format_path

__all__ = ["DEFAULT_AUTH_PROVIDERS", "is_public_host", "site_problems"]

DEFAULT_AUTH_PROVIDERS: list[dict[str, Any]] = [{"type": "builtin", "allowSignup": True}]
"""What Sourcegraph uses when `auth.providers` is not set."""

_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".corp")


def site_problems(document: JsoncDocument) -> list[Problem]:
    """Every semantic problem of a parsed site configuration."""
    config = document.value if isinstance(document.value, dict) else {}
    problems: list[Problem] = []
    for check in _CHECKS:
        problems.extend(check(config, document))
    return problems


def is_public_host(host: str) -> bool:
    """Whether `host` is reachable beyond one machine or private network, as far as its name
    says: not localhost or a loopback/private/link-local address, not a single-label name, not
    a name under .local, .internal, .lan, .corp, .home.arpa or .localhost."""
    host = host.strip("[]").lower().rstrip(".")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host != "localhost" and "." in host and not host.endswith(_LOCAL_SUFFIXES)
    return not (address.is_loopback or address.is_private or address.is_link_local)


def _problem(
    document: JsoncDocument, path: JsonPath, severity: Severity, message: str, hint: str = ""
) -> Problem:
    return Problem(format_path(path), document.line_of(path), severity, message, hint)


def _external_url(config: dict[str, Any]) -> SplitResult | None:
    value = config.get("externalURL")
    if not isinstance(value, str):
        return None
    try:
        return urlsplit(value.strip())
    except ValueError:
        return None


def _check_external_url(config: dict[str, Any], document: JsoncDocument) -> list[Problem]:
    path: JsonPath = ("externalURL",)
    value = config.get("externalURL")
    if "externalURL" not in config:
        return [
            _problem(
                document,
                (),
                "info",
                "externalURL is not set",
                'set it to the URL users type, e.g. "https://sourcegraph.example.com": '
                "links in e-mails and SSO callbacks are built from it",
            )
        ]
    if not isinstance(value, str):
        return []
    url = _external_url(config)
    example = "e.g. https://sourcegraph.example.com"
    if url is None or url.scheme not in ("http", "https") or not url.hostname:
        return [
            _problem(
                document,
                path,
                "error",
                f"'{value}' is not an http:// or https:// URL",
                f"write the full root URL, {example}",
            )
        ]
    problems = []
    if url.path not in ("", "/") or url.query or url.fragment:
        root = f"{url.scheme}://{url.netloc}"
        problems.append(
            _problem(
                document,
                path,
                "error",
                f"'{value}' is not a root URL (Sourcegraph must be served at the root of its host)",
                f"use '{root}' and give Sourcegraph its own host name if it shares one",
            )
        )
    if url.scheme == "http" and is_public_host(url.hostname):
        problems.append(
            _problem(
                document,
                path,
                "warning",
                f"'{value}' uses http:// on a host other than localhost: "
                "passwords, sessions and tokens travel unencrypted",
                "serve Sourcegraph over https:// and put that URL here",
            )
        )
    return problems


def _check_auth_providers(config: dict[str, Any], document: JsoncDocument) -> list[Problem]:
    path: JsonPath = ("auth.providers",)
    providers = config.get("auth.providers")
    problems: list[Problem] = []
    if "auth.providers" not in config:
        providers = DEFAULT_AUTH_PROVIDERS
        problems.append(
            _problem(
                document,
                (),
                "info",
                'auth.providers is not set: Sourcegraph uses [{"type": "builtin", '
                '"allowSignup": true}]',
                "list the providers you want; the first user to sign up becomes site admin",
            )
        )
    if not isinstance(providers, list):
        return problems
    if not providers:
        problems.append(
            _problem(
                document,
                path,
                "warning",
                "no sign-in provider: nobody can sign in",
                'add {"type": "builtin"} or your SSO provider',
            )
        )
    builtin = [
        i for i, p in enumerate(providers) if isinstance(p, dict) and p.get("type") == "builtin"
    ]
    if len(builtin) > 1:
        others = ", ".join(f"auth.providers[{i}]" for i in builtin[:-1])
        problems.append(
            _problem(
                document,
                (*path, builtin[-1]),
                "error",
                f"a second builtin provider (also at {others}): Sourcegraph allows at most one",
                "keep one builtin provider",
            )
        )
    url = _external_url(config)
    public = url is not None and bool(url.hostname) and is_public_host(url.hostname or "")
    for index in builtin:
        if providers[index].get("allowSignup") is True and public:
            at = (*path, index, "allowSignup") if "auth.providers" in config else ()
            problems.append(
                _problem(
                    document,
                    at,
                    "warning",
                    f"anyone who can reach {config['externalURL']} can create an account "
                    "(builtin allowSignup is true)",
                    'set "allowSignup": false and invite users, or use SSO',
                )
            )
    return problems


def _check_email(config: dict[str, Any], document: JsoncDocument) -> list[Problem]:
    smtp = config.get("email.smtp")
    if not isinstance(smtp, dict):
        return []
    problems = []
    if "email.address" not in config:
        problems.append(
            _problem(
                document,
                ("email.smtp",),
                "warning",
                "email.smtp is set but email.address is not: mail goes out from "
                "noreply@sourcegraph.com, which your SMTP server will likely refuse",
                'add "email.address" with an address your SMTP server may send from',
            )
        )
    if smtp.get("authentication") in ("PLAIN", "CRAM-MD5"):
        missing = [key for key in ("username", "password") if not smtp.get(key)]
        if missing:
            problems.append(
                _problem(
                    document,
                    ("email.smtp",),
                    "error",
                    f"authentication {smtp['authentication']} needs {' and '.join(missing)}",
                    'add them, or set "authentication": "none" if the server needs no login',
                )
            )
    return problems


def _check_password_length(config: dict[str, Any], document: JsoncDocument) -> list[Problem]:
    length = config.get("auth.minPasswordLength")
    if isinstance(length, int) and not isinstance(length, bool) and 0 < length < 12:
        return [
            _problem(
                document,
                ("auth.minPasswordLength",),
                "warning",
                f"passwords of {length} characters are below Sourcegraph's default of 12",
                "keep 12 or more unless a policy requires otherwise",
            )
        ]
    return []


_CHECKS: tuple[Callable[[dict[str, Any], JsoncDocument], list[Problem]], ...] = (
    _check_external_url,
    _check_auth_providers,
    _check_email,
    _check_password_length,
)
