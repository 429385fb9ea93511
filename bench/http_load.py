"""Many clients at once through the real server, over HTTP on loopback, then the books checked.

The server is the one shipped: on PostgreSQL the Procfile's gunicorn (3 workers) beside the
one ``expertbank worker`` process; on SQLite the embedded default, ``expertbank serve``.
A programme is seeded (``bench/programme.py``) with every service's staff able to sign in.
Each client is a thread signed in as one service's staff, using the JSON API (session
cookie and CSRF header) and the move page's form. For ``--seconds`` or ``--requests``,
whichever comes first, the clients search availability, book the same few popular slots
(most attempts are refused: another client was first), move their own bookings to other
free times and cancel them. Then the same clients ask ``/healthz``, the trivial endpoint,
for a while on the same server. Once the server has stopped, the store is read back: no
double booking or overlap, no allowance or cap exceeded, every acknowledged booking, move
and cancellation stored as acknowledged, and the views equal to a rebuild of them.
With ``--kill-worker-after S`` (PostgreSQL) one gunicorn worker is killed with SIGKILL S
seconds into the mix: only its requests in flight go unanswered, and a change that went
unanswered may or may not have been made, but every acknowledged one must be stored.

    python -m bench.http_load --backend postgres --clients 12 --seconds 30
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from http.cookiejar import CookieJar
from pathlib import Path
from statistics import quantiles
from typing import Any
from uuid import UUID

from bench.programme import Programme, Provider
from entrypoints.bootstrap import bootstrap
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from tests.concurrency.checks import assert_rules_hold
from tests.databases import POSTGRES_URL, postgres_schema
from tests.polling import wait_until
from tests.projections.test_rebuild import rows_of
from tests.smtp import free_port
from tests.web.gunicorn import procfile_command, status_of

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench load passphrase 7319"
TIMEOUT = 15  # seconds for one request
KINDS = ("search", "book", "move form", "move", "cancel")
Report = Callable[[str], None]


@dataclass(frozen=True)
class Scale:
    clients: int = 8
    seconds: float = 20
    requests: int = 20_000  # at most, all clients together, in the mixed phase
    health_seconds: float = 5
    experts: int = 3
    peers: int = 3
    services: int = 4
    popular: int = 6  # slots every client tries to book
    kill_worker_after: float | None = None  # seconds into the mix: kill -9 a gunicorn worker


@dataclass(frozen=True)
class Answer:
    kind: str
    status: int
    seconds: float
    done: bool  # the status that says it was done, not refused or failed


@dataclass
class Acknowledged:
    """What the server said it did: each booking's start as last acknowledged (None once
    its cancellation was)."""

    bookings: dict[UUID, datetime | None] = field(default_factory=dict)
    unsure: set[UUID] = field(default_factory=set)  # a change of it went unanswered
    moves: int = 0
    cancellations: int = 0


@dataclass(frozen=True)
class Kill:
    """A web worker killed with SIGKILL during the mix."""

    pid: int
    answers_before: int  # of the mix's answers, how many had come before it
    workers_after: int  # the web workers running once the mix was over


@dataclass
class Figures:
    answers: list[Answer]
    mixed_seconds: float
    health: list[Answer]
    health_seconds: float
    acknowledged: Acknowledged
    killed: Kill | None = None
    unacknowledged_bookings: int = 0

    @property
    def rate(self) -> float:
        return len(self.answers) / self.mixed_seconds

    @property
    def health_rate(self) -> float:
        return len(self.health) / self.health_seconds

    @property
    def errors(self) -> list[Answer]:
        """Answers that were neither done nor refused with a reason: 5xx, or none at all."""
        return [a for a in self.answers + self.health if a.status == 0 or a.status >= 500]


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Budget:
    """The mixed phase's bounds: a deadline and a number of requests, shared by the clients."""

    def __init__(self, seconds: float, requests: int) -> None:
        self._deadline = time.monotonic() + seconds
        self._left = requests
        self._lock = threading.Lock()

    def take(self, requests: int = 1) -> bool:
        """Whether there is time left for ``requests`` more, counted as taken if so."""
        with self._lock:
            if self._left < requests or time.monotonic() > self._deadline:
                return False
            self._left -= requests
            return True


