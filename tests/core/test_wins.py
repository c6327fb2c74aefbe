from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from server.core.days import local_day
from server.core.wins import local_day_fits, normalise_tags


def test_tags_are_trimmed_and_repeats_dropped_case_insensitively():
    assert normalise_tags([" Run", "run", "RUN ", "focus"]) == ["Run", "focus"]


def test_tags_keep_their_order():
    assert normalise_tags(["b", "a", "c"]) == ["b", "a", "c"]


def test_the_local_day_may_be_the_utc_date_or_one_either_side():
    moment = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    assert local_day_fits(moment, date(2026, 3, 9))
    assert local_day_fits(moment, date(2026, 3, 10))
    assert local_day_fits(moment, date(2026, 3, 11))


def test_a_local_day_two_days_away_does_not_fit():
    moment = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    assert not local_day_fits(moment, date(2026, 3, 8))
    assert not local_day_fits(moment, date(2026, 3, 12))


def test_the_utc_date_is_used_whatever_offset_the_moment_carries():
    moment = datetime(2026, 3, 10, 23, 30, tzinfo=timezone(timedelta(hours=-3)))  # 02:30Z on 11th
    assert local_day_fits(moment, date(2026, 3, 12))


@pytest.mark.parametrize("zone", ["Etc/GMT+12", "Pacific/Kiritimati", "Europe/Berlin", "UTC"])
@pytest.mark.parametrize("start_hour", [0, 4, 12])
@pytest.mark.parametrize("hour", range(0, 24, 3))
def test_every_day_a_real_zone_and_day_start_produce_fits(zone, start_hour, hour):
    moment = datetime(2026, 6, 1, hour, 59, tzinfo=UTC)
    assert local_day_fits(moment, local_day(moment, zone, start_hour))
