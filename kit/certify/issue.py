"""Issuing: decide every certification path over the gradebooks and rubric records, and sign a
credential (with its certificate) for everyone newly certified. Running it again issues nothing
new; a holder within the renewal window (or past expiry) is renewed on fresh evidence only."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kit.certify.certificates import Certificate, write_certificate
from kit.certify.credentials import Recipient, build_credential, sign
from kit.certify.keys import IssuerKey
from kit.certify.publishing import STATUS_LIST_FILE, publish
from kit.certify.rules import Decision, evaluate, evaluate_all
from kit.certify.trust import issuer_trust
from kit.certify.verify import verify_credential
from kit.courses import Catalog, CertificationPath
from kit.grading.grades import AssignmentScore
from kit.project import Project
from kit.records import IssuedCredential, Records
from kit.records.assessments import RubricSession


@dataclass(frozen=True)
class Issued:
    """One credential issued by this run, with where its files are."""

    credential: IssuedCredential
    token_file: Path
    certificate: Certificate


@dataclass(frozen=True)
class CertifyRun:
    """What a certify run decided and issued."""

    decisions: dict[str, list[Decision]]
    issued: list[Issued]
    out_dir: Path
    unnamed: list[tuple[str, str]] = field(default_factory=list)
    """(path, learner) certified but not issued: no name on record (see `require_names`)."""


@dataclass(frozen=True)
class Evidence:
    """Everything certification decides on: assignment scores and rubric sessions."""

    scores: list[AssignmentScore]
    sessions: list[RubricSession]
    names: dict[str, str]


def gather_evidence(
    project: Project, catalog: Catalog, records: Records, grading_dir: Path | None = None
) -> Evidence:
    """Scores from every published course's gradebook, sessions and names from the records."""
    from kit.evidence.gradebooks import read_gradebooks  # nbgrader: only when grades are needed

    graded = read_gradebooks(project, catalog, grading_dir=grading_dir)
    names = dict(graded.names)
    recorded = records.learner_names()
    names.update({k: v for k, v in recorded.items() if v != k or k not in names})
    return Evidence(graded.scores, records.sessions(), names)


def certify(
    project: Project,
    catalog: Catalog,
    records: Records,
    key: IssuerKey,
    out_dir: Path,
    *,
    path_ids: Iterable[str] | None = None,
    grading_dir: Path | None = None,
    evidence: Evidence | None = None,
    now: datetime | None = None,
    on_decided: Callable[[str], None] | None = None,
    require_names: bool = False,
) -> CertifyRun:
    """Decide the paths (all by default), issue what is due, and publish JWKS and status list.

    The evidence is gathered from the gradebooks and records unless given. With
    `require_names`, a certified learner whose name is not on record gets nothing yet (a
    certificate carries the holder's name) and is listed in `unnamed`.
    """
    now = now or datetime.now(UTC)
    catalog.require_issuer()  # fail before deciding anything
    paths = (
        [catalog.certification(p) for p in path_ids]
        if path_ids
        else list(catalog.certifications.values())
    )
    evidence = evidence or gather_evidence(project, catalog, records, grading_dir)
    decisions: dict[str, list[Decision]] = {}
    issued: list[Issued] = []
    unnamed: list[tuple[str, str]] = []
    for path in paths:
        decisions[path.id] = evaluate_all(
            path,
            catalog.courses,
            evidence.scores,
            rubrics=catalog.rubrics,
            sessions=evidence.sessions,
        )
        for decision in decisions[path.id]:
            due = _due(path, decision, catalog, records, evidence, now)
            if due is not None and require_names and not _named(evidence, decision.learner):
                unnamed.append((path.id, decision.learner))
                continue
            if due is not None:
                decision_now, renews = due
                issued.append(
                    _issue(
                        catalog, path, decision_now, evidence, records, key, out_dir, now, renews
                    )
                )
        if on_decided:
            on_decided(path.id)
    publish(catalog, records, key, out_dir, now)
    if issued:
        _write_certificates(issued, catalog, key, out_dir, now)
    return CertifyRun(decisions, issued, out_dir, unnamed)


def _named(evidence: Evidence, learner: str) -> bool:
    name = evidence.names.get(learner, "").strip()
    return bool(name) and name != learner


def _due(
    path: CertificationPath,
    decision: Decision,
    catalog: Catalog,
    records: Records,
    evidence: Evidence,
    now: datetime,
) -> tuple[Decision, str | None] | None:
    """The decision to issue on, and the credential it renews, if a credential is due."""
    if not decision.certified:
        return None
    revocations = records.revocations()
    held = records.credentials(decision.learner, path.id)
    standing = [c for c in held if c.id not in revocations]
    if not held:
        return decision, None
    renew_from = now + timedelta(days=path.renew_within_days)
    if any(c.valid_until > renew_from for c in standing):
        return None  # holds a credential that is not yet up for renewal
    # Renewal, or re-certification after a revocation: only evidence newer than the last
    # credential (or its revocation) counts.
    cutoff = max(
        [c.issued_at for c in held]
        + [r.revoked_at for r in revocations.values() if r.credential_id in {c.id for c in held}]
    )
    fresh = evaluate(
        path,
        decision.learner,
        catalog.courses,
        evidence.scores,
        rubrics=catalog.rubrics,
        sessions=evidence.sessions,
        after=cutoff,
    )
    if not fresh.certified:
        return None
    latest = max(held, key=lambda c: c.issued_at)
    return fresh, latest.id


def _issue(
    catalog: Catalog,
    path: CertificationPath,
    decision: Decision,
    evidence: Evidence,
    records: Records,
    key: IssuerKey,
    out_dir: Path,
    now: datetime,
    renews: str | None,
) -> Issued:
    issuer = catalog.require_issuer()
    recipient = Recipient(decision.learner, evidence.names.get(decision.learner, decision.learner))
    records.ensure_learner(recipient.learner, recipient.name)
    status_index = records.next_status_index()
    credential = build_credential(
        issuer, path, recipient, decision, issued_at=now, status_index=status_index
    )
    token = sign(credential, key, issuer)
    record = IssuedCredential(
        id=credential["id"],
        learner=decision.learner,
        certification=path.id,
        issued_at=now.replace(microsecond=0),
        valid_until=now.replace(microsecond=0) + timedelta(days=path.valid_for_days),
        status_index=status_index,
        token=token,
        evidence=tuple(credential["evidence"]),
        renews=renews,
    )
    records.add_credential(record)
    token_file = credential_file(out_dir, decision.learner, path.id)
    token_file.parent.mkdir(parents=True, exist_ok=True)
    token_file.write_text(token + "\n", encoding="utf-8")
    stem = token_file.with_suffix("")
    return Issued(
        record, token_file, Certificate(stem.with_suffix(".html"), stem.with_suffix(".pdf"))
    )


def _write_certificates(
    issued: list[Issued], catalog: Catalog, key: IssuerKey, out_dir: Path, now: datetime
) -> None:
    issuer = catalog.require_issuer()
    trust = issuer_trust(issuer, key)
    status_list = (out_dir / STATUS_LIST_FILE).read_text(encoding="utf-8")
    for item in issued:
        # Render from the credential as a verifier sees it: what is printed is what was signed.
        verified = verify_credential(item.credential.token, trust, status_list, now=now)
        write_certificate(verified, issuer.verify_url, item.token_file.with_suffix(""))


def credential_file(out_dir: Path, learner: str, certification: str) -> Path:
    """Where a learner's credential for a path is written."""
    return out_dir / learner / f"{certification}.jwt"
