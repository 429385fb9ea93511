"""The mail desk: derive messages from new events, deliver what is due, and show programme
staff what was sent and what was not (the only way to read messages when no SMTP server is
configured).

The outbox projection has a runner of its own on the views database: it is no page's read
model, deriving a message costs far more than a view row, and rebuilding "every view" must
never be a way to re-derive mail. Messages carrying invitation links come from no event:
they are queued beside the links (``service.invitations``) and taken in from there.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from domain.errors import InvalidInput, NotFound
from infrastructure.clock import Clock
from infrastructure.database import Database
from projections.runner import ProjectionRunner
from service.access import require_system_or_staff
from service.calendars.details import Namer
from service.context import Context
from service.mail import outbox
from service.mail.derivation import OutboxProjection
from service.mail.erasure import OutboxErasure
from service.mail.outbox import STATUSES, MessageRecord, Outbox
from service.mail.outgoing import Outgoing
from service.mail.reading import Reading, read, waiting_because
from service.mail.sender import BATCH, Delivery, Sender
from service.mail.settings import MailSettings


class MailDesk:
    def __init__(self, ctx: Context, views: Database, settings: MailSettings, clock: Clock) -> None:
        self.ctx = ctx
        self.views = views
        self.settings = settings
        namer = Namer(ctx)
        self.erasure = OutboxErasure(namer, settings, views)
        self.runner = ProjectionRunner(
            ctx.store, views, [OutboxProjection(namer, settings, clock, self.erasure)]
        )
        self.outbox = Outbox(views)
        self.sender = Sender(self.outbox, settings, clock, self.erasure)

    def update(self) -> None:
        """Derive the messages of every event stored so far, and take in the messages
        queued with invitation links."""
        self.runner.catch_up()
        self._take_invitations()

    def _take_invitations(self) -> None:
        """Each queued message into the outbox (once: its id is kept), then out of the
        queue."""
        links = self.ctx.invitations
        while queued := links.queued(BATCH):
            with self.views.transaction() as tx:
                for message in queued:
                    outbox.insert(tx, message)
            self._leave_out_erased(queued)
            links.forget([message.id for message in queued])

    def _leave_out_erased(self, messages: list[Outgoing]) -> None:
        """A person erased while their messages were queued or being moved: checked after
        the messages are in the outbox, so that either this sees the erasure or the
        erasure's event (saved after the directory is erased) is applied to the outbox
        after them. A message to them is blanked; one naming them is drafted again."""
        people = {person for m in messages for person in (m.recipient_id, *m.named)}
        erased = self.erasure.erased(people)
        for message in messages:
            if erased & {message.recipient_id, *message.named}:
                self.erasure.update(message.id)

    def deliver(self, fence: Callable[[], None] = lambda: None) -> Delivery:
        """Derive new messages, then send (or file) every message that is due now;
        ``fence`` is called before each message goes, to stop by raising."""
        self.update()
        return self.sender.deliver_due(fence)

    def status(self) -> dict[str, int]:
        """How many messages are pending, failing, sent, failed and expired."""
        return self.outbox.counts()

    def messages(
        self, actor: UUID, status: str | None = None, limit: int = 100
    ) -> list[MessageRecord]:
        require_system_or_staff(self.ctx, actor)
        if status is not None and status not in STATUSES:
            raise InvalidInput(f"status must be one of {', '.join(STATUSES)}", field="status")
        return self.outbox.messages(status, limit)

    def reading(self, actor: UUID, message_id: UUID) -> Reading:
        """The message as its reader will see it (see ``service.mail.reading``)."""
        return read(self.content(actor, message_id))

    def waiting_because(self, message: MessageRecord) -> str:
        """Why a pending message has not gone yet: no SMTP server, or retrying after an
        error (with the error)."""
        return waiting_because(message, self.settings.smtp_configured)

    def content(self, actor: UUID, message_id: UUID) -> str:
        """The message exactly as it will be sent; empty once sent or expired."""
        require_system_or_staff(self.ctx, actor)
        content = self.outbox.content(message_id)
        if content is None:
            raise NotFound(f"there is no message with id {message_id}", field="message_id")
        return content
