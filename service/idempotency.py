"""Writes sent again with the same idempotency key: the first request's answer, never the
change made twice; a key used with another request is refused."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

from domain.errors import Conflict, InvalidInput
from infrastructure.idempotency import IdempotencyKeys
from service.context import Context

FIELD = "Idempotency-Key"
MAX_KEY_LENGTH = 200
WAIT_SECONDS = 15.0  # for the first request with a key, still being answered
POLL_SECONDS = 0.02
ABANDONED = timedelta(minutes=2)  # a claim never answered: its process died


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: str


class IdempotentWrites:
    def __init__(self, ctx: Context, keys: IdempotencyKeys) -> None:
        self.ctx = ctx
        self.keys = keys

    def first_answer(self, caller: str, key: str, digest: str) -> Answer | None:
        """None when this request is the first with ``key`` (it must then be answered with
        ``remember`` or ``forget``); else the first request's answer, waiting for it while
        that request is in flight. InvalidInput when the key came with another request."""
        if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
            raise InvalidInput(
                f"{FIELD} must be 1 to {MAX_KEY_LENGTH} printable characters", field=FIELD
            )
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            now = self.ctx.clock.now()
            if self.keys.claim(caller, key, digest, now):
                return None
            stored = self.keys.stored(caller, key)
            if stored is None:
                continue  # expired between the two statements: claim it again
            if stored.request_digest != digest:
                raise InvalidInput(
                    f"this {FIELD} was used with another request: send a new key for a new "
                    "request, or the same request again with this one",
                    field=FIELD,
                )
            if stored.status is not None:
                return Answer(stored.status, stored.content_type, stored.body)
            if self.keys.take_over(caller, key, now - ABANDONED, now):
                return None
            if time.monotonic() > deadline:
                raise Conflict(
                    f"the first request with this {FIELD} is still being answered: "
                    "send it again in a moment"
                )
            time.sleep(POLL_SECONDS)

    def remember(self, caller: str, key: str, answer: Answer) -> None:
        self.keys.answer(caller, key, answer.status, answer.content_type, answer.body)

    def forget(self, caller: str, key: str) -> None:
        self.keys.release(caller, key)

    def forget_all(self) -> None:
        """After a text is removed or details erased: an answer kept may quote them."""
        self.keys.forget_all()
