"""The message carrying an invitation link: who invited the person, the link, and until when.

It is composed when the link is issued, because the link's token is in no event to derive
it from later (see ``service.invitations``). Drafted again (its inviter's details erased),
it reads the token back from the message itself, the one place the token is kept.
"""

from __future__ import annotations

import re
from datetime import datetime
from email import message_from_string, policy
from email.message import EmailMessage
from uuid import UUID, uuid4

from infrastructure.directory import Details, Directory
from service.calendars.details import describe_instant
from service.calendars.ical import Party
from service.mail.mime import Draft, compose
from service.mail.outgoing import SIGN_UP, Outgoing
from service.mail.settings import MailSettings

PROGRAMME_TEAM = "The Expert Bank programme team"


class SignUpMail:
    def __init__(self, settings: MailSettings, directory: Directory) -> None:
        self.settings = settings
        self.directory = directory

    def link(self, token: str) -> str:
        """The page where the invitee chooses a password (``web.auth``)."""
        return f"{self.settings.base_url}/invitation/{token}"

    def compose(
        self,
        invitee: Details,
        *,
        inviter: UUID,
        token: str,
        expires_at: datetime,
        at: datetime,
        position: int,
        message_uuid: UUID | None = None,
    ) -> Outgoing:
        sender = self.directory.get(inviter)
        named = sender is not None and not sender.erased
        who = sender.name if sender is not None and named else PROGRAMME_TEAM
        draft = Draft(
            kind=SIGN_UP,
            recipient_id=invitee.person_id,
            to=Party(invitee.name, invitee.email),
            subject="Your Expert Bank account: choose a password",
            paragraphs=[
                f"Hello {invitee.name},",
                f"{who} has invited you to Expert Bank, where library services ask for "
                "expert help, book sessions with experts and peers, and share what they learn.",
                f"To set up your account, choose a password here:\n{self.link(token)}",
                f"The link works once, until {describe_instant(expires_at)}. If it has "
                "expired, ask programme staff for a new one. Then sign in with this email "
                f"address, {invitee.email}.",
                "If you were not expecting this invitation, you can ignore this message.",
            ],
            expires_at=expires_at,
            named=(inviter,) if named else (),
        )
        return compose(
            draft,
            message_uuid=message_uuid or uuid4(),
            position=position,
            at=at,
            settings=self.settings,
        )

    def compose_reset(
        self, person: Details, *, token: str, expires_at: datetime, at: datetime, position: int
    ) -> Outgoing:
        """The link to choose a new password, for someone who has forgotten theirs."""
        draft = Draft(
            kind=SIGN_UP,
            recipient_id=person.person_id,
            to=Party(person.name, person.email),
            subject="Your Expert Bank account: choose a new password",
            paragraphs=[
                f"Hello {person.name},",
                "Someone, we hope you, asked for a link to choose a new password for your "
                f"Expert Bank account. Choose one here:\n{self.link(token)}",
                f"The link works once, until {describe_instant(expires_at)}. Choosing a new "
                "password signs you out wherever you are signed in.",
                "If you did not ask for this, you can ignore this message: your password "
                "stays as it is.",
            ],
            expires_at=expires_at,
            named=(),
        )
        return compose(
            draft, message_uuid=uuid4(), position=position, at=at, settings=self.settings
        )

    def token_in(self, content: str) -> str | None:
        """The token of the link in a message composed here, or None if there is none."""
        message = message_from_string(content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        text = message.get_body(("plain",))
        link = re.escape(self.link("")) + r"([\w-]+)"
        found = re.search(link, text.get_content()) if text is not None else None
        return found.group(1) if found else None
