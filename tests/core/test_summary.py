"""The weekly summary on a hand-computed fixture (Europe/Berlin, CET, week 2026-W47)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from server.core.summary import WinFacts, longest_run, summarise_week, trend

MON = date(2026, 11, 16)
BERLIN = ZoneInfo("Europe/Berlin")


def at(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


WINS = [
    # 08:30 local, morning
    WinFacts("w1", "Said no to an extra shift", at(16, 7, 30), MON, ("work",), 4, True, "g1"),
    # 19:00 local, evening
    WinFacts("w2", "Morning walk", at(16, 18), MON, ("health", "outside"), 2),
    # 14:00 local, afternoon
    WinFacts(
        "w3",
        "said no to the committee",
        at(18, 13),
        date(2026, 11, 18),
        ("work",),
        None,
        False,
        "g1",
        ("v1",),
    ),
    # Friday 00:30 local: night, and still Thursday with a 04:00 day start
    WinFacts(
        "w4", "Morning walk by the river", at(19, 23, 30), date(2026, 11, 19), ("health",), 5, True
    ),
    # Next week's: ignored
    WinFacts("w5", "Too late", at(23, 9), date(2026, 11, 23)),
]
EARLIER = {
    date(2026, 11, 10): 2,
    date(2026, 11, 3): 1,
    date(2026, 10, 27): 1,
    date(2026, 10, 18): 9,  # five weeks back: not part of the usual
}


@pytest.fixture
def summary():
    return summarise_week(WINS, MON, BERLIN, EARLIER)


def test_counts_days_and_the_longest_run(summary):
    assert summary.week == "2026-W47"
    assert summary.wins == 4
    assert summary.active_days == 3
    assert summary.per_day == (2, 0, 1, 1, 0, 0, 0)
    assert summary.longest_run == 2  # Wednesday and Thursday


def test_per_tag_goal_and_value(summary):
    assert summary.per_tag == (("health", 2), ("work", 2), ("outside", 1))
    assert summary.per_goal == (("g1", 2),)
    assert summary.per_value == (("v1", 1),)


def test_energy_by_day_and_time_of_day_on_the_local_clock(summary):
    assert summary.energy_by_day == (3.0, None, None, 5.0, None, None, None)
    assert dict(summary.time_of_day) == {"morning": 1, "afternoon": 1, "evening": 1, "night": 1}


def test_starred_highlights_in_time_order(summary):
    assert summary.highlights == (
        ("w1", "Said no to an extra shift"),
        ("w4", "Morning walk by the river"),
    )


def test_themes_of_the_week(summary):
    assert [t.label for t in summary.themes] == ["morning walk", "said no"]


def test_change_against_the_persons_own_previous_four_weeks(summary):
    # 4 wins on 3 days over the 4 weeks before: usual 1 win and 0.75 days a week.
    assert summary.compared.usual_wins == 1.0
    assert summary.compared.usual_active_days == 0.75
    assert summary.compared.trend == "more"


def test_to_dict_is_plain_json():
    import json

    data = summarise_week(WINS, MON, BERLIN, {}).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["compared"]["trend"] == "no_history"
    assert data["time_of_day"] == {"morning": 1, "afternoon": 1, "evening": 1, "night": 1}


@pytest.mark.parametrize(
    ("wins", "usual", "expected"),
    [
        (6, 4, "more"),
        (5, 4, "a_little_more"),
        (4, 4, "usual"),
        (3, 4, "a_little_less"),
        (2, 4, "less"),
        (0, 4, "less"),
        (3, 0, "no_history"),
    ],
)
def test_trend_words(wins, usual, expected):
    assert trend(wins, usual) == expected


def test_an_empty_week_is_a_quiet_week_not_a_failure():
    empty = summarise_week([], MON, BERLIN, {date(2026, 11, 10): 3})
    assert (empty.wins, empty.active_days, empty.longest_run, empty.themes) == (0, 0, 0, ())
    assert longest_run([1, 1, 0, 1, 1, 1, 0]) == 3
