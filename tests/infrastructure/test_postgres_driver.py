"""psycopg runs its C implementation wherever ``pyproject.toml`` installs the wheel of it,
and its own pure-Python one elsewhere."""

from __future__ import annotations

import tomllib
from pathlib import Path

import psycopg
from packaging.requirements import Requirement

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_psycopg_runs_its_compiled_implementation_where_the_wheel_is_declared() -> None:
    extras = tomllib.loads(PYPROJECT.read_text())["project"]["optional-dependencies"]
    wheel = next(
        requirement
        for requirement in map(Requirement, extras["postgres"])
        if requirement.name == "psycopg" and "binary" in requirement.extras
    )
    declared_here = wheel.marker is None or wheel.marker.evaluate()

    assert psycopg.pq.__impl__ == ("binary" if declared_here else "python")
