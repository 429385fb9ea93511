"""Times on the pages: London wall-clock time, with the zone only where the time alone is
ambiguous (the hour that comes twice when the clocks go back)."""

from __future__ import annotations

from datetime import UTC, datetime

from web.display import london, london_slot


def test_the_repeated_autumn_hour_says_which_of_the_two_it_is() -> None:
    first = datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 01:30 BST
    second = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # 01:30 GMT, an hour later
    assert london(first) == "Sunday 31 October 2027, 01:30 BST"
    assert london(second) == "Sunday 31 October 2027, 01:30 GMT"
    assert london_slot(first, second) == "Sunday 31 October 2027, 01:30 BST to 01:30 GMT"


def test_other_times_show_no_zone() -> None:
    assert london(datetime(2027, 10, 31, 2, 30, tzinfo=UTC)) == "Sunday 31 October 2027, 02:30"
    assert london(datetime(2027, 3, 28, 1, 30, tzinfo=UTC)) == "Sunday 28 March 2027, 02:30"
    assert (
        london_slot(datetime(2027, 3, 2, 10, tzinfo=UTC), datetime(2027, 3, 2, 10, 45, tzinfo=UTC))
        == "Tuesday 2 March 2027, 10:00 to 10:45"
    )
