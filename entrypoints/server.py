"""The web app behind gunicorn: ``web_app`` for the Procfile, and ``serve`` for the CLI's
embedded default (one process with the worker inside)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from entrypoints.bootstrap import bootstrap
from entrypoints.worker import RunningWorker, start_worker
from web import create_app


def web_app() -> Flask:
    """The app on the application the environment configures: what each gunicorn worker
    process loads (``gunicorn 'entrypoints.server:web_app()'``), after it forks."""
    return create_app(bootstrap())


class EmbeddedServer(BaseApplication):  # type: ignore[misc]
    """gunicorn with options given in code rather than on a command line."""

    def __init__(self, factory: Callable[[], Flask], options: dict[str, Any]) -> None:
        self.factory = factory
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.factory()


def serve(
    factory: Callable[[], Flask], *, host: str, port: int, threads: int = 8, **hooks: Any
) -> None:
    """One worker process (so one scheduler), several threads, until interrupted."""
    EmbeddedServer(
        factory,
        {
            "bind": f"{host}:{port}",
            "workers": 1,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": "-",
            "logger_class": "web.logs.RedactingLogger",
            "timeout": 60,
            **hooks,
        },
    ).run()


def embedded_worker_hooks() -> dict[str, Any]:
    """gunicorn hooks running the scheduler worker inside the one web worker process (the
    embedded SQLite set-up): started after the app is loaded, stopped when it exits."""

    def post_worker_init(worker: Any) -> None:
        app: Flask = worker.wsgi
        running = start_worker(app.extensions["expertbank"])
        if running is not None:
            app.extensions["expertbank.worker"] = running

    def worker_exit(server: Any, worker: Any) -> None:
        app: Flask | None = getattr(worker, "wsgi", None)  # absent when the arbiter reaps it
        running: RunningWorker | None = app.extensions.get("expertbank.worker") if app else None
        if running is not None:
            running.stop()

    return {"post_worker_init": post_worker_init, "worker_exit": worker_exit}
