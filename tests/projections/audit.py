"""A projection that records each position it applies, once: its primary key would refuse
an event applied twice, and a gap shows one skipped. It can be slowed down, so that a
test can stop the process running it part way through."""

from __future__ import annotations

import time
from typing import Any, ClassVar

from infrastructure.database import Transaction
from projections.runner import Projection


class AuditProjection(Projection):
    name: ClassVar[str] = "audit"

    def __init__(self, pause: float = 0.0) -> None:
        self.pause = pause

    def schema(self) -> list[str]:
        return [
            "CREATE TABLE IF NOT EXISTS {view_audit} ("
            " position BIGINT PRIMARY KEY, topic TEXT NOT NULL)"
        ]

    def tables(self) -> list[str]:
        return ["view_audit"]

    def apply(self, tx: Transaction, event: Any, position: int) -> None:
        time.sleep(self.pause)
        tx.execute(
            "INSERT INTO {view_audit} (position, topic) VALUES (?, ?)",
            (position, type(event).TOPIC),
        )
