"""The multi-user hub: JupyterHub with nbgrader's exchange and formgrader, one course per customer.

settings.py     the hub settings file (courses, learners, graders, folders, port), validated once
tools.py        the proxy that `make hub-deps` installs, the Python every user can run
learner_env.py  the learners' environment: an installed copy of the kit, outside the checkout
accounts.py     the Unix groups and users the hub manages: a learner group and a grader per course
lockdown.py     the modes that keep learners out of the checkout, gradebooks, keys, others' homes
exchange.py     nbgrader exchange classes hardened for shared machines (no ensure_root chmod,
                submissions readable by their grader only, collect by kit.grading.intake's rules)
folders.py      the exchange folders, owned by each course's grader
nbgrader.py     nbgrader settings for learners' servers and for each course's formgrader
config.py       the JupyterHub configuration built from the settings and the course catalog
grading.py      autograde a hub course (as root), then hand its course root back to its grader
run.py          start JupyterHub (`sgkit hub`)
"""

from kit.hub.settings import HubCourse, HubSettings, load_hub_settings

__all__ = ["HubCourse", "HubSettings", "load_hub_settings"]
