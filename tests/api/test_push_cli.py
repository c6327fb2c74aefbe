"""`flask push vapid`: print the public key; rotate only when asked, with a warning."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from server.push.vapid import VapidKeys, load_or_create_keys
from tests.conftest import make_app


def test_push_vapid_prints_the_instance_public_key(app: Flask, tmp_path: Path) -> None:
    result = app.test_cli_runner().invoke(args=["push", "vapid"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == load_or_create_keys(tmp_path / "instance").public_key_b64url


def test_rotating_replaces_the_key_and_warns_that_subscriptions_must_renew(
    app: Flask, tmp_path: Path
) -> None:
    runner = app.test_cli_runner()
    before = runner.invoke(args=["push", "vapid"]).output.strip()
    result = runner.invoke(args=["push", "vapid", "--rotate", "--yes"])
    assert result.exit_code == 0, result.output
    assert "subscribe again" in result.stderr
    after = result.stdout.strip()
    assert after != before
    assert load_or_create_keys(tmp_path / "instance").public_key_b64url == after
    assert runner.invoke(args=["push", "vapid"]).output.strip() == after


def test_rotating_asks_first_and_declining_keeps_the_key(app: Flask) -> None:
    runner = app.test_cli_runner()
    before = runner.invoke(args=["push", "vapid"]).output.strip()
    result = runner.invoke(args=["push", "vapid", "--rotate"], input="n\n")
    assert result.exit_code != 0
    assert runner.invoke(args=["push", "vapid"]).output.strip() == before


def test_a_key_from_the_environment_is_used_and_cannot_be_rotated_here(
    database_url: str, tmp_path: Path
) -> None:
    keys = VapidKeys.generate()
    app = make_app(database_url, tmp_path, VAPID_PRIVATE_KEY=keys.private_key_pem.decode())
    runner = app.test_cli_runner()
    assert runner.invoke(args=["push", "vapid"]).output.strip() == keys.public_key_b64url
    result = runner.invoke(args=["push", "vapid", "--rotate", "--yes"])
    assert result.exit_code != 0
    assert "VAPID_PRIVATE_KEY" in result.output
    assert not (tmp_path / "instance" / "vapid_private.pem").exists()