class Client:
    """A service's staff member in a browser of their own, keeping its cookies."""

    def __init__(self, base: str, answers: list[Answer]) -> None:
        self.base = base
        self.answers = answers
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirects()
        )
        self.csrf = ""

    def send(
        self,
        kind: str,
        path: str,
        *,
        form: dict[str, str] | None = None,
        body: Any = None,
        done: int = 200,
    ) -> tuple[int, str]:
        headers = {"X-CSRFToken": self.csrf} if self.csrf else {}
        data = None
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
        elif body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        request = urllib.request.Request(f"{self.base}{path}", data, headers)
        began = time.perf_counter()
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                status, text = int(response.status), response.read().decode()
        except urllib.error.HTTPError as answer:
            status, text = answer.code, answer.read().decode(errors="replace")
        except (OSError, http.client.HTTPException):  # no answer, or half of one
            status, text = 0, ""
        self.answers.append(Answer(kind, status, time.perf_counter() - began, status == done))
        return status, text

    def sign_in(self, email: str) -> None:
        status, page = self.send("sign in", "/sign-in")
        token = _csrf_of(page)
        status, _ = self.send(
            "sign in",
            "/sign-in",
            form={"email": email, "password": PASSWORD, "csrf_token": token},
            done=302,
        )
        assert status == 302, f"{email} could not sign in ({status})"
        status, me = self.send("sign in", "/api/me")
        assert status == 200, status
        self.csrf = json.loads(me)["csrf_token"]


def _csrf_of(page: str) -> str:
    found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return found.group(1)


@dataclass(frozen=True)
class Slot:
    provider: Provider
    window_id: UUID
    start: datetime


class Booker:
    """One client's mix: search, book a popular slot, move or cancel one of its own."""

    def __init__(
        self,
        client: Client,
        service: UUID,
        popular: list[Slot],
        engagements: dict[UUID, UUID],
        rng: random.Random,
    ) -> None:
        self.client = client
        self.popular = [s for s in popular if s.provider.home_service != service]
        self.engagements = engagements  # expert -> this service's engagement with them
        self.rng = rng
        self.mine: dict[UUID, datetime | None] = {}
        self.unsure: set[UUID] = set()
        self.moves = self.cancellations = 0

    def run(self, budget: Budget) -> None:
        while True:
            action, requests = self._next()
            if not budget.take(requests):
                return
            action()

    def _next(self) -> tuple[Callable[[], None], int]:
        """What to do next, and how many requests it takes."""
        live = [b for b, start in self.mine.items() if start is not None]
        roll = self.rng.random()
        if roll < 0.4 or not self.popular:
            return self.search, 1
        if roll < 0.75 or not live:
            return self.book, 1
        booking = self.rng.choice(live)
        if roll < 0.9:
            return lambda: self.move(booking), 2  # the form, then the move
        return lambda: self.cancel(booking), 1

    def search(self) -> None:
        slot = self.rng.choice(self.popular)
        query = urllib.parse.urlencode({"provider_id": str(slot.provider.id), "limit": "20"})
        self.client.send("search", f"/api/slots?{query}")

    def book(self) -> None:
        slot = self.rng.choice(self.popular)
        booking_id = uuid.uuid4()
        engagement = self.engagements.get(slot.provider.id)
        body = {
            "provider_id": str(slot.provider.id),
            "window_id": str(slot.window_id),
            "start": slot.start.isoformat(),
            "engagement_id": str(engagement) if engagement else None,
            "booking_id": str(booking_id),
        }
        status, answer = self.client.send("book", "/api/bookings", body=body, done=201)
        if status == 201:  # the booking's id, which a reference need not be
            self.mine[UUID(json.loads(answer)["id"])] = slot.start

    def move(self, booking_id: UUID) -> None:
        status, page = self.client.send("move form", f"/bookings/{booking_id}/move")
        choices = re.findall(r'name="slot" type="radio" value="([^"|]+\|[^"]+)"', page)
        if status != 200 or not choices:
            return
        choice = self.rng.choice(choices[:3])  # the earliest times: others want them too
        form = {"csrf_token": _csrf_of(page), "slot": choice, "reason": ""}
        status, _ = self.client.send("move", f"/bookings/{booking_id}/move", form=form, done=302)
        if status == 302:
            self.mine[booking_id] = datetime.fromisoformat(choice.partition("|")[2])
            self.moves += 1
        elif status == 0:
            self.unsure.add(booking_id)

    def cancel(self, booking_id: UUID) -> None:
        path = f"/api/bookings/{booking_id}/cancel"
        status, _ = self.client.send("cancel", path, body={"reason": "load test"})
        if status == 200:
            self.mine[booking_id] = None
            self.cancellations += 1
        elif status == 0:
            self.unsure.add(booking_id)


