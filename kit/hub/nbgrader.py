"""nbgrader settings on the hub: learners' servers, and each course's formgrader service.

The hub writes small config folders into its state folder (`write_config_folders`), whose
`nbgrader_config.py` call the functions here, so the settings live in typed code, not in
generated text:

    <state_dir>/jupyter/learner/             root 0755   the exchange: read by every learner
    <state_dir>/jupyter/formgrade-<course>/  root:grade-<course> 0750, file 0640: the course's
                                             layout, resolved by the hub, and the gradebook URL
                                             (which may hold a password): its grader only

A formgrader reads neither the hub settings nor the catalog. Its course root belongs to its
grader (kit.hub.lockdown.hand_over).
"""

from __future__ import annotations

import os
import pwd
from pathlib import Path
from typing import Any

from kit.courses import load_catalog
from kit.grading.gradebook_db import GRADEBOOK_URL_ENV, gradebook_url, prepare_gradebook
from kit.grading.layout import CourseLayout, apply_course_layout
from kit.hub.exchange import FACTORY_CLASSES
from kit.hub.lockdown import hand_over
from kit.hub.settings import HubCourse, HubSettings
from kit.project import Project

LEARNER_CONFIG = "learner"
CONFIG_FILE = "nbgrader_config.py"
AUTH_PLUGIN = "nbgrader.auth.JupyterHubAuthPlugin"


def apply_exchange(c: Any, exchange_root: Path) -> None:
    """The hardened exchange, one folder per course."""
    c.Exchange.root = str(exchange_root)
    # Several courses side by side: fetched assignments go to ~/<course>/<assignment>.
    c.Exchange.path_includes_course = True
    for step, cls in FACTORY_CLASSES.items():
        setattr(c.ExchangeFactory, step, f"{cls.__module__}.{cls.__qualname__}")


def hub_course_layout(settings: HubSettings, course: HubCourse, project: Project) -> CourseLayout:
    """The nbgrader folders of a hub course: the catalog course's notebooks, its own course root."""
    catalog_course = load_catalog(project.courses_dir).course(course.course)
    root = settings.course_root(course).resolve()
    template = {GRADEBOOK_URL_ENV: settings.gradebook_url} if settings.gradebook_url else None
    return CourseLayout(
        course_id=course.id,
        source_dir=(project.notebooks_dir / catalog_course.id).resolve(),
        release_dir=(project.release_dir / catalog_course.id).resolve(),
        course_root=root,
        server_url=gradebook_url(course.id, root, template),
    )


def apply_learner_config(c: Any, exchange_root: str) -> None:
    """A learner's server: fetch and submit through the exchange, in the courses of its hub groups."""
    apply_exchange(c, Path(exchange_root))
    c.Authenticator.plugin_class = AUTH_PLUGIN


def apply_grader_config(
    c: Any,
    *,
    course_id: str,
    source_dir: str,
    release_dir: str,
    course_root: str,
    server_url: str | None,
    exchange_root: str,
) -> None:
    """A course's formgrader: the course layout (the kit's trusted autograde) and the exchange.

    The hub resolved the layout when it started: the formgrader's user reads neither the hub
    settings nor the catalog. Its course is fixed, so it needs no hub plugin.
    """
    layout = CourseLayout(
        course_id=course_id,
        source_dir=Path(source_dir),
        release_dir=Path(release_dir),
        course_root=Path(course_root),
        server_url=server_url,
    )
    apply_course_layout(c, layout)
    apply_exchange(c, Path(exchange_root))


def grader_config_dir(settings: HubSettings, course: HubCourse) -> Path:
    """The folder of one formgrader's nbgrader_config.py (its JUPYTER_CONFIG_PATH)."""
    return settings.state_dir / "jupyter" / course.service


def write_config_folders(
    settings: HubSettings, project: Project, graders: dict[str, pwd.struct_passwd]
) -> Path:
    """Write the config folders, prepare each course root for its grader; the learners' folder.

    `graders` maps each course id to its grader's account (kit.hub.accounts.ensure_graders).
    """
    learner = settings.state_dir / "jupyter" / LEARNER_CONFIG
    learner.mkdir(parents=True, exist_ok=True)
    settings.state_dir.chmod(0o711)  # learners reach their config folder, list nothing
    for folder in (settings.state_dir / "jupyter", learner):
        folder.chmod(0o755)
    (learner / CONFIG_FILE).write_text(
        "from kit.hub.nbgrader import apply_learner_config\n\n"
        f"apply_learner_config(get_config(), {str(settings.exchange_root)!r})  # noqa: F821\n",
        encoding="utf-8",
    )
    courses = settings.state_dir / "courses"
    courses.mkdir(exist_ok=True)
    courses.chmod(0o711)
    for course in settings.courses:
        layout = hub_course_layout(settings, course, project)
        account = graders[course.id]
        _write_grader_config(grader_config_dir(settings, course), layout, settings, account)
        layout.course_root.mkdir(exist_ok=True)
        # Earlier hubs kept the formgrader's config in the course root, now the grader's to edit.
        (layout.course_root / CONFIG_FILE).unlink(missing_ok=True)
        prepare_gradebook(layout.db_url)
        hand_over(layout.course_root, account)
    return learner


def _write_grader_config(
    folder: Path, layout: CourseLayout, settings: HubSettings, account: pwd.struct_passwd
) -> None:
    folder.mkdir(exist_ok=True)
    os.chown(folder, 0, account.pw_gid)
    folder.chmod(0o750)
    values = {
        "course_id": layout.course_id,
        "source_dir": str(layout.source_dir),
        "release_dir": str(layout.release_dir),
        "course_root": str(layout.course_root),
        "server_url": layout.server_url,
        "exchange_root": str(settings.exchange_root),
    }
    arguments = "".join(f"    {name}={value!r},\n" for name, value in values.items())
    text = (
        "from kit.hub.nbgrader import apply_grader_config\n\n"
        f"apply_grader_config(\n    get_config(),  # noqa: F821\n{arguments})\n"
    )
    descriptor = os.open(
        folder / CONFIG_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600
    )
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        os.fchown(descriptor, 0, account.pw_gid)
        os.fchmod(descriptor, 0o640)
        handle.write(text)
