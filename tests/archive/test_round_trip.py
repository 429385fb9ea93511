"""An archive restored into a new store gives the same log (the same head hash), the same
views row for row, the same side tables and the same pages: SQLite to PostgreSQL and back,
and SQLite to SQLite."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from infrastructure.clock import ManualClock
from service.application import ExpertBank
from service.archive.export import export_archive
from service.archive.file import BadArchive
from service.archive.parts import PARTS
from service.archive.restore import StoreNotEmpty, import_archive
from tests.archive.conftest import Stores
from tests.projections import scenario
from tests.projections.test_rebuild import rows_of
from tests.world import SYSTEM, World
from web import create_app
from web.exports import record_lines

PASSWORD = "correct horse battery staple"
PAGES = [
    "/",
    "/history/programme",
    "/history/programme?order=oldest",
    "/staff/programme",
    "/staff/queue",
    "/staff/mail",
    "/resources",
    "/staff/people",
    "/history/proof",
    "/staff/programme.csv",
]


def programme(bank: ExpertBank, clock: ManualClock) -> World:
    """Six weeks of the programme, with a password, an invitation not taken up, a calendar
    feed and the outbox's messages, so that every part has rows."""
    world = World.build(bank, clock)
    scenario.run(world, between=bank.read_models.sync)
    bank.people.set_password(world.manager, PASSWORD)
    bank.calendars.issue(world.manager, world.manager)
    bank.tokens.create(world.auditor, world.auditor, name="Spreadsheet")
    bank.mail.update()
    bank.people.invite(SYSTEM, name="Nia Okafor", email="nia@example.org", roles=["auditor"])
    bank.read_models.sync()
    return world


def side_tables(bank: ExpertBank) -> dict[str, list[str]]:
    found = {}
    for part in PARTS:
        database = part.database(bank.database, bank.read_models.database)
        found[part.name] = sorted(repr(sorted(row.items())) for row in part.rows(database, 10**12))
    return found


def pages(bank: ExpertBank) -> dict[str, str]:
    """What the manager sees on each page, signed in with the password set before export
    (the form's token aside)."""
    client = create_app(bank, {"SERVER_NAME": "expertbank.test"}).test_client()
    form = client.get("/sign-in").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)
    assert token
    signed_in = client.post(
        "/sign-in",
        data={"email": "manager@example.org", "password": PASSWORD, "csrf_token": token[1]},
    )
    assert signed_in.status_code == 302, signed_in.text
    seen = {}
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        seen[path] = re.sub(
            r'value="[^"]+" name="csrf_token"|name="csrf_token"[^>]*', "", response.text
        )
    return seen


@pytest.mark.postgres
@pytest.mark.parametrize("there", ["postgres", "sqlite"])
def test_an_archive_restores_the_same_log_views_tables_and_pages(
    stores: Stores, tmp_path: Path, there: str
) -> None:
    source = stores.new("sqlite")
    programme(source, stores.clock)
    exported = export_archive(source, tmp_path / "out.zip")
    assert exported.events == source.head_position() > 100
    assert all(exported.rows[p.name] for p in PARTS if p.name != "calendar_access")

    moved = stores.new(there)
    imported = import_archive(moved, tmp_path / "out.zip")

    assert imported.head == exported.head == moved.read_models.audit.head()
    assert moved.head_position() == source.head_position()
    assert rows_of(moved.read_models) == rows_of(source.read_models)
    source.read_models.audit.verify()  # as the import did: its proof page says when
    assert side_tables(moved) == side_tables(source)
    assert moved.mail.status() == source.mail.status()
    assert pages(moved) == pages(source)

    back = stores.new("sqlite")
    export_archive(moved, tmp_path / "back.zip")
    assert import_archive(back, tmp_path / "back.zip").head == exported.head
    assert rows_of(back.read_models) == rows_of(source.read_models)
    assert side_tables(back) == side_tables(source)


