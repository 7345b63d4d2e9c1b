"""Every response carries the security headers (no framing, no inline script, no sniffing, not
cached unless it is a published document), and every page is accessible: a language, a
viewport for phones, one h1, a label for every field, no script at all."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time

import httpx
import pytest
from starlette.testclient import TestClient

from kit.portal.headers import SECURITY_HEADERS
from tests.conftest import CHECKOUT
from tests.portal.conftest import Issued

PAGES = [
    "/verify",
    "/verify?id=not-a-uuid",
    "/verify?id=123e4567-e89b-12d3-a456-426614174000",
    "/issuer",
    "/",
    "/no/such/page",
]


@pytest.mark.parametrize("path", [*PAGES, "/credentials/jwks.json", "/static/portal.css"])
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert "script-src" not in policy  # default-src 'none' covers scripts: none run
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_accessible_html_without_script(client: TestClient, path: str) -> None:
    page = client.get(path).text
    assert '<html lang="en">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert page.count("<h1") == 1
    assert "<script" not in page.lower() and " style=" not in page
    for field in re.findall(r'<(?:input|textarea)[^>]*\bid="([^"]+)"', page):
        assert f'<label for="{field}">' in page, field


def test_a_verification_page_is_never_cached(client: TestClient, issued: Issued) -> None:
    response = client.get("/verify", params={"id": issued.ids["ada"].removeprefix("urn:uuid:")})
    assert response.headers["cache-control"] == "no-store"


def test_an_unknown_address_gets_a_page_not_a_traceback(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Not found" in response.text and "Traceback" not in response.text


def test_sgkit_portal_serves_the_verification_page_over_http(issued: Issued) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable, "-m", "kit", "portal", "--port", str(port),
        "--records", issued.records_url, "--credentials", str(issued.credentials),
    ]  # fmt: skip
    server = subprocess.Popen(
        command, cwd=CHECKOUT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        page = _first_answer(f"http://127.0.0.1:{port}/verify?id={issued.ids['ada'][9:]}")
        assert page.status_code == 200 and "Valid credential" in page.text
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert f"Verification page: http://127.0.0.1:{port}/verify" in output


def _first_answer(url: str, within_seconds: float = 20) -> httpx.Response:
    deadline = time.monotonic() + within_seconds
    while True:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
