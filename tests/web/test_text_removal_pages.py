"""Programme staff remove a text on request from a record's history: the page says what
goes and what stays, a missing reason is named at its field, and the history then shows
when it was removed in its place. Auditors read histories but remove nothing."""

from __future__ import annotations

import html

from flask import Flask

from infrastructure.clock import ManualClock
from tests.service.free_text import write_every_kind
from tests.web.conftest import Browser
from tests.world import World


def test_staff_remove_a_note_from_a_sessions_history(
    app: Flask, world: World, clock: ManualClock
) -> None:
    written = write_every_kind(world.bank, world, clock)
    notes = written.texts["notes"]
    staff = Browser(app.test_client(), world).sign_in("manager")

    history = staff.get(f"/history?subject={written.held}").text
    assert f'href="/history/{written.held}/texts"' in history
    service = world.worcestershire  # its texts are its records': reached from theirs
    assert f"/history/{service}/texts" not in staff.get(f"/history?subject={service}").text
    listed = staff.get(f"/history/{written.held}/texts").text
    assert html.escape(notes) in listed
    text_id = next(
        t.text_id
        for t in world.bank.texts.of_record(world.manager, written.held)
        if t.label == "Session notes"
    )
    page = f"/history/texts/{text_id}/remove"
    assert f'href="{page}"' in listed
    shown = staff.get(page).text
    assert "What is removed" in shown and "What stays" in shown

    refused = staff.submit(page, {"reason": ""})
    assert refused.status_code == 200
    assert "Enter why the text is being removed" in refused.text
    assert html.escape(notes) in world.bank.texts.text(world.manager, text_id).shown

    done = staff.submit(page, {"reason": "It names a neighbour"})
    assert done.status_code == 302 and done.location.endswith(f"/history/{written.held}/texts")
    after = staff.get(f"/history?subject={written.held}").text
    assert html.escape(notes) not in after
    assert "(removed on request, 10 March 2027)" in after
    assert "removed the session notes on request: It names a neighbour" in after
    assert "already been removed" in staff.get(page).text

    auditor = Browser(app.test_client(), world).sign_in("auditor")
    assert (
        f"/history/{written.held}/texts" not in auditor.get(f"/history?subject={written.held}").text
    )
    assert auditor.get(f"/history/{written.held}/texts").status_code == 403
    assert auditor.get(page).status_code == 403
