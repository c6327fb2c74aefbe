"""bench/load.py's end check must fail when a win is lost, doubled or missing on a device;
otherwise the benchmark's PASS would mean nothing."""

from __future__ import annotations

import gzip
import sys
import zlib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from loadlib.check import check  # noqa: E402
from loadlib.report import percentile  # noqa: E402

ANA, BO = "user-ana", "user-bo"


class StoredWins:
    """Stands in for the database: the (user_id, id) rows of the wins table."""

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        self.stored = rows

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[str, str]]:
        assert "FROM wins" in sql
        return [row for row in self.stored if row[0] in params]


def device(
    account: int, acked: set[str], holds: set[str], outbox: int = 0, rejected: int = 0
) -> SimpleNamespace:
    return SimpleNamespace(
        account=account,
        rejected=rejected,
        acked_wins=acked,
        wins={win: "stamp" for win in holds},
        outbox=[{"id": n} for n in range(outbox)],
    )


def test_every_acknowledged_win_stored_once_and_everywhere_passes() -> None:
    devices = [
        device(0, {"w1"}, {"w1", "w2"}),
        device(0, {"w2"}, {"w1", "w2"}),
        device(1, set(), set()),
    ]
    result = check(StoredWins([(ANA, "w1"), (ANA, "w2")]), devices, [ANA, BO])
    assert result.passed, result.line()
    assert (result.acked, result.stored) == (2, 2)
    assert result.line().startswith("end check: PASS")


def test_an_acknowledged_win_the_database_lacks_fails() -> None:
    devices = [device(0, {"w1", "w2"}, {"w1", "w2"})]
    result = check(StoredWins([(ANA, "w1")]), devices, [ANA])
    assert not result.passed and result.missing == 1
    assert result.line().startswith("end check: FAIL")


def test_a_win_stored_under_another_account_counts_as_missing() -> None:
    devices = [device(0, {"w1"}, {"w1"}), device(1, set(), set())]
    result = check(StoredWins([(BO, "w1")]), devices, [ANA, BO])
    assert result.missing == 1 and result.unacked_stored == 1 and not result.passed


def test_a_win_stored_twice_fails() -> None:
    devices = [device(0, {"w1"}, {"w1"})]
    result = check(StoredWins([(ANA, "w1"), (ANA, "w1")]), devices, [ANA])
    assert result.duplicates == 1 and not result.passed


def test_a_device_that_never_pulled_a_win_of_its_account_fails() -> None:
    devices = [device(0, {"w1"}, {"w1"}), device(0, set(), set())]
    result = check(StoredWins([(ANA, "w1")]), devices, [ANA])
    assert result.not_on_device == 1 and not result.passed


def test_an_outbox_not_drained_or_a_rejection_fails() -> None:
    waiting = check(StoredWins([]), [device(0, set(), set(), outbox=2)], [ANA])
    rejected = check(StoredWins([]), [device(0, set(), set(), rejected=1)], [ANA])
    assert waiting.waiting == 2 and not waiting.passed
    assert not rejected.passed


def test_a_stored_win_whose_answer_was_lost_is_reported_not_failed() -> None:
    result = check(StoredWins([(ANA, "w1")]), [device(0, set(), {"w1"})], [ANA])
    assert result.passed and result.unacked_stored == 1


def test_percentile_is_nearest_rank() -> None:
    values = [float(n) for n in range(1, 201)]
    assert percentile(values, 50) == 100.0
    assert percentile(values, 99) == 198.0
    assert percentile(values, 100) == 200.0
    assert percentile([7.0], 99) == 7.0


def test_compressed_answers_are_decoded_and_unknown_encodings_refused() -> None:
    from loadlib.device import decode

    body = b'{"changes": []}' * 50
    raw_deflate = zlib.compressobj(wbits=-15)
    assert decode(gzip.compress(body), "gzip") == body
    assert decode(zlib.compress(body), "deflate") == body
    assert decode(raw_deflate.compress(body) + raw_deflate.flush(), "deflate") == body
    assert decode(body, "identity") == body
    with pytest.raises(ValueError):
        decode(body, "br")
