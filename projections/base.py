"""What every read model here shares: handlers chosen by event topic."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from infrastructure.database import Transaction
from projections.runner import Applier, Projection

F = TypeVar("F", bound=Callable[..., None])


def on(*topics: str) -> Callable[[F], F]:
    """Mark a method as the handler of the events with these topics."""

    def mark(method: F) -> F:
        method.__dict__["handles"] = topics
        return method

    return mark


class EventProjection(Projection):
    """A projection whose ``@on(topic)`` methods each handle one kind of event."""

    handlers: ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        handlers = {
            topic: name
            for name, member in vars(cls).items()
            for topic in getattr(member, "handles", ())
        }
        cls.handlers = handlers
        cls.topics = tuple(sorted(handlers))

    def applier(self, topic: str) -> Applier:
        handler: Applier = getattr(self, self.handlers[topic])
        return handler

    def apply(self, tx: Transaction, event: Any, position: int) -> None:
        # Domain event classes and stored events alike name their topic in ``TOPIC``.
        self.applier(event.TOPIC)(tx, event, position)
