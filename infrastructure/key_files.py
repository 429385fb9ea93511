"""Keys kept in the data folder when the operator has set none: made once, readable by the
owner only, and the same for every process that starts at the same moment."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def kept_key(path: Path, make: Callable[[], bytes]) -> bytes:
    """The key in ``path``, made with ``make`` if there is none yet.

    A new key is written whole to a private file of its own, then linked to ``path``,
    which fails if another process linked its key first: then that one is used. So no
    process ever reads half a key, and all of them agree on one."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(descriptor, "wb") as file:  # mkstemp makes it mode 600
                file.write(make())
                file.flush()
                os.fsync(file.fileno())
            os.link(draft, path)
        except FileExistsError:
            pass  # another process made it first
        finally:
            os.unlink(draft)
    return path.read_bytes().strip()
