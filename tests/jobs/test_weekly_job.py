"""The weekly summary job: due at the end of each person's week, exactly once per (user, ISO
week) however many runs or consumers, refreshed after late changes, recomputed from the CLI."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask

from server.extensions import db
from server.jobs.weekly import WeeklyReport, compute_batch, run_weekly
from server.models import WeekWordCounts
from server.summaries.store import summary_id
from tests.conftest import app_with_schema
from tests.jobs.helpers import make_user, set_reminder
from tests.jobs.weekly_helpers import DUE, MONDAY, add_week, add_win, summaries, user_email

SETUP = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
USERS = 12


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    # Small batches, so parallel consumers interleave over many of them.
    yield from app_with_schema(database_url, tmp_path, WEEKLY_BATCH_SIZE=3)


def run(app: Flask, now: datetime) -> WeeklyReport:
    with app.app_context():
        try:
            return run_weekly(now)
        finally:
            db.session.remove()


def test_nothing_is_summarised_before_the_end_of_the_persons_week(app: Flask) -> None:
    user = make_user(app, SETUP)
    add_week(app, user)
    run(app, DUE - timedelta(minutes=1))
    assert [s.week for s in summaries(app, user)] == ["2026-W46"]  # the week before, empty
    assert summaries(app, user)[0].data["wins"] == 0


def test_at_the_end_of_the_week_its_summary_is_stored_with_themes(app: Flask) -> None:
    user = make_user(app, SETUP)
    add_week(app, user)
    report = run(app, DUE)
    (summary,) = summaries(app, user)
    assert report.created == 1
    assert summary.id == summary_id(user, "2026-W47")
    assert (summary.week, summary.week_start, summary.dirty) == ("2026-W47", MONDAY, False)
    assert summary.data["wins"] == 3
    assert [t["label"] for t in summary.data["themes"]] == ["said no"]
    with app.app_context():
        counts = db.session.get(WeekWordCounts, (user, MONDAY))
        assert counts.counts["said no"] == 2


def test_the_weekly_review_time_is_when_the_week_ends(app: Flask) -> None:
    user = make_user(app, SETUP)
    add_week(app, user)
    set_reminder(app, user, "weekly_review", SETUP, local_time="20:30")
    run(app, DUE)  # 18:00: not yet
    assert [s.week for s in summaries(app, user)] == ["2026-W46"]
    run(app, DUE + timedelta(hours=2, minutes=30))
    assert [s.week for s in summaries(app, user)] == ["2026-W46", "2026-W47"]


def test_running_the_job_twice_makes_one_summary(app: Flask) -> None:
    user = make_user(app, SETUP)
    add_week(app, user)
    first, second = run(app, DUE), run(app, DUE + timedelta(minutes=15))
    assert (first.created, second.created, second.batches) == (1, 0, 0)
    with app.app_context():
        # A replayed batch (a retry, a restarted consumer) finds the summary and skips it.
        replay = compute_batch([user], MONDAY, DUE)
    assert (replay.created, replay.already) == (0, 1)
    assert len(summaries(app, user)) == 1


def test_two_consumers_in_parallel_make_one_summary_per_person(app: Flask) -> None:
    users = [make_user(app, SETUP) for _ in range(USERS)]
    for user in users[::2]:
        add_week(app, user)
    start = threading.Barrier(2)
    reports, errors = [], []

    def consume() -> None:
        try:
            start.wait()
            reports.append(run(app, DUE))
        except Exception as exc:  # surfaced below; a thread cannot fail the test itself
            errors.append(exc)

    threads = [threading.Thread(target=consume) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sum(report.created for report in reports) == USERS
    rows = summaries(app)
    assert len(rows) == USERS
    assert len({(row.user_id, row.week) for row in rows}) == USERS


def test_a_late_win_marks_the_summary_dirty_and_the_next_pass_refreshes_it(app: Flask) -> None:
    user = make_user(app, SETUP)
    add_week(app, user)
    run(app, DUE)
    (before,) = summaries(app, user)
    with app.app_context():
        from server.summaries.store import mark_dirty

        late = add_win(app, user, MONDAY + timedelta(days=6), "Sunday evening stretch")
        mark_dirty(user, [late], DUE)
        db.session.commit()
    assert summaries(app, user)[0].dirty is True
    report = run(app, DUE + timedelta(minutes=15))
    (after,) = summaries(app, user)
    assert (report.refreshed, after.dirty, after.data["wins"]) == (1, False, 4)
    assert after.server_seq > before.server_seq


def test_the_cli_recomputes_a_week_for_one_person_and_says_so(app: Flask) -> None:
    user = make_user(app, SETUP)
    other = make_user(app, SETUP)
    add_week(app, user)
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["jobs", "weekly", "--week", "2026-W47", "--user", user_email(app, user).upper()]
    )
    assert result.exit_code == 0, result.output
    assert "2026-W47: batches 1: 1 created, 0 refreshed, 0 already there" in result.output
    assert [s.week for s in summaries(app, user)] == ["2026-W47"]
    assert summaries(app, other) == []
    again = runner.invoke(args=["jobs", "weekly", "--week", "2026-W47"])
    assert "2026-W47: batches 1: 1 created, 1 refreshed, 0 already there" in again.output


def test_the_cli_refuses_a_bad_week_or_an_unknown_person(app: Flask) -> None:
    runner = app.test_cli_runner()
    bad_week = runner.invoke(args=["jobs", "weekly", "--week", "2026-W60"])
    assert bad_week.exit_code != 0 and "2026-W47" in bad_week.output
    nobody = runner.invoke(args=["jobs", "weekly", "--user", "nobody@example.com"])
    assert nobody.exit_code != 0 and "no account" in nobody.output
