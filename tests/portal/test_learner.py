"""The learner's side: "My learning" and "My credentials", login required. On the hub a learner
logs in with the hub's OAuth and is the hub user; with `--dev-learner` every visitor is one
learner and every page says so. A learner sees only their own progress and credentials:
another learner's credential answers 404, as an id nobody issued does."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from starlette.testclient import TestClient

from kit.certify.certificates import verification_id, verification_url
from kit.courses import Catalog
from kit.errors import ConfigError
from kit.evidence import best_scores, course_result, passes
from kit.evidence.gradebooks import read_gradebooks
from kit.portal import PortalSettings, create_app
from kit.portal.identity import HUB_ENVIRONMENT, HubIdentity, identity_for
from kit.project import Project
from tests.conftest import sgkit
from tests.portal.conftest import COURSE, Issued, as_learner, visit
from tests.portal.fake_hub import ACCESS, CLIENT_ID, PREFIX, FakeHub, running_hub

BANNER = "identity is not checked"


def vid(issued: Issued, learner: str) -> str:
    return verification_id(issued.ids[learner])


# On the hub: log in with the hub's OAuth


@pytest.fixture(scope="module")
def hub() -> Iterator[FakeHub]:
    """A hub knowing Ada and Grace (who may use the portal) and Eve (who may not)."""
    with running_hub({"ada": [ACCESS], "grace": [ACCESS], "eve": []}) as running:
        yield running


@pytest.fixture
def browser(hub: FakeHub, learner_settings: PortalSettings) -> Iterator[TestClient]:
    """A browser on the portal run as the hub's service, at the issuer's (HTTPS) address."""
    identity = HubIdentity(hub.hub_oauth(), secrets.token_bytes(32))
    app = create_app(learner_settings, identity)
    with TestClient(app, base_url="https://training.example.com", follow_redirects=False) as client:
        yield client


def log_in(browser: TestClient, hub: FakeHub, user: str) -> httpx.Response:
    """Open "My learning", log in at the hub as `user`, come back: the callback's response."""
    sent = browser.get(f"{PREFIX}my/learning")
    assert sent.status_code == 302, sent.text
    code = hub.authorize(user, sent.headers["location"])
    state = parse_qs(urlsplit(sent.headers["location"]).query)["state"][0]
    return browser.get(f"{PREFIX}oauth_callback", params={"code": code, "state": state})


def learner_paths(issued: Issued) -> list[str]:
    ada = vid(issued, "ada")
    return [
        "my/learning",
        "my/credentials",
        f"my/credentials/{ada}.jwt",
        f"my/credentials/{ada}.pdf",
    ]


@pytest.mark.parametrize("page", range(4))
def test_an_anonymous_visitor_to_a_learner_page_is_sent_to_log_in_at_the_hub(
    browser: TestClient, issued: Issued, page: int
) -> None:
    response = browser.get(PREFIX + learner_paths(issued)[page])

    assert response.status_code == 302
    login = urlsplit(response.headers["location"])
    query = parse_qs(login.query)
    assert login.path == "/hub/api/oauth2/authorize"
    assert query["client_id"] == [CLIENT_ID] and query["response_type"] == ["code"]
    assert query["redirect_uri"] == [f"{PREFIX}oauth_callback"]
    assert query["state"][0] and query["code_challenge_method"] == ["S256"]
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{CLIENT_ID}-oauth-state=")
    assert "HttpOnly" in cookie and "Secure" in cookie and f"Path={PREFIX}" in cookie
    assert query["state"][0] not in cookie  # the cookie holds it signed, not as given


@pytest.mark.parametrize("api", ["api/my/learning", "api/my/credentials"])
def test_an_anonymous_api_call_answers_401_not_a_redirect(browser: TestClient, api: str) -> None:
    response = browser.get(PREFIX + api)
    assert response.status_code == 401
    assert response.json() == {"error": "log in first"}
    assert "location" not in response.headers and "www-authenticate" in response.headers


def test_a_learner_who_logs_in_at_the_hub_is_the_hub_user(
    browser: TestClient, hub: FakeHub, issued: Issued
) -> None:
    back = log_in(browser, hub, "ada")
    assert back.status_code == 302 and back.headers["location"] == f"{PREFIX}my/learning"
    assert f"{CLIENT_ID}=" in back.headers["set-cookie"]

    page = browser.get(f"{PREFIX}my/learning")
    assert page.status_code == 200 and "Signed in as <strong>ada</strong>" in page.text
    assert BANNER not in page.text
    held = browser.get(f"{PREFIX}api/my/credentials").json()
    assert held["learner"] == "ada"
    assert [c["id"] for c in held["credentials"]] == [issued.ids["ada"]]


