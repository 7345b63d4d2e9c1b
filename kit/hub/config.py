"""The JupyterHub configuration: built from the hub settings and the kit's course catalog.

- Learners log in (PAM, or a shared test password) and get a JupyterLab server running as their
  own Unix user; they fetch and submit through nbgrader's assignment list.
- Each course has a formgrader: a JupyterHub service (a single-user server run by the hub, as the
  hub's user) in the course's root, open to the hub group `formgrade-<course>`.
- Learners are in the hub group `nbgrader-<course>` and the Unix group `sgkit-<course>`: nbgrader
  lists only their courses, and the file system lets them into no other course's folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from kit.courses import load_catalog
from kit.hub.folders import prepare_exchange
from kit.hub.nbgrader import write_config_folders
from kit.hub.settings import HubSettings
from kit.hub.tools import learner_python, proxy_command
from kit.project import Project

SERVER_SCOPES = ["users:activity!user", "access:servers!server", "read:users:groups!user"]
"""A learner's server may read its own user's groups: nbgrader's hub plugin maps them to courses."""


def check_catalog(settings: HubSettings, project: Project) -> None:
    """Every hub course names a catalog course (ConfigError otherwise)."""
    catalog = load_catalog(project.courses_dir)
    for course in settings.courses:
        catalog.course(course.course)


def hub_config(settings: HubSettings, settings_file: Path, project: Project) -> dict[str, Any]:
    """JupyterHub settings as {class: {trait: value}}, ready to merge into a traitlets config."""
    check_catalog(settings, project)
    learner_config = write_config_folders(settings, settings_file, project)
    python = learner_python()
    state = settings.state_dir
    private = state / "hub"  # the hub's database and cookie secret: root only
    private.mkdir(parents=True, exist_ok=True)
    private.chmod(0o700)
    learner_env = {
        "PATH": os.pathsep.join([str(python.parent), "/usr/local/bin", "/usr/bin", "/bin"]),
        "JUPYTER_CONFIG_PATH": str(learner_config),
    }
    services = [
        {
            "name": course.service,
            "url": f"http://127.0.0.1:{settings.formgrader_port(course)}",
            "command": [
                sys.executable,
                "-m",
                "jupyterhub.singleuser",
                f"--port={settings.formgrader_port(course)}",
                "--ip=127.0.0.1",
                "--allow-root",
                "--ServerApp.default_url=/formgrader",
            ],
            "cwd": str(state / "courses" / course.id),
            "environment": {"JUPYTERHUB_DEFAULT_URL": "/formgrader"},
            "oauth_no_confirm": True,
        }
        for course in settings.courses
    ]
    groups: dict[str, dict[str, list[str]]] = {}
    roles: list[dict[str, Any]] = [{"name": "server", "scopes": SERVER_SCOPES}]
    for course in settings.courses:
        groups[course.learner_group] = {"users": list(course.learners)}
        groups[course.grader_group] = {"users": list(course.graders)}
        roles.append(
            {
                "name": course.grader_group,
                "groups": [course.grader_group],
                "scopes": [f"access:services!service={course.service}"],
            }
        )
    users = sorted({u for c in settings.courses for u in (*c.learners, *c.graders)})
    authenticator: dict[str, Any] = {
        "allowed_users": set(users),
        "admin_users": set(settings.admin_users),
    }
    config: dict[str, Any] = {
        "JupyterHub": {
            "ip": "127.0.0.1",
            "port": settings.port,
            "hub_ip": "127.0.0.1",
            "hub_port": settings.hub_port,
            "db_url": f"sqlite:///{private / 'jupyterhub.sqlite'}",
            "cookie_secret_file": str(private / "jupyterhub_cookie_secret"),
            "pid_file": str(private / "jupyterhub.pid"),
            "services": services,
            "load_groups": groups,
            "load_roles": roles,
            "spawner_class": "jupyterhub.spawner.LocalProcessSpawner",
            "authenticator_class": (
                "jupyterhub.auth.DummyAuthenticator"
                if settings.authenticator == "dummy"
                else "jupyterhub.auth.PAMAuthenticator"
            ),
        },
        "ConfigurableHTTPProxy": {
            "command": [str(proxy_command())],
            "api_url": f"http://127.0.0.1:{settings.proxy_api_port}",
            "pid_file": str(private / "jupyterhub-proxy.pid"),
        },
        "Spawner": {
            "cmd": [str(python), "-m", "jupyterhub.singleuser"],
            "default_url": "/lab",
            "environment": learner_env,
            "notebook_dir": "~",
            "http_timeout": 60,
            "start_timeout": 60,
        },
        "Authenticator": authenticator,
    }
    if settings.authenticator == "dummy":
        config["DummyAuthenticator"] = {"password": settings.dummy_password}
    prepare_exchange(settings)
    return config


def apply_hub_config(c: Any, settings: HubSettings, settings_file: Path, project: Project) -> None:
    """Set the hub's configuration on the traitlets config object `c` (jupyterhub_config.py)."""
    for section, values in hub_config(settings, settings_file, project).items():
        for trait, value in values.items():
            setattr(getattr(c, section), trait, value)
