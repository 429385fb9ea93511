"""Archives that cannot be restored are refused with what is wrong, and nothing is kept."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from service.archive.export import export_archive
from service.archive.file import BadArchive
from service.archive.restore import import_archive
from tests.archive.conftest import Stores
from tests.world import World

Change = Callable[[dict[str, bytes]], None]


def manifest(change: Callable[[dict[str, object]], None]) -> Change:
    def changed(members: dict[str, bytes]) -> None:
        found = json.loads(members["manifest.json"])
        change(found)
        members["manifest.json"] = json.dumps(found).encode()

    return changed


def last_event_dropped(members: dict[str, bytes]) -> None:
    members["events.jsonl"] = b"\n".join(members["events.jsonl"].splitlines()[:-1]) + b"\n"


def two_events_swapped(members: dict[str, bytes]) -> None:
    lines = members["events.jsonl"].splitlines()
    lines[3], lines[4] = lines[4], lines[3]
    members["events.jsonl"] = b"\n".join(lines) + b"\n"


def a_column_named_as_sql(members: dict[str, bytes]) -> None:
    row = json.loads(members["person_details.jsonl"].splitlines()[0])
    row["name) VALUES ('x'); DROP TABLE credentials; --"] = "x"
    members["person_details.jsonl"] = json.dumps(row).encode() + b"\n"


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (manifest(lambda m: m.update(version=2)), "of version 2; this release reads version 1"),
        (manifest(lambda m: m.update(format="other")), "not an Expert Bank archive"),
        (manifest(lambda m: m.update(head="12:xyz")), "no head of the chain"),
        (manifest(lambda m: m["parts"].append({"name": "spaceships"})), "'spaceships', which this"),
        (last_event_dropped, "events are missing from the end"),
        (two_events_swapped, "event 5 (") ,
        (a_column_named_as_sql, "person_details.jsonl has a row that is not one of"),
        (lambda m: m.pop("events.jsonl"), "the archive has no events.jsonl"),
        (lambda m: m.update({"events.jsonl": b"[1]\n"}), "line 1 of events.jsonl is not a JSON"),
    ],
)  # fmt: skip
def test_a_changed_archive_is_refused_saying_why_and_nothing_is_kept(
    stores: Stores, tmp_path: Path, change: Change, says: str
) -> None:
    source = stores.new("sqlite")
    World.build(source, stores.clock)
    export_archive(source, tmp_path / "out.zip")
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    with zipfile.ZipFile(tmp_path / "changed.zip", "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    moved = stores.new("sqlite")

    with pytest.raises(BadArchive) as refused:
        import_archive(moved, tmp_path / "changed.zip")

    assert says in refused.value.message
    assert moved.head_position() == 0
    assert not moved.database.query("SELECT * FROM {person_details}")
    assert len(moved.database.query("SELECT * FROM {credentials}")) == 0
