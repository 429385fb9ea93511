"""Web process start time and resident memory with a large store: gunicorn serving the
app factory, as the Procfile runs it, on a data folder made by generate.py (views built).

Times from starting gunicorn to the first answered request, then opens a page (which
checks the views are current), and reads the worker's resident memory. Nothing is
replayed at start: the app opens the store, and the views are already current. Then it
measures the memory of a process that opened the app and ran the queries pages make.

    python -m bench.startup --data-dir /tmp/eb
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.generate import open_bank


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        return int(response.status)


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def worker_of(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    if not children:
        raise RuntimeError("gunicorn has no worker process")
    return int(children[0])


def after_queries(data_dir: Path) -> None:
    """In a fresh process: open the app's store and views, run the queries pages make
    (the registry lists and everyone, searches, providers' windows and time off, the
    library, a service's bookings and history, the programme's figures), print RSS."""
    bank = open_bank(data_dir)
    views = bank.read_models
    started = time.perf_counter()
    themes = [t.theme_id for t in views.registry.themes(include_retired=True)]
    services = [s.service_id for s in views.registry.services()]
    views.registry.regions()
    providers = [p.person_id for p in views.people.people(role="expert")]
    for theme in themes:
        views.availability.search(theme_id=theme)
        views.resources.published(theme)
    for provider in providers[:20]:
        views.windows.of_provider(provider, withdrawn=True)
        views.windows.time_off(provider)
    for service in services[:20]:
        views.bookings.for_service(service, when="all", limit=500)
        views.history.for_subject("service", service)
    views.stats.programme()
    took = time.perf_counter() - started
    print(f"{resident_mb(os.getpid()):.0f} {took:.1f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--after-queries", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.after_queries:
        after_queries(args.data_dir)
        return
    bank = open_bank(args.data_dir)
    bank.read_models.runner.catch_up()  # the views are current before the web process starts
    events = bank.head_position()
    bank.close()

    port = free_port()
    env = {**os.environ, "EXPERTBANK_DATA_DIR": str(args.data_dir)}
    command = [
        sys.executable, "-m", "gunicorn", "--workers", "1", "--threads", "4",
        "--bind", f"127.0.0.1:{port}", "entrypoints.server:web_app()",
    ]  # fmt: skip
    started = time.perf_counter()
    server = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    try:
        deadline = started + 60
        while True:
            try:
                get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                if time.perf_counter() > deadline or server.poll() is not None:
                    raise RuntimeError("the web process did not start") from None
                time.sleep(0.02)
        ready = time.perf_counter() - started
        first_page = time.perf_counter()
        get(f"http://127.0.0.1:{port}/")  # opens the views and checks they are current
        page = time.perf_counter() - first_page
        memory = resident_mb(worker_of(server.pid))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{events:,} events stored")
    print(f"start to first answered request: {ready:.2f} s (target under 2 s)")
    print(f"first page reading the views: {page * 1000:.0f} ms")
    print(f"worker resident memory: {memory:.0f} MB (target under 300 MB)")
    queried = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.startup",
            "--data-dir",
            str(args.data_dir),
            "--after-queries",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    print(
        f"a process after the queries pages make (registry lists and everyone, 6 searches,"
        f" 20 providers' windows and time off, the library, 20 services' bookings and"
        f" histories, programme figures, {queried[1]} s): {queried[0]} MB resident"
    )


if __name__ == "__main__":
    main()
