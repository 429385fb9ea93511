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
    )


@blueprint.get("/<uuid:message_id>")
@needs("programme_staff")
def message(message_id: UUID) -> ResponseReturnValue:
    content = bank().mail.content(actor(), message_id)
    return render_template("staff/message.html", title="Message", content=content)
