import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.core.clock import MAX_DRIFT_MS, Timestamp
from server.core.sync_rules import (
    CURRENT_SCHEMA_VERSION,
    OLDEST_SCHEMA_VERSION,
    first_new,
    missing_for_create,
    needs_reset,
    next_cursor,
    rejections_still_owed,
    rejections_to_keep,
    stamp_problem,
    strictly_increasing,
    version_verdict,
)

NOW = 1_800_000_000_000


def test_the_current_version_is_served():
    assert version_verdict(CURRENT_SCHEMA_VERSION) == "ok"


def test_a_version_older_than_the_oldest_served_must_update():
    assert version_verdict(OLDEST_SCHEMA_VERSION - 1) == "update_required"


def test_a_version_newer_than_the_server_is_refused():
    assert version_verdict(CURRENT_SCHEMA_VERSION + 1) == "too_new"


def test_a_well_formed_stamp_from_now_can_be_merged():
    assert stamp_problem(Timestamp(NOW, 0, "abc").pack(), NOW) is None


def test_a_stamp_a_little_ahead_is_tolerated_as_ordinary_skew():
    assert stamp_problem(Timestamp(NOW + MAX_DRIFT_MS, 0, "abc").pack(), NOW) is None


def test_a_stamp_too_far_ahead_is_refused():
    assert stamp_problem(Timestamp(NOW + MAX_DRIFT_MS + 1, 0, "abc").pack(), NOW) == "clock_ahead"


@pytest.mark.parametrize("text", ["", "9", "yesterday", "1-2-3", "001800000000000-00000-ABC"])
def test_a_malformed_stamp_is_refused(text):
    assert stamp_problem(text, NOW) == "invalid_hlc"


def test_ids_must_strictly_increase():
    assert strictly_increasing([1, 2, 5])
    assert strictly_increasing([])
    assert not strictly_increasing([1, 3, 3])
    assert not strictly_increasing([2, 1])


@given(st.lists(st.integers(1, 50), unique=True).map(sorted), st.integers(0, 60))
def test_the_new_mutations_are_exactly_those_above_the_last_acknowledged(ids, last):
    assert ids[first_new(ids, last) :] == [i for i in ids if i > last]


def test_a_create_lacks_the_required_fields_it_does_not_carry():
    assert missing_for_create({"text", "local_day"}, {"text": "x"}) == ["local_day"]
    assert missing_for_create({"text"}, {"text": "x"}) == []


def test_a_cursor_beyond_the_users_sequence_needs_a_reset():
    assert needs_reset(11, 10)
    assert not needs_reset(10, 10)


def test_a_complete_pull_resumes_at_the_current_sequence():
    assert next_cursor(3, [5, 9], has_more=False, current_seq=12) == 12


def test_a_partial_pull_resumes_after_the_last_row_delivered():
    assert next_cursor(3, [5, 9], has_more=True, current_seq=12) == 9


def test_rejections_below_the_first_id_sent_are_no_longer_owed():
    assert rejections_still_owed([7, 8]) == 7


def test_with_nothing_sent_every_remembered_rejection_is_owed():
    assert rejections_still_owed([]) == 0


def test_rejections_at_or_below_the_acknowledgement_the_device_applied_are_no_longer_owed():
    assert rejections_still_owed([], acked=5) == 6
    assert rejections_still_owed([3, 9], acked=5) == 6  # acknowledged entries still queued
    assert rejections_still_owed([7, 8], acked=5) == 7


def test_a_device_owing_more_than_the_cap_keeps_only_its_newest_rejections():
    assert rejections_to_keep([1, 2, 3], cap=5) == 0
    assert rejections_to_keep(list(range(1, 11)), cap=4) == 7


def test_the_new_core_modules_load_only_the_standard_library():
    probe = (
        "import json, sys; before = set(sys.modules); "
        "import server.core.sync_rules, server.core.wins; "
        "print(json.dumps(sorted({m.split('.')[0] for m in set(sys.modules) - before})))"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(done.stdout)) - {"server"}
    assert loaded <= set(sys.stdlib_module_names)
