"""The time a failed sign-in takes does not tell whether the address has an account, or one
that is set up: each checks a password hash (Argon2id, tens of milliseconds), so none is
answered in the fraction of that a lookup alone would take."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from service.application import ExpertBank
from tests.world import SYSTEM, World

PASSWORD = "correct horse battery staple"


def seconds(action: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def test_a_failed_sign_in_takes_as_long_whoever_the_address_belongs_to(
    bank: ExpertBank, world: World
) -> None:
    people = bank.people
    people.set_password(world.worcs_head, PASSWORD)
    invited = people.invite(SYSTEM, name="Ivy", email="ivy@example.org", roles=["auditor"])
    people.set_password(world.derby_staff, PASSWORD)
    people.erase_details(world.manager, world.derby_staff)
    people.set_password(world.notts_staff, PASSWORD)
    people.deactivate(world.manager, world.notts_staff, reason="left")
    assert people.person(invited.person_id).status == "invited"

    wrong_password = seconds(lambda: people.authenticate("worcs_head@example.org", "wrong"))
    others = {
        "no account": seconds(lambda: people.authenticate("nobody@example.org", PASSWORD)),
        "invited": seconds(lambda: people.authenticate("ivy@example.org", PASSWORD)),
        "erased": seconds(lambda: people.authenticate("derby_staff@example.org", PASSWORD)),
        "deactivated": seconds(lambda: people.authenticate("notts_staff@example.org", PASSWORD)),
    }

    for who, taken in others.items():
        assert taken > wrong_password / 2, (who, taken, wrong_password)
