"""Start the hub: `jupyterhub -f grading/jupyterhub_config.py` with the settings file named."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kit.errors import ConfigError
from kit.hub.config import check_catalog
from kit.hub.settings import HubSettings, load_hub_settings
from kit.hub.tools import base_interpreter, proxy_command
from kit.project import PROJECT_ENV, Project

SETTINGS_ENV = "SGKIT_HUB_SETTINGS"


def check_hub(settings_file: Path, project: Project) -> HubSettings:
    """Validate the settings against the catalog and check the hub's tools; the settings."""
    settings = load_hub_settings(settings_file)
    check_catalog(settings, project)
    proxy_command()
    base_interpreter()
    return settings


def hub_command(settings_file: Path, project: Project) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that start the hub."""
    config = project.grading_dir / "jupyterhub_config.py"
    if not config.is_file():
        raise ConfigError("hub configuration not found", where=config)
    bindir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        SETTINGS_ENV: str(settings_file.resolve()),
        PROJECT_ENV: str(project.root),
        "PATH": os.pathsep.join([bindir, os.environ.get("PATH", "")]),
    }
    argv = [sys.executable, "-m", "jupyterhub", "-f", str(config)]
    return argv, env


def run_hub(settings_file: Path, project: Project) -> int:
    """Run the hub in the foreground until it stops; its exit status."""
    if os.geteuid() != 0:
        raise ConfigError("the hub starts learners' servers as their Unix users: run it as root")
    check_hub(settings_file, project)
    argv, env = hub_command(settings_file, project)
    return subprocess.run(argv, env=env, check=False).returncode
