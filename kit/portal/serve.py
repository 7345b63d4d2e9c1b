"""Serve the portal with uvicorn until interrupted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kit.project import Project


def serve(
    project: Project,
    *,
    port: int,
    host: str = "127.0.0.1",
    records: str | None = None,
    credentials: Path | None = None,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Build the portal for `project` and serve it on `host:port` until Ctrl-C; `on_ready` is
    told the address of the verification page first."""
    import uvicorn

    from kit.portal.app import create_app, url_path
    from kit.portal.settings import load_settings

    settings = load_settings(project, records=records, credentials=credentials)
    app = create_app(settings)
    if on_ready is not None:
        on_ready(f"http://{host}:{port}{url_path(settings.issuer.verify_url)}")
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)
