"""Exporting part of the record in a real browser: a wrong pair of days named at its field,
then a region's history downloaded as CSV, at 1280 and 390 pixels wide, axe-core checking
every page."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from service.application import ExpertBank
from tests.browser.conftest import WIDTHS, Visitor, fits
from tests.service.test_oversight import east_midlands_month
from tests.world import World


def test_an_auditor_downloads_a_regions_history_after_a_wrong_pair_of_days(
    visit: Any, bank: ExpertBank, world: World
) -> None:
    east_midlands_month(bank, world)
    v: Visitor = visit("auditor")
    page = v.go("/history")
    v.click("Export part of the record", "link")
    for name, width in WIDTHS.items():
        fits(v, width)
        v.screenshot(f"history-export-{name}")
    page.get_by_label("Region").select_option(label="East Midlands")
    for legend, (day, month, year) in (("From", ("2", "3", "2027")), ("To", ("1", "3", "2027"))):
        dates = page.get_by_role("group", name=legend)
        dates.get_by_label("Day").fill(day)
        dates.get_by_label("Month").fill(month)
        dates.get_by_label("Year").fill(year)
    v.click("Download")

    assert page.get_by_role("heading", name="There is a problem").is_visible()
    problem = "The last day must be the same as the first day or after it"
    assert page.get_by_role("link", name=problem).is_visible()
    fits(v, 390)
    page.set_viewport_size({"width": 1280, "height": 900})
    dates = page.get_by_role("group", name="To")
    dates.get_by_label("Day").fill("")
    dates.get_by_label("Month").fill("")
    dates.get_by_label("Year").fill("")
    page.get_by_label("CSV, for a spreadsheet").check()
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Download").click()
    download = downloading.value

    assert download.suggested_filename == "expertbank-east-midlands-from-2027-03-02.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert rows and {row["library service"] for row in rows} <= {
        "Leicestershire", "Nottingham City", "Derby", ""}  # fmt: skip
    assert all(row["time (UTC)"] >= "2027-03-02" for row in rows)
