import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.core.clock import Timestamp
from server.core.merge import merge_fields, record_stamp


def stamp(millis, counter=0, node="a1"):
    return Timestamp(millis, counter, node).pack()


OLD, MID, NEW = stamp(1000), stamp(2000), stamp(3000)


def test_a_newer_write_replaces_the_value_and_stamp():
    result = merge_fields({"text": "ran"}, {"text": OLD}, {"text": "ran 5k"}, NEW)
    assert result.values == {"text": "ran 5k"}
    assert result.clock == {"text": NEW}
    assert result.changed == frozenset({"text"})


def test_an_older_write_loses():
    result = merge_fields({"text": "ran 5k"}, {"text": NEW}, {"text": "ran"}, OLD)
    assert result.values == {"text": "ran 5k"}
    assert result.clock == {"text": NEW}
    assert result.changed == frozenset()


def test_a_write_with_the_same_stamp_is_a_no_op():
    result = merge_fields({"text": "a"}, {"text": MID}, {"text": "b"}, MID)
    assert result.values == {"text": "a"}
    assert result.changed == frozenset()


def test_replaying_a_write_changes_nothing():
    first = merge_fields({}, {}, {"text": "a", "mood": 3}, MID)
    again = merge_fields(first.values, first.clock, {"text": "a", "mood": 3}, MID)
    assert (again.values, again.clock) == (first.values, first.clock)
    assert again.changed == frozenset()


def test_a_field_never_written_accepts_any_stamp():
    result = merge_fields({}, {}, {"text": "first"}, stamp(0))
    assert result.values == {"text": "first"}
    assert result.changed == frozenset({"text"})


def test_fields_merge_independently():
    values = {"text": "ran", "mood": 2}
    clock = {"text": NEW, "mood": OLD}
    result = merge_fields(values, clock, {"text": "walked", "mood": 4}, MID)
    assert result.values == {"text": "ran", "mood": 4}
    assert result.clock == {"text": NEW, "mood": MID}
    assert result.changed == frozenset({"mood"})


def test_a_newer_stamp_with_the_same_value_still_advances_the_clock():
    result = merge_fields({"mood": 3}, {"mood": OLD}, {"mood": 3}, NEW)
    assert result.clock == {"mood": NEW}
    assert result.changed == frozenset({"mood"})


def test_the_inputs_are_not_modified():
    values, clock = {"text": "a"}, {"text": OLD}
    merge_fields(values, clock, {"text": "b", "mood": 1}, NEW)
    assert values == {"text": "a"}
    assert clock == {"text": OLD}


def test_a_tombstone_deletes_and_a_newer_write_restores():
    live = merge_fields({}, {}, {"text": "ran", "deleted": False}, OLD)
    gone = merge_fields(live.values, live.clock, {"deleted": True}, MID)
    assert gone.values == {"text": "ran", "deleted": True}
    restored = merge_fields(gone.values, gone.clock, {"deleted": False}, NEW)
    assert restored.values["deleted"] is False
    assert restored.values["text"] == "ran"


def test_a_stale_restore_does_not_undo_a_newer_delete():
    gone = merge_fields({"deleted": False}, {"deleted": OLD}, {"deleted": True}, NEW)
    late = merge_fields(gone.values, gone.clock, {"deleted": False}, MID)
    assert late.values["deleted"] is True


def test_an_edit_to_another_field_does_not_restore_a_deleted_record():
    gone = merge_fields({"text": "a"}, {"text": OLD}, {"deleted": True}, MID)
    edited = merge_fields(gone.values, gone.clock, {"text": "b"}, NEW)
    assert edited.values == {"text": "b", "deleted": True}


@pytest.mark.parametrize("bad", ["", "9", "zzz", "001780000000000-00042-A1"])
def test_a_malformed_stamp_is_refused(bad):
    with pytest.raises(ValueError):
        merge_fields({}, {}, {"text": "x"}, bad)


def test_record_stamp_is_the_newest_field_stamp():
    assert record_stamp({"text": MID, "mood": NEW, "deleted": OLD}) == NEW


def test_record_stamp_of_an_empty_clock_is_empty():
    assert record_stamp({}) == ""


# One write = (fields, stamp). Stamps are unique, as HLC stamps are across devices; a replay
# repeats a whole write, stamp and values together.
writes = st.lists(
    st.tuples(
        st.dictionaries(
            st.sampled_from(["text", "mood", "deleted", "day"]),
            st.one_of(
                st.integers(-3, 3), st.booleans(), st.text(alphabet="ab", max_size=2), st.none()
            ),
            min_size=1,
        ),
        st.integers(0, 50),
        st.integers(0, 3),
        st.sampled_from(["a1", "b2", "c3"]),
    ),
    max_size=8,
    unique_by=lambda w: (w[1], w[2], w[3]),
)


def apply_all(batch):
    values, clock = {}, {}
    for fields, millis, counter, node in batch:
        result = merge_fields(values, clock, fields, stamp(millis, counter, node))
        values, clock = result.values, result.clock
    return values, clock


@given(writes, st.randoms(use_true_random=False), st.lists(st.integers(0, 7), max_size=4))
def test_writes_converge_whatever_order_and_replays_they_arrive_in(batch, rnd, replays):
    expected = apply_all(batch)
    shuffled = list(batch) + [batch[i] for i in replays if i < len(batch)]
    rnd.shuffle(shuffled)
    assert apply_all(shuffled) == expected


@given(writes)
def test_every_field_holds_the_value_of_its_newest_write(batch):
    values, clock = apply_all(batch)
    for fields, millis, counter, node in batch:
        for field, value in fields.items():
            if clock[field] == stamp(millis, counter, node):
                assert values[field] == value
            else:
                assert clock[field] > stamp(millis, counter, node)


def test_all_orders_of_three_conflicting_writes_agree():
    batch = [({"text": "a"}, 1, 0, "a1"), ({"text": "b"}, 1, 0, "b2"), ({"text": "c"}, 0, 9, "c3")]
    results = {repr(apply_all(order)) for order in itertools.permutations(batch)}
    assert results == {repr(({"text": "b"}, {"text": stamp(1, 0, "b2")}))}
