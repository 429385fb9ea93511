"""Experts suggested for a request: theme fit first, then free time, then current load."""

from __future__ import annotations

from datetime import date, timedelta

from tests.world import World


def test_experts_are_ranked_by_theme_then_free_time_then_load(world: World) -> None:
    idle = world.person("idle_evaluator", ["expert"], themes=[world.evaluation])
    world.window(world.evaluator)  # free Tuesdays; the idle evaluator publishes nothing
    world.engagement(world.haringey_head, world.evaluator, world.evaluation)
    request_id = world.bank.requests.submit(
        world.worcs_head,
        service_id=world.worcestershire,
        theme_id=world.evaluation,
        need="n",
        outcomes="o",
        hours_hoped=8,
        preferred_from=date(2027, 3, 1),
        preferred_to=date(2027, 3, 31),
    )
    ranked = world.bank.matching.suggest(world.manager, request_id)

    assert [s.expert.person_id for s in ranked] == [world.evaluator, idle, world.communicator]
    assert ranked[0].reasons == [
        "Covers this theme",
        "11.25 hours free in the preferred dates (8 hoped for)",  # 3 x 45 min, 5 Tuesdays
        "1 active engagement",
    ]
    assert ranked[2].reasons[0] == "Does not cover this theme"


def test_preferred_dates_that_have_passed_give_no_free_time_and_no_error(world: World) -> None:
    world.window(world.evaluator)
    request_id = world.bank.requests.submit(
        world.worcs_head,
        service_id=world.worcestershire,
        theme_id=world.evaluation,
        need="n",
        outcomes="o",
        hours_hoped=8,
        preferred_to=date(2027, 3, 10),
    )
    world.clock.advance(timedelta(days=20))
    ranked = world.bank.matching.suggest(world.manager, request_id)

    assert ranked[0].free_minutes == 0
    assert ranked[0].reasons[1] == "0 hours free in the preferred dates (8 hoped for)"
