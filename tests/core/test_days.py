from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from server.core.days import is_valid_time_zone, local_day, week_start, zone

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_win_after_midnight_belongs_to_the_evening_before():
    instant = datetime(2026, 5, 13, 0, 40, tzinfo=BERLIN)
    assert local_day(instant, "Europe/Berlin") == date(2026, 5, 12)


def test_the_new_day_begins_exactly_at_the_start_hour():
    assert local_day(datetime(2026, 5, 13, 4, 0, tzinfo=BERLIN), "Europe/Berlin") == date(
        2026, 5, 13
    )
    assert local_day(datetime(2026, 5, 13, 3, 59, tzinfo=BERLIN), "Europe/Berlin") == date(
        2026, 5, 12
    )


def test_a_start_hour_of_zero_uses_the_calendar_date():
    instant = datetime(2026, 5, 13, 0, 40, tzinfo=BERLIN)
    assert local_day(instant, "Europe/Berlin", day_start_hour=0) == date(2026, 5, 13)


def test_the_day_is_taken_in_the_users_zone_not_the_instants():
    instant = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)  # 10:00 on the 6th in Kiritimati
    assert local_day(instant, "Pacific/Kiritimati") == date(2026, 1, 6)
    assert local_day(instant, "America/St_Johns") == date(2026, 1, 5)  # 16:30 on the 5th


def test_the_day_boundary_stays_at_local_four_across_a_dst_change():
    # Berlin springs forward on 2026-03-29; 03:30 CEST is still before 04:00 local.
    instant = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert local_day(instant, "Europe/Berlin") == date(2026, 3, 28)
    assert local_day(instant + timedelta(minutes=30), "Europe/Berlin") == date(2026, 3, 29)


def test_a_naive_instant_is_rejected():
    with pytest.raises(ValueError):
        local_day(datetime(2026, 5, 13, 12, 0), "Europe/Berlin")


def test_an_unknown_zone_is_rejected_with_value_error():
    with pytest.raises(ValueError):
        local_day(datetime(2026, 5, 13, 12, 0, tzinfo=UTC), "Mars/Olympus_Mons")


@pytest.mark.parametrize("hour", [-1, 24])
def test_a_start_hour_outside_the_day_is_rejected(hour):
    with pytest.raises(ValueError):
        local_day(datetime(2026, 5, 13, 12, 0, tzinfo=UTC), "UTC", day_start_hour=hour)


def test_any_fixed_offset_instant_is_accepted():
    instant = datetime(2026, 5, 13, 23, 0, tzinfo=timezone(timedelta(hours=-7)))
    assert local_day(instant, "UTC") == date(2026, 5, 14)


@pytest.mark.parametrize(
    "name",
    ["UTC", "Europe/Berlin", "America/New_York", "Pacific/Kiritimati", "America/St_Johns",
     "America/Argentina/Buenos_Aires", "Etc/GMT+5"],
)  # fmt: skip
def test_real_zone_names_are_valid(name):
    assert is_valid_time_zone(name)
    assert zone(name).key == name


@pytest.mark.parametrize(
    "name",
    [
        "",
        "localtime",
        "posixrules",
        "Factory",
        "right/UTC",
        "posix/Europe/Berlin",
        "Europe",
        "Europe/",
        "europe/berlin",
        "Mars/Olympus_Mons",
        "../../etc/passwd",
        "/etc/localtime",
        "/usr/share/zoneinfo/UTC",
        "Europe/../Europe/Berlin",
        "Europe/Berlin\x00",
        "UTC\n",
        "x" * 200,
        "Europe/" + "B" * 200,
        None,
        42,
    ],
)
def test_junk_zone_names_are_invalid_without_raising(name):
    assert is_valid_time_zone(name) is False
    with pytest.raises(ValueError):
        zone(name)


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (date(2026, 5, 11), date(2026, 5, 11)),  # Monday
        (date(2026, 5, 17), date(2026, 5, 11)),  # Sunday
        (date(2026, 1, 1), date(2025, 12, 29)),  # Thursday, week starts in the old year
    ],
)
def test_the_week_starts_on_monday(day, monday):
    assert week_start(day) == monday
    assert week_start(day).weekday() == 0
