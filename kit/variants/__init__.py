"""Customer variants: customer profiles, and every course's learner notebooks in their terms."""

from kit.variants.profile import (
    Audience,
    CodeHost,
    CustomerProfile,
    Deployment,
    Stage,
    UseCase,
)
from kit.variants.profiles import load_profile, load_profiles, profile_problems

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
