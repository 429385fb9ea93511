"""Realistic demo data, seeded through the service's own commands (``expertbank demo``)."""

from service.demo.cast import CAST, DEMO_PASSWORD, SIGN_INS, member
from service.demo.seed import Outcome, Seeding, seed

__all__ = [
    "CAST",
    "DEMO_PASSWORD",
    "SIGN_INS",
    "Outcome",
    "Seeding",
    "member",
    "seed",
]
