"""The event store's recorder on PostgreSQL: the library's, saving in one round trip.

Which library behaviour it replaces, and why. ``PostgresApplicationRecorder.insert_events``
(eventsourcing 9.5.6) saves in a pipelined transaction: ``BEGIN``, ``SET LOCAL
lock_timeout``, ``LOCK TABLE ... IN EXCLUSIVE MODE``, ``NOTIFY``, the ``INSERT``, then a
sync to read the new notification ids, then ``COMMIT``: two round trips, and the client's
own work between them, while the table's lock is held. The lock is what keeps notification
ids in commit order (readers never see a lower id appear after a higher one, so a resuming
projection cannot pass over an event), so every other writer waits through all of that.

Here the same four steps run inside one function on the server, called as one statement
in the connection's autocommit mode: one round trip, and the lock is held only while the
server inserts and commits. The library's own ``POSTGRES_ENABLE_DB_FUNCTIONS`` function
does this too, but without the lock, which is why lower ids could appear after higher ones
with it (shared/notes/eventsourcing.md). Everything else (tables, reads, subscriptions) is
the library's.

Added: a save may name aggregates it relies on without changing them (``unchanged``), to
be refused like a stale aggregate's if any of them changed meanwhile.

It also answers which events follow a position (``changes_after``): three columns of the
rows, in a statement written once, where the library's ``select_notifications`` builds its
statement anew on every call and reads whole events. Every command asks this at its start
(the aggregate cache's catch-up), and with several processes writing, each reads the
others' events this way.

Kept as the library's: all of a save's events in one statement (one atomic transaction,
however many aggregates); the primary key on (aggregate id, version), so a stale
aggregate's save fails whole with ``IntegrityError``; ``lock_timeout`` from the settings;
``NOTIFY`` for listening projections; the library's retries of a lost connection (but not
after waiting in vain for one: ``retry_lost_connections``).
``tests/infrastructure/test_postgres_recorder.py`` runs the library's own recorder test
cases against it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Composable, Identifier

from infrastructure.outages import retry_lost_connections

FUNCTION = "expertbank_insert_events"
ROWS_AS_PARAMETERS = 32


class EventRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        schema = Identifier(datastore.schema)
        self.sql_create_statements[self.create_insert_function_statement_index] = SQL(
            "CREATE OR REPLACE FUNCTION {schema}.{function}(events {schema}.{event}[], "
            "unchanged_ids uuid[], unchanged_versions bigint[]) "
            "RETURNS SETOF bigint LANGUAGE plpgsql AS $BODY$ "
            "BEGIN "
            "SET LOCAL lock_timeout = '{lock_timeout}s'; "
            "LOCK TABLE {schema}.{table} IN EXCLUSIVE MODE; "
            "IF EXISTS (SELECT FROM unnest(unchanged_ids, unchanged_versions) AS u(id, version) "
            "WHERE u.version <> COALESCE((SELECT max(e.originator_version) "
            "FROM {schema}.{table} e WHERE e.originator_id = u.id), 0)) THEN "
            "RAISE EXCEPTION 'changed since they were read' "
            "USING ERRCODE = 'integrity_constraint_violation'; "
            "END IF; "
            "NOTIFY {channel}; "
            "RETURN QUERY INSERT INTO {schema}.{table} "
            "(originator_id, originator_version, topic, state) "
            "SELECT originator_id, originator_version, topic, state FROM unnest(events) "
            "RETURNING notification_id; "
            "END; $BODY$"
        ).format(
            schema=schema,
            function=Identifier(FUNCTION),
            event=Identifier(self.stored_event_type_name),
            lock_timeout=datastore.lock_timeout,
            table=Identifier(self.events_table_name),
            channel=Identifier(self.channel_name),
        )
        self._call = SQL("SELECT * FROM {schema}.{function}(").format(
            schema=schema, function=Identifier(FUNCTION)
        )
        self._row = SQL("ROW(%s, %s, %s, %s)::{schema}.{event}").format(
            schema=schema, event=Identifier(self.stored_event_type_name)
        )
        self._statements: dict[int, str] = {}
        self._changes = (
            SQL(
                "SELECT notification_id, originator_id, originator_version FROM {schema}.{table} "
                "WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
            )
            .format(schema=schema, table=Identifier(self.events_table_name))
            .as_string()
        )

    @retry_lost_connections()
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int]:
        """Insert the events in one transaction. ``unchanged`` (aggregate id: version, 0
        for none yet) names aggregates the save relies on without changing: checked once
        the table's lock is held, so no other save comes between check and commit; if any
        has changed, nothing is saved (``IntegrityError``, as for a stale aggregate)."""
        if not stored_events:
            return []
        statement, params = self._call_with(stored_events)
        unchanged: Mapping[UUID, int] = kwargs.get("unchanged") or {}
        params += [list(unchanged), list(unchanged.values())]
        with self.datastore.get_connection() as connection:
            found = connection.execute(statement, params, prepare=True).fetchall()
        return [row[FUNCTION] for row in found]

    @retry_lost_connections()
    def changes_after(self, position: int, limit: int) -> list[tuple[int, UUID, int]]:
        """The position, aggregate id and version of the first ``limit`` events after
        ``position``, in order; one statement in autocommit mode sees one snapshot."""
        with (
            self.datastore.get_connection() as connection,
            connection.cursor(row_factory=tuple_row) as cursor,
        ):
            return cursor.execute(self._changes, (position, limit), prepare=True).fetchall()

    def _call_with(self, events: Sequence[StoredEvent]) -> tuple[str, list[Any]]:
        """The call and its parameters. Up to ``ROWS_AS_PARAMETERS`` events (a command's
        save), each value is a parameter of its own, converted by psycopg's compiled
        dumpers; an array of rows in one parameter (the library's way, kept for bulk
        saves) is converted by Python code. The statement is text, so that psycopg converts
        it once, and is prepared once per connection and number of events."""
        if len(events) > ROWS_AS_PARAMETERS:
            rows = [
                self.construct_pg_stored_event(
                    e.originator_id, e.originator_version, e.topic, e.state
                )
                for e in events
            ]
            return self._statement(0), [rows]
        params = [
            value
            for e in events
            for value in (e.originator_id, e.originator_version, e.topic, e.state)
        ]
        return self._statement(len(events)), params

    def _statement(self, events: int) -> str:
        """The call for ``events`` rows as parameters, or for one array of rows (0)."""
        try:
            return self._statements[events]
        except KeyError:
            rows: Composable = SQL("%s")
            if events:
                rows = SQL("ARRAY[") + SQL(", ").join([self._row] * events) + SQL("]")
            checks = SQL(", %s::uuid[], %s::bigint[])")
            statement = (self._call + rows + checks).as_string()
            return self._statements.setdefault(events, statement)
