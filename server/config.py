"""Configuration: zero-config embedded defaults, overridden from the environment.

The embedded mode needs nothing set: the SQLite database, the Huey queue file, the
session secret and the VAPID keys all live in the instance folder and are created on
first run. Production sets DATABASE_URL (PostgreSQL), HUEY_URL (Redis or PostgreSQL),
VAPID_PRIVATE_KEY, VAPID_SUBJECT and SECRET_KEY.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

import orjson

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def read_or_create_secret(instance_dir: Path, filename: str = "secret_key") -> str:
    """The session secret: made once, kept in the instance folder, never hard-coded."""
    path = instance_dir / filename
    if path.exists():
        return path.read_text().strip()
    instance_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    # O_EXCL: two processes starting at once must not each write a different secret.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secret)
    return secret


def create_private_file(path: Path) -> None:
    """Create an empty file only its owner can read, unless it exists. SQLite gives its -wal and
    -shm files the database file's mode, so the whole database stays private."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def sqlite_file(url: str) -> Path | None:
    """The file behind a sqlite:/// URL, or None (in-memory or not SQLite)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url in {prefix, prefix + ":memory:"}:
        return None
    return Path(url.removeprefix(prefix).split("?", 1)[0])


def normalise_database_url(url: str) -> str:
    """Accept the common `postgres://` spelling and pick the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def json_loads(text: str | bytes) -> Any:
    """orjson's decoder, or the json module's for what orjson refuses (NaN, say)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def json_dumps(value: Any) -> str:
    """orjson's encoder (compact), or the json module's for what orjson refuses (integers
    beyond 64 bits, non-string keys, lone surrogates): JSON columns are encoded on every row
    a sync writes (tags, value ids, field clocks; issue 12)."""
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value)


def build_config(instance_dir: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every setting the app reads, in one place (the README lists them)."""
    overrides = dict(overrides or {})
    env = os.environ
    database_url = overrides.pop("DATABASE_URL", None) or env.get("DATABASE_URL")
    if not database_url:
        database_url = f"sqlite:///{instance_dir / 'smallwins.sqlite3'}"
    config: dict[str, Any] = {
        "SECRET_KEY": env.get("SECRET_KEY") or None,
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        # JSON columns (tags, field clocks) are decoded on every row a pull reads and encoded
        # on every row a sync writes: orjson is several times faster than the json module
        # there (bench/README.md, issue 12).
        # No pool_pre_ping: it is a round trip (SELECT 1) on every checkout, about a tenth of
        # a sync's statements on PostgreSQL. A connection that died meanwhile (a database
        # restart) fails its first statement instead; that is a disconnect, which invalidates
        # the whole pool and answers 503 try_again (server/db_errors.py), so each worker pays
        # one retried request, not one per stale connection (issue 12).
        "SQLALCHEMY_ENGINE_OPTIONS": {
            "json_deserializer": json_loads,
            "json_serializer": json_dumps,
        },
        # How long a SQLite write waits for another writer before the request answers 503.
        "SQLITE_BUSY_TIMEOUT_MS": int(env.get("SQLITE_BUSY_TIMEOUT_MS", 5000)),
        # Back-pressure (server/admission/): an API request that waited longer than the budget
        # for a gunicorn thread is answered 503 try_again at once, and one that waited longer
        # than the target while the queue has not emptied for a whole budget's length (a
        # standing overload); a SQLite writer that cannot start within its budget is too
        # (first come, first served until then). A budget of 0 turns that part off.
        "ADMISSION_QUEUE_BUDGET_MS": int(env.get("ADMISSION_QUEUE_BUDGET_MS", 500)),
        "ADMISSION_QUEUE_TARGET_MS": int(env.get("ADMISSION_QUEUE_TARGET_MS", 50)),
        "SQLITE_WRITE_GATE_BUDGET_MS": int(env.get("SQLITE_WRITE_GATE_BUDGET_MS", 1000)),
        # A sync batch of 200 wins at 500 characters each stays well below this.
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", 1024 * 1024)),
        "SESSION_COOKIE_NAME": "smallwins_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # None means "Secure exactly when the request came over https" (see sessions.py).
        "SESSION_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", False) or None,
        # The cookie is re-signed and re-sent when the session changes, and when its server-side
        # row slides (every LAST_SEEN_EVERY, server/auth/sessions.py), not on every response:
        # signing it was ~7% of a sync request's CPU (issue 12).
        "SESSION_REFRESH_EACH_REQUEST": False,
        "PERMANENT_SESSION_LIFETIME": int(env.get("SESSION_LIFETIME_DAYS", 60)) * 86400,
        "PASSWORD_HASH_METHOD": env.get("PASSWORD_HASH_METHOD", "scrypt"),
        "SIGNIN_MAX_FAILURES_PER_ACCOUNT": int(env.get("SIGNIN_MAX_FAILURES_PER_ACCOUNT", 5)),
        "SIGNIN_MAX_FAILURES_PER_ADDRESS": int(env.get("SIGNIN_MAX_FAILURES_PER_ADDRESS", 20)),
        "SIGNIN_WINDOW_SECONDS": int(env.get("SIGNIN_WINDOW_SECONDS", 15 * 60)),
        # New accounts per client address per window (a household behind one NAT fits).
        "SIGNUP_MAX_PER_ADDRESS": int(env.get("SIGNUP_MAX_PER_ADDRESS", 10)),
        "SIGNUP_WINDOW_SECONDS": int(env.get("SIGNUP_WINDOW_SECONDS", 60 * 60)),
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", 0)),
        "CLIENT_DIST": Path(env.get("CLIENT_DIST", PROJECT_ROOT / "client" / "dist")),
        # Jobs (Huey). Unset: SqliteHuey on its own file in the instance folder (embedded mode).
        # redis://... selects RedisHuey, postgresql://... PostgresHuey. HUEY_IMMEDIATE runs
        # tasks inline without a consumer (tests).
        "HUEY_URL": env.get("HUEY_URL") or None,
        "HUEY_IMMEDIATE": _env_bool("HUEY_IMMEDIATE", False),
        # Web push. Unset VAPID_PRIVATE_KEY: a key pair is generated once into the instance
        # folder. VAPID_SUBJECT is how push services reach the operator (mailto: or https:).
        "VAPID_PRIVATE_KEY": env.get("VAPID_PRIVATE_KEY") or None,
        "VAPID_SUBJECT": env.get("VAPID_SUBJECT", "mailto:small-wins@example.com"),
        # Test setting only: also accept http(s) subscriptions on 127.0.0.1/localhost, where
        # the tests' loopback push service listens. Never enable it in production (SSRF).
        "PUSH_ALLOW_LOOPBACK": _env_bool("PUSH_ALLOW_LOOPBACK", False),
        "PUSH_TIMEOUT_S": float(env.get("PUSH_TIMEOUT_S", 4)),
        # No push holds a request or a tick batch longer than these (connect, read, retries).
        "PUSH_SEND_DEADLINE_S": float(env.get("PUSH_SEND_DEADLINE_S", 5)),
        "PUSH_BATCH_DEADLINE_S": float(env.get("PUSH_BATCH_DEADLINE_S", 15)),
        "PUSH_TEST_LIMIT": int(env.get("PUSH_TEST_LIMIT", 5)),  # test notifications per window
        "PUSH_TEST_WINDOW_S": int(env.get("PUSH_TEST_WINDOW_S", 600)),
        "PUSH_MAX_RETRIES": int(env.get("PUSH_MAX_RETRIES", 3)),
        "PUSH_BACKOFF_S": float(env.get("PUSH_BACKOFF_S", 0.5)),
        "PUSH_WORKERS": int(env.get("PUSH_WORKERS", 16)),
        "PUSH_MAX_SUBSCRIPTIONS_PER_USER": int(env.get("PUSH_MAX_SUBSCRIPTIONS_PER_USER", 20)),
        # The reminder tick claims this many due reminders at a time, for this long.
        "REMINDER_BATCH_SIZE": int(env.get("REMINDER_BATCH_SIZE", 500)),
        "REMINDER_LEASE_S": int(env.get("REMINDER_LEASE_S", 120)),
        # Mail for password resets (server/mail.py). Unset: no mail; operators run
        # `flask users reset-password EMAIL`. PUBLIC_URL is where reset links point (never the
        # request's Host header, which an attacker could choose); required with SMTP_URL.
        "SMTP_URL": env.get("SMTP_URL") or None,
        "MAIL_FROM": env.get("MAIL_FROM", "Small Wins <small-wins@localhost>"),
        "PUBLIC_URL": (env.get("PUBLIC_URL") or "").rstrip("/") or None,
        "RESET_TOKEN_MINUTES": int(env.get("RESET_TOKEN_MINUTES", 60)),
        # Password checks on a signed-in account (change password or email, delete) per window
        # (SIGNIN_WINDOW_SECONDS); reset emails per address and per client (SIGNUP_WINDOW_SECONDS).
        "PASSWORD_CHECK_MAX_FAILURES": int(env.get("PASSWORD_CHECK_MAX_FAILURES", 5)),
        "RESET_MAX_PER_EMAIL": int(env.get("RESET_MAX_PER_EMAIL", 3)),
        "RESET_MAX_PER_ADDRESS": int(env.get("RESET_MAX_PER_ADDRESS", 10)),
        # Users per weekly summary batch: one Huey task, one transaction holding their locks.
        "WEEKLY_BATCH_SIZE": int(env.get("WEEKLY_BATCH_SIZE", 200)),
        # flask-smorest / OpenAPI
        "API_TITLE": "Small Wins API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
    }
    config.update(overrides)
    database_file = sqlite_file(config["SQLALCHEMY_DATABASE_URI"])
    if database_file is not None:
        create_private_file(database_file)
    if config["SMTP_URL"]:
        from server.mail import parse_smtp_url

        parse_smtp_url(config["SMTP_URL"])  # a typo fails at start-up, not at the first reset
        if not config["PUBLIC_URL"]:
            raise ValueError("SMTP_URL needs PUBLIC_URL (e.g. https://wins.example.org) for links")
    # Forced, even over an override: SQL parameters hold emails, password hashes and tokens,
    # and SQLAlchemy would otherwise print them into every error message and log.
    engine_options = {**config["SQLALCHEMY_ENGINE_OPTIONS"], "hide_parameters": True}
    config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options
    if not config["SECRET_KEY"]:
        config["SECRET_KEY"] = read_or_create_secret(instance_dir)
    return config
