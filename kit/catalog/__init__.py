"""The training catalog: courses, certification paths and offerings, rendered from `courses/`."""

from kit.catalog.offerings import Offering, load_offerings
from kit.catalog.render import render_catalog

__all__ = ["Offering", "load_offerings", "render_catalog"]
