"""The Procfile as shipped, without ``EXPERTBANK_SECRET_KEY``: its gunicorn workers share
the key kept in the data folder, so a session begun in one worker works in the others."""

from __future__ import annotations

import re
import shlex
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from service.application import ExpertBank
from tests.polling import wait_until
from tests.web.conftest import PASSWORD
from tests.web.gunicorn import procfile_web
from tests.world import World

ACCESS_LOG = shlex.quote('served by %(p)s: "%(r)s" %(s)s')


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Client:
    """A browser keeping its cookies, a new connection for every request (so gunicorn
    hands them to whichever worker accepts first)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirects()
        )

    def send(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(f"{self.base}{path}", data, timeout=10) as response:
                return int(response.status), response.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.headers.get("Location", "")

    def token(self, path: str) -> str:
        status, page = self.send(path)
        assert status == 200, (path, status, page)
        found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
        assert found, page
        return found.group(1)


def workers_serving(log: Path, request: str, status: int) -> set[str]:
    served = re.findall(
        rf'served by <(\d+)>: "{re.escape(request)} HTTP/1.1" {status}', log.read_text()
    )
    return set(served)


def test_a_session_begun_in_one_worker_is_good_in_the_other(
    bank: ExpertBank, world: World, tmp_path: Path
) -> None:
    assert not bank.settings.secret_key
    bank.people.set_password(world.worcs_head, PASSWORD)
    log = tmp_path / "web.log"

    with procfile_web(
        bank.settings, log, options=f"--workers 2 --access-logformat {ACCESS_LOG}"
    ) as base:
        browser = Client(base)
        form = {"email": "worcs_head@example.org", "password": PASSWORD}
        status, _ = browser.send("/sign-in", {**form, "csrf_token": browser.token("/sign-in")})
        assert status == 302

        def served_by_both_workers() -> bool:
            status, page = browser.send("/")
            assert status == 200, f"signed out by another worker: {page}"
            signed_in_by = workers_serving(log, "POST /sign-in", 302)  # once it is logged
            return bool(signed_in_by and workers_serving(log, "GET /", 200) - signed_in_by)

        wait_until(served_by_both_workers, what="a page from the other worker")
        status, where = browser.send("/sign-out", {"csrf_token": browser.token("/")})
        assert (status, where) == (302, "/sign-in")
        assert browser.send("/")[0] == 302
