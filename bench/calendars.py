"""Providers' own calendars: reading 2,000 of them, and search with their busy times.

On a programme generated here (bench.generate, in a new data folder), each provider
gets a calendar of a year of events (weekly series, one-off meetings, all-day events,
some marked free), served by a plain HTTP server on this machine. Then, in one run:

1. availability search p50/p95 with no busy times;
2. connecting every calendar (each read once, in full, as connecting does);
3. a round of readings when nothing changed (each asked with If-Modified-Since: 304);
4. a round when a tenth of the calendars changed;
5. the same searches again, now with the busy times present; then, because the load on a
   shared machine moves between minutes, the same searches in ten alternating rounds with
   the busy times counting and not counting (their calendars' ``counts_until`` set in the
   past: rows kept, queries made, nothing found), compared as pooled p50/p95.

    python -m bench.calendars --data-dir /tmp/ebcal --providers 2000 --runs 200
    python -m bench.calendars --data-dir /tmp/ebcal --again   # step 5's rounds only
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from uuid import UUID

from bench.generate import NOW, generate
from bench.search import percentile
from entrypoints.bootstrap import bootstrap
from infrastructure.calendar_access import new_key
from infrastructure.clock import ManualClock
from infrastructure.settings import Settings
from service.application import ExpertBank

YEAR = timedelta(days=365)


def calendar_text(rng: random.Random, number: int) -> bytes:
    """A year of a busy person's diary: three weekly series, about 150 one-off meetings,
    a dozen all-day events and some lunches marked free, each with a title, a description
    and attendees (which reading drops)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN"]

    def add(uid: str, start: datetime, minutes: int, *extra: str) -> None:
        end = start + timedelta(minutes=minutes)
        lines.extend(
            [
                "BEGIN:VEVENT",
                f"UID:{uid}",
                "DTSTAMP:20270101T000000Z",
                f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
                f"DTEND:{end:%Y%m%dT%H%M%SZ}",
                f"SUMMARY:Meeting {uid}",
                "DESCRIPTION:Agenda and notes that are nobody else's business",
                "ATTENDEE;CN=Someone Else:mailto:someone@example.org",
                *extra,
                "END:VEVENT",
            ]
        )

    first = NOW.replace(hour=0, minute=0) - timedelta(days=NOW.weekday())
    for series in range(3):
        start = first + timedelta(days=rng.randrange(5), hours=rng.choice(range(8, 17)))
        add(f"{number}-s{series}", start, rng.choice([30, 60, 90]), "RRULE:FREQ=WEEKLY")
    for one in range(150):
        day = first + timedelta(days=rng.randrange(365))
        if day.weekday() < 5:
            add(f"{number}-o{one}", day + timedelta(hours=rng.randrange(8, 18)), 60)
    for whole in range(12):
        away = first.date() + timedelta(days=rng.randrange(365))
        lines.extend(
            [
                "BEGIN:VEVENT",
                f"UID:{number}-d{whole}",
                f"DTSTART;VALUE=DATE:{away:%Y%m%d}",
                f"DTEND;VALUE=DATE:{away + timedelta(days=1):%Y%m%d}",
                "SUMMARY:Away",
                "END:VEVENT",
            ]
        )
    add(
        f"{number}-lunch",
        first + timedelta(hours=12),
        60,
        "RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
        "TRANSP:TRANSPARENT",
    )
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """A plain HTTP server (Python's own, which answers If-Modified-Since) in a process
    of its own, so that serving does not share this process's interpreter lock."""
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1", "-d", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    port = process.stdout.readline().split("port ")[1].split(" ")[0]
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            break
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def searches(bank: ExpertBank, runs: int) -> dict[str, tuple[float, float]]:
    return {
        name: (percentile(samples, 0.5), percentile(samples, 0.95))
        for name, samples in timed_searches(bank, runs).items()
    }


def timed_searches(bank: ExpertBank, runs: int) -> dict[str, list[float]]:
    views = bank.read_models
    search = views.availability.search

    def ids(statement: str) -> list[UUID]:
        return [UUID(next(iter(row.values()))) for row in views.database.query(statement)]

    themes = ids("SELECT theme_id FROM {view_themes}")
    regions = ids("SELECT region_id FROM {view_regions}")
    providers = ids("SELECT DISTINCT provider_id FROM {view_windows}")
    kinds: dict[str, Callable[[random.Random], object]] = {
        "theme + region, next 4 weeks": lambda rng: search(
            theme_id=rng.choice(themes), region_id=rng.choice(regions)
        ),
        "theme, every region, next 4 weeks": lambda rng: search(theme_id=rng.choice(themes)),
        "one provider, next 4 weeks": lambda rng: search(provider_id=rng.choice(providers)),
    }
    found = {}
    for name, run in kinds.items():
        rng = random.Random(11)
        for _ in range(5):
            run(rng)
        samples = []
        for _ in range(runs):
            began = time.perf_counter()
            run(rng)
            samples.append((time.perf_counter() - began) * 1000)
        found[name] = samples
    return found


