"""The application factory: config, extensions, blueprints, errors, CLI."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from server import admission, cli, compression, csrf, db_errors, security
from server.config import build_config
from server.errors import error_response
from server.extensions import api, db, login_manager, migrate
from server.sessions import AdaptiveSecureSessionInterface


def create_app(config: dict[str, Any] | None = None) -> Flask:
    overrides = dict(config or {})
    # Tests (and odd deployments) may keep the instance folder elsewhere.
    instance_path = overrides.pop("INSTANCE_PATH", None) or os.environ.get("INSTANCE_PATH")
    app = Flask(__name__, instance_path=instance_path, static_folder=None)
    instance_dir = Path(app.instance_path)
    instance_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # secrets live here
    app.config.from_mapping(build_config(instance_dir, overrides))
    app.session_interface = AdaptiveSecureSessionInterface()
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    logging.basicConfig(level=logging.INFO)

    from server import models  # noqa: F401  (registers tables for db and Alembic)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent.parent / "migrations"))
    _init_login(app)
    api.init_app(app)
    csrf.init_app(app)
    security.init_app(app)
    compression.init_app(app)  # responses: zstd/br/gzip, never a token's (BREACH)
    db_errors.init_app(app)
    _register_blueprints(app)
    _init_sync(app)
    _init_jobs_and_push(app)
    with app.app_context():
        _tune_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    admission.init_app(app)  # back-pressure: queue-time shedding, SQLite write gate
    return app


def _init_login(app: Flask) -> None:
    from server.auth import sessions
    from server.models import User

    login_manager.init_app(app)

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        # Checks the server-side session row, so sign-out really ends a session.
        return sessions.load_user(user_id)

    @login_manager.unauthorized_handler
    def unauthorized() -> Any:
        # An API never redirects to a sign-in page: the client decides what to show.
        return error_response(401)


def _init_sync(app: Flask) -> None:
    """The kinds of record that sync: one line each (docs/collections.md)."""
    from server import (
        goals,
        intentions,
        preferences,
        recaps,
        reflections,
        reminders,
        summaries,
        sync,
        values,
        wins,
    )

    collections = [
        wins.collection(),
        intentions.collection(),
        reminders.collection(),
        summaries.collection(),
        reflections.collection(),
        goals.collection(),
        values.collection(),
        preferences.collection(),
        recaps.collection(),
    ]
    sync.init_app(app, collections)


def _register_blueprints(app: Flask) -> None:
    from server.auth import blp as auth_blp
    from server.auth.account import blp as account_blp
    from server.data import blp as data_blp
    from server.push import blp as push_blp
    from server.reminders import blp as reminders_blp
    from server.shares import blp as shares_blp
    from server.shares import public as shared_page
    from server.sync import blp as sync_blp
    from server.web import web

    api.register_blueprint(auth_blp)
    api.register_blueprint(account_blp)
    api.register_blueprint(sync_blp)
    api.register_blueprint(push_blp)
    api.register_blueprint(reminders_blp)
    api.register_blueprint(shares_blp)
    api.register_blueprint(data_blp)
    app.register_blueprint(shared_page)  # /s/<token>, before the client's catch-all
    app.register_blueprint(web)


def _init_jobs_and_push(app: Flask) -> None:
    from server.jobs import queue
    from server.push import runtime

    runtime.init_app(app)
    queue.init_app(app)
    cli.init_app(app)


def _tune_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # WAL lets the web process read while the job consumer writes; foreign keys
        # are off by default in SQLite; busy_timeout waits out a writer, not errors.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
