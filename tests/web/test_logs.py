"""Secret addresses stay out of the logs: the Procfile's gunicorn serving real requests, and
the app logging a request that failed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from service.application import ExpertBank
from service.calendars.feeds import CalendarFeeds
from tests.polling import wait_until
from tests.smtp import free_port
from tests.world import World
from web import create_app

ROOT = Path(__file__).resolve().parents[2]


def procfile_command(name: str) -> str:
    for line in (ROOT / "Procfile").read_text().splitlines():
        process, _, command = line.partition(":")
        if process.strip() == name:
            return command.strip()
    raise AssertionError(f"the Procfile has no {name} process")


def status_of(url: str, referer: str = "") -> int:
    request = urllib.request.Request(url, headers={"Referer": referer} if referer else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def test_the_procfile_web_process_logs_requests_without_their_tokens(
    bank: ExpertBank, world: World, tmp_path: Path
) -> None:
    feed = bank.calendars.issue(world.evaluator, world.evaluator)
    invitation = bank.people.invite(
        world.manager, name="Ada Quill", email="ada@example.org", roles=["auditor"]
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXPERTBANK_")}
    env |= {
        "EXPERTBANK_DATA_DIR": str(bank.settings.data_dir),
        "EXPERTBANK_DATABASE_URL": bank.settings.database_url,  # empty: SQLite
        "EXPERTBANK_VIEWS": bank.settings.views_mode,
        "PORT": str(port),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    }
    log = tmp_path / "web.log"
    with log.open("wb") as output:
        web = subprocess.Popen(
            ["bash", "-c", procfile_command("web")],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
    try:
        wait_until(lambda: status_of(f"{base}/healthz") == 200, what="gunicorn to serve")
        invitation_url = f"{base}/invitation/{invitation.token}"
        assert status_of(f"{base}/calendar/{feed.token}.ics") == 200
        assert status_of(invitation_url) == 200
        assert status_of(f"{base}/healthz", referer=invitation_url) == 200  # a page's asset
        wait_until(lambda: log.read_text().count('"GET /') >= 4, what="the access log")
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        web.wait(timeout=30)

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
