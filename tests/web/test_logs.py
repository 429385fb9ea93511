"""Secret addresses stay out of the logs: the Procfile's gunicorn serving real requests, and
the app logging a request that failed."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.application import ExpertBank
from service.calendars.feeds import CalendarFeeds
from tests.polling import wait_until
from tests.web.gunicorn import procfile_web, status_of
from tests.world import World
from web import create_app


def test_the_procfile_web_process_logs_requests_without_their_tokens(
    bank: ExpertBank, world: World, tmp_path: Path
) -> None:
    feed = bank.calendars.issue(world.evaluator, world.evaluator)
    invitation = bank.people.invite(
        world.manager, name="Ada Quill", email="ada@example.org", roles=["auditor"]
    )
    log = tmp_path / "web.log"
    with procfile_web(bank.settings, log) as base:
        invitation_url = f"{base}/invitation/{invitation.token}"
        assert status_of(f"{base}/calendar/{feed.token}.ics") == 200
        assert status_of(invitation_url) == 200
        assert status_of(f"{base}/healthz", referer=invitation_url) == 200  # a page's asset
        wait_until(lambda: log.read_text().count('"GET /') >= 4, what="the access log")

    written = log.read_text()
    assert feed.token not in written
    assert invitation.token not in written
    assert '"GET /calendar/[redacted].ics HTTP/1.1" 200' in written
    assert '"GET /invitation/[redacted] HTTP/1.1" 200' in written
    assert f'"{base}/invitation/[redacted]"' in written  # the Referer


class BrokenFeeds(CalendarFeeds):
    def feed(self, token: str) -> object:  # type: ignore[override]
        raise RuntimeError("the views database went away")


def test_a_failed_request_is_logged_without_its_token(
    bank: ExpertBank, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    token = bank.calendars.issue(world.evaluator, world.evaluator).token
    bank.__dict__["calendars"] = BrokenFeeds(
        bank.ctx, bank.database, bank.read_models.calendar, bank.mail_settings.base_url
    )
    response = create_app(bank).test_client().get(f"/calendar/{token}.ics")

    assert response.status_code == 500
    assert "Exception on /calendar/[redacted].ics [GET]" in caplog.text
    assert token not in caplog.text
