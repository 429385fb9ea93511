"""Mail settings, read from the ``EXPERTBANK_*`` environment the Settings carry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr
from enum import StrEnum
from pathlib import Path

from domain.errors import InvalidInput
from infrastructure.settings import Settings, whole_number

DEFAULT_FROM = "Expert Bank <expertbank@localhost>"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


class Tls(StrEnum):
    STARTTLS = "starttls"
    SSL = "ssl"
    NONE = "none"


DEFAULT_PORT = {Tls.STARTTLS: 587, Tls.SSL: 465, Tls.NONE: 25}
TLS_WORDS = {"true": Tls.STARTTLS, "yes": Tls.STARTTLS, "false": Tls.NONE, "no": Tls.NONE}


@dataclass(frozen=True)
class MailSettings:
    """Where mail goes. No SMTP host: messages are kept, and filed in ``folder``."""

    smtp_host: str
    smtp_port: int
    smtp_user: str
    smtp_password: str
    tls: Tls
    mail_from: str
    base_url: str
    folder: Path
    first_retry: timedelta = timedelta(minutes=1)
    """How long after a failed attempt a message is tried again; doubled after each
    further failure, up to an hour."""

    @classmethod
    def from_settings(cls, settings: Settings) -> MailSettings:
        env = settings.extra
        tls = _tls(env.get("EXPERTBANK_SMTP_TLS", ""))
        mail_from = env.get("EXPERTBANK_MAIL_FROM") or DEFAULT_FROM
        if "@" not in parseaddr(mail_from)[1]:
            raise InvalidInput(
                "EXPERTBANK_MAIL_FROM must be an address like 'Expert Bank <bank@example.org>'",
                field="EXPERTBANK_MAIL_FROM",
            )
        return cls(
            smtp_host=env.get("EXPERTBANK_SMTP_HOST", "").strip(),
            smtp_port=_port(env, DEFAULT_PORT[tls]),
            smtp_user=env.get("EXPERTBANK_SMTP_USER", ""),
            smtp_password=env.get("EXPERTBANK_SMTP_PASSWORD", ""),
            tls=tls,
            mail_from=mail_from,
            base_url=(env.get("EXPERTBANK_BASE_URL") or DEFAULT_BASE_URL).rstrip("/"),
            folder=settings.data_dir / "mail",
            first_retry=timedelta(
                seconds=whole_number(env, "EXPERTBANK_MAIL_RETRY_SECONDS", 60, 1, 3600)
            ),
        )

    @property
    def smtp_configured(self) -> bool:
        return bool(self.smtp_host)

    @property
    def from_address(self) -> str:
        return parseaddr(self.mail_from)[1]

    @property
    def from_name(self) -> str:
        return parseaddr(self.mail_from)[0] or "Expert Bank"

    @property
    def domain(self) -> str:
        return self.from_address.rpartition("@")[2]


def _tls(value: str) -> Tls:
    word = value.strip().lower() or Tls.STARTTLS.value
    try:
        return TLS_WORDS.get(word) or Tls(word)
    except ValueError:
        raise InvalidInput(
            "EXPERTBANK_SMTP_TLS must be starttls, ssl or none", field="EXPERTBANK_SMTP_TLS"
        ) from None


def _port(env: Mapping[str, str], default: int) -> int:
    text = env.get("EXPERTBANK_SMTP_PORT", "").strip()
    if not text:
        return default
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise InvalidInput(
            "EXPERTBANK_SMTP_PORT must be a port number such as 587", field="EXPERTBANK_SMTP_PORT"
        )
    return int(text)
