"""The public verification page: a certificate's QR code opens `<verify_url>?id=<uuid>`, and
anyone, without logging in, reads whether the credential is valid, expired, revoked or unknown;
or pastes a signed credential to check it. Verified server-side on every request."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from urllib.parse import urlsplit

import pytest
from starlette.testclient import TestClient

from kit.certify.certificates import verification_id, verification_url
from kit.certify.credentials import sign
from kit.certify.keys import load_or_create_key
from kit.certify.run import revoke_credential
from kit.courses import Catalog
from kit.portal import PortalSettings
from kit.project import Project
from tests.portal.conftest import Issued, visit


def opened_from_qr_code(client: TestClient, catalog: Catalog, credential_id: str) -> str:
    """The page a phone opens from a certificate's QR code: the path and query it encodes."""
    url = urlsplit(verification_url(catalog.require_issuer().verify_url, credential_id))
    response = client.get(f"{url.path}?{url.query}")
    assert response.status_code == 200, response.text
    return response.text


def paste(client: TestClient, token: str) -> str:
    response = client.post("/verify", data={"credential": token})
    assert response.status_code == 200, response.text
    return response.text


def test_a_valid_credential_shows_its_holder_achievement_issuer_and_dates(
    client: TestClient, catalog: Catalog, issued: Issued
) -> None:
    page = opened_from_qr_code(client, catalog, issued.ids["ada"])
    assert "Valid credential" in page
    assert "Ada Quinn" in page and "CE Demo Certified" in page
    assert catalog.require_issuer().name in page
    assert "Issued</dt>" in page and "Valid until</dt>" in page
    assert verification_id(issued.ids["ada"]) in page


def test_an_expired_credential_says_when_it_expired(
    client: TestClient, catalog: Catalog, issued: Issued
) -> None:
    page = opened_from_qr_code(client, catalog, issued.ids["grace"])
    assert "Expired credential" in page and "Valid credential" not in page
    assert "expired on" in page and "Grace Okafor" in page


def test_revoking_a_credential_shows_on_the_page_at_once(
    client: TestClient, catalog: Catalog, issued: Issued, project: Project
) -> None:
    assert "Valid credential" in opened_from_qr_code(client, catalog, issued.ids["linus"])

    revoke_credential(
        project, issued.ids["linus"], "shared the exam", issued.credentials, issued.records_url
    )

    page = opened_from_qr_code(client, catalog, issued.ids["linus"])
    assert "Revoked credential" in page and "Valid credential" not in page
    assert "Revoked</dt>" in page and "shared the exam" not in page  # the reason stays private


def test_without_the_records_database_a_revocation_shows_from_the_status_list(
    settings: PortalSettings, catalog: Catalog, issued: Issued, project: Project
) -> None:
    revoke_credential(
        project, issued.ids["mei"], "issued in error", issued.credentials, issued.records_url
    )
    with visit(replace(settings, records_url=None)) as folder_only:
        page = opened_from_qr_code(folder_only, catalog, issued.ids["mei"])
    assert "Revoked credential" in page and "Mei Tanaka" in page


def test_an_id_this_issuer_never_issued_is_unknown(client: TestClient) -> None:
    response = client.get("/verify", params={"id": "123e4567-e89b-12d3-a456-426614174000"})
    assert response.status_code == 404
    assert "Unknown credential" in response.text
    assert "123e4567-e89b-12d3-a456-426614174000" in response.text


@pytest.mark.parametrize(
    "given", ["not-an-id", "123e4567", "", "{123e4567-e89b-12d3-a456-426614174000}"]
)
def test_a_malformed_id_is_refused_beside_the_field(client: TestClient, given: str) -> None:
    response = client.get("/verify", params={"id": given})
    assert response.status_code == 400
    assert "This is not a verification id" in response.text
    assert 'aria-invalid="true"' in response.text and 'id="id-error"' in response.text
    assert "Traceback" not in response.text


def test_what_a_visitor_types_is_shown_escaped(client: TestClient) -> None:
    response = client.get("/verify", params={"id": '"><script>alert(1)</script>'})
    assert response.status_code == 400
    assert "<script>" not in response.text and "&lt;script&gt;" in response.text


def test_a_pasted_credential_is_verified(client: TestClient, issued: Issued) -> None:
    page = paste(client, issued.token("ada"))
    assert "Valid credential" in page and "Ada Quinn" in page


def test_a_tampered_credential_is_not_valid_and_its_claims_are_not_shown(
    client: TestClient, issued: Issued
) -> None:
    header, payload, signature = issued.token("ada").split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["credentialSubject"]["identifier"][0]["identityHash"] = "Mallory Impostor"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()

    page = paste(client, f"{header}.{forged}.{signature}")

    assert "Not a valid credential" in page and "signature" in page
    assert "Mallory Impostor" not in page


def test_a_credential_signed_by_a_strangers_key_is_not_valid(
    client: TestClient, catalog: Catalog, issued: Issued
) -> None:
    issuer = catalog.require_issuer()
    stranger = load_or_create_key(issued.key_dir.parent / "stranger-keys")
    payload = issued.token("ada").split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    document = {k: v for k, v in claims.items() if k not in {"iss", "jti", "nbf", "exp", "sub"}}

    page = paste(client, sign(document, stranger, issuer))

    assert "Not a valid credential" in page and "forged" in page
    assert "Ada Quinn" not in page


@pytest.mark.parametrize(
    ("pasted", "message"),
    [
        ("", "Paste the signed credential"),
        ("x" * 70_000, "far longer than a credential"),
    ],
)
def test_an_empty_or_oversized_paste_gets_a_message_beside_the_field(
    client: TestClient, pasted: str, message: str
) -> None:
    response = client.post("/verify", data={"credential": pasted})
    assert response.status_code == 400
    assert message in response.text and 'id="credential-error"' in response.text


def test_pasted_garbage_is_not_valid_never_a_server_error(client: TestClient) -> None:
    for text in ("abc.def.ghi", "not a token", "e30.e30.e30"):
        page = paste(client, text)
        assert "Not a valid credential" in page and "Traceback" not in page
