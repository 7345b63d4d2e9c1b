"""`sgkit certify` issues a signed credential and a certificate to everyone newly certified, nothing
twice; renews only on fresh evidence; and `sgkit verify` / `sgkit revoke` work on what it wrote."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from kit.certify.certificates import qr_svg, verification_url
from kit.certify.issue import Evidence, certify
from kit.certify.keys import IssuerKey, load_or_create_key
from kit.courses import Catalog
from kit.project import Project
from kit.records import Records
from kit.records.assessments import Assessment, RubricSession
from tests.conftest import sgkit

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
PATH = "ce-demo-certified"


def demo_session(catalog: Catalog, ce: str, day: date, score: int = 3) -> RubricSession:
    rubric = catalog.rubric("ce-demo")
    return RubricSession(
        ce,
        "ce-demo",
        day,
        tuple(
            Assessment(role.id, f"{role.id} assessor", {c.id: score for c in rubric.competencies})
            for role in rubric.assessor_roles
        ),
    )


@pytest.fixture
def key(tmp_path: Path) -> IssuerKey:
    return load_or_create_key(tmp_path / "keys")


@pytest.fixture
def records(tmp_path: Path) -> Records:
    with Records(f"sqlite:///{tmp_path / 'records.db'}") as store:
        yield store  # type: ignore[misc]


def run(
    project: Project,
    catalog: Catalog,
    records: Records,
    key: IssuerKey,
    out: Path,
    sessions: list[RubricSession],
    now: datetime = NOW,
):  # type: ignore[no-untyped-def]
    evidence = Evidence([], sessions, {"nia": "Nia Adeyemi", "omar": "Omar Haddad"})
    return certify(project, catalog, records, key, out, path_ids=[PATH], evidence=evidence, now=now)


def test_certify_issues_once_to_each_newly_certified_learner(
    project: Project, catalog: Catalog, records: Records, key: IssuerKey, tmp_path: Path
) -> None:
    out = tmp_path / "credentials"
    sessions = [
        demo_session(catalog, "nia", date(2026, 10, 5)),
        demo_session(catalog, "omar", date(2026, 10, 12), score=2),
    ]
    first = run(project, catalog, records, key, out, sessions)
    assert [(i.credential.learner, i.credential.certification) for i in first.issued] == [
        ("nia", PATH)
    ]
    issued = first.issued[0]
    assert issued.token_file == out / "nia" / f"{PATH}.jwt"
    assert (out / "jwks.json").is_file() and (out / "status-list.jwt").is_file()

    again = run(project, catalog, records, key, out, sessions)
    assert again.issued == []
    assert len(records.credentials()) == 1

    sessions.append(demo_session(catalog, "omar", date(2026, 10, 26)))
    later = run(project, catalog, records, key, out, sessions)
    assert [i.credential.learner for i in later.issued] == ["omar"]


def test_the_certificate_shows_name_path_dates_and_a_qr_code_for_the_verification_id(
    project: Project, catalog: Catalog, records: Records, key: IssuerKey, tmp_path: Path
) -> None:
    [issued] = run(
        project, catalog, records, key, tmp_path, [demo_session(catalog, "nia", date(2026, 10, 5))]
    ).issued
    html = issued.certificate.html.read_text()
    uuid = issued.credential.id.removeprefix("urn:uuid:")
    url = verification_url(catalog.require_issuer().verify_url, issued.credential.id)
    assert url == f"https://training.example.com/verify?id={uuid}"
    assert qr_svg(url) in html
    pdf = pdfium.PdfDocument(issued.certificate.pdf)
    try:
        assert len(pdf) == 1
        page = pdf[0]
        width, height = page.get_size()
        assert width > height  # landscape
        text = page.get_textpage().get_text_range()
    finally:
        pdf.close()
    for expected in (
        "Nia Adeyemi",
        "CE Demo Certified",
        uuid,
        "1 November 2026",
        "31 October 2029",
    ):
        assert expected in text


def test_renewal_needs_fresh_evidence_and_happens_in_the_renewal_window(
    project: Project, catalog: Catalog, records: Records, key: IssuerKey, tmp_path: Path
) -> None:
    path = catalog.certification(PATH)
    first_session = demo_session(catalog, "nia", date(2026, 10, 5))
    [first] = run(project, catalog, records, key, tmp_path, [first_session]).issued
    expiry = first.credential.valid_until
    window = expiry - timedelta(days=path.renew_within_days) + timedelta(days=1)

    assert run(project, catalog, records, key, tmp_path, [first_session], now=window).issued == []
    newer = demo_session(catalog, "nia", window.date() - timedelta(days=3))
    renewed = run(project, catalog, records, key, tmp_path, [first_session, newer], now=window)
    assert [i.credential.renews for i in renewed.issued] == [first.credential.id]
    assert renewed.issued[0].credential.valid_until > expiry


def test_a_revoked_credential_is_not_reissued_on_the_old_evidence(
    project: Project, catalog: Catalog, records: Records, key: IssuerKey, tmp_path: Path
) -> None:
    session = demo_session(catalog, "nia", date(2026, 10, 5))
    [first] = run(project, catalog, records, key, tmp_path, [session]).issued
    records.revoke(first.credential.id, "issued in error", at=NOW + timedelta(hours=1))
    later = NOW + timedelta(days=2)
    assert run(project, catalog, records, key, tmp_path, [session], now=later).issued == []
    retake = demo_session(catalog, "nia", later.date())
    reissued = run(
        project, catalog, records, key, tmp_path, [session, retake], now=later + timedelta(days=1)
    )
    assert len(reissued.issued) == 1


def test_sgkit_verify_and_revoke_on_what_certify_wrote(
    project_copy: Project, catalog: Catalog, tmp_path: Path
) -> None:
    root = str(project_copy.root)
    rows = "learner,date,role,assessor," + ",".join(
        c.id for c in catalog.rubric("ce-demo").competencies
    )
    scores = ",".join(["3"] * len(catalog.rubric("ce-demo").competencies))
    sheet = tmp_path / "sessions.csv"
    sheet.write_text(
        f"{rows}\nnia,2026-10-05,shadow-ce,Tomas Reyes,{scores}\nnia,2026-10-05,ce-manager,Priya Lund,{scores}\n"
    )
    assert sgkit("rubric", "import", "ce-demo", str(sheet), "--project", root).returncode == 0
    unnamed = sgkit("certify", "--project", root)
    assert "0 credential(s) issued" in unnamed.stdout
    assert "not issued ce-demo-certified to nia: no name on record" in unnamed.stdout
    roster = tmp_path / "learners.csv"
    roster.write_text("id,first_name,last_name,email\nnia,Nia,Okafor,nia@example.com\n")
    named = sgkit("roster", "import", str(roster), "--project", root)
    assert named.returncode == 0, named.stderr
    done = sgkit("certify", "--project", root)
    assert done.returncode == 0, done.stderr
    assert "1 credential(s) issued" in done.stdout
    assert sgkit("certify", "--project", root).stdout.count("0 credential(s) issued") == 1

    # The kit's own key and publication mirror are the trust anchor: nothing beside the file.
    credential = project_copy.build_dir / "credentials" / "nia" / f"{PATH}.jwt"
    ok = sgkit("verify", str(credential), "--project", root)
    assert ok.returncode == 0, ok.stderr
    assert "valid: CE Demo Certified, issued to Nia Okafor" in ok.stdout

    tampered = tmp_path / "tampered.jwt"
    token = credential.read_text().strip()
    at = token.index(".") + 30
    tampered.write_text(token[:at] + chr(ord(token[at]) ^ 1) + token[at + 1 :])
    jwks = project_copy.build_dir / "credentials" / "jwks.json"
    refused = sgkit("verify", str(tampered), "--trust", str(jwks), "--project", root)
    assert refused.returncode == 2
    assert "NOT VALID" in refused.stderr

    credential_id = next(
        line.split("id: ")[1] for line in ok.stdout.splitlines() if line.strip().startswith("id:")
    )
    revoked = sgkit("revoke", credential_id, "--reason", "left the team", "--project", root)
    assert revoked.returncode == 0, revoked.stderr
    after = sgkit("verify", str(credential), "--project", root)
    assert after.returncode == 2
    assert "revoked by the issuer" in after.stderr
