"""Shared fixtures: an app per test on SQLite, and on PostgreSQL when
TEST_DATABASE_URL is set (CI sets it; a laptop without PostgreSQL skips those)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from server.app import create_app
from server.extensions import db
from tests.factories import ApiClient

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
# A cheap scrypt keeps the suite fast; production uses the default (tested separately).
FAST_HASH = "scrypt:1024:8:1"


def reset_postgres(url: str) -> None:
    engine = sa.create_engine(_psycopg(url))
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def _psycopg(url: str) -> str:
    from server.config import normalise_database_url

    return normalise_database_url(url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    if not POSTGRES_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    reset_postgres(POSTGRES_URL)
    return POSTGRES_URL


def make_app(database_url: str, tmp_path: Path, **overrides: Any) -> Flask:
    config = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "PASSWORD_HASH_METHOD": FAST_HASH,
        # Every test client signs up from 127.0.0.1; tests of the limit lower it again.
        "SIGNUP_MAX_PER_ADDRESS": 10_000,
        "PUSH_ALLOW_LOOPBACK": True,  # the loopback push service; tests of the refusal turn it off
        **overrides,
    }
    return create_app(config)


def app_with_schema(database_url: str, tmp_path: Path, **overrides: Any) -> Iterator[Flask]:
    """An app whose tables exist, torn down cleanly; fixtures `yield from` it."""
    app = make_app(database_url, tmp_path, **overrides)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    yield from app_with_schema(database_url, tmp_path)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def api(app: Flask) -> ApiClient:
    """A test client that sends the CSRF header like the real client does."""
    return ApiClient(app.test_client())


@pytest.fixture
def user_api(api: ApiClient) -> ApiClient:
    api.sign_up()
    return api
