"""Experiment configuration files."""

from __future__ import annotations

from pathlib import Path

import yaml


def load_config(path: str | Path) -> dict:
    """Read an experiment's YAML configuration."""
    with open(path, encoding="utf-8") as stream:
        return yaml.load(stream, Loader=yaml.FullLoader)
