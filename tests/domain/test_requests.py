"""Expressions of interest move only along their arrows (rule 3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

import pytest

from domain.errors import IllegalTransition, InvalidInput
from domain.requests import ExpressionOfInterest, RequestState
from tests.domain.support import NOW, SERVICE, SERVICE_HEAD, STAFF, THEME, event_names, refused

ENGAGEMENT = UUID(int=99)

Move = Callable[[ExpressionOfInterest], None]

MOVES: dict[str, Move] = {
    "shortlist": lambda r: r.shortlist(actor=STAFF, at=NOW),
    "approve": lambda r: r.approve(actor=STAFF, at=NOW),
    "decline": lambda r: r.decline(actor=STAFF, at=NOW, reason="Not this round"),
    "withdraw": lambda r: r.withdraw(actor=SERVICE_HEAD, at=NOW, reason="Found help locally"),
    "match": lambda r: r.mark_matched(
        actor=STAFF, at=NOW, engagement_id=ENGAGEMENT, expert_id=UUID(int=3)
    ),
    "complete": lambda r: r.mark_completed(actor=STAFF, at=NOW),
    "close": lambda r: r.mark_closed(actor=STAFF, at=NOW, reason="Expert unavailable"),
}

# How to reach each state from a fresh submission.
PATHS: dict[RequestState, list[str]] = {
    RequestState.SUBMITTED: [],
    RequestState.SHORTLISTED: ["shortlist"],
    RequestState.APPROVED: ["shortlist", "approve"],
    RequestState.DECLINED: ["decline"],
    RequestState.MATCHED: ["shortlist", "approve", "match"],
    RequestState.COMPLETED: ["shortlist", "approve", "match", "complete"],
    RequestState.CLOSED: ["shortlist", "approve", "match", "close"],
    RequestState.WITHDRAWN: ["withdraw"],
}

# The arrows of the lifecycle: (from, move) -> to.
ARROWS: dict[tuple[RequestState, str], RequestState] = {
    (RequestState.SUBMITTED, "shortlist"): RequestState.SHORTLISTED,
    (RequestState.SUBMITTED, "decline"): RequestState.DECLINED,
    (RequestState.SUBMITTED, "withdraw"): RequestState.WITHDRAWN,
    (RequestState.SHORTLISTED, "approve"): RequestState.APPROVED,
    (RequestState.SHORTLISTED, "decline"): RequestState.DECLINED,
    (RequestState.SHORTLISTED, "withdraw"): RequestState.WITHDRAWN,
    (RequestState.APPROVED, "match"): RequestState.MATCHED,
    (RequestState.APPROVED, "withdraw"): RequestState.WITHDRAWN,
    (RequestState.MATCHED, "complete"): RequestState.COMPLETED,
    (RequestState.MATCHED, "close"): RequestState.CLOSED,
}

ILLEGAL = [(s, m) for s in RequestState for m in MOVES if (s, m) not in ARROWS]


def submitted(**overrides: object) -> ExpressionOfInterest:
    terms: dict[str, object] = {
        "actor": SERVICE_HEAD,
        "at": NOW,
        "service_id": SERVICE,
        "theme_id": THEME,
        "need": "Evaluate our reading-for-wellbeing offer",
        "outcomes": "Evidence of impact for councillors",
        "preferred_from": date(2027, 3, 15),
        "preferred_to": date(2027, 5, 31),
        "hours_hoped": 8,
    }
    terms.update(overrides)
    return ExpressionOfInterest.submit(**terms)  # type: ignore[arg-type]


def request_in(state: RequestState) -> ExpressionOfInterest:
    request = submitted()
    for move in PATHS[state]:
        MOVES[move](request)
    assert request.state == state
    return request


def test_a_submitted_request_records_what_the_service_asked_for() -> None:
    request = submitted()

    assert request.state == RequestState.SUBMITTED
    assert (request.service_id, request.theme_id, request.hours_hoped) == (SERVICE, THEME, 8)
    assert event_names(request) == ["Submitted"]
    assert request.pending_events[0].actor == SERVICE_HEAD  # type: ignore[attr-defined]


@pytest.mark.parametrize(("start", "move"), list(ARROWS), ids=lambda v: str(v))
def test_a_request_moves_along_each_of_its_arrows(start: RequestState, move: str) -> None:
    request = request_in(start)
    version = request.version

    MOVES[move](request)

    assert request.state == ARROWS[(start, move)]
    assert request.version == version + 1


@pytest.mark.parametrize(("start", "move"), ILLEGAL, ids=lambda v: str(v))
def test_every_other_move_is_refused_naming_the_state(start: RequestState, move: str) -> None:
    request = request_in(start)

    with refused(request, IllegalTransition, f"cannot {move} a request that is {start}"):
        MOVES[move](request)


def test_a_declined_request_cannot_be_approved() -> None:
    request = request_in(RequestState.DECLINED)

    with refused(request, IllegalTransition, "cannot approve a request that is declined"):
        request.approve(actor=STAFF, at=NOW)


def test_a_matched_request_can_no_longer_be_withdrawn_by_the_service() -> None:
    request = request_in(RequestState.MATCHED)

    with refused(request, IllegalTransition, "only one that is approved or shortlisted or"):
        request.withdraw(actor=SERVICE_HEAD, at=NOW, reason="")


def test_a_decline_gives_a_reason_the_service_can_read() -> None:
    request = request_in(RequestState.SHORTLISTED)

    request.decline(actor=STAFF, at=NOW, reason="  Other services need this theme more  ")

    assert request.reason == "Other services need this theme more"


def test_a_decline_without_a_reason_is_refused() -> None:
    request = request_in(RequestState.SHORTLISTED)

    with refused(request, InvalidInput, "enter a reason the service can read"):
        request.decline(actor=STAFF, at=NOW, reason="   ")


def test_matching_records_the_engagement() -> None:
    request = request_in(RequestState.MATCHED)

    assert request.engagement_id == ENGAGEMENT


@pytest.mark.parametrize(
    ("overrides", "message", "field"),
    [
        ({"hours_hoped": 0}, "hours hoped for must be between 0.5 and 100 hours", "hours_hoped"),
        ({"hours_hoped": 101}, "between 0.5 and 100", "hours_hoped"),
        ({"hours_hoped": "eight"}, "must be a number of hours", "hours_hoped"),
        ({"hours_hoped": 7.25}, "must be in whole or half hours", "hours_hoped"),
        ({"need": ""}, "enter what you need help with", "need"),
        ({"outcomes": "x" * 4001}, "4000 characters or fewer", "outcomes"),
        (
            {"preferred_from": date(2027, 6, 1), "preferred_to": date(2027, 5, 1)},
            "latest preferred date must be on or after the earliest",
            "preferred_to",
        ),
    ],
)
def test_a_request_with_bad_terms_is_not_submitted(
    overrides: dict[str, object], message: str, field: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as refusal:
        submitted(**overrides)

    assert refusal.value.field == field
