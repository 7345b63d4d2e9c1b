"""JupyterHub configuration for the kit: several courses side by side, nbgrader's exchange and
one formgrader service per course (kit/hub/). Start it with `sgkit hub SETTINGS.yaml`, which sets
$SGKIT_HUB_SETTINGS to the hub settings file (see kit/hub/settings.py) and runs
`jupyterhub -f grading/jupyterhub_config.py` as root.
"""

import os
from pathlib import Path

from kit.hub.config import apply_hub_config
from kit.hub.settings import load_hub_settings
from kit.project import Project

settings_file = Path(os.environ["SGKIT_HUB_SETTINGS"])
apply_hub_config(
    get_config(),  # type: ignore[name-defined]  # noqa: F821 -- provided by traitlets
    load_hub_settings(settings_file),
    settings_file,
    Project.discover(Path(__file__).resolve().parent),
)
