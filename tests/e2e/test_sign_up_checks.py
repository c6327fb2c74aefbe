"""The sign-up form shows the server's reasons for refusing a password, next to the field."""

from __future__ import annotations

import pytest

from tests.factories import new_email

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("password", "words"),
    [("password123", "most used passwords"), (None, "isn't your email")],
)
def test_a_guessable_password_is_explained_next_to_the_field(page, password, words) -> None:
    email = new_email()
    page.goto("/signup")
    page.get_by_label("Email").fill(email)
    password_box = page.get_by_label("Password", exact=True)
    password_box.fill(password or email)
    page.get_by_role("button", name="Create account").click()
    error = page.locator("#password-error")
    error.wait_for()
    assert words in error.inner_text()
    assert password_box.get_attribute("aria-invalid") == "true"
    assert page.url.endswith("/signup")
