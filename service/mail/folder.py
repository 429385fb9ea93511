"""The mail folder: a copy of each message kept while no SMTP server is configured
(``<data dir>/mail/<created>-<id>.eml``), for an operator to read or send by hand."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from uuid import UUID


class MailFolder:
    def __init__(self, path: Path) -> None:
        self.path = path

    def file_of(self, message_id: UUID, created_at: datetime) -> Path:
        return self.path / f"{created_at:%Y%m%dT%H%M%SZ}-{message_id}.eml"

    def write(self, message_id: UUID, created_at: datetime, content: str) -> Path:
        """Write the message whole or not at all (a reader never sees half a file)."""
        self.path.mkdir(parents=True, exist_ok=True)
        path = self.file_of(message_id, created_at)
        partial = path.with_suffix(".partial")
        partial.write_bytes(content.encode())
        os.replace(partial, path)
        return path

    def remove(self, message_id: UUID, created_at: datetime) -> None:
        self.file_of(message_id, created_at).unlink(missing_ok=True)