def test_a_login_the_browser_did_not_start_is_refused(browser: TestClient, hub: FakeHub) -> None:
    sent = browser.get(f"{PREFIX}my/learning")
    code = hub.authorize("ada", sent.headers["location"])

    forged = browser.get(f"{PREFIX}oauth_callback", params={"code": code, "state": "forged"})

    assert forged.status_code == 403 and "does not match" in forged.text
    assert browser.get(f"{PREFIX}api/my/learning").status_code == 401


def test_a_hub_user_without_access_to_the_portal_is_not_let_in(
    browser: TestClient, hub: FakeHub
) -> None:
    log_in(browser, hub, "eve")
    assert browser.get(f"{PREFIX}api/my/learning").status_code == 401
    assert browser.get(f"{PREFIX}my/learning").status_code == 302


def test_a_cookie_the_portal_did_not_sign_is_no_login(browser: TestClient) -> None:
    browser.cookies.set(CLIENT_ID, "ada", domain="training.example.com", path=PREFIX)
    assert browser.get(f"{PREFIX}api/my/learning").status_code == 401


def test_logging_out_forgets_the_token_and_logs_out_of_the_hub(
    browser: TestClient, hub: FakeHub
) -> None:
    log_in(browser, hub, "grace")
    assert browser.get(f"{PREFIX}api/my/learning").json()["learner"] == "grace"

    out = browser.post(f"{PREFIX}logout")

    assert out.status_code == 303 and out.headers["location"] == "/hub/logout"
    assert browser.get(f"{PREFIX}api/my/learning").status_code == 401


def test_on_the_hub_the_public_pages_answer_under_the_prefix_and_at_the_issuers_paths(
    browser: TestClient,
) -> None:
    for path in (f"{PREFIX}verify", "/verify", f"{PREFIX}issuer", "/issuer"):
        assert browser.get(path).status_code == 200, path
    assert f'href="{PREFIX}static/portal.css"' in browser.get("/verify").text


def test_hub_mode_outside_a_hub_says_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in HUB_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError, match="JUPYTERHUB_API_TOKEN"):
        identity_for(hub=True, dev_learner=None)


# Standalone: one fixed learner, and every page says identity is not checked


def test_dev_learner_is_refused_together_with_hub() -> None:
    with pytest.raises(ConfigError, match="exclude each other"):
        identity_for(hub=True, dev_learner="ada")
    done = sgkit("portal", "--hub", "--dev-learner", "ada", "--port", "1")
    assert done.returncode == 2
    assert "exclude each other" in done.stderr and "Verification page" not in done.stdout


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "portal.example.com"])
def test_dev_learner_serves_only_this_machine(host: str) -> None:
    done = sgkit("portal", "--dev-learner", "ada", "--host", host, "--port", "1")
    assert done.returncode == 2
    assert "serves only this machine" in done.stderr and "Verification page" not in done.stdout


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.8.0.1", True), ("::1", True), ("[::1]", True),
     ("localhost", True), ("0.0.0.0", False), ("10.0.0.1", False), ("example.com", False)],
)  # fmt: skip
def test_loopback_addresses_are_told_apart(host: str, loopback: bool) -> None:
    from kit.portal.serve import is_loopback

    assert is_loopback(host) is loopback


@pytest.mark.parametrize("path", ["/verify", "/issuer", "/my/learning", "/my/credentials", "/nope"])
def test_every_page_says_identity_is_not_checked_in_dev_mode(
    learner_settings: PortalSettings, path: str
) -> None:
    with as_learner(learner_settings, "ada") as browser:
        page = browser.get(path).text
    assert BANNER in page and "Every visitor is treated as the learner ada" in page


def test_without_an_identity_there_are_no_learner_pages(client: TestClient) -> None:
    for path in ("/my/learning", "/my/credentials", "/api/my/learning"):
        assert client.get(path).status_code == 404
    assert "My learning" not in client.get("/verify").text


def test_a_learners_progress_is_what_kit_evidence_gives(
    learner_settings: PortalSettings, project: Project, catalog: Catalog
) -> None:
    with as_learner(learner_settings, "ada") as browser:
        shown = browser.get("/api/my/learning").json()
        page = browser.get("/my/learning").text

    graded = read_gradebooks(project, catalog, grading_dir=learner_settings.grading_dir)
    result = course_result("ada", catalog.course(COURSE), best_scores(graded.scores))
    (course,) = shown["courses"]
    assert course["id"] == COURSE and course["pass_mark"] == result.pass_mark == 70
    assert course["passed"] is result.passed is False
    assert [(a["id"], a["score"], a["max_score"], a["passed"]) for a in course["assignments"]] == [
        (a, s.score if s else None, s.max_score if s else None, passes(s, result.pass_mark))
        for a, s in result.best
    ]
    assert course["left"] == [a for a, s in result.best if not passes(s, result.pass_mark)]
    assert "10/12 (83%)" in page and "4/10 (40%)" in page and "1 of 5 assignments passed" in page
    assert "12/12" not in page  # Grace's score

    (user_path,) = [p for p in shown["certifications"] if p["id"] == "certified-user"]
    (requirement,) = user_path["requirements"]
    assert not user_path["done"] and not requirement["done"]
    assert f"{COURSE} filters-and-scoping: scored 4/10 (40%), needs 70%" in requirement["details"]
    assert "Filters and scoping: 40%, needs 70%" in requirement["missing"]
    assert "Left: Filters and scoping: 40%, needs 70%; Regular expressions" in page


