"""A learner's own credentials, as "My credentials" shows them: each one's verdict (verified
now, revocations included), its share link (the verification page) and a LinkedIn "add to
profile" link for the valid ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from kit.certify.certificates import verification_id, verification_url
from kit.certify.trust import Trust
from kit.courses import Catalog
from kit.portal.store import HeldCredential
from kit.portal.verdict import Status, Verdict, judge

LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


@dataclass(frozen=True)
class CredentialView:
    """One of the learner's credentials with what they can do with it."""

    held: HeldCredential
    title: str
    verdict: Verdict
    share_url: str
    linkedin_url: str | None
    """None unless the credential is valid: an expired or revoked one is not worth sharing."""

    @property
    def verification_id(self) -> str:
        """The UUID printed on the certificate (and in download addresses)."""
        return verification_id(self.held.id)


def linkedin_url(
    *,
    name: str,
    organization: str,
    issued: datetime,
    expires: datetime | None,
    cert_url: str,
    cert_id: str,
) -> str:
    """LinkedIn's "add to profile" address for a certification, its form filled in."""
    fields: dict[str, str | int] = {
        "startTask": "CERTIFICATION_NAME",
        "name": name,
        "organizationName": organization,
        "issueYear": issued.year,
        "issueMonth": issued.month,
    }
    if expires is not None:
        fields["expirationYear"] = expires.year
        fields["expirationMonth"] = expires.month
    fields["certUrl"] = cert_url
    fields["certId"] = cert_id
    return f"{LINKEDIN_ADD_TO_PROFILE}?{urlencode(fields)}"


def credential_views(
    held: list[HeldCredential], trust: Trust, catalog: Catalog
) -> list[CredentialView]:
    """Each credential judged now, in the order given."""
    issuer = catalog.require_issuer()
    views = []
    for credential in held:
        verdict = judge(credential.token, trust)
        summary = verdict.credential
        path = catalog.certifications.get(credential.certification)
        title = summary.title if summary else (path.title if path else credential.certification)
        share = verification_url(issuer.verify_url, credential.id)
        link = None
        if verdict.status is Status.VALID and summary is not None:
            link = linkedin_url(
                name=summary.title,
                organization=summary.issuer_name or issuer.name,
                issued=summary.valid_from,
                expires=summary.valid_until,
                cert_url=share,
                cert_id=verification_id(credential.id),
            )
        views.append(CredentialView(credential, title, verdict, share, link))
    return views
