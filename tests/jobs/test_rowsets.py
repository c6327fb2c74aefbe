"""Batches as one JSON parameter (server/jobs/rowsets.py) select, insert and update the
same rows as the written-out forms they replace, on SQLite and on PostgreSQL; and the tick's faster
reminder id check still agrees with uuid5."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from flask import Flask

from server.extensions import db
from server.jobs.rowsets import in_rows, rows_source
from server.models import Reminder, ReminderDelivery
from server.reminders.kinds import REMINDER_NAMESPACE, reminder_id
from tests.jobs.helpers import make_user

NOW = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
RECAP_DUE = datetime(2026, 6, 10, 19, 0, tzinfo=UTC)


def _squat(owner: str, squatter: str) -> None:
    """The squatter holds a row under the owner's recap id (ids are deterministic)."""
    db.session.add(
        Reminder(
            id=reminder_id(owner, "evening_recap"),
            user_id=squatter,
            server_seq=100,
            field_clock={},
            kind="evening_recap",
            enabled=True,
            local_time="21:00",
            weekdays=[0, 1, 2, 3, 4, 5, 6],
            deleted=False,
            next_fire_at=RECAP_DUE,
        )
    )
    db.session.commit()


def test_in_rows_finds_what_the_written_out_in_finds_scoped_by_owner(app: Flask) -> None:
    owner, squatter = make_user(app, NOW), make_user(app, NOW)
    with app.app_context():
        _squat(owner, squatter)
        r = Reminder.__table__
        keys = [
            (reminder_id(owner, "evening_recap"), owner),
            (reminder_id(squatter, "weekly_review"), squatter),
            (reminder_id(squatter, "evening_recap"), owner),  # the id of one, the owner of another
            ("no-such-reminder", owner),
        ]
        query = sa.select(r.c.id, r.c.user_id)
        written_out = set(db.session.execute(query.where(sa.tuple_(r.c.id, r.c.user_id).in_(keys))))
        as_rows = set(db.session.execute(query.where(in_rows([r.c.id, r.c.user_id], keys))))

        assert as_rows == written_out == set(keys[:2])
        assert (reminder_id(owner, "evening_recap"), squatter) not in as_rows
        assert db.session.execute(query.where(in_rows([r.c.id, r.c.user_id], []))).all() == []


def test_the_statement_is_the_same_text_for_any_number_of_rows(app: Flask) -> None:
    with app.app_context():
        r = Reminder.__table__

        def text(count: int) -> str:
            keys = [(f"id-{n}", f"user-{n}") for n in range(count)]
            query = sa.select(r.c.id).where(in_rows([r.c.id, r.c.user_id], keys))
            return str(query.compile(db.engine))

        assert text(2) == text(500)
        assert text(500).count("id-") == 0  # the values travel as parameters, not SQL


def test_a_compare_and_set_from_rows_matches_stored_times_and_dates_exactly(app: Flask) -> None:
    owner, squatter = make_user(app, NOW), make_user(app, NOW)
    recap = reminder_id(owner, "evening_recap")
    with app.app_context():
        _squat(owner, squatter)
        r = Reminder.__table__
        db.session.execute(r.update().where(r.c.user_id == owner).values(next_fire_at=RECAP_DUE))
        later = RECAP_DUE + timedelta(days=1)
        source = rows_source(
            [
                ("id", r.c.id.type),
                ("user_id", r.c.user_id.type),
                ("claimed_at", r.c.next_fire_at.type),
                ("next_at", r.c.next_fire_at.type),
            ],
            [
                (recap, owner, RECAP_DUE, later),  # the stored value: moves
                (
                    reminder_id(owner, "weekly_review"),
                    owner,
                    RECAP_DUE + timedelta(seconds=1),
                    later,
                ),
                (reminder_id(owner, "mindful_pause"), owner, None, later),  # NULL equals nothing
            ],
        )
        db.session.execute(
            r.update()
            .where(
                r.c.id == source.c.id,
                r.c.user_id == source.c.user_id,
                r.c.next_fire_at == source.c.claimed_at,
            )
            .values(next_fire_at=source.c.next_at)
        )
        db.session.commit()
        fires = dict(
            db.session.execute(
                sa.select(r.c.id, r.c.next_fire_at).where(r.c.user_id == owner)
            ).all()
        )

        assert fires[recap] == later
        assert fires[reminder_id(owner, "weekly_review")] == RECAP_DUE
        assert fires[reminder_id(owner, "mindful_pause")] == RECAP_DUE
        squatted = db.session.get(Reminder, (recap, squatter))
        assert squatted is not None and squatted.next_fire_at == RECAP_DUE  # not the owner's row

        # A date from rows finds the date a typed INSERT stored.
        d = ReminderDelivery.__table__
        day = date(2026, 6, 10)
        db.session.execute(
            d.insert().values(
                reminder_id=recap,
                user_id=owner,
                kind="evening_recap",
                local_date=day,
                due_at=RECAP_DUE,
                status="sending",
                delivered=0,
                failed=0,
                created_at=NOW,
            )
        )
        columns = [d.c.reminder_id, d.c.user_id, d.c.local_date]
        found = db.session.execute(
            sa.select(d.c.status).where(in_rows(columns, [(recap, owner, day)]))
        )
        missed = db.session.execute(
            sa.select(d.c.status).where(in_rows(columns, [(recap, owner, day + timedelta(days=1))]))
        )
        assert found.scalars().all() == ["sending"]
        assert missed.scalars().all() == []


def test_reminder_ids_are_still_uuid5_of_user_and_kind() -> None:
    for user_id in ("00000000-0000-4000-8000-000000000001", "ü-ser", ""):
        for kind in ("evening_recap", "weekly_review"):
            expected = str(uuid.uuid5(REMINDER_NAMESPACE, f"{user_id}:{kind}"))
            assert reminder_id(user_id, kind) == expected
