"""Serve the portal with uvicorn until interrupted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kit.errors import ConfigError
from kit.project import Project


def is_loopback(host: str) -> bool:
    """Whether `host` is an address only this machine can reach (localhost, 127.0.0.0/8, ::1)."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve to anything


def serve(
    project: Project,
    *,
    port: int,
    host: str = "127.0.0.1",
    records: str | None = None,
    credentials: Path | None = None,
    grading: Path | None = None,
    hub: bool = False,
    dev_learner: str | None = None,
    on_ready: Callable[[str, str], None] | None = None,
) -> None:
    """Build the portal for `project` and serve it on `host:port` until Ctrl-C. Learners log in
    through the hub (`hub`, run as its service), or every visitor is `dev_learner` (identity not
    checked); neither: public pages only. `on_ready` is told the addresses of the verification
    page and of "My learning" ('' without learner pages) first."""
    import uvicorn

    from kit.portal.app import LEARNER_PATHS, create_app, url_path
    from kit.portal.identity import identity_for
    from kit.portal.settings import load_settings

    if dev_learner is not None and not is_loopback(host):
        raise ConfigError(
            f"--dev-learner does not check who a visitor is, so it serves only this machine: "
            f"use --host 127.0.0.1 (not {host!r}), or --hub for learners on a network"
        )
    identity = identity_for(hub=hub, dev_learner=dev_learner)
    settings = load_settings(project, records=records, credentials=credentials, grading=grading)
    app = create_app(settings, identity)
    if on_ready is not None:
        root = f"http://{host}:{port}"
        prefix = identity.prefix if identity else ""
        learning = f"{root}{prefix}{LEARNER_PATHS['learning']}" if identity else ""
        on_ready(f"{root}{prefix}{url_path(settings.issuer.verify_url)}", learning)
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)
