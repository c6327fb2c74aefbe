"""Which new passwords are refused: very common ones and the email address itself."""

from __future__ import annotations

import pytest

from server.core.passwords import COMMON, EMAIL, password_problem

LIST = frozenset({"password123", "qwertyuiop", "1234567890"})
ADDRESS = "ana.smith@example.org"


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("password123", COMMON),
        ("PassWord123", COMMON),
        ("Password 123!", COMMON),
        ("qwerty-uiop", COMMON),
        ("ana.smith@example.org", EMAIL),
        ("Ana.Smith@Example.org", EMAIL),
        ("my ana.smith@example.org!", EMAIL),
        ("ana.smith@example", EMAIL),
        ("ana.smith2024!", EMAIL),
        ("2024 ana.smith", EMAIL),
    ],
)
def test_guessable_passwords_are_refused_with_a_reason(password: str, problem: str) -> None:
    assert password_problem(password, ADDRESS, LIST) == problem


@pytest.mark.parametrize(
    "password",
    ["correct horse battery", "ana.smith loves green tea", "password123 but longer and mine"],
)
def test_other_passwords_pass(password: str) -> None:
    assert password_problem(password, ADDRESS, LIST) is None


def test_a_short_local_part_does_not_refuse_every_password_containing_it() -> None:
    assert password_problem("banana bread 42", "an@example.org", LIST) is None
