"""The archive file: a zip of JSON Lines files (one object a line) and ``manifest.json``,
written and read a line at a time, so that neither end holds the log in memory.

``events.jsonl`` has one event a line, in the log's order::

    {"position": 1, "aggregate_id": "<32 hex>", "version": 1, "topic": "...",
     "state": "<the stored bytes, as UTF-8 text>", "link": "<64 hex>"}

``state`` is exactly what the store holds (JSON itself, kept as a string so that not a
byte changes); bytes that are not UTF-8 go in ``state_base64`` instead. ``link`` is the
audit chain's link at that position (``projections.audit_chain``). Each side table is a
file of its rows (``<part>.jsonl``); the manifest names them, with the chain's head.
"""

from __future__ import annotations

import base64
import io
import json
import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from eventsourcing.persistence import Notification

from domain.errors import InvalidInput

FORMAT = "expertbank archive"
VERSION = 1
MANIFEST = "manifest.json"
EVENTS = "events.jsonl"
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class BadArchive(InvalidInput):
    """The file is not an archive this version can restore, or it was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="FILE")


def event_line(event: Notification, link: bytes) -> dict[str, Any]:
    line: dict[str, Any] = {
        "position": event.id,
        "aggregate_id": _hex(event.originator_id),
        "version": event.originator_version,
        "topic": event.topic,
    }
    try:
        line["state"] = bytes(event.state).decode("utf-8")
    except UnicodeDecodeError:
        line["state_base64"] = base64.b64encode(event.state).decode("ascii")
    line["link"] = link.hex()
    return line


def event_of(line: dict[str, Any]) -> Notification:
    """The stored event a line holds; BadArchive if it is not one."""
    try:
        state = (
            line["state"].encode("utf-8")
            if "state" in line
            else base64.b64decode(line["state_base64"], validate=True)
        )
        return Notification(
            id=_whole(line["position"]),
            originator_id=line["aggregate_id"],
            originator_version=_whole(line["version"]),
            topic=str(line["topic"]),
            state=state,
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise BadArchive(f"{EVENTS} has a line that is not a stored event: {line!r:.200}") from None


def _whole(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise ValueError(value)
    return value


def _hex(originator_id: Any) -> str:
    return str(getattr(originator_id, "hex", originator_id)).replace("-", "")


class Writer:
    """Adds JSON Lines members to a zip being written."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive

    @contextmanager
    def lines(self, name: str) -> Iterator[_Lines]:
        with self.archive.open(name, "w", force_zip64=True) as member:
            lines = _Lines(member)
            yield lines
            lines.flush()

    def manifest(self, manifest: dict[str, Any]) -> None:
        self.archive.writestr(MANIFEST, json.dumps(manifest, indent=2) + "\n")


class _Lines:
    """Lines gathered and written a few hundred kilobytes at a time."""

    def __init__(self, member: IO[bytes]) -> None:
        self.member = member
        self.buffer: list[str] = []
        self.written = 0

    def add(self, line: dict[str, Any]) -> None:
        self.buffer.append(_dumps(line))
        self.written += 1
        if len(self.buffer) >= 1000:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.member.write(("\n".join(self.buffer) + "\n").encode("utf-8"))
            self.buffer.clear()


@contextmanager
def writing(path: Path) -> Iterator[Writer]:
    """A new archive at ``path``: written beside it and renamed into place only once
    complete, so that a failed export leaves no file that looks whole."""
    partial = path.with_name(path.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            yield Writer(archive)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


class Reader:
    """Reads an archive's manifest and its JSON Lines members."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.manifest = self._manifest()

    def _manifest(self) -> dict[str, Any]:
        try:
            manifest = json.loads(self.archive.read(MANIFEST))
        except KeyError:
            raise BadArchive(f"it has no {MANIFEST}: not an Expert Bank archive") from None
        except ValueError:
            raise BadArchive(f"its {MANIFEST} is not JSON") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BadArchive("it is not an Expert Bank archive (its manifest says otherwise)")
        if manifest.get("version") != VERSION:
            raise BadArchive(
                f"it is an archive of version {manifest.get('version')!r}; this release reads"
                f" version {VERSION}"
            )
        return manifest

    def lines(self, name: str) -> Iterator[dict[str, Any]]:
        try:
            member = self.archive.open(name)
        except KeyError:
            raise BadArchive(f"the archive has no {name}") from None
        with member, io.TextIOWrapper(member, encoding="utf-8") as text:
            for number, line in enumerate(text, start=1):
                try:
                    found = json.loads(line)
                except ValueError:
                    raise BadArchive(f"line {number} of {name} is not JSON") from None
                if not isinstance(found, dict):
                    raise BadArchive(f"line {number} of {name} is not a JSON object")
                yield found


@contextmanager
def reading(path: Path) -> Iterator[Reader]:
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BadArchive(f"there is no file {path}") from None
    except (zipfile.BadZipFile, IsADirectoryError):
        raise BadArchive(f"{path} is not an archive made by expertbank export") from None
    with archive:
        yield Reader(archive)
