"""The end check: nothing acknowledged is lost, nothing is stored twice, every device has it.

Ground truth is the database itself, queried directly (no app code): every win a device saw
acknowledged (its outbox entry's id at or below an answer's `acked`, not rejected) must be
stored exactly once under its account, and after a final drain every device of that account
must hold it in its local store.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only types: the check itself needs neither aiohttp nor a server
    from loadlib.device import Device
    from loadlib.server import Database


@dataclass
class CheckResult:
    acked: int = 0
    stored: int = 0
    missing: int = 0  # acknowledged, not in the database
    duplicates: int = 0  # (account, id) stored more than once
    unacked_stored: int = 0  # stored but never acknowledged (a lost answer; not a failure)
    waiting: int = 0  # outbox entries still unacknowledged after the drain
    not_on_device: int = 0  # (device, win) pairs: an acked win of the account a device lacks
    rejected: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not (
            self.missing or self.duplicates or self.waiting or self.not_on_device or self.rejected
        )

    def line(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        return (
            f"end check: {verdict}: {self.acked} wins acknowledged, {self.stored} stored; "
            f"missing {self.missing}, stored twice {self.duplicates}, still in an outbox "
            f"{self.waiting}, missing on a device {self.not_on_device}, rejected {self.rejected}"
            f" (stored without an acknowledgement seen: {self.unacked_stored})"
        )


def check(database: Database, devices: list[Device], user_ids: list[str]) -> CheckResult:
    result = CheckResult(rejected=sum(device.rejected for device in devices))
    acked_by_account: dict[int, set[str]] = {}
    for device in devices:
        acked_by_account.setdefault(device.account, set()).update(device.acked_wins)
        result.waiting += len(device.outbox)
    placeholders = ", ".join(["%s"] * len(user_ids))
    rows = database.rows(
        f"SELECT user_id, id FROM wins WHERE user_id IN ({placeholders})", tuple(user_ids)
    )
    counts = Counter((str(user_id), str(win_id)) for user_id, win_id in rows)
    result.stored = len(rows)
    result.duplicates = sum(1 for n in counts.values() if n > 1)
    for account, acked in acked_by_account.items():
        user_id = user_ids[account]
        stored = {win_id for (owner, win_id) in counts if owner == user_id}
        result.acked += len(acked)
        result.missing += len(acked - stored)
        result.unacked_stored += len(stored - acked)
    for device in devices:
        result.not_on_device += len(acked_by_account[device.account] - device.wins.keys())
    return result
