"""The JupyterHub configuration: built from the hub settings and the kit's course catalog.

- Learners log in (PAM, or a shared test password) and get a JupyterLab server running as their
  own Unix user, on the learners' environment (an installed copy of the kit, kit.hub.learner_env);
  they fetch and submit through nbgrader's assignment list.
- Each course has a formgrader: a JupyterHub service (a single-user server run by the hub) in the
  course's root, run as the course's grader user `grade-<course>` (never root), open to the hub
  group `formgrade-<course>`.
- Learners are in the hub group `nbgrader-<course>` and the Unix group `sgkit-<course>`: nbgrader
  lists only their courses, and the file system lets them into no other course's folder.
- Building the configuration prepares the machine (as root, at each start): accounts, the
  learners' environment, config folders, course roots, the exchange, and the modes that keep
  learners out of the checkout, the gradebooks, the keys and each other's homes
  (kit.hub.lockdown).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kit.courses import load_catalog
from kit.hub.accounts import ensure_graders
from kit.hub.folders import prepare_exchange
from kit.hub.learner_env import prepare_learner_env
from kit.hub.lockdown import close_homes, lock_checkout, lock_secrets
from kit.hub.nbgrader import grader_config_dir, write_config_folders
from kit.hub.settings import HubSettings
from kit.hub.tools import proxy_command
from kit.project import Project

SERVER_SCOPES = ["users:activity!user", "access:servers!server", "read:users:groups!user"]
"""A learner's server may read its own user's groups: nbgrader's hub plugin maps them to courses."""


def check_catalog(settings: HubSettings, project: Project) -> None:
    """Every hub course names a catalog course (ConfigError otherwise)."""
    catalog = load_catalog(project.courses_dir)
    for course in settings.courses:
        catalog.course(course.course)


def prepare_hub(settings: HubSettings, settings_file: Path, project: Project) -> tuple[Path, Path]:
    """Prepare the machine for the hub (as root, at each start); the learners' Python and config.

    Grader accounts, the exchange, the learners' environment, config folders and course roots,
    then the modes that close the checkout, the secrets and every hub user's home.
    """
    graders = ensure_graders(settings)
    prepare_exchange(settings, graders)
    python = prepare_learner_env(settings.learner_env)
    learner_config = write_config_folders(settings, project, graders)
    lock_checkout(project)
    lock_secrets(project, settings_file)
    people = {u for c in settings.courses for u in (*c.learners, *c.graders)}
    close_homes(sorted(people | set(settings.admin_users)))
    settings.private_dir.mkdir(parents=True, exist_ok=True)
    settings.private_dir.chmod(0o700)
    return python, learner_config


def hub_config(settings: HubSettings, settings_file: Path, project: Project) -> dict[str, Any]:
    """JupyterHub settings as {class: {trait: value}}, ready to merge into a traitlets config.

    Prepares the machine first (`prepare_hub`): JupyterHub loads this at each start.
    """
    check_catalog(settings, project)
    python, learner_config = prepare_hub(settings, settings_file, project)
    private = settings.private_dir
    path = os.pathsep.join([str(python.parent), "/usr/local/bin", "/usr/bin", "/bin"])
    learner_env = {"PATH": path, "JUPYTER_CONFIG_PATH": str(learner_config)}
    services = [
        {
            "name": course.service,
            "url": f"http://127.0.0.1:{settings.formgrader_port(course)}",
            "user": course.grader_user,
            "command": [
                str(python),
                "-m",
                "jupyterhub.singleuser",
                f"--port={settings.formgrader_port(course)}",
                "--ip=127.0.0.1",
                "--ServerApp.default_url=/formgrader",
            ],
            "cwd": str(settings.course_root(course).resolve()),
            "environment": {
                "JUPYTERHUB_DEFAULT_URL": "/formgrader",
                "PATH": path,
                "JUPYTER_CONFIG_PATH": str(grader_config_dir(settings, course)),
            },
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
    return config


def apply_hub_config(c: Any, settings: HubSettings, settings_file: Path, project: Project) -> None:
    """Set the hub's configuration on the traitlets config object `c` (jupyterhub_config.py)."""
    for section, values in hub_config(settings, settings_file, project).items():
        for trait, value in values.items():
            setattr(getattr(c, section), trait, value)
