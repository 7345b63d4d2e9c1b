"""Small helpers for tabular machine learning."""

__version__ = "0.6.0+acme.2"
