"""The requests view: expressions of interest with the dates of their moves, and the
engagements commissioned from them (hours booked and used come from the bookings view)."""

from __future__ import annotations

from typing import Any

from domain.time import month_key
from infrastructure.database import Transaction
from infrastructure.stored_values import instant, key, maybe_day
from projections.base import EventProjection, on

STATE_DATES = {
    "shortlisted": "shortlisted_at",
    "approved": "decided_at",
    "declined": "decided_at",
    "withdrawn": "closed_at",
    "matched": "matched_at",
    "completed": "closed_at",
    "closed": "closed_at",
}


class RequestsProjection(EventProjection):
    name = "requests"

    def schema(self) -> list[str]:
        return [
            "CREATE TABLE IF NOT EXISTS {view_requests} ("
            " request_id TEXT PRIMARY KEY, service_id TEXT NOT NULL, theme_id TEXT NOT NULL,"
            " submitted_by TEXT NOT NULL, need TEXT NOT NULL, outcomes TEXT NOT NULL,"
            " preferred_from TEXT, preferred_to TEXT, hours_hoped REAL NOT NULL,"
            " state TEXT NOT NULL, reason TEXT NOT NULL, engagement_id TEXT, expert_id TEXT,"
            " submitted_at TEXT NOT NULL, shortlisted_at TEXT, decided_at TEXT,"
            " matched_at TEXT, closed_at TEXT, month TEXT NOT NULL, changed_at TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS {view_engagements} ("
            " engagement_id TEXT PRIMARY KEY, request_id TEXT NOT NULL,"
            " service_id TEXT NOT NULL, expert_id TEXT NOT NULL, theme_id TEXT NOT NULL,"
            " allowance_minutes INTEGER NOT NULL, starts_on TEXT NOT NULL,"
            " ends_on TEXT NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL,"
            " month TEXT NOT NULL, commissioned_at TEXT NOT NULL, changed_at TEXT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS view_requests_by_state"
            " ON {view_requests} (state, submitted_at)",
            "CREATE INDEX IF NOT EXISTS view_requests_by_service"
            " ON {view_requests} (service_id, submitted_at)",
            "CREATE INDEX IF NOT EXISTS view_engagements_by_service"
            " ON {view_engagements} (service_id)",
            "CREATE INDEX IF NOT EXISTS view_engagements_by_expert"
            " ON {view_engagements} (expert_id)",
        ]

    def tables(self) -> list[str]:
        return ["view_requests", "view_engagements"]

    @on("expertbank:ExpressionOfInterest.Submitted")
    def submitted(self, tx: Transaction, e: Any, position: int) -> None:
        at = instant(e.timestamp)
        tx.execute(
            "INSERT INTO {view_requests} (request_id, service_id, theme_id, submitted_by, need,"
            " outcomes, preferred_from, preferred_to, hours_hoped, state, reason, submitted_at,"
            " month, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', '', ?, ?, ?)",
            (
                key(e.originator_id),
                key(e.service_id),
                key(e.theme_id),
                key(e.actor),
                e.need,
                e.outcomes,
                maybe_day(e.preferred_from),
                maybe_day(e.preferred_to),
                e.hours_hoped,
                at,
                month_key(e.timestamp),
                at,
            ),
        )

    def _move(
        self, tx: Transaction, e: Any, state: str, extra: str = "", values: tuple[Any, ...] = ()
    ) -> None:
        at = instant(e.timestamp)
        tx.execute(
            f"UPDATE {{view_requests}} SET state = ?, {STATE_DATES[state]} = ?, changed_at = ?"
            f"{extra} WHERE request_id = ?",
            (state, at, at, *values, key(e.originator_id)),
        )

    @on("expertbank:ExpressionOfInterest.Shortlisted")
    def shortlisted(self, tx: Transaction, e: Any, position: int) -> None:
        self._move(tx, e, "shortlisted")

    @on("expertbank:ExpressionOfInterest.Approved")
    def approved(self, tx: Transaction, e: Any, position: int) -> None:
        self._move(tx, e, "approved")

    @on("expertbank:ExpressionOfInterest.Declined")
    def declined(self, tx: Transaction, e: Any, position: int) -> None:
        self._move(tx, e, "declined", ", reason = ?", (e.reason,))

    @on("expertbank:ExpressionOfInterest.Withdrawn")
    def withdrawn(self, tx: Transaction, e: Any, position: int) -> None:
        self._move(tx, e, "withdrawn", ", reason = ?", (e.reason,))

    @on("expertbank:ExpressionOfInterest.Matched")
    def matched(self, tx: Transaction, e: Any, position: int) -> None:
        self._move(
            tx,
            e,
            "matched",
            ", engagement_id = ?, expert_id = ?",
            (key(e.engagement_id), key(e.expert_id)),
        )

    @on("expertbank:ExpressionOfInterest.Completed")
    def completed(self, tx: Transaction, e: Any, position: int) -> None:
        self._move(tx, e, "completed")

    @on("expertbank:ExpressionOfInterest.Closed")
    def closed(self, tx: Transaction, e: Any, position: int) -> None:
        self._move(tx, e, "closed", ", reason = ?", (e.reason,))

    @on("expertbank:Engagement.Commissioned")
    def commissioned(self, tx: Transaction, e: Any, position: int) -> None:
        at = instant(e.timestamp)
        tx.execute(
            "INSERT INTO {view_engagements} (engagement_id, request_id, service_id, expert_id,"
            " theme_id, allowance_minutes, starts_on, ends_on, state, reason, month,"
            " commissioned_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', '', ?, ?, ?)",
            (
                key(e.originator_id),
                key(e.request_id),
                key(e.service_id),
                key(e.expert_id),
                key(e.theme_id),
                e.allowance_minutes,
                e.starts_on.isoformat(),
                e.ends_on.isoformat(),
                month_key(e.timestamp),
                at,
                at,
            ),
        )

    def _engagement(
        self, tx: Transaction, e: Any, assignments: str, values: tuple[Any, ...]
    ) -> None:
        tx.execute(
            f"UPDATE {{view_engagements}} SET {assignments}, changed_at = ?"
            " WHERE engagement_id = ?",
            (*values, instant(e.timestamp), key(e.originator_id)),
        )

    @on("expertbank:Engagement.AllowanceChanged")
    def allowance_changed(self, tx: Transaction, e: Any, position: int) -> None:
        self._engagement(
            tx,
            e,
            "allowance_minutes = ?, ends_on = ?",
            (e.allowance_minutes, e.ends_on.isoformat()),
        )

    @on("expertbank:Engagement.Completed")
    def engagement_completed(self, tx: Transaction, e: Any, position: int) -> None:
        self._engagement(tx, e, "state = 'completed'", ())

    @on("expertbank:Engagement.Closed")
    def engagement_closed(self, tx: Transaction, e: Any, position: int) -> None:
        self._engagement(tx, e, "state = 'closed', reason = ?", (e.reason,))
