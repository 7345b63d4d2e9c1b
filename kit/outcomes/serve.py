"""Serving the outcomes dashboard with Voila on 127.0.0.1 (what `sgkit dashboard` runs).

The data is read and checked once here, so a bad CSV row is a one-line error on the command line
rather than a traceback in the page; then Voila runs the dashboard notebook with the sources in
its environment. Voila shows no code and no tracebacks, and serves nothing but the notebook.
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

from kit.outcomes.dashboard import SOURCES_ENV, DashboardSources, load_dashboard_data

HOST = "127.0.0.1"
NOT_IN_VOILA = ("@jupyter/nbgrader", "@jupyter-notebook/lab-extension")
"""JupyterLab extensions installed with the kit that expect a full JupyterLab (they fail in Voila's
page with console errors). Everything else loads, Voila's widget manager and plotly's renderer
among them; an allowlist would drop the widget manager, which Voila injects under the extension's
name."""


def dashboard_notebook() -> Path:
    """The Voila notebook shipped with the kit."""
    return Path(str(resources.files("kit.outcomes") / "dashboard.ipynb"))


def voila_command(port: int, *, open_browser: bool = False) -> list[str]:
    """The Voila command line that serves the dashboard notebook on HOST:`port`."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(dashboard_notebook()),
        f"--Voila.ip={HOST}",
        f"--Voila.port={port}",
        "--Voila.port_retries=0",  # a busy port is an error, not a silent move elsewhere
        f"--Voila.open_browser={open_browser}",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.theme=light",
        *(f"--VoilaConfiguration.extension_denylist={name}" for name in NOT_IN_VOILA),
    ]


def voila_environment(sources: DashboardSources) -> dict[str, str]:
    """This process's environment plus the dashboard's sources."""
    return {**os.environ, SOURCES_ENV: sources.to_json()}


def start_dashboard(sources: DashboardSources, port: int) -> subprocess.Popen[bytes]:
    """Check the data, then start Voila in the background (the caller stops it)."""
    load_dashboard_data(sources)
    return subprocess.Popen(voila_command(port), env=voila_environment(sources))


def serve_dashboard(sources: DashboardSources, *, port: int, open_browser: bool) -> int:
    """Check the data, then run Voila in the foreground until it stops; its exit code."""
    load_dashboard_data(sources)
    command = voila_command(port, open_browser=open_browser)
    try:
        return subprocess.call(command, env=voila_environment(sources))
    except KeyboardInterrupt:
        return 0
