"""An expert's change of themes waits for programme staff's approval, because themes decide
which requests an expert is suggested for; staff approve or decline it. Peers, and staff
themselves, change themes at once."""

from __future__ import annotations

from domain.errors import IllegalTransition, PermissionDenied
from service.application import ExpertBank
from tests.service.support import nothing_recorded
from tests.world import World


def _suggested_for_comms(bank: ExpertBank, world: World) -> bool:
    request = bank.requests.submit(
        world.worcs_head,
        service_id=world.worcestershire,
        theme_id=world.comms,
        need="n",
        outcomes="o",
        hours_hoped=4,
    )
    bank.read_models.runner.catch_up()
    ranked = bank.matching.suggest(world.manager, request)
    return next(s.fits_theme for s in ranked if s.expert.person_id == world.evaluator)


def test_an_experts_change_of_themes_waits_for_approval(bank: ExpertBank, world: World) -> None:
    expert = world.evaluator
    both = [world.evaluation, world.comms]

    assert bank.people.set_themes(expert, expert, theme_ids=both) is True

    assert bank.people.person(expert).theme_ids == [world.evaluation]
    assert bank.people.person(expert).themes_asked == both
    assert not _suggested_for_comms(bank, world)
    waiting = bank.read_models.people.themes_waiting()
    assert [(p.person_id, p.themes_asked) for p in waiting] == [(expert, both)]
    with nothing_recorded(bank, PermissionDenied, "programme staff"):
        bank.people.approve_themes(expert, expert)

    bank.people.approve_themes(world.manager, expert)

    assert bank.people.person(expert).theme_ids == both
    assert bank.people.person(expert).themes_asked is None
    assert _suggested_for_comms(bank, world)
    assert bank.read_models.people.themes_waiting() == []
    with nothing_recorded(bank, IllegalTransition, "no change of themes is waiting"):
        bank.people.approve_themes(world.manager, expert)


def test_staff_decline_a_change_and_the_themes_stay(bank: ExpertBank, world: World) -> None:
    expert = world.evaluator
    bank.people.set_themes(expert, expert, theme_ids=[world.partnerships])

    bank.people.decline_themes(world.manager, expert, reason="Partnerships is covered")

    assert bank.people.person(expert).theme_ids == [world.evaluation]
    assert bank.people.person(expert).themes_asked is None
    bank.read_models.runner.catch_up()
    sentences = [e.sentence for e in bank.read_models.history.of(expert).entries]
    assert "Manager declined the change of themes Evaluator asked for: Partnerships is covered" in (
        sentences
    )


def test_asking_for_the_themes_they_have_withdraws_what_waits(
    bank: ExpertBank, world: World
) -> None:
    expert = world.evaluator
    bank.people.set_themes(expert, expert, theme_ids=[world.comms])

    assert bank.people.set_themes(expert, expert, theme_ids=[world.evaluation]) is False

    assert bank.people.person(expert).themes_asked is None
    bank.read_models.runner.catch_up()
    assert bank.read_models.people.themes_waiting() == []


def test_peers_and_staff_change_themes_at_once(bank: ExpertBank, world: World) -> None:
    peer = world.leics_peer
    assert bank.people.set_themes(peer, peer, theme_ids=[world.comms]) is False
    assert bank.people.person(peer).theme_ids == [world.comms]

    expert = world.evaluator
    bank.people.set_themes(expert, expert, theme_ids=[world.comms])
    assert bank.people.set_themes(world.manager, expert, theme_ids=[world.partnerships]) is False
    assert bank.people.person(expert).theme_ids == [world.partnerships]
    assert bank.people.person(expert).themes_asked is None
