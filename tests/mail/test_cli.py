"""``expertbank mail status`` and ``expertbank calendar issue-feed / revoke-feed``."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from domain.errors import NotFound
from domain.time import LONDON, london_date
from entrypoints.bootstrap import bootstrap
from entrypoints.cli import main
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from tests.mail.sessions import Sessions
from tests.world import World


def test_mail_status_and_feed_commands(tmp_path: Path) -> None:
    env = {"EXPERTBANK_DATA_DIR": str(tmp_path / "data"), "EXPERTBANK_DATABASE_URL": ""}
    clock = ManualClock(datetime.now(UTC))
    bank = bootstrap(Settings.from_env(env), clock)
    try:
        world = World.build(bank, clock)
        next_week = london_date(clock.now()) + timedelta(days=7)
        Sessions(world, ends_on=next_week).book(
            datetime.combine(next_week, time(10), tzinfo=LONDON)
        )
        runner = CliRunner()

        status = runner.invoke(main, ["mail", "status", "--list"], env=env)
        assert status.exit_code == 0, status.output
        assert re.search(r"pending: 2\n", status.output)
        assert "SMTP is not configured" in status.output
        assert "evaluator@example.org: Booked: Worcestershire with Evaluator" in status.output

        issued = runner.invoke(main, ["calendar", "issue-feed", "evaluator@example.org"], env=env)
        assert issued.exit_code == 0, issued.output
        token = re.search(r"/calendar/([\w-]+)\.ics", issued.output)
        assert token is not None
        bank.read_models.sync()
        assert b"BEGIN:VEVENT" in bank.calendars.feed(token.group(1)).body

        revoked = runner.invoke(main, ["calendar", "revoke-feed", "evaluator@example.org"], env=env)
        assert "Revoked 1" in revoked.output
        with pytest.raises(NotFound):
            bank.calendars.feed(token.group(1))

        unknown = runner.invoke(main, ["calendar", "issue-feed", "nobody@example.org"], env=env)
        assert unknown.exit_code == 1
        assert "nobody has the email address nobody@example.org" in unknown.output
    finally:
        bank.close()
