"""Organizations: `organization`, `organizations` (site admins), `User.organizations`, the
`Org` fields, `createOrganization` (any user; the creator becomes a member) and
`addUserToOrganization` (site admins). Invitations and org settings are not simulated."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError

from kit.practice.graphql.auth import require_site_admin
from kit.practice.graphql.context import Info, context_of
from kit.practice.graphql.ids import marshal_id, unmarshal_int_id
from kit.practice.graphql.records import OrgRecord, UserRecord
from kit.practice.graphql.resolvers.connections import Connection, paginate
from kit.practice.graphql.resolvers.registry import resolves
from kit.practice.graphql.resolvers.users import EMPTY, valid_name


def _org_connection(orgs: list[OrgRecord], first: int | None = None) -> Connection[OrgRecord]:
    return paginate(orgs, lambda o: str(o.id), first=first)


@resolves("Query", "organization")
def organization(_: Any, info: Info, name: str) -> OrgRecord | None:
    return context_of(info).store.org_by_name(name)


@resolves("Query", "organizations")
def organizations(
    _: Any, info: Info, first: int | None = None, query: str | None = None
) -> Connection[OrgRecord]:
    context = context_of(info)
    require_site_admin(context.viewer)
    return _org_connection(context.store.orgs(query), first)


@resolves("User", "organizations")
def user_organizations(user: UserRecord, info: Info) -> Connection[OrgRecord]:
    return _org_connection(context_of(info).store.orgs(member_id=user.id))


@resolves("Org", "id")
def org_id(org: OrgRecord, _: Info) -> str:
    return marshal_id("Org", org.id)


@resolves("Org", "url")
def org_url(org: OrgRecord, _: Info) -> str:
    return f"/organizations/{org.name}"


@resolves("Org", "settingsURL")
def org_settings_url(org: OrgRecord, _: Info) -> str:
    return f"/organizations/{org.name}/settings"


@resolves("Org", "namespaceName")
def org_namespace_name(org: OrgRecord, _: Info) -> str:
    return org.name


@resolves("Org", "members")
def org_members(
    org: OrgRecord,
    info: Info,
    first: int | None = None,
    after: str | None = None,
    query: str | None = None,
) -> Connection[UserRecord]:
    store = context_of(info).store
    members = [user for user in map(store.user, store.member_ids(org.id)) if user is not None]
    if query:
        needle = query.lower()
        members = [
            u
            for u in members
            if needle in u.username.lower() or needle in (u.display_name or "").lower()
        ]
    return paginate(members, lambda u: str(u.id), first=first, after=after)


@resolves("Org", "viewerIsMember")
def org_viewer_is_member(org: OrgRecord, info: Info) -> bool:
    context = context_of(info)
    return context.viewer.user.id in context.store.member_ids(org.id)


@resolves("Org", "viewerCanAdminister")
def org_viewer_can_administer(org: OrgRecord, info: Info) -> bool:
    return context_of(info).viewer.is_site_admin or org_viewer_is_member(org, info)


@resolves("Mutation", "createOrganization")
def create_organization(
    _: Any,
    info: Info,
    name: str,
    displayName: str | None = None,  # noqa: N803 - GraphQL argument name
    statsID: str | None = None,  # noqa: N803
) -> OrgRecord:
    if not valid_name(name):
        raise GraphQLError(
            f"invalid organization name {name!r}: use letters, digits and single dashes or dots"
        )
    context = context_of(info)
    return context.store.create_org(name, displayName, creator_id=context.viewer.user.id)


@resolves("Mutation", "addUserToOrganization")
def add_user_to_organization(
    _: Any, info: Info, organization: str, username: str
) -> dict[str, Any]:
    context = context_of(info)
    require_site_admin(context.viewer)
    org = context.store.org(unmarshal_int_id(organization, "Org"))
    if org is None:
        raise GraphQLError("organization not found")
    user = context.store.user_by_username(username)
    if user is None:
        raise GraphQLError(f"user {username!r} not found")
    context.store.add_member(org.id, user.id)
    return EMPTY
