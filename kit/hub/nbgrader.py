"""nbgrader settings on the hub: learners' servers, and each course's formgrader service.

The hub writes two tiny config folders into its state folder (`write_config_folders`); their
`nbgrader_config.py` call the functions here, so the settings live in typed code, not in
generated text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kit.courses import load_catalog
from kit.grading.gradebook_db import GRADEBOOK_URL_ENV, gradebook_url, prepare_gradebook
from kit.grading.layout import CourseLayout, apply_course_layout
from kit.hub.exchange import FACTORY_CLASSES
from kit.hub.settings import HubCourse, HubSettings, load_hub_settings
from kit.project import Project

LEARNER_CONFIG = "learner"
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
    root = (settings.state_dir / "courses" / course.id).resolve()
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


def apply_grader_config(c: Any, settings_file: str, course_id: str, project_root: str) -> None:
    """A course's formgrader: the course layout (the kit's trusted autograde) and the exchange.

    Its course is fixed and its learners come from the hub settings, so it needs no hub plugin.
    """
    settings = load_hub_settings(Path(settings_file))
    layout = hub_course_layout(settings, settings.course(course_id), Project(Path(project_root)))
    apply_course_layout(c, layout)
    apply_exchange(c, settings.exchange_root)


def write_config_folders(settings: HubSettings, settings_file: Path, project: Project) -> Path:
    """Write the learners' config folder and each course root's nbgrader_config.py; the former."""
    learner = settings.state_dir / "jupyter" / LEARNER_CONFIG
    learner.mkdir(parents=True, exist_ok=True)
    settings.state_dir.chmod(0o711)  # learners reach their config folder, list nothing
    for folder in (settings.state_dir / "jupyter", learner):
        folder.chmod(0o755)
    (learner / "nbgrader_config.py").write_text(
        "from kit.hub.nbgrader import apply_learner_config\n\n"
        f"apply_learner_config(get_config(), {str(settings.exchange_root)!r})  # noqa: F821\n",
        encoding="utf-8",
    )
    for course in settings.courses:
        layout = hub_course_layout(settings, course, project)
        root = layout.course_root
        root.mkdir(parents=True, exist_ok=True)
        root.chmod(0o700)
        prepare_gradebook(layout.db_url)
        (root / "nbgrader_config.py").write_text(
            "from kit.hub.nbgrader import apply_grader_config\n\n"
            "apply_grader_config(\n"
            f"    get_config(),  # noqa: F821\n"
            f"    {str(settings_file.resolve())!r},\n"
            f"    {course.id!r},\n"
            f"    {str(project.root)!r},\n"
            ")\n",
            encoding="utf-8",
        )
    return learner
