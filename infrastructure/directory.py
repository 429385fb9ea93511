"""Personal details and credentials: kept outside the event store.

Events name people only by id. Names, email addresses and phone numbers live in
``person_details``, where erasure (UK GDPR) overwrites them without touching the history.
Password hashes live here too (and invitation links beside them, ``service.invitations``),
so that no event ever holds a secret.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.errors import InvalidInput
from domain.validation import Problems, text
from infrastructure.database import Database, Transaction

ERASED_NAME = "(details erased)"

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS {person_details} ("
    " person_id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT, phone TEXT NOT NULL,"
    " erased_at TEXT)",
    "CREATE UNIQUE INDEX IF NOT EXISTS person_details_email ON {person_details} (email)",
    "CREATE TABLE IF NOT EXISTS {credentials} ("
    " person_id TEXT PRIMARY KEY, password_hash TEXT NOT NULL)",
]


@dataclass(frozen=True)
class Details:
    person_id: UUID
    name: str
    email: str
    phone: str
    erased: bool


def normalise_email(email: str) -> str:
    cleaned = text(email, "an email address", field="email", max_length=254).lower()
    local, _, domain = cleaned.partition("@")
    if not local or "." not in domain or " " in cleaned:
        raise InvalidInput("enter an email address like name@example.org", field="email")
    return cleaned


class Directory:
    """The erasable side of people, on the event store's database."""

    def __init__(self, database: Database) -> None:
        self.db = database
        self.db.execute_script(SCHEMA)

    def checked(self, *, name: str, email: str, phone: str = "") -> tuple[str, str, str]:
        """A new person's name, email address (not already taken) and phone, cleaned;
        every problem reported at once (``InvalidInputs``)."""
        problems = Problems()
        clean_name = problems.check(lambda: text(name, "a name", field="name"))
        address = problems.check(lambda: self._free(normalise_email(email)))
        clean_phone = problems.check(
            lambda: text(phone, "the phone number", field="phone", max_length=40, required=False)
        )
        problems.raise_any()
        return clean_name, address, clean_phone

    def _free(self, address: str) -> str:
        if self.find_by_email(address) is not None:
            raise InvalidInput(
                "someone with that email address already has an account", field="email"
            )
        return address

    def add(self, person_id: UUID, *, name: str, email: str, phone: str = "") -> None:
        self.db.execute(
            "INSERT INTO {person_details} (person_id, name, email, phone) VALUES (?, ?, ?, ?)",
            (str(person_id), *self.checked(name=name, email=email, phone=phone)),
        )

    def remove(self, person_id: UUID) -> None:
        """Undo ``add`` when the person's first event could not be saved."""
        self.db.execute("DELETE FROM {person_details} WHERE person_id = ?", (str(person_id),))

    def update(self, person_id: UUID, *, name: str, phone: str) -> None:
        self.db.execute(
            "UPDATE {person_details} SET name = ?, phone = ? WHERE person_id = ?"
            " AND erased_at IS NULL",
            (
                text(name, "a name", field="name"),
                text(phone, "the phone number", field="phone", max_length=40, required=False),
                str(person_id),
            ),
        )

    def get(self, person_id: UUID) -> Details | None:
        rows = self.db.query(
            "SELECT * FROM {person_details} WHERE person_id = ?", (str(person_id),)
        )
        return _details(rows[0]) if rows else None

    def many(self, person_ids: list[UUID]) -> dict[UUID, Details]:
        if not person_ids:
            return {}
        marks = ", ".join("?" for _ in person_ids)
        rows = self.db.query(
            f"SELECT * FROM {{person_details}} WHERE person_id IN ({marks})",
            [str(p) for p in person_ids],
        )
        return {UUID(row["person_id"]): _details(row) for row in rows}

    def find_by_email(self, email: str) -> UUID | None:
        rows = self.db.query(
            "SELECT person_id FROM {person_details} WHERE email = ?", (email.strip().lower(),)
        )
        return UUID(rows[0]["person_id"]) if rows else None

    def erase(
        self, person_id: UUID, at: datetime, *, also: Callable[[Transaction, UUID], None]
    ) -> None:
        """Overwrite the person's details and forget their password; ``also`` erases what
        else is kept of them (invitation links), in the same transaction. History keeps
        the id."""
        with self.db.transaction() as tx:
            tx.execute(
                "UPDATE {person_details} SET name = ?, email = NULL, phone = '', erased_at = ?"
                " WHERE person_id = ?",
                (ERASED_NAME, at.isoformat(), str(person_id)),
            )
            tx.execute("DELETE FROM {credentials} WHERE person_id = ?", (str(person_id),))
            also(tx, person_id)

    def set_password_hash(self, person_id: UUID, password_hash: str) -> None:
        with self.db.transaction() as tx:
            tx.execute("DELETE FROM {credentials} WHERE person_id = ?", (str(person_id),))
            tx.execute(
                "INSERT INTO {credentials} (person_id, password_hash) VALUES (?, ?)",
                (str(person_id), password_hash),
            )

    def password_hash(self, person_id: UUID) -> str | None:
        rows = self.db.query(
            "SELECT password_hash FROM {credentials} WHERE person_id = ?", (str(person_id),)
        )
        return str(rows[0]["password_hash"]) if rows else None


def _details(row: dict[str, object]) -> Details:
    return Details(
        person_id=UUID(str(row["person_id"])),
        name=str(row["name"]),
        email=str(row["email"] or ""),
        phone=str(row["phone"] or ""),
        erased=row["erased_at"] is not None,
    )
