"""What ``expertbank demo`` tells the person who ran it."""

from __future__ import annotations

from urllib.parse import urlparse

from infrastructure.settings import Settings
from service.demo.cast import CAST, DEMO_PASSWORD, SIGN_INS, member
from service.demo.seed import Outcome, Seeding


def describe(seeding: Seeding, settings: Settings) -> list[str]:
    """Lines saying what happened, then the sign-ins when the demo is in the store."""
    data_place = store_name(settings)
    if seeding.outcome == Outcome.SEEDED:
        assert seeding.since is not None
        lines = [
            f"Demo data seeded: {seeding.events} events, from "
            f"{seeding.since:%A %-d %B %Y} up to now.",
            *seeding.notes,
        ]
    elif seeding.outcome == Outcome.ALREADY_THERE:
        lines = [f"Demo data is already in {data_place} ({seeding.events} events): nothing done."]
    elif seeding.outcome == Outcome.UNFINISHED:
        return [
            f"An earlier demo run stopped part-way in {data_place}. Remove that data "
            "(or choose another EXPERTBANK_DATA_DIR) and run `expertbank demo` again."
        ]
    else:
        return [
            f"The store ({data_place}) already holds data that is not the demo "
            f"({seeding.events} events): demo data is only seeded into an empty store. "
            "Nothing done."
        ]
    return lines + sign_ins()


def sign_ins() -> list[str]:
    people = [member(key) for key in SIGN_INS]
    width = max(len(person.email) for person in people)
    return [
        "",
        f"Demo sign-ins (every demo account's password is {DEMO_PASSWORD}):",
        *(
            f"  {person.email:<{width}}  {person.title}"
            + (f" ({SIGN_INS[person.key]})" if SIGN_INS[person.key] else "")
            for person in people
        ),
        f"  ...and {len(CAST) - len(people)} more heads of service, experts and peers "
        "(@example.org).",
    ]


def store_name(settings: Settings) -> str:
    """Where the data is, for people (never the password of a database URL)."""
    if not settings.uses_postgres:
        return str(settings.sqlite_path)
    url = urlparse(settings.database_url)
    return f"the PostgreSQL database {url.path.lstrip('/')} on {url.hostname}"