def test_the_restored_store_goes_on_numbering_after_the_archive(
    stores: Stores, tmp_path: Path
) -> None:
    source = stores.new("sqlite")
    World.build(source, stores.clock)
    export_archive(source, tmp_path / "out.zip")
    moved = stores.new("sqlite")
    import_archive(moved, tmp_path / "out.zip")
    head = moved.head_position()

    moved.registry.add_region(SYSTEM, code="north-east", name="North East")

    assert moved.head_position() == head + 1
    moved.read_models.sync()
    assert moved.read_models.audit.verify().problem is None


def test_a_store_holding_anything_is_refused_and_left_as_it_was(
    stores: Stores, tmp_path: Path
) -> None:
    source = stores.new("sqlite")
    World.build(source, stores.clock)
    export_archive(source, tmp_path / "out.zip")
    other = stores.new("sqlite")
    other.registry.add_region(SYSTEM, code="north-east", name="North East")

    with pytest.raises(StoreNotEmpty, match=r"not empty \(1 event and 0 rows") as refused:
        import_archive(other, tmp_path / "out.zip")

    assert "imported only into an empty store" in refused.value.message
    assert other.head_position() == 1


def test_an_archive_changed_after_export_is_refused_naming_the_event(
    stores: Stores, tmp_path: Path
) -> None:
    source = stores.new("sqlite")
    world = World.build(source, stores.clock)
    export_archive(source, tmp_path / "out.zip")
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    lines = members["events.jsonl"].decode().splitlines()
    at = next(n for n, line in enumerate(lines) if "Worcestershire" in line)
    lines[at] = lines[at].replace("Worcestershire", "Worcester")
    members["events.jsonl"] = ("\n".join(lines) + "\n").encode()
    with zipfile.ZipFile(tmp_path / "changed.zip", "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    moved = stores.new("sqlite")

    with pytest.raises(
        BadArchive, match=rf"event {at + 1} \(expertbank:LibraryService.Regi"
    ) as bad:
        import_archive(moved, tmp_path / "changed.zip")

    assert world.worcestershire.hex in bad.value.message
    assert "do not match the chain" in bad.value.message
    assert moved.head_position() == 0
    assert not moved.database.query("SELECT * FROM {person_details}")


def test_text_erased_before_an_export_is_in_neither_the_archive_nor_an_extract(
    stores: Stores, tmp_path: Path
) -> None:
    source = stores.new("sqlite")
    world = World.build(source, stores.clock)
    typed = "Ring Jo Bloggs on 07700 900123 about her diagnosis"
    source.requests.submit(
        world.worcs_head,
        service_id=world.worcestershire,
        theme_id=world.evaluation,
        need=typed,
        outcomes="A plan",
        hours_hoped=4,
    )
    source.people.erase_details(world.manager, world.worcs_head)

    export_archive(source, tmp_path / "out.zip")
    extract = source.extracts.of(SYSTEM, service_id=world.worcestershire)
    lines = "".join(record_lines("jsonl", source.extracts.records(extract)))

    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        for name in archive.namelist():
            assert b"07700 900123" not in archive.read(name), name
    assert "07700 900123" not in lines
    assert "ExpressionOfInterest.Submitted" in lines


def test_a_session_booked_before_the_move_is_mailed_when_cancelled_after_it(
    stores: Stores, tmp_path: Path
) -> None:
    source = stores.new("sqlite")
    world = World.build(source, stores.clock)
    engagement = world.engagement(world.worcs_head, world.evaluator, world.evaluation)
    booking = source.bookings.book(
        world.worcs_head,
        service_id=world.worcestershire,
        provider_id=world.evaluator,
        window_id=world.window(world.evaluator),
        start=datetime(2027, 3, 2, 9, 0, tzinfo=UTC),
        engagement_id=engagement,
    )
    source.mail.update()
    export_archive(source, tmp_path / "out.zip")
    moved = stores.new("sqlite")
    import_archive(moved, tmp_path / "out.zip")

    moved.bookings.cancel(world.worcs_head, booking, reason="Staff illness")
    moved.mail.update()

    assert moved.mail.runner.faults() == []
    subjects = [m.subject for m in moved.mail.messages(SYSTEM, "pending")]
    assert sum(s.startswith("Cancelled:") for s in subjects) == 2, subjects
