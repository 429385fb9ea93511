"""The session key kept in the data folder: made once, private, and one for every process."""

from __future__ import annotations

import multiprocessing
import stat
from pathlib import Path

from infrastructure.settings import SESSION_KEY_FILE, Settings


def test_without_the_setting_a_key_is_made_once_and_kept_private(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")

    first = settings.session_key()

    path = tmp_path / "data" / SESSION_KEY_FILE
    assert len(first) == 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Settings(data_dir=tmp_path / "data").session_key() == first
    assert Settings(data_dir=tmp_path / "other").session_key() != first
    assert sorted(p.name for p in path.parent.iterdir()) == [SESSION_KEY_FILE]


def test_the_setting_wins_and_no_file_is_made(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", secret_key="set by the operator")

    assert settings.session_key() == "set by the operator"
    assert not (tmp_path / "data").exists()


def _key_after(start: multiprocessing.synchronize.Barrier, data_dir: str, keys: object) -> None:
    start.wait()
    keys.put(Settings(data_dir=Path(data_dir)).session_key())  # type: ignore[attr-defined]


def test_processes_starting_together_all_get_the_same_whole_key(tmp_path: Path) -> None:
    processes = 8
    context = multiprocessing.get_context("spawn")
    for attempt in range(3):
        data_dir = tmp_path / f"data{attempt}"
        start, keys = context.Barrier(processes), context.Queue()
        racers = [
            context.Process(target=_key_after, args=(start, str(data_dir), keys))
            for _ in range(processes)
        ]
        for racer in racers:
            racer.start()
        got = {keys.get(timeout=60) for _ in racers}
        for racer in racers:
            racer.join(timeout=60)

        assert len(got) == 1
        (key,) = got
        assert len(key) == 64
        assert sorted(p.name for p in data_dir.iterdir()) == [SESSION_KEY_FILE]