def seed(settings: Settings, scale: Scale) -> tuple[list[str], list[Booker]]:
    """A programme; each service's staff able to sign in and engaged with every expert.
    Returns the staff emails by service and, for each client, its booker (not signed in)."""
    now = datetime.now(UTC)
    bank = bootstrap(settings, ManualClock(now))
    try:
        programme = Programme.seed(
            bank,
            ManualClock(now),
            experts=scale.experts,
            peers=scale.peers,
            services=scale.services,
        )
        providers = {p.id: p for p in programme.experts + programme.peers}
        popular = [
            Slot(providers[r.provider_id], r.window_id, r.start)
            for r in programme.plan(scale.popular)
        ]
        services = list(programme.staff)
        emails = []
        engagements: dict[UUID, dict[UUID, UUID]] = {}
        for n, service in enumerate(services):
            bank.people.set_password(programme.staff[service], PASSWORD)
            emails.append(f"staff{n}@bench.example.org")
            engagements[service] = {
                e.id: programme.commission(service, e.id) for e in programme.experts
            }
    finally:
        bank.close()
    bookers = []
    for n in range(scale.clients):
        service = services[n % len(services)]
        bookers.append(
            Booker(Client("", []), service, popular, engagements[service], random.Random(n))
        )
    return emails, bookers


def _environment(settings: Settings, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXPERTBANK_")}
    return env | {
        "EXPERTBANK_DATA_DIR": str(settings.data_dir),
        "EXPERTBANK_DATABASE_URL": settings.database_url,
        "PORT": str(port),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    }


@contextmanager
def server(settings: Settings, log: Path) -> Iterator[tuple[str, int]]:
    """The shipped server on a free loopback port over the store of ``settings``; yields its
    address and the web server's (gunicorn's master) process id once ``/healthz`` answers,
    and stops every process of it after."""
    port = free_port()
    env = _environment(settings, port)
    if settings.uses_postgres:
        web = procfile_command("web").replace("0.0.0.0", "127.0.0.1")
        commands = [web, procfile_command("worker")]
    else:
        commands = [f"expertbank serve --host 127.0.0.1 --port {port}"]
    processes = []
    with log.open("wb") as output:
        for command in commands:
            processes.append(
                subprocess.Popen(
                    ["bash", "-c", f"exec {command}"],
                    cwd=ROOT,
                    env=env,
                    stdout=output,
                    stderr=output,
                    start_new_session=True,
                )
            )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: status_of(f"{base}/healthz") == 200, timeout=60, what="the server")
        yield base, processes[0].pid
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _together(work: list[Callable[[], None]]) -> float:
    """Run each piece of work in a thread of its own, all at once; the seconds it took."""
    threads = [threading.Thread(target=w) for w in work]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began


def load(settings: Settings, scale: Scale, log: Path, report: Report) -> Figures:
    """Seed, serve, run the mix and then /healthz; the figures of both phases."""
    emails, bookers = seed(settings, scale)
    report(
        f"seeded {scale.experts} experts, {scale.peers} peers, {scale.services} services; "
        f"{scale.clients} clients on {scale.popular} popular slots"
    )
    answers: list[Answer] = []
    health: list[Answer] = []
    killed: list[Kill] = []
    with server(settings, log) as (base, web):
        for n, booker in enumerate(bookers):
            booker.client = Client(base, answers)
            booker.client.sign_in(emails[n % len(emails)])
        answers.clear()
        budget = Budget(scale.seconds, scale.requests)
        work: list[Callable[[], None]] = [partial(b.run, budget) for b in bookers]
        if scale.kill_worker_after is not None:
            work.append(lambda: killed.append(_kill_a_worker(web, scale, answers)))
        mixed = _together(work)
        health_budget = Budget(scale.health_seconds, scale.requests)

        def ask_health() -> None:
            client = Client(base, health)
            while health_budget.take():
                client.send("healthz", "/healthz")

        healthy = _together([ask_health] * scale.clients)
    acknowledged = Acknowledged()
    for booker in bookers:
        acknowledged.bookings |= booker.mine
        acknowledged.unsure |= booker.unsure
        acknowledged.moves += booker.moves
        acknowledged.cancellations += booker.cancellations
    return Figures(answers, mixed, health, healthy, acknowledged, killed[0] if killed else None)


