"""Logs without secrets: the tokens in calendar feed addresses (``/calendar/<token>.ics``)
and invitation links (``/invitation/<token>``) are the only key to what they open, so they
are replaced before any line is written: in gunicorn's access log (the request line, the
Referer of pages opened from such an address, any header or environment value) and its
error log, and in the app's own log (Flask names the path of a request that failed).

gunicorn uses ``RedactingLogger`` when given ``--logger-class web.logs.RedactingLogger``
(the Procfile) or ``logger_class`` (``entrypoints.server``).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

SECRET_PATHS = re.compile(r"(/(?:calendar|invitation)/)[^/?#\s\"'.]+")
REDACTED = "[redacted]"


def redact(text: str) -> str:
    return SECRET_PATHS.sub(rf"\g<1>{REDACTED}", text)


class RedactSecrets(logging.Filter):
    """Rewrites each record's message with the secrets replaced."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


REDACT_SECRETS = RedactSecrets()


class RedactingLogger(Logger):  # type: ignore[misc]
    """gunicorn's logger, with secrets taken out of its access and error logs."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            log.addFilter(REDACT_SECRETS)  # once: the same filter is not added twice