def alternating(bank: ExpertBank, runs: int, rounds: int = 10) -> None:
    """Searches with busy times in force and not, in alternating rounds."""
    database = bank.read_models.database
    pooled: dict[bool, dict[str, list[float]]] = {True: {}, False: {}}
    for _ in range(rounds):
        for counting in (False, True):
            past = None if counting else "2000-01-01T00:00:00.000000+00:00"
            database.execute("UPDATE {busy_feeds} SET counts_until = ?", (past,))
            for name, samples in timed_searches(bank, max(runs // rounds, 5)).items():
                pooled[counting].setdefault(name, []).extend(samples)
    database.execute("UPDATE {busy_feeds} SET counts_until = NULL")
    for name, without in pooled[False].items():
        with_busy = pooled[True][name]
        p95, busy95 = percentile(without, 0.95), percentile(with_busy, 0.95)
        print(
            f"alternating {name:<34} without p50 {percentile(without, 0.5):6.1f} p95 {p95:6.1f}"
            f" ms; with p50 {percentile(with_busy, 0.5):6.1f} p95 {busy95:6.1f} ms"
            f" ({busy95 / p95:.2f}x at p95)"
        )


def read_round(bank: ExpertBank, clock: ManualClock) -> tuple[int, float]:
    """Move 16 minutes on and read every calendar due; (how many, seconds)."""
    clock.advance(timedelta(minutes=16))
    began, read = time.perf_counter(), 0
    while done := bank.own_calendars.refresh_due():
        read += done
    return read, time.perf_counter() - began


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--providers", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--again", action="store_true", help="only the alternating rounds")
    args = parser.parse_args(argv)
    settings = Settings(
        data_dir=args.data_dir,
        extra={
            "EXPERTBANK_CALENDAR_ALLOW_PRIVATE": "true",
            "EXPERTBANK_CALENDAR_KEY": new_key(),
            "EXPERTBANK_CALENDAR_TIMEOUT_SECONDS": "30",
        },
    )
    clock = ManualClock(NOW)
    bank = bootstrap(settings, clock)
    if args.again:
        bank.read_models.runner.catch_up()
        alternating(bank, args.runs)
        bank.close()
        return
    if bank.head_position() != 0:
        bank.close()
        raise SystemExit(f"{args.data_dir} holds data already: give a new --data-dir")
    began = time.perf_counter()
    generate(bank, providers=args.providers, weeks=26, fill=0.5)
    print(f"generated the programme in {time.perf_counter() - began:.0f} s")
    bank.read_models.runner.catch_up()
    providers = [
        UUID(row["provider_id"])
        for row in bank.read_models.database.query(
            "SELECT DISTINCT provider_id FROM {view_windows} ORDER BY provider_id"
        )
    ]
    print(f"{len(providers):,} providers, {bank.head_position():,} events")
    before = searches(bank, args.runs)

    folder = args.data_dir / "bench-calendars"
    folder.mkdir(exist_ok=True)
    rng = random.Random(3)
    sizes = []
    for number, provider in enumerate(providers):
        text = calendar_text(rng, number)
        (folder / f"{provider}.ics").write_bytes(text)
        sizes.append(len(text))
    print(f"calendars: {len(providers):,}, mean {sum(sizes) / len(sizes) / 1024:.0f} KiB")
    with serve(folder) as url:
        began = time.perf_counter()
        for provider in providers:
            bank.own_calendars.connect(
                provider, provider, kind="ical", label="Work", address=f"{url}{provider}.ics"
            )
        took = time.perf_counter() - began
        busy = bank.read_models.database.query("SELECT COUNT(*) AS n FROM {busy_times}")[0]["n"]
        print(
            f"connect and read in full: {len(providers):,} calendars in {took:.0f} s"
            f" = {took / len(providers) * 1000:.0f} ms each; {busy:,} busy intervals kept"
        )
        count, took = read_round(bank, clock)
        print(
            f"readings, nothing changed (304): {count:,} in {took:.1f} s"
            f" = {took / max(count, 1) * 1000:.1f} ms each"
        )
        changed = providers[::10]
        later = time.time() + 120
        for number, provider in enumerate(changed):
            path = folder / f"{provider}.ics"
            path.write_bytes(calendar_text(random.Random(number + 10_000), number))
            os.utime(path, (later, later))
        count, took = read_round(bank, clock)
        print(
            f"readings, {len(changed):,} of {count:,} changed: {took:.1f} s"
            f" = {took / max(count, 1) * 1000:.1f} ms each"
        )
    after = searches(bank, args.runs)
    for name, (p50, p95) in before.items():
        busy50, busy95 = after[name]
        print(
            f"{name:<34} without busy times p50 {p50:6.1f} ms p95 {p95:6.1f} ms;"
            f" with p50 {busy50:6.1f} ms p95 {busy95:6.1f} ms ({busy95 / p95:.2f}x at p95)"
        )
    alternating(bank, args.runs)
    bank.close()


if __name__ == "__main__":
    main()
