"""Code host connections (site admins only): `externalServices`, the `ExternalService` fields,
`addExternalService`, `updateExternalService`, `deleteExternalService`, `syncExternalService`.

As Sourcegraph does, secrets in a connection's configuration (`token`, `password`...) read back
as "REDACTED", and an update that sends "REDACTED" back keeps the stored secret.

Simulated: nothing talks to a code host. `repoCount` is the number of corpus repositories the
configuration selects (GitHub and GitLab selection as `kit.practice.site_config` computes it;
for other kinds, every corpus repository on the connection's host); `warning` carries the
problems that validation finds; `syncExternalService` only records that a sync was asked for.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

from graphql import GraphQLError

from kit.errors import SiteConfigError
from kit.practice.graphql.auth import require_site_admin
from kit.practice.graphql.context import Info, context_of
from kit.practice.graphql.ids import marshal_id, unmarshal_int_id
from kit.practice.graphql.records import ExternalServiceRecord
from kit.practice.graphql.resolvers.connections import Connection, paginate
from kit.practice.graphql.resolvers.registry import resolves
from kit.practice.graphql.resolvers.users import EMPTY
from kit.practice.site_config import parse_jsonc, validate_code_host_connection

__all__ = ["REDACTED", "redact", "unredact"]

REDACTED = "REDACTED"
_SECRET = re.compile(r'("(token|password|secret|privateKey|passphrase)"\s*:\s*)"((?:[^"\\]|\\.)*)"')
_VALIDATED_KINDS = ("GITHUB", "GITLAB")


def redact(config: str) -> str:
    """The configuration with every secret's value replaced by "REDACTED"."""
    return _SECRET.sub(lambda m: f'{m.group(1)}"{REDACTED}"', config)


def unredact(config: str, previous: str) -> str:
    """`config` with each "REDACTED" secret put back from `previous` (the stored version)."""
    old = {m.group(2): m.group(3) for m in _SECRET.finditer(previous)}

    def restore(match: re.Match[str]) -> str:
        if match.group(3) == REDACTED and match.group(2) in old:
            return f'{match.group(1)}"{old[match.group(2)]}"'
        return match.group(0)

    return _SECRET.sub(restore, config)


def _checked_config(config: str) -> dict[str, Any]:
    try:
        value = parse_jsonc(config, source="config").value
    except SiteConfigError as exc:
        raise GraphQLError(f"invalid configuration: {exc}") from None
    if not isinstance(value, dict):
        raise GraphQLError("invalid configuration: it must be a JSON object")
    return value


def _selection(service: ExternalServiceRecord, info: Info) -> tuple[int, str | None]:
    """(repositories selected, validation warning) for a connection."""
    repos = context_of(info).repos
    if service.kind in _VALIDATED_KINDS:
        try:
            report = validate_code_host_connection(
                service.kind.lower(), service.config, repos.backend.corpus.root
            )
        except SiteConfigError as exc:
            return 0, str(exc)
        warning = "; ".join(f"{p.path}: {p.message}" for p in report.errors) or None
        return len(report.selected_repositories or ()), warning
    try:
        url = _checked_config(service.config).get("url")
    except GraphQLError as exc:
        return 0, exc.message
    host = urlparse(url).hostname if isinstance(url, str) else None
    return (len(repos.on_host(host)) if host else 0), None


@resolves("Query", "externalServices")
def external_services(
    _: Any, info: Info, first: int | None = None, after: str | None = None
) -> Connection[ExternalServiceRecord]:
    context = context_of(info)
    require_site_admin(context.viewer)
    return paginate(context.store.services(), lambda s: str(s.id), first=first, after=after)


@resolves("ExternalService", "id")
def service_id(service: ExternalServiceRecord, _: Info) -> str:
    return marshal_id("ExternalService", service.id)


@resolves("ExternalService", "config")
def service_config(service: ExternalServiceRecord, _: Info) -> str:
    return redact(service.config)


@resolves("ExternalService", "repoCount")
def service_repo_count(service: ExternalServiceRecord, info: Info) -> int:
    return _selection(service, info)[0]


@resolves("ExternalService", "warning")
def service_warning(service: ExternalServiceRecord, info: Info) -> str | None:
    return _selection(service, info)[1]


def _service_or_error(info: Info, opaque_id: str) -> ExternalServiceRecord:
    context = context_of(info)
    require_site_admin(context.viewer)
    service = context.store.service(unmarshal_int_id(opaque_id, "ExternalService"))
    if service is None:
        raise GraphQLError("external service not found")
    return service


@resolves("Mutation", "addExternalService")
def add_external_service(_: Any, info: Info, input: dict[str, Any]) -> ExternalServiceRecord:
    context = context_of(info)
    require_site_admin(context.viewer)
    _checked_config(input["config"])
    return context.store.add_service(input["kind"], input["displayName"], input["config"])


@resolves("Mutation", "updateExternalService")
def update_external_service(_: Any, info: Info, input: dict[str, Any]) -> ExternalServiceRecord:
    service = _service_or_error(info, input["id"])
    config = input.get("config")
    if config is not None:
        config = unredact(config, service.config)
        _checked_config(config)
    return context_of(info).store.update_service(
        service.id, display_name=input.get("displayName"), config=config
    )


@resolves("Mutation", "deleteExternalService")
def delete_external_service(
    _: Any,
    info: Info,
    externalService: str,  # noqa: N803 - GraphQL argument name
    **_async: Any,
) -> dict[str, Any]:
    service = _service_or_error(info, externalService)
    context_of(info).store.delete_service(service.id)
    return EMPTY


@resolves("Mutation", "syncExternalService")
def sync_external_service(_: Any, info: Info, id: str) -> dict[str, Any]:
    service = _service_or_error(info, id)
    context_of(info).store.record_sync(service.id)
    return EMPTY
