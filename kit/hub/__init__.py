"""The multi-user hub: JupyterHub with nbgrader's exchange and formgrader, one course per customer.

settings.py   the hub settings file (courses, learners, graders, folders, port), validated once
tools.py      the proxy and the learner-side Python that `make hub-deps` installs
exchange.py   nbgrader exchange classes hardened for shared machines (no ensure_root chmod,
              private submissions, collect ignores submissions filed under another name)
folders.py    the exchange folders and Unix groups, one group per course
nbgrader.py   nbgrader settings for learners' servers and for each course's formgrader
config.py     the JupyterHub configuration built from the settings and the course catalog
run.py        start JupyterHub (`sgkit hub`)
"""

from kit.hub.settings import HubCourse, HubSettings, load_hub_settings

__all__ = ["HubCourse", "HubSettings", "load_hub_settings"]
