"""Course definitions as data: courses, assignments, certification paths and rubrics (`courses/`).

Exports are imported on first use: reading the issuer alone (`kit.courses.issuer`) does not build
the course models."""

from typing import TYPE_CHECKING

from kit.lazy import lazy_exports

if TYPE_CHECKING:
    from kit.courses.issuer import Issuer
    from kit.courses.loading import Catalog, load_catalog
    from kit.courses.models import (
        AssessorRole,
        Assignment,
        CertificationPath,
        Competency,
        Course,
        Requirement,
        Rubric,
        TrainingBlock,
    )

__all__ = [
    "AssessorRole",
    "Assignment",
    "Catalog",
    "CertificationPath",
    "Competency",
    "Course",
    "Issuer",
    "Requirement",
    "Rubric",
    "TrainingBlock",
    "load_catalog",
]

__getattr__ = lazy_exports(
    __name__,
    {
        **dict.fromkeys(["Catalog", "load_catalog"], ".loading"),
        "Issuer": ".issuer",
        **dict.fromkeys(
            [
                "AssessorRole",
                "Assignment",
                "CertificationPath",
                "Competency",
                "Course",
                "Requirement",
                "Rubric",
                "TrainingBlock",
            ],
            ".models",
        ),
    },
)
