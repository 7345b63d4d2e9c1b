"""Acme's nightly order pipeline."""
