"""What every command needs: the store, the clock, loading with clear errors, and retries."""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable, Mapping
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, OperationalError

from domain.errors import Conflict, ExpertBankError, NotFound, WrongKind
from infrastructure.aggregate_cache import AggregateCache, clone
from infrastructure.clock import Clock
from infrastructure.directory import Directory
from infrastructure.event_store import EventStore
from infrastructure.outages import waited_for_a_connection
from infrastructure.settings import Settings
from infrastructure.sign_ins import SignIns
from service.invitations import InvitationLinks

A = TypeVar("A", bound=Aggregate)
P = ParamSpec("P")
R = TypeVar("R")

MAX_ATTEMPTS = 12


class Context:
    """Shared by the command handlers of one ExpertBank."""

    def __init__(
        self,
        store: EventStore,
        directory: Directory,
        invitations: InvitationLinks,
        sign_ins: SignIns,
        clock: Clock,
        settings: Settings,
    ) -> None:
        self.store = store
        self.directory = directory
        self.invitations = invitations
        self.sign_ins = sign_ins
        self.clock = clock
        self.settings = settings
        self.cache = AggregateCache(store, settings.aggregate_cache_size)
        self.retries = 0  # attempts run again after a conflict (the benchmark reports them)

    def load(self, kind: type[A], aggregate_id: UUID, noun: str, *, field: str | None) -> A:
        """The aggregate, or NotFound naming what was looked for. ``field`` is the command's
        argument the id came from, or None when the id came from stored state."""
        found = self.find(kind, aggregate_id, field=field)
        if found is None:
            raise NotFound(f"there is no {noun} with id {aggregate_id}", field=field)
        return found

    def find(self, kind: type[A], aggregate_id: UUID, *, field: str | None = None) -> A | None:
        """The aggregate as it stands now, in a copy of its own that the caller may change."""
        found = self.peek(kind, aggregate_id, field=field)
        return None if found is None else clone(found)

    def read(self, kind: type[A], aggregate_id: UUID, noun: str, *, field: str | None) -> A:
        """Like ``load``, but shared with other readers (``peek``): look, never change."""
        found = self.peek(kind, aggregate_id, field=field)
        if found is None:
            raise NotFound(f"there is no {noun} with id {aggregate_id}", field=field)
        return found

    def peek(self, kind: type[A], aggregate_id: UUID, *, field: str | None = None) -> A | None:
        """The aggregate as it stands now, shared with other readers and threads, without
        copying: for checks and views only. Changing it would corrupt every later read.
        None if there is none; WrongKind if the id is another kind of record's."""
        return of_kind(kind, self.cache.get(aggregate_id), aggregate_id, field=field)

    def save(
        self,
        *aggregates: Aggregate | None,
        handing_over: bool = False,
        unchanged: Mapping[UUID, int] | None = None,
    ) -> None:
        """Save in one transaction. Commands save only through here (or a Unit), so that
        the cache learns what they saved: a copy, or the objects themselves when the
        caller is ``handing_over`` (it will never change them again). ``unchanged``: the
        aggregates (id: version read, 0 for none) the save relies on without changing;
        if any changed meanwhile nothing is saved and the command runs again."""
        looked_to = self.cache.position
        recordings = self.store.save(*aggregates, unchanged=unchanged)
        self.cache.saved(
            [a for a in aggregates if a is not None],
            [r.notification.id for r in recordings],
            looked_to=looked_to,
            copy=not handing_over,
        )


class HasContext(Protocol):
    ctx: Context


def of_kind(kind: type[A], found: object, aggregate_id: UUID, *, field: str | None) -> A | None:
    """``found`` if it is a ``kind`` (or None); a record of another kind is an error, never
    "not found": so that, say, a booking given a diary's id is refused as such."""
    if found is None or isinstance(found, kind):
        return found
    raise WrongKind(f"{aggregate_id} is the id of another kind of record", field=field)


def command(
    method: Callable[Concatenate[Any, P], R],
) -> Callable[Concatenate[Any, P], R]:
    """Run a command again when a concurrent change got there first (optimistic
    concurrency): each attempt reloads what it reads. After ``MAX_ATTEMPTS`` it gives up
    with Conflict. A business refusal is the answer, unless something the command read has
    changed since: it may have read one aggregate before another process's change and the
    next after it, and refused on that mixture. Then it runs again, to refuse or succeed
    on what stands now."""

    def attempt(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> R:
        cache = self.ctx.cache
        unreachable: OperationalError | None = None
        for attempt_number in range(MAX_ATTEMPTS):
            try:
                with cache.current() as reads:
                    return method(self, *args, **kwargs)
            except (IntegrityError, OperationalError) as error:
                if waited_for_a_connection(error):
                    raise  # the database is away: another attempt would only wait again
                unreachable = None if isinstance(error, IntegrityError) else error
                self.ctx.retries += 1
                time.sleep(random.uniform(0, 0.002 * 2 ** min(attempt_number, 6)))
            except ExpertBankError as refusal:
                if isinstance(refusal, Conflict) or not cache.changed_since(reads):
                    raise
        if unreachable is not None:  # the database, not other people: say so (HTTP 503)
            raise unreachable
        raise Conflict(
            "others were changing the same records at the same moment; nothing was saved, "
            "please try again"
        )

    functools.update_wrapper(attempt, method)
    return attempt
