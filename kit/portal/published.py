"""The issuer's published documents, its JWKS and signed status list, read from the publication
mirror `sgkit certify` and `sgkit revoke` keep beside the signing key, else from the credentials
folder (the copy to upload). Read on every request: a revocation shows at once."""

from __future__ import annotations

from pathlib import Path

from kit.certify.publishing import JWKS_FILE, STATUS_LIST_FILE
from kit.certify.trust import mirror_path
from kit.errors import CredentialError
from kit.portal.settings import PortalSettings


def published_file(settings: PortalSettings, url: str) -> Path | None:
    """Where the current copy of the issuer's document at `url` is, or None if it is not here."""
    names = {settings.issuer.jwks_url: JWKS_FILE, settings.issuer.status_list_url: STATUS_LIST_FILE}
    if url not in names:
        return None
    for candidate in (
        mirror_path(settings.mirror, url),
        settings.credentials_dir / names[url],
    ):
        if candidate.is_file():
            return candidate
    return None


def read_published(settings: PortalSettings, url: str) -> str:
    """The text of the issuer's document at `url` (the portal's `Trust.fetch`: never the
    network, the portal is where the issuer publishes); a CredentialError if it is not here."""
    found = published_file(settings, url)
    if found is None:
        raise CredentialError(
            f"{url} is not published here (run `sgkit certify`, which publishes it)"
        )
    return found.read_text(encoding="utf-8")
