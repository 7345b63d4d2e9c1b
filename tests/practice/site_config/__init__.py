"""Tests of kit.practice.site_config."""
