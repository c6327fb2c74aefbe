from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.core.schedule import is_stale, next_fire_at

EVERY_DAY = frozenset(range(7))
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_fires_later_the_same_day_when_the_time_is_still_ahead():
    fire = next_fire_at(time(20, 0), EVERY_DAY, "Europe/Berlin", utc(2026, 6, 10, 12, 0))
    assert fire == utc(2026, 6, 10, 18, 0)  # 20:00 CEST
    assert fire.tzinfo is UTC


def test_fires_the_next_day_once_the_time_has_passed():
    fire = next_fire_at(time(8, 0), EVERY_DAY, "Europe/Berlin", utc(2026, 6, 10, 12, 0))
    assert fire == utc(2026, 6, 11, 6, 0)


def test_the_result_is_strictly_after_the_given_instant():
    exact = utc(2026, 6, 10, 6, 0)  # 08:00 CEST
    assert next_fire_at(time(8, 0), EVERY_DAY, "Europe/Berlin", exact) == utc(2026, 6, 11, 6, 0)


def test_successive_fires_keep_the_wall_time_across_spring_forward_in_berlin():
    fire = next_fire_at(time(8, 0), EVERY_DAY, "Europe/Berlin", utc(2026, 3, 28, 12, 0))
    assert fire == utc(2026, 3, 29, 6, 0)  # 08:00 CEST, 23 h after the 08:00 CET before
    assert fire.astimezone(ZoneInfo("Europe/Berlin")).hour == 8


def test_a_time_in_the_berlin_spring_gap_fires_once_at_the_shifted_time():
    fire = next_fire_at(time(2, 30), EVERY_DAY, "Europe/Berlin", utc(2026, 3, 28, 12, 0))
    assert fire == utc(2026, 3, 29, 1, 30)  # 03:30 CEST
    after = next_fire_at(time(2, 30), EVERY_DAY, "Europe/Berlin", fire)
    assert after == utc(2026, 3, 30, 0, 30)  # 02:30 CEST the next day


def test_a_time_in_the_berlin_fall_back_fold_fires_only_at_its_first_occurrence():
    fire = next_fire_at(time(2, 30), EVERY_DAY, "Europe/Berlin", utc(2026, 10, 24, 12, 0))
    assert fire == utc(2026, 10, 25, 0, 30)  # 02:30 CEST, the first of two
    again = next_fire_at(time(2, 30), EVERY_DAY, "Europe/Berlin", fire)
    assert again == utc(2026, 10, 26, 1, 30)  # 02:30 CET next day, not 01:30 UTC today


def test_a_time_in_the_new_york_spring_gap_fires_once_at_the_shifted_time():
    fire = next_fire_at(time(2, 30), EVERY_DAY, "America/New_York", utc(2026, 3, 7, 12, 0))
    assert fire == utc(2026, 3, 8, 7, 30)  # 03:30 EDT
    after = next_fire_at(time(2, 30), EVERY_DAY, "America/New_York", fire)
    assert after == utc(2026, 3, 9, 6, 30)  # 02:30 EDT


def test_a_time_in_the_new_york_fall_back_fold_fires_only_at_its_first_occurrence():
    fire = next_fire_at(time(1, 30), EVERY_DAY, "America/New_York", utc(2026, 10, 31, 12, 0))
    assert fire == utc(2026, 11, 1, 5, 30)  # 01:30 EDT
    again = next_fire_at(time(1, 30), EVERY_DAY, "America/New_York", fire)
    assert again == utc(2026, 11, 2, 6, 30)  # 01:30 EST next day, not 06:30 UTC today


def test_a_fold_time_asked_between_its_two_occurrences_moves_to_the_next_day():
    between = utc(2026, 11, 1, 6, 0)  # 01:00 EST, after the first 01:30 and before the second
    fire = next_fire_at(time(1, 30), EVERY_DAY, "America/New_York", between)
    assert fire == utc(2026, 11, 2, 6, 30)


def test_weekdays_are_judged_on_the_local_date_across_the_date_line():
    # 02:00 Monday 5 January in Kiritimati (UTC+14) is still Sunday in UTC.
    after = utc(2026, 1, 4, 12, 0)
    fire = next_fire_at(time(8, 0), frozenset({MON}), "Pacific/Kiritimati", after)
    assert fire == utc(2026, 1, 4, 18, 0)  # 08:00 Monday local, a Sunday in UTC
    assert fire.astimezone(ZoneInfo("Pacific/Kiritimati")).weekday() == MON


