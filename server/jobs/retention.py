"""How long the reminder delivery ledger is kept, and the prune that enforces it.

A delivery row does two jobs. It is the exactly-once key for one reminder on one local day,
which matters only while that occurrence could still be sent: the tick sends an occurrence
only within its kind's TTL (at most a day, see server/reminders/kinds.py); an older one is at
most recorded as skipped_stale, so re-recording a pruned day can never send it twice. And it
answers "why didn't my reminder come?", which nobody asks about last season. So rows whose
occurrence is older than DELIVERY_RETENTION go: without this the table grows by every
reminder of every person every day, for ever.

The tick calls prune_deliveries every minute; it deletes at most `limit` rows oldest first
(an index on due_at), so the first run on a big old ledger is spread over several ticks and
a steady-state run finds nothing to do with one index probe.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from server.extensions import db
from server.models import ReminderDelivery

DELIVERY_RETENTION = timedelta(days=60)
PRUNE_BATCH = 5000


def prune_deliveries(
    now: datetime, keep: timedelta = DELIVERY_RETENTION, limit: int = PRUNE_BATCH
) -> int:
    """Delete up to `limit` deliveries due before `now - keep`, oldest first; commits."""
    table = ReminderDelivery.__table__
    old = (
        sa.select(table.c.id)
        .where(table.c.due_at < now - keep)
        .order_by(table.c.due_at)
        .limit(limit)
    )
    result = db.session.execute(sa.delete(table).where(table.c.id.in_(old.scalar_subquery())))
    db.session.commit()
    return int(result.rowcount)  # type: ignore[attr-defined]
