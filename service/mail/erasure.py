"""Erasing a person's details (UK GDPR) from the outbox without losing anyone else's mail.

A message to the erased person is blanked and never sent. A pending message to someone
else that names them (the other side of a session, who moved or cancelled it, who sent an
invitation) is still sent, as rule 7 wants for every invitation, but drafted again from its
source with people's details as they are now: the erased person is no longer among its
calendar's attendees, and "(name withheld)" stands where their name was. It keeps its id,
Message-ID and Date, and its calendar its UID, SEQUENCE and METHOD, so it still updates the
event the recipient's calendar has. A message no longer pending has no text left; it loses
its subject. Copies in the mail folder go (a redrafted message is filed again, redrafted).

Three places bring messages up to date with the directory: the outbox projection, when the
erasure's event comes; the mail desk, for invitation messages taken in as an erasure lands;
and the sender, just before it hands each message to the SMTP server. Each first writes to
the message's row (so that two of them on one message take turns), then reads the
directory: whichever comes last leaves out everyone erased by then.

The sender's check gives this guarantee: a message handed to the SMTP server after a
person's erasure was committed (``People.erase_details`` erases the directory first, then
records the event) carries nothing of theirs, and nothing is sent to them. Only a message
already being handed over, checked before the erasure committed, can carry their details:
one SMTP exchange, after which it is as if it had been sent just before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from infrastructure.database import Database, Transaction
from infrastructure.stored_values import to_instant
from infrastructure.texts import forget_for_good, reference, references_in, text_id_of
from service.calendars.details import Namer
from service.mail.bookings import BookingMail
from service.mail.folder import MailFolder
from service.mail.mime import compose
from service.mail.notices import NoticeMail
from service.mail.outbox import NAMED, SOURCES, TABLE, Due
from service.mail.outgoing import SIGN_UP, Outgoing
from service.mail.settings import MailSettings
from service.mail.signup import SignUpMail
from service.mail.sources import BookingChange, decode

TAKE = (
    f"UPDATE {{{TABLE}}} SET status = status WHERE id = ? RETURNING id, kind, status,"
    " recipient_id, recipient, position, created_at, expires_at, filed_at, content"
)
BLANK = (
    f"UPDATE {{{TABLE}}} SET subject = '(erased)', content = '', recipient = ?,"
    " status = CASE WHEN status = 'pending' THEN 'expired' ELSE status END WHERE id = ?"
)
REDRAFT = f"UPDATE {{{TABLE}}} SET subject = ?, content = ?, filed_at = NULL WHERE id = ?"
NAMED_IN = f"SELECT person_id FROM {{{NAMED}}} WHERE message_id = ? ORDER BY person_id"
FORGET = f"DELETE FROM {{{NAMED}}} WHERE message_id = ? AND person_id = ?"


@dataclass(frozen=True)
class _Stored:
    """A message as the outbox holds it, with its text."""

    id: UUID
    kind: str
    status: str
    recipient_id: UUID
    recipient: str
    position: int
    created_at: datetime
    expires_at: datetime | None
    filed: bool
    content: str


class OutboxErasure:
    """Brings messages up to date with the erasures in the directory."""

    def __init__(self, namer: Namer, settings: MailSettings, views: Database) -> None:
        self.directory = namer.ctx.directory
        self.texts = namer.ctx.store.texts
        self.settings = settings
        self.views = views
        self.bookings = BookingMail(namer, settings)
        self.notices = NoticeMail(namer, settings)
        self.sign_ups = SignUpMail(settings, self.directory)
        self.folder = MailFolder(settings.folder)

    def erased(self, people: Iterable[UUID]) -> set[UUID]:
        """Those of ``people`` whose details are erased."""
        found = self.directory.many(list(set(people)))
        return {person for person, details in found.items() if details.erased}

    def ready(self, message: Due) -> str | None:
        """The text to hand to the SMTP server now, checked against the directory and the
        texts; None if it is to an erased person (it is blanked) or no longer to be sent.
        A message quoting a text removed since it was drafted (its removal's event not yet
        taken in by the outbox) is drafted again first."""
        if self.erased([message.recipient_id, *message.named]):
            return self.update(message.id)
        quoted = self._quoted_removed(message.id)
        if quoted:
            with self.views.transaction() as tx:
                self.erase_text(tx, quoted)
                rows = tx.query(
                    f"SELECT status, content FROM {{{TABLE}}} WHERE id = ?", (str(message.id),)
                )
            pending = rows and rows[0]["status"] == "pending"
            return str(rows[0]["content"]) if pending else None
        return message.content

    def _quoted_removed(self, message_id: UUID) -> str | None:
        """A reference, in what the message was drafted from, to a text now removed."""
        rows = self.views.query(
            f"SELECT source FROM {{{SOURCES}}} WHERE message_id = ?", (str(message_id),)
        )
        refs = references_in(rows[0]["source"]) if rows else []
        found = self.texts.many(text_id_of(ref) for ref in refs)
        return next((reference(i) for i, text in found.items() if text.body is None), None)

    def update(self, message_id: UUID) -> str | None:
        """Leave everyone erased by now out of one message (see ``update_in``)."""
        with self.views.transaction() as tx:
            return self.update_in(tx, message_id)

    def erase_person(self, tx: Transaction, person_id: UUID) -> None:
        """Bring every message to or naming the person up to date with the directory."""
        forget_for_good(tx)
        who = str(person_id)
        for row in tx.query(
            f"SELECT id FROM {{{TABLE}}} WHERE recipient_id = ?"
            f" UNION SELECT message_id FROM {{{NAMED}}} WHERE person_id = ?",
            (who, who),
        ):
            self.update_in(tx, UUID(row["id"]))

    def erase_text(self, tx: Transaction, ref: str) -> None:
        """After a text's removal, draft again every pending message drafted from a
        source that refers to it (a booking's cover or a reason), which now reads as
        removed; a message no longer pending keeps no text, and its filed copy goes."""
        for row in tx.query(
            f"SELECT message_id FROM {{{SOURCES}}} WHERE source LIKE ?", (f"%{ref}%",)
        ):
            stored = _take(tx, UUID(row["message_id"]))
            if stored is None:
                continue
            named = [UUID(r["person_id"]) for r in tx.query(NAMED_IN, (str(stored.id),))]
            again = self._redraft(tx, stored, named) if stored.status == "pending" else None
            if again is not None:
                tx.execute(REDRAFT, (again.subject, again.content, str(stored.id)))
            elif stored.content:
                tx.execute(BLANK, (stored.recipient, str(stored.id)))
            if stored.filed:
                self.folder.remove(stored.id, stored.created_at)

    def update_in(self, tx: Transaction, message_id: UUID) -> str | None:
        """Leave everyone erased by now out of one message, in ``tx``: blank it if it is to
        one of them or no longer pending, otherwise draft it again. Its text to send if it
        is still to be sent, else None."""
        stored = _take(tx, message_id)
        if stored is None:
            return None
        named = [UUID(row["person_id"]) for row in tx.query(NAMED_IN, (str(message_id),))]
        erased = self.erased([stored.recipient_id, *named])
        if not erased:
            return stored.content if stored.status == "pending" else None
        again = None
        if stored.status == "pending" and stored.recipient_id not in erased:
            again = self._redraft(tx, stored, named)
        if again is None:
            recipient = "" if stored.recipient_id in erased else stored.recipient
            tx.execute(BLANK, (recipient, str(message_id)))
        else:
            tx.execute(REDRAFT, (again.subject, again.content, str(message_id)))
        for person in erased:  # no longer in it
            tx.execute(FORGET, (str(message_id), str(person)))
        if stored.filed:
            self.folder.remove(stored.id, stored.created_at)
        return again.content if again else None

    def _redraft(self, tx: Transaction, stored: _Stored, named: list[UUID]) -> Outgoing | None:
        """The message drafted again from its source (None if it has none), with the same
        id, Message-ID and Date."""
        if stored.kind == SIGN_UP:
            return self._sign_up(stored, named)
        rows = tx.query(f"SELECT source FROM {{{SOURCES}}} WHERE message_id = ?", (str(stored.id),))
        if not rows:
            return None
        source = decode(rows[0]["source"])
        if isinstance(source, BookingChange):
            drafts = self.bookings.drafts(source)
        else:
            drafts = self.notices.drafts(source)
        draft = next((d for d in drafts if d.recipient_id == stored.recipient_id), None)
        if draft is None:
            return None
        return compose(
            draft,
            message_uuid=stored.id,
            position=stored.position,
            at=stored.created_at,
            settings=self.settings,
        )

    def _sign_up(self, stored: _Stored, named: list[UUID]) -> Outgoing | None:
        """An invitation link's message names only who sent it."""
        token = self.sign_ups.token_in(stored.content)
        invitee = self.directory.get(stored.recipient_id)
        if token is None or invitee is None or not named or stored.expires_at is None:
            return None
        return self.sign_ups.compose(
            invitee,
            inviter=named[0],
            token=token,
            expires_at=stored.expires_at,
            at=stored.created_at,
            position=stored.position,
            message_uuid=stored.id,
        )


def _take(tx: Transaction, message_id: UUID) -> _Stored | None:
    rows = tx.query(TAKE, (str(message_id),))
    if not rows:
        return None
    row = rows[0]
    return _Stored(
        id=UUID(row["id"]),
        kind=row["kind"],
        status=row["status"],
        recipient_id=UUID(row["recipient_id"]),
        recipient=row["recipient"],
        position=int(row["position"]),
        created_at=to_instant(row["created_at"]),
        expires_at=to_instant(row["expires_at"]) if row["expires_at"] else None,
        filed=row["filed_at"] is not None,
        content=row["content"],
    )
