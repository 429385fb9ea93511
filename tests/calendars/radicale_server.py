"""A real CalDAV server (Radicale) on a free port of this machine, for the CalDAV path."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.polling import wait_until
from tests.smtp import free_port

USER, PASSWORD = "sarah", "app-password-radicale-91"


@dataclass(frozen=True)
class Radicale:
    url: str
    user: str = USER
    password: str = PASSWORD


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=1).close()
    except urllib.error.HTTPError:
        return True  # it answered (401 without a sign-in)
    except OSError:
        return False
    return True


@contextmanager
def radicale(folder: Path) -> Iterator[Radicale]:
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "users").write_text(f"{USER}:{PASSWORD}\n")
    (folder / "config").write_text(
        "[server]\n"
        f"hosts = 127.0.0.1:{port}\n"
        "[auth]\n"
        "type = htpasswd\n"
        f"htpasswd_filename = {folder / 'users'}\n"
        "htpasswd_encryption = plain\n"
        "delay = 0\n"
        "[storage]\n"
        f"filesystem_folder = {folder / 'collections'}\n"
        "[logging]\n"
        "level = warning\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(folder / "config")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until(lambda: _answers(url), timeout=30, what="Radicale to answer")
        yield Radicale(url)
    finally:
        process.terminate()
        process.wait(timeout=10)
