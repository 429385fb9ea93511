"""The Procfile's web process, run for real: gunicorn on a free port, over a test's store."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from infrastructure.settings import Settings
from tests.polling import wait_until
from tests.smtp import free_port

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


@contextmanager
def procfile_web(settings: Settings, log: Path, *, options: str = "") -> Iterator[str]:
    """The Procfile's ``web:`` command (with gunicorn ``options`` added) serving the store
    of ``settings`` with its ``extra`` settings, and nothing else of this environment's
    ``EXPERTBANK_*``; yields its
    address once it answers, and stops it after."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXPERTBANK_")}
    env |= dict(settings.extra) | {
        "EXPERTBANK_DATA_DIR": str(settings.data_dir),
        "EXPERTBANK_DATABASE_URL": settings.database_url,  # empty: SQLite
        "EXPERTBANK_VIEWS": settings.views_mode,
        "PORT": str(port),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    }
    command = f"{procfile_command('web')} {options}"  # gunicorn takes the last of each option
    with log.open("wb") as output:
        web = subprocess.Popen(
            ["bash", "-c", command],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
    try:
        wait_until(lambda: status_of(f"{base}/healthz") == 200, what="gunicorn to serve")
        yield base
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        web.wait(timeout=30)
