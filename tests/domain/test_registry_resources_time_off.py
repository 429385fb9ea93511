"""The smaller lifecycles: themes, regions and services, resources, and time off."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.errors import IllegalTransition, InvalidInput
from domain.registry import LibraryService, Region, Theme
from domain.resources import Resource, ResourceStatus
from domain.time_off import TimeOff, TimeOffStatus
from tests.domain.support import EXPERT, NOW, STAFF, THEME, event_names, refused


def theme() -> Theme:
    return Theme.add(
        actor=STAFF, at=NOW, code="evaluation", name="Advocacy and evidence: Evaluation"
    )


def test_a_theme_has_the_id_of_its_code_and_can_be_renamed() -> None:
    added = theme()

    added.change(actor=STAFF, at=NOW, name="Evaluation", description="Showing impact")

    assert added.id == Theme.create_id("evaluation")
    assert (added.name, added.description) == ("Evaluation", "Showing impact")


def test_a_retired_theme_cannot_be_retired_again() -> None:
    added = theme()
    added.retire(actor=STAFF, at=NOW)

    with refused(
        added, IllegalTransition, "the theme Advocacy and evidence: Evaluation is already retired"
    ):
        added.retire(actor=STAFF, at=NOW)


def test_a_theme_needs_a_name() -> None:
    added = theme()

    with refused(added, InvalidInput, "enter a name"):
        added.change(actor=STAFF, at=NOW, name=" ", description="")
    with pytest.raises(InvalidInput, match="enter the code"):
        Theme.add(actor=STAFF, at=NOW, code="", name="Partnerships")


REGISTER = {
    "region": lambda code: Region.register(actor=STAFF, at=NOW, code=code, name="Named"),
    "service": lambda code: LibraryService.register(
        actor=STAFF, at=NOW, code=code, name="Named", region_id=UUID(int=50)
    ),
    "theme": lambda code: Theme.add(actor=STAFF, at=NOW, code=code, name="Named"),
}


@pytest.mark.parametrize("kind", REGISTER)
def test_a_code_typed_in_capitals_is_the_same_lowercase_code_and_id(kind: str) -> None:
    registered = REGISTER[kind](" Derby-2 ")

    assert registered.code == "derby-2"
    assert registered.id == type(registered).create_id("derby-2")


@pytest.mark.parametrize("kind", REGISTER)
@pytest.mark.parametrize(
    "code", ["East Midlands", "derby_city", "derby!", "-derby", "a--b", "dérby"]
)
def test_a_code_of_anything_but_letters_digits_and_single_hyphens_is_refused(
    kind: str, code: str
) -> None:
    with pytest.raises(
        InvalidInput, match=r"^the code may use only letters, digits and single hyphens"
    ) as refusal:
        REGISTER[kind](code)
    assert refusal.value.field == "code"


def test_regions_and_services_have_the_ids_of_their_codes() -> None:
    region = Region.register(actor=STAFF, at=NOW, code="east-midlands", name="East Midlands")
    service = LibraryService.register(
        actor=STAFF, at=NOW, code="leicestershire", name="Leicestershire", region_id=region.id
    )

    assert region.id == Region.create_id("east-midlands")
    assert service.id == LibraryService.create_id("leicestershire")
    with refused(service, InvalidInput, "enter a name"):
        service.change(actor=STAFF, at=NOW, name="", region_id=region.id)


def resource(**overrides: object) -> Resource:
    terms: dict[str, object] = {
        "actor": EXPERT,
        "at": NOW,
        "title": "Evaluation toolkit",
        "summary": "A logic model and survey templates",
        "theme_id": THEME,
        "link": "https://example.org/toolkit",
        "licence": "CC BY 4.0",
        "engagement_id": UUID(int=300),
    }
    terms.update(overrides)
    return Resource.publish(**terms)  # type: ignore[arg-type]


def test_a_resource_is_published_revised_and_withdrawn() -> None:
    published = resource()

    published.revise(
        actor=EXPERT, at=NOW, title="Evaluation toolkit v2", summary="Adapted for all members",
        theme_id=THEME, link="https://example.org/toolkit-v2", licence="CC BY 4.0",
    )  # fmt: skip
    published.withdraw(actor=STAFF, at=NOW, reason="Superseded")

    assert (published.title, published.status) == (
        "Evaluation toolkit v2",
        ResourceStatus.WITHDRAWN,
    )
    assert event_names(published) == ["Published", "Revised", "Withdrawn"]


def test_a_withdrawn_resource_cannot_be_revised_or_withdrawn_again() -> None:
    published = resource()
    published.withdraw(actor=STAFF, at=NOW, reason="Superseded")

    with refused(published, IllegalTransition, "cannot withdraw a resource that is withdrawn"):
        published.withdraw(actor=STAFF, at=NOW, reason="Again")
    with refused(published, IllegalTransition, "cannot revise a resource that is withdrawn"):
        published.revise(
            actor=EXPERT, at=NOW, title="T", summary="S", theme_id=THEME,
            link="https://example.org", licence="CC BY 4.0",
        )  # fmt: skip


def test_withdrawing_a_resource_needs_a_reason() -> None:
    published = resource()

    with refused(published, InvalidInput, "enter a reason"):
        published.withdraw(actor=STAFF, at=NOW, reason="")


@pytest.mark.parametrize(
    ("overrides", "message", "field"),
    [
        ({"link": "ftp://example.org/toolkit"}, "the link must be a web address", "link"),
        ({"link": "toolkit.docx"}, "the link must be a web address", "link"),
        ({"link": "https://"}, "the link must be a web address", "link"),
        ({"title": ""}, "enter a title", "title"),
        ({"summary": "x" * 4001}, "a summary must be 4000 characters or fewer", "summary"),
        ({"licence": None}, "enter the licence", "licence"),
    ],
)
def test_a_resource_with_bad_details_is_refused(
    overrides: dict[str, object], message: str, field: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as refusal:
        resource(**overrides)
    assert refusal.value.field == field


def time_off(first: date = date(2027, 3, 9), last: date = date(2027, 3, 10)) -> TimeOff:
    return TimeOff.add(
        actor=EXPERT, at=NOW, provider_id=EXPERT, first_day=first, last_day=last,
        note="Annual leave", bookings_kept=[],
    )  # fmt: skip


def test_time_off_is_added_and_removed_once() -> None:
    days_off = time_off()
    days_off.remove(actor=EXPERT, at=NOW)

    assert days_off.status == TimeOffStatus.REMOVED
    with refused(days_off, IllegalTransition, "cannot remove time off that is removed"):
        days_off.remove(actor=EXPERT, at=NOW)


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        (date(2027, 3, 10), date(2027, 3, 9), "the last day must be on or after the first day"),
        (date(2027, 3, 1), date(2028, 3, 1), "time off can be at most 366 days at once"),
    ],
)
def test_time_off_with_bad_days_is_refused(first: date, last: date, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as refusal:
        time_off(first, last)
    assert refusal.value.field == "last_day"
