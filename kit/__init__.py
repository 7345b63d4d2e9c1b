"""Sourcegraph Training & Certification Kit."""

__version__ = "0.1.0"
