"""nbgrader configuration for the kit: one course root per Sourcegraph course.

nbgrader's own apps (`nbgrader autograde`, ..., and the formgrader of a Jupyter server started
here: `make formgrader`) pick the course from $SGKIT_COURSE (default: sourcegraph-101) and see
the same layout as `sgkit`:
source notebooks in ../notebooks/<course>/, learner notebooks in ../release/<course>/, and the
runtime folders and gradebook in ./<course>/ (git-ignored).
"""

import os
from pathlib import Path

from kit.grading.layout import apply_course_layout, course_layout

here = Path(__file__).resolve().parent
c = get_config()  # type: ignore[name-defined]  # noqa: F821 -- provided by traitlets
apply_course_layout(
    c,
    course_layout(
        os.environ.get("SGKIT_COURSE", "sourcegraph-101"),
        notebooks_dir=here.parent / "notebooks",
        release_dir=here.parent / "release",
        grading_dir=here,
    ),
)
