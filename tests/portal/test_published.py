"""What the issuer publishes, served at the addresses its credentials name: the JWKS and the
current signed status list byte for byte as `sgkit certify`/`revoke` wrote them to the issuer's
publication mirror, and the issuer's profile for people and for verifiers."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.testclient import TestClient

from kit.certify.trust import mirror_path
from kit.courses import Catalog
from kit.portal import PortalSettings


def test_the_jwks_is_served_as_published_at_its_url(
    client: TestClient, settings: PortalSettings
) -> None:
    url = settings.issuer.jwks_url
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200
    assert response.content == mirror_path(settings.mirror, url).read_bytes()
    assert response.headers["content-type"] == "application/jwk-set+json"
    assert response.headers["cache-control"] == "public, max-age=300"


def test_the_current_status_list_is_served_as_published_and_never_cached(
    client: TestClient, settings: PortalSettings
) -> None:
    url = settings.issuer.status_list_url
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200
    assert response.content == mirror_path(settings.mirror, url).read_bytes()
    assert response.headers["content-type"] == "application/jwt"
    assert response.headers["cache-control"] == "no-store"


def test_the_issuer_profile_is_a_page_for_people(
    client: TestClient, settings: PortalSettings, catalog: Catalog
) -> None:
    for url in (settings.issuer.id, settings.issuer.url):
        response = client.get(urlsplit(url).path or "/")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        assert settings.issuer.name in response.text
        assert catalog.certification("ce-demo-certified").title in response.text


def test_the_issuer_profile_is_an_open_badges_profile_for_verifiers(
    client: TestClient, settings: PortalSettings
) -> None:
    response = client.get(
        urlsplit(settings.issuer.id).path, headers={"Accept": "application/ld+json"}
    )
    assert response.headers["content-type"] == "application/ld+json"
    profile = response.json()
    assert profile["id"] == settings.issuer.id and profile["type"] == ["Profile"]
    assert profile["name"] == settings.issuer.name and profile["url"] == settings.issuer.url
