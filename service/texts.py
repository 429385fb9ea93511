"""Free text on request: programme staff see the texts written in a record and remove one
(for example a note naming a third party), with a reason, recorded as an event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.errors import InvalidInput, NotFound
from domain.text_removals import TextRemoval, TextsMovedOut
from infrastructure.stored_values import instant, to_instant
from infrastructure.text_migration import Moved
from infrastructure.texts import Text, removed_note
from service.access import require_programme_staff, require_system_or_staff
from service.context import Context, command

LABELS = {
    "cover": "What the service wanted to cover",
    "reason": "Reason given",
    "notes": "Session notes",
    "outcomes": "Outcomes",
    "actions": "Follow-up actions",
    "comment": "Feedback comment",
    "need": "What the service needs help with",
    "note": "Note on time off",
}


@dataclass(frozen=True)
class TextRecord:
    """One text as programme staff see it: where it was written, by whom, and what it says
    now (or when it was removed)."""

    text_id: str
    record_id: UUID
    label: str
    kind: str
    author_id: UUID
    written_at: datetime
    shown: str
    removed: bool


class FreeTexts:
    def __init__(self, ctx: Context, settle: Callable[[], None]) -> None:
        self.ctx = ctx
        self.settle = settle  # brings the views and the outbox up to the removal

    def of_record(self, actor: UUID, record_id: UUID) -> list[TextRecord]:
        """Every text written in a record (a booking, a request, an engagement), or by or
        about a person, oldest first."""
        require_programme_staff(self.ctx, actor)
        return [_record(text) for text in self.ctx.store.texts.of_record(record_id.hex)]

    def text(self, actor: UUID, text_id: str) -> TextRecord:
        require_programme_staff(self.ctx, actor)
        return _record(self._find(text_id))

    def remove(self, actor: UUID, text_id: str, *, reason: str) -> None:
        """Blank one text for good and record why; its record's history then says when,
        and mail not yet sent that quoted it is drafted again without it."""
        self._remove(actor, text_id, reason=reason)
        self.settle()

    def note_if_removed_now(self) -> str:
        """What stands in a text's place once removed today."""
        return removed_note(instant(self.ctx.clock.now()))

    @command
    def _remove(self, actor: UUID, text_id: str, *, reason: str) -> None:
        require_programme_staff(self.ctx, actor)
        text = self._find(text_id)
        if text.body is None:
            raise InvalidInput("this text has already been removed", field="text_id")
        now = self.ctx.clock.now()
        removal = TextRemoval.record(
            actor=actor,
            at=now,
            text_id=text.text_id,
            record_id=UUID(text.aggregate_id),
            record_kind=text.topic.removeprefix("expertbank:").partition(".")[0],
            field=text.field,
            reason=reason,
        )
        # The text first: a retry may blank it again, but never records the removal twice.
        self.ctx.store.texts.erase([text.text_id], now)
        self.ctx.save(removal)

    def record_move(self, actor: UUID, moved: Moved, previous_head: str) -> None:
        """Record that free text was moved out of stored events (``move_texts_out``) and
        the chain started again, after the head it had before."""
        require_system_or_staff(self.ctx, actor)
        self.ctx.save(
            TextsMovedOut.record(
                actor=actor,
                at=self.ctx.clock.now(),
                events=moved.events,
                texts=moved.texts,
                previous_head=previous_head,
            )
        )

    def _find(self, text_id: str) -> Text:
        found = self.ctx.store.texts.get(text_id.strip().lower())
        if found is None:
            raise NotFound(f"there is no text with id {text_id}", field="text_id")
        return found


def _record(text: Text) -> TextRecord:
    return TextRecord(
        text_id=text.text_id,
        record_id=UUID(text.aggregate_id),
        label=LABELS.get(text.field, text.field),
        kind=text.topic.removeprefix("expertbank:"),
        author_id=UUID(text.author_id),
        written_at=to_instant(text.written_at),
        shown=text.shown,
        removed=text.body is None,
    )