def test_a_half_hour_offset_zone_fires_at_its_own_wall_time():
    fire = next_fire_at(time(7, 0), EVERY_DAY, "America/St_Johns", utc(2026, 1, 5, 0, 0))
    assert fire == utc(2026, 1, 5, 10, 30)  # 07:00 NST, UTC-3:30
    summer = next_fire_at(time(7, 0), EVERY_DAY, "America/St_Johns", utc(2026, 7, 6, 0, 0))
    assert summer == utc(2026, 7, 6, 9, 30)  # 07:00 NDT, UTC-2:30


def test_only_allowed_weekdays_fire():
    # Wednesday 10 June 2026, after 08:00 Berlin: the next Mon/Fri is Friday 12 June.
    days = frozenset({MON, FRI})
    fire = next_fire_at(time(8, 0), days, "Europe/Berlin", utc(2026, 6, 10, 12, 0))
    assert fire == utc(2026, 6, 12, 6, 0)
    following = next_fire_at(time(8, 0), days, "Europe/Berlin", fire)
    assert following == utc(2026, 6, 15, 6, 0)  # Monday


def test_sunday_wraps_to_the_following_monday():
    sunday_evening = utc(2026, 6, 14, 19, 0)  # 21:00 CEST, Sunday 14 June
    fire = next_fire_at(time(9, 0), frozenset({MON}), "Europe/Berlin", sunday_evening)
    assert fire == utc(2026, 6, 15, 7, 0)


def test_a_single_weekday_already_passed_today_fires_a_week_later():
    wednesday_noon = utc(2026, 6, 10, 10, 0)
    fire = next_fire_at(time(8, 0), frozenset({WED}), "Europe/Berlin", wednesday_noon)
    assert fire == utc(2026, 6, 17, 6, 0)


def test_no_weekdays_means_never():
    assert next_fire_at(time(8, 0), frozenset(), "Europe/Berlin", utc(2026, 6, 10)) is None


def test_a_naive_after_is_rejected():
    with pytest.raises(ValueError):
        next_fire_at(time(8, 0), EVERY_DAY, "Europe/Berlin", datetime(2026, 6, 10, 12, 0))


def test_an_aware_local_time_is_rejected():
    with pytest.raises(ValueError):
        next_fire_at(time(8, 0, tzinfo=UTC), EVERY_DAY, "Europe/Berlin", utc(2026, 6, 10))


@pytest.mark.parametrize("days", [frozenset({7}), frozenset({-1}), frozenset({MON, 9})])
def test_weekdays_outside_monday_to_sunday_are_rejected(days):
    with pytest.raises(ValueError):
        next_fire_at(time(8, 0), days, "Europe/Berlin", utc(2026, 6, 10))


def test_an_unknown_zone_is_rejected():
    with pytest.raises(ValueError):
        next_fire_at(time(8, 0), EVERY_DAY, "Nowhere/Special", utc(2026, 6, 10))


def test_a_daily_reminder_fires_once_per_local_date_for_a_whole_year():
    tz = ZoneInfo("America/New_York")
    fire, seen = utc(2026, 1, 1), []
    for _ in range(365):
        fire = next_fire_at(time(1, 30), EVERY_DAY, "America/New_York", fire)
        local = fire.astimezone(tz)
        assert (local.hour, local.minute) == (1, 30)
        seen.append(local.date())
    assert seen == sorted(set(seen))
    assert (seen[-1] - seen[0]).days == 364


def test_a_reminder_more_than_the_ttl_late_is_stale():
    due = utc(2026, 6, 10, 6, 0)
    ttl = timedelta(minutes=30)
    assert not is_stale(due, due + ttl, ttl)
    assert is_stale(due, due + ttl + timedelta(seconds=1), ttl)
    assert not is_stale(due, due - timedelta(minutes=5), ttl)


def test_is_stale_rejects_naive_datetimes():
    with pytest.raises(ValueError):
        is_stale(datetime(2026, 6, 10, 6, 0), utc(2026, 6, 10, 7, 0), timedelta(minutes=30))
