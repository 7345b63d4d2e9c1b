"""The site: `site{id siteID productVersion buildVersion configuration{...}}` and
`updateSiteConfiguration(lastID, input)`.

The configuration is kept as the JSONC text written (comments and all); each write makes a new
version whose `id` the next write must quote as `lastID`, or it fails with Sourcegraph's
"someone else has already applied a newer edit". Only text that is not JSONC (or not an object)
is refused; schema and semantic problems are reported in `validationMessages` by
`kit.practice.site_config`. Simulated: nothing is reloaded, so the mutation returns false
(no restart needed).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError

from kit.errors import SiteConfigError
from kit.practice.graphql.auth import require_site_admin
from kit.practice.graphql.context import Info, context_of
from kit.practice.graphql.ids import marshal_id
from kit.practice.graphql.records import SiteConfigRecord
from kit.practice.graphql.resolvers.registry import resolves
from kit.practice.site_config import parse_jsonc, validate_site_config

__all__ = ["PRODUCT_VERSION", "SITE_ID", "Site"]

PRODUCT_VERSION = "5.5.0"
"""The Sourcegraph release the practice schema follows."""

SITE_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, "https://sgkit.invalid/practice-sourcegraph"))
"""The practice site's ID (a UUID, like Sourcegraph's, but the same on every run)."""


@dataclass(frozen=True)
class Site:
    """The singleton `Site`."""

    id: str = marshal_id("Site", "site")
    site_id: str = SITE_ID
    product_version: str = PRODUCT_VERSION
    build_version: str = PRODUCT_VERSION
    needs_repository_configuration: bool = False
    external_services_from_file: bool = False


@resolves("Query", "site")
def site(_: Any, __: Info) -> Site:
    return Site()


@resolves("Site", "configuration")
def site_configuration(_: Site, info: Info) -> SiteConfigRecord:
    context = context_of(info)
    require_site_admin(context.viewer)
    return context.store.site_config()


@resolves("SiteConfiguration", "effectiveContents")
def effective_contents(config: SiteConfigRecord, _: Info) -> str:
    return config.contents


@resolves("SiteConfiguration", "validationMessages")
def validation_messages(config: SiteConfigRecord, _: Info) -> list[str]:
    report = validate_site_config(config.contents)
    return [f"{problem.path}: {problem.message}" for problem in report.errors]


@resolves("Mutation", "updateSiteConfiguration")
def update_site_configuration(
    _: Any,
    info: Info,
    lastID: int,  # noqa: N803 - GraphQL argument name
    input: str,
) -> bool:
    context = context_of(info)
    require_site_admin(context.viewer)
    if not input.strip():
        raise GraphQLError(
            "blank site configuration is invalid (you can clear the site configuration by "
            "entering an empty JSON object: {})"
        )
    try:
        parsed = parse_jsonc(input, source="input").value
    except SiteConfigError as exc:
        raise GraphQLError(f"invalid site configuration: {exc}") from None
    if not isinstance(parsed, dict):
        raise GraphQLError("invalid site configuration: it must be a JSON object")
    context.store.write_site_config(lastID, input, author_id=context.viewer.user.id)
    return False
