"""The outbox for programme staff: what was sent, what is waiting and why, and each
message as it will be sent (the way to read mail when no SMTP server is configured)."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from service.mail.outbox import STATUSES
from web.current import actor, bank, needs

blueprint = Blueprint("mail", __name__, url_prefix="/staff/mail")


@blueprint.get("")
@needs("programme_staff")
def outbox() -> ResponseReturnValue:
    status = request.args.get("status") or None
    bank().mail.update()
    return render_template(
        "staff/mail.html",
        title="Mail",
        messages=bank().mail.messages(actor(), status),
        counts=bank().mail.status(),
        statuses=STATUSES,
        status=status,
        waiting_because=bank().mail.waiting_because,
    )


@blueprint.get("/<uuid:message_id>")
@needs("programme_staff")
def message(message_id: UUID) -> ResponseReturnValue:
    """The message as its reader will see it; the raw source is a link away."""
    reading = bank().mail.reading(actor(), message_id)
    return render_template(
        "staff/message.html", title=reading.subject, m=reading, message_id=message_id
    )


@blueprint.get("/<uuid:message_id>/source")
@needs("programme_staff")
def source(message_id: UUID) -> ResponseReturnValue:
    """The message exactly as it will be sent."""
    content = bank().mail.content(actor(), message_id)
    return render_template(
        "staff/message_source.html", title="Message source", content=content, message_id=message_id
    )
