"""Weeks: ISO names, Monday-Sunday local days with "day starts at", due times in odd zones."""

from datetime import UTC, date, datetime, time

import pytest

from server.core.weeks import due_at, latest_due_week, parse_week, week_label, week_of

MON_W47 = date(2026, 11, 16)


def test_a_week_is_named_by_its_iso_week():
    assert week_label(MON_W47) == "2026-W47"
    assert week_label(date(2026, 12, 28)) == "2026-W53"  # 2026 starts on a Thursday
    assert week_label(date(2025, 12, 29)) == "2026-W01"


@pytest.mark.parametrize("label", ["2026-W47", "2026-W53", "2026-W01"])
def test_a_week_name_parses_back_to_its_monday(label):
    assert week_label(parse_week(label)) == label
    assert parse_week(label).weekday() == 0


@pytest.mark.parametrize("label", ["2025-W53", "2026-W00", "2026-47", "2026-W4", "", None])
def test_a_malformed_or_impossible_week_name_is_refused(label):
    with pytest.raises(ValueError):
        parse_week(label)


def test_in_utc_plus_14_the_week_ends_on_sunday_evening_local_which_is_sunday_morning_utc():
    zone = "Pacific/Kiritimati"  # UTC+14
    assert due_at(MON_W47, zone) == datetime(2026, 11, 22, 4, 0, tzinfo=UTC)
    assert latest_due_week(datetime(2026, 11, 22, 3, 59, tzinfo=UTC), zone) == date(2026, 11, 9)
    assert latest_due_week(datetime(2026, 11, 22, 4, 0, tzinfo=UTC), zone) == MON_W47


def test_in_utc_plus_14_monday_00_30_local_still_belongs_to_the_week_before():
    # Sunday 10:30 UTC is Monday 00:30 in Kiritimati: before a 04:00 day start.
    instant = datetime(2026, 11, 22, 10, 30, tzinfo=UTC)
    assert week_of(instant, "Pacific/Kiritimati", 4) == MON_W47
    assert week_of(instant, "Pacific/Kiritimati", 0) == date(2026, 11, 23)


def test_in_utc_minus_12_the_week_ends_on_monday_morning_utc():
    zone = "Etc/GMT+12"  # UTC-12 (POSIX signs are inverted)
    assert due_at(MON_W47, zone) == datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    # Monday 10:00 UTC is Sunday 22:00 there: still week 47.
    assert week_of(datetime(2026, 11, 23, 10, 0, tzinfo=UTC), zone) == MON_W47
    assert latest_due_week(datetime(2026, 11, 23, 5, 59, tzinfo=UTC), zone) == date(2026, 11, 9)


def test_the_week_end_stays_at_18_00_local_across_the_autumn_clock_change():
    berlin = "Europe/Berlin"
    # Summer time until Sunday 25 October 2026 03:00: the week before ends at 16:00 UTC,
    # the week of the change at 17:00 UTC (18:00 CET), not seven days of hours later.
    assert due_at(date(2026, 10, 12), berlin) == datetime(2026, 10, 18, 16, 0, tzinfo=UTC)
    assert due_at(date(2026, 10, 19), berlin) == datetime(2026, 10, 25, 17, 0, tzinfo=UTC)
    assert due_at(date(2026, 3, 23), berlin) == datetime(2026, 3, 29, 16, 0, tzinfo=UTC)


def test_day_starts_at_decides_which_week_a_monday_small_hour_belongs_to():
    berlin = "Europe/Berlin"  # CET, UTC+1, on 26 October 2026
    before = datetime(2026, 10, 26, 2, 59, tzinfo=UTC)  # Monday 03:59 local
    at = datetime(2026, 10, 26, 3, 0, tzinfo=UTC)  # Monday 04:00 local
    assert week_of(before, berlin, 4) == date(2026, 10, 19)
    assert week_of(at, berlin, 4) == date(2026, 10, 26)
    assert week_of(before, berlin, 0) == date(2026, 10, 26)


def test_the_weekly_review_reminder_sets_when_the_week_is_due():
    saturday_evening = due_at(MON_W47, "UTC", time(20, 30), frozenset({5}))
    assert saturday_evening == datetime(2026, 11, 21, 20, 30, tzinfo=UTC)
    # Several weekdays chosen: the last one in the week.
    assert due_at(MON_W47, "UTC", time(9, 0), frozenset({2, 6})) == datetime(
        2026, 11, 22, 9, 0, tzinfo=UTC
    )
    # Reminder off (None): Sunday 18:00 local.
    assert due_at(MON_W47, "UTC", None, frozenset({2})) == datetime(2026, 11, 22, 18, 0, tzinfo=UTC)
