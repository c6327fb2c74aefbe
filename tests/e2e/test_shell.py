"""The app shell in real headless Chromium: accounts, installability, offline start."""

from __future__ import annotations

import re

import pytest

from tests.e2e.helpers import sign_up, wait_for_service_worker
from tests.factories import PASSWORD, new_email

pytestmark = pytest.mark.e2e


def test_sign_up_sign_out_and_sign_in_again(page) -> None:
    email = new_email()
    sign_up(page, email)
    assert page.get_by_role("heading", level=1).is_visible()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/signin$"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/today$"))
    page.reload()
    page.wait_for_url(re.compile(r"/today$"))


def test_a_wrong_password_shows_a_kind_error_next_to_the_form(page) -> None:
    email = new_email()
    sign_up(page, email)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/signin$"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("not my password at all")
    page.get_by_role("button", name="Sign in").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "match" in alert.inner_text()
    assert page.url.endswith("/signin")


def test_chrome_finds_the_app_installable(page, context) -> None:
    page.goto("/signin")
    wait_for_service_worker(page)
    cdp = context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Every Playwright context is incognito-like; that one error says nothing about the app.
    assert [e for e in errors if e["errorId"] != "in-incognito"] == []
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == []


def test_the_shell_starts_offline_after_the_first_visit(page, context) -> None:
    sign_up(page, new_email())
    wait_for_service_worker(page)
    context.set_offline(True)
    try:
        page.reload()
        page.get_by_role("heading", level=1).wait_for()
        assert "Small Wins" in page.title()
        assert page.url.endswith("/today")
    finally:
        context.set_offline(False)
