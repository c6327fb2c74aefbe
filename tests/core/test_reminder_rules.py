"""The tick's per-occurrence decision, without an app: send, or skip as paused or stale."""

from datetime import UTC, datetime, timedelta

import pytest

from server.core.reminder_rules import delivery_verdict

DUE = datetime(2026, 6, 10, 19, 0, tzinfo=UTC)
FOUR_HOURS = timedelta(hours=4)


def test_an_occurrence_on_time_is_sent():
    assert delivery_verdict(DUE, DUE + timedelta(minutes=1), FOUR_HOURS, None) == "sending"


def test_an_occurrence_exactly_at_its_ttl_is_still_sent():
    assert delivery_verdict(DUE, DUE + FOUR_HOURS, FOUR_HOURS, None) == "sending"


def test_an_occurrence_past_its_ttl_is_skipped_as_stale():
    late = DUE + FOUR_HOURS + timedelta(seconds=1)
    assert delivery_verdict(DUE, late, FOUR_HOURS, None) == "skipped_stale"


def test_an_occurrence_inside_a_pause_is_skipped_as_paused():
    assert delivery_verdict(DUE, DUE, FOUR_HOURS, DUE + timedelta(days=3)) == "skipped_paused"


def test_paused_beats_stale():
    late = DUE + timedelta(days=2)
    assert delivery_verdict(DUE, late, FOUR_HOURS, DUE + timedelta(days=3)) == "skipped_paused"


@pytest.mark.parametrize("ended", [DUE, DUE - timedelta(hours=1)])
def test_a_pause_that_ended_by_the_due_time_does_not_hold_it_back(ended: datetime):
    assert delivery_verdict(DUE, DUE, FOUR_HOURS, ended) == "sending"


def test_the_pause_is_judged_at_the_due_time_not_at_now():
    # The pause ended after the occurrence was due but before the tick ran: still paused.
    ended = DUE + timedelta(minutes=5)
    assert delivery_verdict(DUE, DUE + timedelta(minutes=10), FOUR_HOURS, ended) == "skipped_paused"


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        delivery_verdict(DUE.replace(tzinfo=None), DUE, FOUR_HOURS, None)
