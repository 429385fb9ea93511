"""The mail desk: derive messages from new events, deliver what is due, and show programme
staff what was sent and what was not (the only way to read messages when no SMTP server is
configured).

The outbox projection has a runner of its own on the views database: it is no page's read
model, deriving a message costs far more than a view row, and rebuilding "every view" must
never be a way to re-derive mail.
"""

from __future__ import annotations

from uuid import UUID

from domain.errors import InvalidInput, NotFound
from projections.outbox import OutboxProjection
from projections.runner import ProjectionRunner
from service.access import require_system_or_staff
from service.calendars.details import Namer
from service.clock import Clock
from service.context import Context
from service.database import Database
from service.mail.outbox import STATUSES, MessageView, Outbox
from service.mail.sender import Delivery, Sender
from service.mail.settings import MailSettings


class MailDesk:
    def __init__(self, ctx: Context, views: Database, settings: MailSettings, clock: Clock) -> None:
        self.ctx = ctx
        self.settings = settings
        self.runner = ProjectionRunner(
            ctx.store, views, [OutboxProjection(Namer(ctx), settings, clock)]
        )
        self.outbox = Outbox(views)
        self.sender = Sender(self.outbox, settings, clock)

    def update(self) -> None:
        """Derive the messages of every event stored so far."""
        self.runner.catch_up()

    def deliver(self) -> Delivery:
        """Derive new messages, then send (or file) every message that is due now."""
        self.update()
        return self.sender.deliver_due()

    def status(self) -> dict[str, int]:
        """How many messages are pending, failing, sent, failed and expired."""
        return self.outbox.counts()

    def messages(
        self, actor: UUID, status: str | None = None, limit: int = 100
    ) -> list[MessageView]:
        require_system_or_staff(self.ctx, actor)
        if status is not None and status not in STATUSES:
            raise InvalidInput(f"status must be one of {', '.join(STATUSES)}", field="status")
        return self.outbox.messages(status, limit)

    def content(self, actor: UUID, message_id: UUID) -> str:
        """The message exactly as it will be sent; empty once sent or expired."""
        require_system_or_staff(self.ctx, actor)
        content = self.outbox.content(message_id)
        if content is None:
            raise NotFound(f"there is no message with id {message_id}", field="message_id")
        return content
