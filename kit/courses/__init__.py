"""Course definitions as data: courses, assignments, certification paths and rubrics (`courses/`)."""

from kit.courses.loading import Catalog, load_catalog
from kit.courses.models import (
    AssessorRole,
    Assignment,
    CertificationPath,
    Competency,
    Course,
    Issuer,
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
