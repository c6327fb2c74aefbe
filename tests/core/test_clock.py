import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.core.clock import (
    MAX_COUNTER,
    MAX_DRIFT_MS,
    ClockDriftError,
    ClockError,
    Timestamp,
    is_too_far_ahead,
    receive,
    send,
)

T0 = 1_780_000_000_000  # a wall clock in 2026, in milliseconds


def test_send_uses_the_wall_clock_when_it_has_moved_on():
    last = Timestamp(T0, 7, "a1")
    assert send(last, T0 + 5) == Timestamp(T0 + 5, 0, "a1")


def test_send_stays_monotonic_when_the_wall_clock_stalls():
    stamp = Timestamp(T0, 0, "a1")
    stamps = [stamp]
    for _ in range(5):
        stamp = send(stamp, T0)
        stamps.append(stamp)
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)
    assert stamps[-1] == Timestamp(T0, 5, "a1")


def test_send_stays_monotonic_when_the_wall_clock_jumps_back():
    last = Timestamp(T0, 3, "a1")
    after = send(last, T0 - 60_000)
    assert after > last
    assert after == Timestamp(T0, 4, "a1")


def test_send_raises_when_the_counter_overflows():
    with pytest.raises(ClockError):
        send(Timestamp(T0, MAX_COUNTER, "a1"), T0)


def test_receive_advances_past_a_remote_stamp_ahead_within_the_drift_limit():
    last = Timestamp(T0, 2, "a1")
    remote = Timestamp(T0 + 60_000, 9, "b2")
    merged = receive(last, remote, now_ms=T0)
    assert merged == Timestamp(T0 + 60_000, 10, "a1")
    assert merged > remote > last
    assert send(merged, T0) > remote


def test_receive_takes_the_wall_clock_when_it_is_ahead_of_both():
    merged = receive(Timestamp(T0, 4, "a1"), Timestamp(T0 + 1, 4, "b2"), now_ms=T0 + 10)
    assert merged == Timestamp(T0 + 10, 0, "a1")


def test_receive_with_equal_millis_bumps_the_larger_counter():
    merged = receive(Timestamp(T0, 4, "a1"), Timestamp(T0, 8, "b2"), now_ms=T0 - 5)
    assert merged == Timestamp(T0, 9, "a1")


def test_receive_keeps_local_order_when_the_remote_stamp_is_older():
    last = Timestamp(T0, 4, "a1")
    merged = receive(last, Timestamp(T0 - 1000, 50, "b2"), now_ms=T0 - 2000)
    assert merged == Timestamp(T0, 5, "a1")


def test_receive_rejects_a_remote_stamp_too_far_ahead():
    remote = Timestamp(T0 + MAX_DRIFT_MS + 1, 0, "b2")
    with pytest.raises(ClockDriftError):
        receive(Timestamp(T0, 0, "a1"), remote, now_ms=T0)


def test_receive_accepts_a_remote_stamp_exactly_at_the_drift_limit():
    remote = Timestamp(T0 + 1000, 0, "b2")
    assert receive(Timestamp(T0, 0, "a1"), remote, T0, max_drift_ms=1000) > remote


def test_a_drift_error_is_a_value_error():
    assert issubclass(ClockDriftError, ClockError)
    assert issubclass(ClockError, ValueError)


def test_is_too_far_ahead_compares_against_the_limit():
    ts = Timestamp(T0 + 500, 0, "a1")
    assert is_too_far_ahead(ts, T0, 499)
    assert not is_too_far_ahead(ts, T0, 500)
    assert not is_too_far_ahead(Timestamp(T0 - 10**9, 0, "a1"), T0, 0)


def test_pack_is_fixed_width_and_parse_reverses_it():
    ts = Timestamp(T0, 42, "0f3a")
    assert ts.pack() == "001780000000000-00042-0f3a"
    assert Timestamp.parse(ts.pack()) == ts


@pytest.mark.parametrize(
    "text",
    [
        "",
        "garbage",
        "001780000000000-00042",
        "001780000000000-00042-",
        "1780000000000-00042-a1",  # millis not zero-padded
        "001780000000000-042-a1",
        "001780000000000-00042-A1",  # upper case node
        "001780000000000-00042-a_1",
        "001780000000000-00042-" + "a" * 33,
        "001780000000000-00042-a1\n",
        " 001780000000000-00042-a1",
        "٠٠١٧٨٠٠٠٠٠٠٠٠٠٠-00042-a1",  # Arabic-Indic digits
        "-01780000000000-00042-a1",
    ],
)
def test_parse_rejects_malformed_text_with_value_error(text):
    with pytest.raises(ValueError):
        Timestamp.parse(text)


def test_parse_rejects_non_strings_with_value_error():
    with pytest.raises(ValueError):
        Timestamp.parse(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("millis", "counter", "node"),
    [(-1, 0, "a"), (10**15, 0, "a"), (0, -1, "a"), (0, 100_000, "a"), (0, 0, ""), (0, 0, "A")],
)
def test_timestamps_out_of_range_cannot_be_built(millis, counter, node):
    with pytest.raises(ClockError):
        Timestamp(millis, counter, node)


stamps = st.builds(
    Timestamp,
    millis=st.integers(0, 10**15 - 1),
    counter=st.integers(0, MAX_COUNTER),
    node=st.text(alphabet="0123456789abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=32),
)


@given(stamps)
def test_parse_round_trips_any_packed_stamp(ts):
    assert Timestamp.parse(ts.pack()) == ts


@given(stamps, stamps)
def test_packed_text_order_equals_timestamp_order(a, b):
    assert (a.pack() < b.pack()) == (a < b)
    assert (a.pack() == b.pack()) == (a == b)


@given(stamps, st.lists(st.integers(0, 10**13), min_size=1, max_size=30))
def test_send_is_strictly_increasing_whatever_the_wall_clock_does(start, walls):
    stamp = start
    for wall in walls:
        try:
            following = send(stamp, wall)
        except ClockError:
            return  # counter overflow is refused rather than wrapped
        assert following > stamp
        stamp = following
