"""Customers: the profile a course variant, an enablement plan and collateral are written for
(`courses/customers/*.yaml`), read and checked at the boundary (no credentials in a profile)."""

from kit.customers.loading import load_profile, load_profiles, profile_problems
from kit.customers.profile import (
    Audience,
    CodeHost,
    CustomerProfile,
    Deployment,
    Stage,
    UseCase,
)

__all__ = [
    "Audience",
    "CodeHost",
    "CustomerProfile",
    "Deployment",
    "Stage",
    "UseCase",
    "load_profile",
    "load_profiles",
    "profile_problems",
]