def _kill_a_worker(web: int, scale: Scale, answers: list[Answer]) -> Kill:
    """After ``scale.kill_worker_after`` seconds, SIGKILL one of gunicorn's workers; once
    the mix is over, count the workers again (gunicorn starts a new one)."""
    assert scale.kill_worker_after is not None
    time.sleep(scale.kill_worker_after)
    victim = _workers(web)[0]
    before = len(answers)
    os.kill(victim, signal.SIGKILL)
    time.sleep(max(0.0, scale.seconds - scale.kill_worker_after))
    return Kill(victim, before, len(_workers(web)))


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def check(settings: Settings, figures: Figures, report: Report) -> None:
    """Read the store back once the server has stopped: the rules hold, every acknowledged
    booking, move and cancellation is as acknowledged, and the views equal a rebuild."""
    inline = Settings(
        data_dir=settings.data_dir, database_url=settings.database_url, views_mode="inline"
    )
    bank = bootstrap(inline, ManualClock(datetime.now(UTC)))
    try:
        books = assert_rules_hold(bank)
        stored = {b.id: b for b in books.bookings}
        for booking_id, start in figures.acknowledged.bookings.items():
            booking = stored.get(booking_id)
            assert booking is not None, f"acknowledged booking {booking_id} is not stored"
            if booking_id in figures.acknowledged.unsure:
                continue  # stored; whether the unanswered change was made is not known
            if start is None:
                assert not booking.is_live, f"booking {booking_id} was cancelled, yet is live"
            else:
                assert booking.is_live and booking.start == start, (
                    f"booking {booking_id} is at {booking.start}, acknowledged at {start}"
                )
        figures.unacknowledged_bookings = len(set(stored) - set(figures.acknowledged.bookings))
        views = bank.read_models
        views.sync()
        followed = rows_of(views)
        views.runner.rebuild()
        assert rows_of(views) == followed, "the views differ from a rebuild of them"
        report(
            f"checked: {len(books.live)} live bookings of {len(stored)}, no overlap, allowances "
            f"and caps kept, every acknowledged change stored, views equal to a rebuild "
            f"({sum(len(rows) for rows in followed.values()):,} rows)"
        )
    finally:
        bank.close()


def describe(figures: Figures, report: Report) -> None:
    by_kind: dict[str, list[Answer]] = defaultdict(list)
    for answer in figures.answers:
        by_kind[answer.kind].append(answer)
    report(
        f"mixed: {len(figures.answers):,} requests in {figures.mixed_seconds:.1f} s "
        f"= {figures.rate:,.0f}/s"
    )
    for kind in KINDS:
        found = by_kind.get(kind, [])
        if not found:
            continue
        done = sum(a.done for a in found)
        refused = sum(not a.done and 0 < a.status < 500 for a in found)
        p50, p95, p99 = _percentiles([a.seconds for a in found])
        report(
            f"  {kind:<10} {len(found):>6,} ({len(found) / figures.mixed_seconds:6,.1f}/s) "
            f"done {done:>5,} refused {refused:>5,}  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
            f"p99 {p99:6.1f} ms"
        )
    p50, p95, p99 = _percentiles([a.seconds for a in figures.health])
    report(
        f"/healthz: {len(figures.health):,} requests in {figures.health_seconds:.1f} s "
        f"= {figures.health_rate:,.0f}/s  p50 {p50:.1f} ms  p95 {p95:.1f} ms  p99 {p99:.1f} ms"
    )
    ack = figures.acknowledged
    if figures.killed:
        report(
            f"killed web worker {figures.killed.pid} (kill -9) after "
            f"{figures.killed.answers_before} answers; {figures.killed.workers_after} workers after"
        )
    report(
        f"mixed / healthz: {figures.rate / figures.health_rate:.0%}; acknowledged: "
        f"{len(ack.bookings)} bookings, {ack.moves} moves, {ack.cancellations} cancellations; "
        f"{sum(a.status == 0 for a in figures.errors)} requests without an answer, "
        f"{sum(a.status >= 500 for a in figures.errors)} with a 5xx"
    )


def _percentiles(seconds: list[float]) -> tuple[float, float, float]:
    if len(seconds) < 2:
        return (seconds[0] * 1000,) * 3 if seconds else (0.0, 0.0, 0.0)
    cuts = quantiles(seconds, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


def run(settings: Settings, scale: Scale, log: Path, report: Report) -> Figures:
    report(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    figures = load(settings, scale, log, report)
    describe(figures, report)
    check(settings, figures, report)
    report(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--clients", type=int, default=Scale.clients)
    parser.add_argument("--seconds", type=float, default=Scale.seconds)
    parser.add_argument("--requests", type=int, default=Scale.requests)
    parser.add_argument("--health-seconds", type=float, default=Scale.health_seconds)
    parser.add_argument("--kill-worker-after", type=float, help="seconds; PostgreSQL only")
    args = parser.parse_args(argv)
    scale = Scale(
        args.clients,
        args.seconds,
        args.requests,
        args.health_seconds,
        kill_worker_after=args.kill_worker_after,
    )
    with tempfile.TemporaryDirectory() as folder:
        data_dir, log = Path(folder) / "data", Path(folder) / "server.log"
        print(f"server log: {log} (kept until the end of the run)")
        if args.backend == "sqlite":
            run(Settings(data_dir=data_dir), scale, log, print)
            return
        print(f"PostgreSQL: {POSTGRES_URL}, a schema of its own")
        with postgres_schema() as url:
            run(Settings(data_dir=data_dir, database_url=url), scale, log, print)


if __name__ == "__main__":
    main()
