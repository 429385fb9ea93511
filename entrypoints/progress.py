"""A progress bar for the long commands (rebuild, verify) whose total may grow as they run."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click


@contextmanager
def progress_bar(label: str, length: int) -> Iterator[Callable[[int, int], None]]:
    """A function ``progress(position, head)`` that moves a bar to ``position`` of ``head``."""
    with click.progressbar(length=max(length, 1), label=label) as bar:

        def progress(position: int, head: int) -> None:
            bar.length = max(head, 1)
            bar.update(position - bar.pos)

        yield progress