def test_a_learner_sees_their_own_credentials_and_never_anothers(
    learner_settings: PortalSettings, issued: Issued
) -> None:
    ada, grace = vid(issued, "ada"), vid(issued, "grace")
    with as_learner(learner_settings, "ada") as browser:
        page = browser.get("/my/credentials").text
        listed = browser.get("/api/my/credentials").json()["credentials"]
        token = browser.get(f"/my/credentials/{ada}.jwt")
        pdf = browser.get(f"/my/credentials/{ada}.pdf")
        theirs = [browser.get(f"/my/credentials/{grace}.{kind}") for kind in ("jwt", "pdf")]
        nobodys = browser.get("/my/credentials/123e4567-e89b-12d3-a456-426614174000.jwt")

    assert [c["id"] for c in listed] == [issued.ids["ada"]] and listed[0]["status"] == "valid"
    assert ada in page and grace not in page and "Grace Okafor" not in page
    assert "Valid" in page and "CE Demo Certified" in page
    assert token.status_code == 200 and token.text.strip() == issued.token("ada")
    assert token.headers["content-disposition"] == 'attachment; filename="ce-demo-certified.jwt"'
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    for answer in theirs:  # the same answer as an id nobody issued: nothing to probe
        assert answer.status_code == nobodys.status_code == 404
        assert answer.text == nobodys.text


def test_the_linkedin_link_fills_in_the_certification(
    learner_settings: PortalSettings, issued: Issued, catalog: Catalog
) -> None:
    with as_learner(learner_settings, "ada") as browser:
        (shown,) = browser.get("/api/my/credentials").json()["credentials"]

    link = urlsplit(shown["linkedin_url"])
    fields = {k: v[0] for k, v in parse_qs(link.query).items()}
    issuer = catalog.require_issuer()
    share = verification_url(issuer.verify_url, issued.ids["ada"])
    issued_on = shown["issued"]
    expires = shown["valid_until"]
    assert f"{link.scheme}://{link.netloc}{link.path}" == "https://www.linkedin.com/profile/add"
    assert fields == {
        "startTask": "CERTIFICATION_NAME",
        "name": "CE Demo Certified",
        "organizationName": issuer.name,
        "issueYear": issued_on[:4],
        "issueMonth": str(int(issued_on[5:7])),
        "expirationYear": expires[:4],
        "expirationMonth": str(int(expires[5:7])),
        "certUrl": share,
        "certId": vid(issued, "ada"),
    }
    assert shown["share_url"] == share


def test_an_expired_credential_is_listed_but_not_offered_for_sharing(
    learner_settings: PortalSettings, issued: Issued
) -> None:
    with as_learner(learner_settings, "grace") as browser:
        (shown,) = browser.get("/api/my/credentials").json()["credentials"]
        page = browser.get("/my/credentials").text
    assert shown["status"] == "expired" and shown["linkedin_url"] is None
    assert "Expired" in page and "LinkedIn" not in page and "Share link" not in page


@pytest.mark.parametrize("path", ["/my/learning", "/my/credentials"])
def test_learner_pages_are_accessible_html_without_script(
    learner_settings: PortalSettings, path: str
) -> None:
    with as_learner(learner_settings, "ada") as browser:
        page = browser.get(path).text
    assert '<html lang="en">' in page and page.count("<h1") == 1
    assert "<script" not in page.lower() and " style=" not in page
    assert 'aria-current="page"' in page
    for field in re.findall(r'<(?:input|textarea)[^>]*\bid="([^"]+)"', page):
        assert f'<label for="{field}">' in page, field


def test_a_learner_with_nothing_graded_is_told_how_to_start(
    learner_settings: PortalSettings,
) -> None:
    with as_learner(learner_settings, "newcomer") as browser:
        page = browser.get("/my/learning").text
        held = browser.get("/api/my/credentials").json()
    assert "No graded work yet" in page and held == {"learner": "newcomer", "credentials": []}


def test_visit_without_identity_still_serves_public_pages(settings: PortalSettings) -> None:
    with visit(settings) as anonymous:
        assert anonymous.get("/verify").status_code == 200
