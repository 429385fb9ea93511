"""What the worker's notices need besides sessions: who the programme staff are, when
engagements end, and which requests are waiting."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.people import AccountStatus, Role
from projections.runner import Projection
from projections.sessions import instant, topic_of
from service.database import Database, Transaction

PEOPLE = "worklist_people"
ENGAGEMENTS = "worklist_engagements"
REQUESTS = "worklist_requests"

PERSON_STATUS = {
    "expertbank:Person.Activated": AccountStatus.ACTIVE,
    "expertbank:Person.Reactivated": AccountStatus.ACTIVE,
    "expertbank:Person.Deactivated": AccountStatus.DEACTIVATED,
}
ENGAGEMENT_STATE = {
    "expertbank:Engagement.Completed": "completed",
    "expertbank:Engagement.Closed": "closed",
}
REQUEST_STATE = {
    f"expertbank:ExpressionOfInterest.{name.title()}": name
    for name in ("shortlisted", "approved", "declined", "withdrawn", "matched", "completed")
} | {"expertbank:ExpressionOfInterest.Closed": "closed"}

WAITING_STATES = ("submitted", "shortlisted", "approved")


class Worklists(Projection):
    name = "worklists"
    topics = (
        "expertbank:Person.Invited",
        "expertbank:Person.RolesChanged",
        *PERSON_STATUS,
        "expertbank:Engagement.Commissioned",
        "expertbank:Engagement.AllowanceChanged",
        *ENGAGEMENT_STATE,
        "expertbank:ExpressionOfInterest.Submitted",
        *REQUEST_STATE,
    )

    def schema(self) -> list[str]:
        return [
            f"CREATE TABLE IF NOT EXISTS {{{PEOPLE}}} ("
            " person_id TEXT PRIMARY KEY, roles TEXT NOT NULL, status TEXT NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {{{ENGAGEMENTS}}} ("
            " engagement_id TEXT PRIMARY KEY, request_id TEXT NOT NULL, expert_id TEXT NOT NULL,"
            " state TEXT NOT NULL, ends_on TEXT NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {{{REQUESTS}}} ("
            " request_id TEXT PRIMARY KEY, submitted_by TEXT NOT NULL, state TEXT NOT NULL,"
            " submitted_at TEXT NOT NULL)",
        ]

    def tables(self) -> list[str]:
        return [PEOPLE, ENGAGEMENTS, REQUESTS]

    def apply(self, tx: Transaction, event: Any, position: int) -> None:
        topic = topic_of(event)
        key = str(event.originator_id)
        if topic == "expertbank:Person.Invited":
            tx.execute(
                f"INSERT INTO {{{PEOPLE}}} (person_id, roles, status) VALUES (?, ?, ?)",
                (key, ",".join(event.roles), AccountStatus.INVITED.value),
            )
        elif topic == "expertbank:Person.RolesChanged":
            tx.execute(
                f"UPDATE {{{PEOPLE}}} SET roles = ? WHERE person_id = ?",
                (",".join(event.roles), key),
            )
        elif topic in PERSON_STATUS:
            tx.execute(
                f"UPDATE {{{PEOPLE}}} SET status = ? WHERE person_id = ?",
                (PERSON_STATUS[topic].value, key),
            )
        elif topic == "expertbank:Engagement.Commissioned":
            tx.execute(
                f"INSERT INTO {{{ENGAGEMENTS}}} (engagement_id, request_id, expert_id, state,"
                " ends_on) VALUES (?, ?, ?, 'active', ?)",
                (key, str(event.request_id), str(event.expert_id), event.ends_on.isoformat()),
            )
        elif topic == "expertbank:Engagement.AllowanceChanged":
            tx.execute(
                f"UPDATE {{{ENGAGEMENTS}}} SET ends_on = ? WHERE engagement_id = ?",
                (event.ends_on.isoformat(), key),
            )
        elif topic in ENGAGEMENT_STATE:
            tx.execute(
                f"UPDATE {{{ENGAGEMENTS}}} SET state = ? WHERE engagement_id = ?",
                (ENGAGEMENT_STATE[topic], key),
            )
        elif topic == "expertbank:ExpressionOfInterest.Submitted":
            tx.execute(
                f"INSERT INTO {{{REQUESTS}}} (request_id, submitted_by, state, submitted_at)"
                " VALUES (?, ?, 'submitted', ?)",
                (key, str(event.actor), instant(event.timestamp)),
            )
        else:
            tx.execute(
                f"UPDATE {{{REQUESTS}}} SET state = ? WHERE request_id = ?",
                (REQUEST_STATE[topic], key),
            )


class WorklistQueries:
    def __init__(self, views: Database) -> None:
        self.views = views

    def programme_staff(self) -> list[UUID]:
        """Active programme staff, in a stable order."""
        rows = self.views.query(
            f"SELECT person_id, roles FROM {{{PEOPLE}}} WHERE status = ? ORDER BY person_id",
            (AccountStatus.ACTIVE.value,),
        )
        return [
            UUID(row["person_id"])
            for row in rows
            if Role.PROGRAMME_STAFF.value in row["roles"].split(",")
        ]

    def engagements_ending(self, first: date, last: date) -> list[tuple[UUID, UUID]]:
        """(engagement id, id of who submitted its request) for active ones ending then."""
        rows = self.views.query(
            f"SELECT e.engagement_id, r.submitted_by FROM {{{ENGAGEMENTS}}} e"
            f" JOIN {{{REQUESTS}}} r ON r.request_id = e.request_id"
            " WHERE e.state = 'active' AND e.ends_on >= ? AND e.ends_on <= ?"
            " ORDER BY e.ends_on, e.engagement_id",
            (first.isoformat(), last.isoformat()),
        )
        return [(UUID(row["engagement_id"]), UUID(row["submitted_by"])) for row in rows]

    def requests_waiting(self) -> int:
        marks = ", ".join("?" for _ in WAITING_STATES)
        rows = self.views.query(
            f"SELECT COUNT(*) AS n FROM {{{REQUESTS}}} WHERE state IN ({marks})", WAITING_STATES
        )
        return int(rows[0]["n"])

    def requests_submitted(self, after: datetime, until: datetime) -> int:
        rows = self.views.query(
            f"SELECT COUNT(*) AS n FROM {{{REQUESTS}}}"
            " WHERE submitted_at > ? AND submitted_at <= ?",
            (instant(after), instant(until)),
        )
        return int(rows[0]["n"])
