"""Text at the domain's boundary: what a one-line field and a multi-line field may hold."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput
from domain.validation import text


def one_line(value: str) -> str:
    return text(value, "a name", field="name")


def lines(value: str) -> str:
    return text(value, "the notes", field="notes", max_length=8000, multiline=True)


@pytest.mark.parametrize(
    "value",
    ["Derby\nLibraries", "Derby\rLibraries", "Derby\r\nLibraries", "Derby\u2028Libraries"],
    ids=["newline", "carriage return", "both", "line separator"],
)
def test_a_one_line_field_cannot_hold_a_line_break(value: str) -> None:
    with pytest.raises(InvalidInput, match=r"^a name must be on one line$") as refusal:
        one_line(value)
    assert refusal.value.field == "name"


@pytest.mark.parametrize(
    ("value", "code"),
    [("Der\x00by", "0000"), ("Der\tby", "0009"), ("Der\x1bby", "001B"), ("Der\x85by", "0085")],
    ids=["NUL", "tab", "escape", "C1 next line"],
)
def test_a_one_line_field_cannot_hold_a_control_character(value: str, code: str) -> None:
    with pytest.raises(InvalidInput, match=f"a name contains a character .* \\(U\\+{code}\\)"):
        one_line(value)


@pytest.mark.parametrize("value", ["Derby \ud800", "\udfff Derby"], ids=["high", "low"])
def test_no_field_can_hold_half_a_surrogate_pair(value: str) -> None:
    for check in (one_line, lines):
        with pytest.raises(InvalidInput, match="cannot be used here"):
            check(value)


def test_a_multi_line_field_keeps_newlines_and_tabs_and_writes_line_ends_as_newlines() -> None:
    assert lines("First\r\n\tindented\rthird\nfourth") == "First\n\tindented\nthird\nfourth"


@pytest.mark.parametrize("value", ["a\x00b", "a\x07b", "a\x7fb", "a\x0bb"])
def test_a_multi_line_field_refuses_every_other_control_character(value: str) -> None:
    with pytest.raises(InvalidInput, match="the notes contains a character"):
        lines(value)


def test_letters_of_every_script_and_emoji_pass() -> None:
    value = "Zoë Łukasiewicz, 東京 📚 — café"
    assert one_line(value) == value
    assert lines(value) == value
