"""The owner-scoped ids migration keeps every row, the delivery ledger included.

SQLite runs with foreign_keys=ON, where rebuilding the reminders table (batch mode) would
empty reminder_deliveries through ON DELETE CASCADE unless the migration takes care."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade

from server.extensions import db
from tests.api.test_migrations import MIGRATIONS
from tests.conftest import make_app

USER = "00000000-0000-4000-8000-000000000001"
OTHER = "00000000-0000-4000-8000-000000000002"
REMINDER = "00000000-0000-4000-8000-0000000000aa"
NOW = "2026-11-20 20:00:00+00:00"


def test_upgrading_keeps_records_and_deliveries_and_lets_owners_share_an_id(
    database_url: str, tmp_path: Path
) -> None:
    app = make_app(database_url, tmp_path)
    with app.app_context():
        upgrade(directory=str(MIGRATIONS), revision="4140a2d45eca")
        with db.engine.begin() as conn:
            for user in (USER, OTHER):
                conn.execute(
                    sa.text(
                        "INSERT INTO users (id, email, password_hash, time_zone, day_start_hour,"
                        " created_at) VALUES (:id, :email, 'x', 'UTC', 4, :now)"
                    ),
                    {"id": user, "email": f"{user}@example.org", "now": NOW},
                )
            conn.execute(
                sa.text(
                    "INSERT INTO reminders (id, user_id, server_seq, field_clock, deleted, kind,"
                    " enabled, local_time, weekdays) VALUES (:id, :user, 1, '{}', false,"
                    " 'evening_recap', true, '21:00', '[]')"
                ),
                {"id": REMINDER, "user": USER},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO reminder_deliveries (reminder_id, user_id, kind, local_date,"
                    " due_at, status, delivered, failed, created_at) VALUES (:id, :user,"
                    " 'evening_recap', '2026-11-20', :now, 'sent', 1, 0, :now)"
                ),
                {"id": REMINDER, "user": USER, "now": NOW},
            )
        upgrade(directory=str(MIGRATIONS))
        with db.engine.begin() as conn:
            count = "SELECT count(*) FROM reminder_deliveries WHERE reminder_id = :id"
            assert conn.scalar(sa.text(count), {"id": REMINDER}) == 1
            conn.execute(
                sa.text(
                    "INSERT INTO reminders (id, user_id, server_seq, field_clock, deleted, kind,"
                    " enabled, local_time, weekdays) VALUES (:id, :user, 1, '{}', false,"
                    " 'evening_recap', true, '21:00', '[]')"
                ),
                {"id": REMINDER, "user": OTHER},
            )
            owners = "SELECT user_id FROM reminders WHERE id = :id ORDER BY user_id"
            assert list(conn.scalars(sa.text(owners), {"id": REMINDER})) == [USER, OTHER]
        db.engine.dispose()
