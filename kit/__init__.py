"""Sourcegraph Training & Certification Kit."""

from kit import lazy_imports

lazy_imports.install()

__version__ = "0.1.0"
