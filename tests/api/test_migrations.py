"""Migrations are reviewed code: one head, up and down on an empty database, and
no difference between the models and what the migrations build."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import downgrade, upgrade

from server.extensions import db
from tests.conftest import make_app

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def _migrated_app(database_url: str, tmp_path: Path) -> Flask:
    app = make_app(database_url, tmp_path)
    with app.app_context():
        upgrade(directory=str(MIGRATIONS))
    return app


def test_there_is_a_single_head() -> None:
    from alembic.config import Config

    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrade_builds_every_table_and_downgrade_removes_them(
    database_url: str, tmp_path: Path
) -> None:
    app = _migrated_app(database_url, tmp_path)
    with app.app_context():
        tables = set(sa.inspect(db.engine).get_table_names())
        assert set(db.metadata.tables) <= tables
        downgrade(directory=str(MIGRATIONS), revision="base")
        left = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert left == set()
        db.engine.dispose()


def test_models_and_migrations_agree(database_url: str, tmp_path: Path) -> None:
    app = _migrated_app(database_url, tmp_path)
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    with app.app_context():
        db.engine.dispose()
    assert diff == []
