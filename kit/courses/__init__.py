"""Course definitions as data: courses, assignments and certification paths from `courses/*.yaml`."""

from kit.courses.catalog import Catalog, load_catalog
from kit.courses.models import Assignment, CertificationPath, Course, Requirement

__all__ = ["Assignment", "Catalog", "CertificationPath", "Course", "Requirement", "load_catalog"]
