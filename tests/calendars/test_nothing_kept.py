"""Other people's data and the provider's secrets are stored nowhere: after connecting a
calendar, reading it, a clash, a failure and the mail they cause, every database file
(SQLite) or every table of the schema (PostgreSQL), and every file in the data folder, is
searched for the events' titles, descriptions and attendees, the secret part of the
calendar's address and its password."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import psycopg
import pytest

from domain.errors import InvalidInput
from infrastructure.settings import Settings
from service.application import ExpertBank
from tests.calendars.ics import SECRET_WORDS, event
from tests.calendars.server import CalendarServer
from tests.calendars.support import busy_at, diary, london
from tests.databases import POSTGRES_URL
from tests.world import World

PASSWORD = "pw-never-stored-6d1e"


def test_no_title_attendee_address_or_password_is_stored(
    bank: ExpertBank, world: World, calendar_server: CalendarServer, settings: Settings
) -> None:
    sarah = diary(bank, world, calendar_server)
    sarah.serve(busy_at())
    connection = sarah.connect()
    sarah.book(london(2027, 3, 2, 10))
    lunch = event(
        "lunch", "DTSTART:20270303T123000Z", "DTEND:20270303T133000Z", summary=SECRET_WORDS[3]
    )
    sarah.serve(busy_at((london(2027, 3, 2, 10), london(2027, 3, 2, 11)), extra=(lunch,)))
    bank.own_calendars.refresh_now(sarah.expert, connection)
    sarah.serve(b"", status=500)
    for _ in range(3):
        bank.own_calendars.refresh_now(sarah.expert, connection)
    calendar_server.files["/dav/"] = calendar_server.files[sarah.path]
    with pytest.raises(InvalidInput, match="could not be read"):
        bank.own_calendars.connect(
            sarah.expert,
            sarah.expert,
            kind="caldav",
            label="iCloud",
            address=calendar_server.url("/dav/"),
            username="sarah",
            password=PASSWORD,
        )
    assert sarah.mail("session_clash") and sarah.mail("calendar_failing")
    secrets = [w.encode() for w in SECRET_WORDS] + [b"secret-token-3f9a", PASSWORD.encode()]

    stored = _files(settings.data_dir) + _tables(settings)
    assert stored, "something was scanned"
    found = [(where, s) for where, blob in stored for s in secrets if s in blob]
    assert found == []


def _files(folder: Path) -> list[tuple[str, bytes]]:
    return [(str(p), p.read_bytes()) for p in folder.rglob("*") if p.is_file()]


def _tables(settings: Settings) -> list[tuple[str, bytes]]:
    if not settings.database_url:
        return []
    schema = parse_qs(urlparse(settings.database_url).query)["schema"][0]
    found: list[tuple[str, bytes]] = []
    with psycopg.connect(POSTGRES_URL) as conn:
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,)
        ).fetchall()
        for (table,) in tables:
            for row in conn.execute(f'SELECT * FROM "{schema}"."{table}"').fetchall():
                for value in row:
                    blob = value if isinstance(value, bytes) else str(value).encode()
                    found.append((table, blob))
    return found
