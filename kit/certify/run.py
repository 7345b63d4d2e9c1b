"""The certification flows the `sgkit` commands start: decide and issue, revoke."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kit.project import Project

if TYPE_CHECKING:
    from kit.certify.issue import CertifyRun
    from kit.records import RevocationRecord


def certify_paths(
    project: Project,
    out_dir: Path,
    *,
    path_ids: Sequence[str] = (),
    records_url: str | None = None,
    on_planned: Callable[[int], None] | None = None,
    on_decided: Callable[[str], None] | None = None,
    require_names: bool = True,
) -> CertifyRun:
    """Decide `path_ids` (default: every offered path) from the gradebooks and the records, issue
    signed credentials to everyone newly certified into `out_dir`; the decisions and what was issued."""
    from kit.certify.issue import certify, gather_evidence
    from kit.certify.keys import key_dir, load_or_create_key
    from kit.courses import load_catalog
    from kit.records import Records
    from kit.records import records_url as default_url

    catalog = load_catalog(project.courses_dir)
    key = load_or_create_key(key_dir(project))
    chosen = list(path_ids) or [p.id for p in catalog.certifications.values() if catalog.offered(p)]
    with Records(default_url(project, records_url)) as store:
        evidence = gather_evidence(project, catalog, store)
        if on_planned is not None:
            on_planned(len(chosen))
        return certify(
            project, catalog, store, key, out_dir,
            path_ids=chosen, evidence=evidence, on_decided=on_decided,
            require_names=require_names,
        )  # fmt: skip


def revoke_credential(
    project: Project, credential_id: str, reason: str, out_dir: Path, records_url: str | None = None
) -> RevocationRecord:
    """Revoke a credential (an id with or without `urn:uuid:`) and republish the signed status
    list in `out_dir`; the revocation recorded."""
    from kit.certify.keys import key_dir, load_or_create_key
    from kit.certify.publishing import publish
    from kit.courses import load_catalog
    from kit.records import Records
    from kit.records import records_url as default_url

    wanted = credential_id if credential_id.startswith("urn:") else f"urn:uuid:{credential_id}"
    now = datetime.now(UTC)
    catalog = load_catalog(project.courses_dir)
    with Records(default_url(project, records_url)) as store:
        revocation = store.revoke(wanted, reason, at=now)
        publish(catalog, store, load_or_create_key(key_dir(project)), out_dir, now)
    return revocation
