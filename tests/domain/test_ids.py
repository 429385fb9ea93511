"""Time-ordered ids: version 7 of RFC 9562, sorting by the instant they were made at."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import RFC_4122

import pytest

from domain.ids import time_ordered_id

AT = datetime(2027, 3, 28, 0, 59, 59, 999000, tzinfo=UTC)


def test_an_id_carries_its_instant_in_milliseconds_and_the_version_7_marks() -> None:
    made = time_ordered_id(AT)

    assert made.version == 7 and made.variant == RFC_4122
    assert made.int >> 80 == 1_806_195_599_999  # milliseconds since 1970


def test_ids_made_later_sort_after_and_ids_of_one_instant_differ() -> None:
    instants = [AT + timedelta(milliseconds=n) for n in (0, 1, 2, 1000, 86_400_000)]

    made = [time_ordered_id(at) for at in instants]
    together = {time_ordered_id(AT) for _ in range(1000)}

    assert [str(i) for i in made] == sorted(str(i) for i in made)
    assert [i.hex for i in made] == sorted(i.hex for i in made)  # as the store keeps them
    assert len(together) == 1000


def test_an_instant_before_1970_is_refused() -> None:
    with pytest.raises(ValueError, match="48 bits"):
        time_ordered_id(datetime(1969, 12, 31, tzinfo=UTC))
