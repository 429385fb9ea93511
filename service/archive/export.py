"""Writing an archive: the events up to the audit chain's head, each with its link, then
each part, then the manifest naming them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from domain.errors import RuleViolation
from infrastructure.event_log import stored_events
from projections.audit_chain import GENESIS, AuditChainProjection, chained, digest_of
from projections.audit_verify import Checkpoint
from service.application import ExpertBank
from service.archive.file import EVENTS, FORMAT, VERSION, event_line, writing
from service.archive.parts import OUTBOX, PARTS

Progress = Callable[[int, int], None]
REPORT_EVERY = 5_000


class LogDoesNotVerify(RuleViolation):
    """The events no longer hash to the chain's head: an archive of them would prove
    nothing."""


@dataclass(frozen=True)
class Exported:
    head: Checkpoint
    events: int
    rows: dict[str, int]


def export_archive(bank: ExpertBank, path: Path, progress: Progress | None = None) -> Exported:
    """Write every event chained so far, and every part, to a new archive at ``path``."""
    views = bank.read_models
    # Read first: the messages derived up to here are all in events the archive holds.
    mailed = bank.mail.runner.positions().get(OUTBOX, 0)
    views.runner.catch_up(AuditChainProjection.name)
    head = views.audit.head()
    with writing(path) as writer:
        link = GENESIS
        with writer.lines(EVENTS) as lines:
            for event in stored_events(bank.store.recorder, head.position):
                link = chained(link, event.id, digest_of(event))
                lines.add(event_line(event, link))
                if progress is not None and lines.written % REPORT_EVERY == 0:
                    progress(event.id, head.position)
            events = lines.written
        if link.hex() != head.link:
            raise LogDoesNotVerify(
                "the stored events do not hash to the audit chain's head: run"
                " `expertbank audit verify` to see which event changed; nothing was exported"
            )
        mailed = min(mailed, head.position)
        rows = {}
        for part in PARTS:
            database = part.database(bank.database, views.database)
            with writer.lines(part.file) as lines:
                for row in part.rows(database, mailed):
                    lines.add(row)
            rows[part.name] = lines.written
        writer.manifest(
            {
                "format": FORMAT,
                "version": VERSION,
                "exported_at": bank.clock.now().isoformat(),
                "head": str(head),
                "events": events,
                "mailed_up_to": mailed,
                "parts": [{"name": p.name, "file": p.file, "rows": rows[p.name]} for p in PARTS],
            }
        )
    if progress is not None:
        progress(head.position, head.position)
    return Exported(head, events, rows)
