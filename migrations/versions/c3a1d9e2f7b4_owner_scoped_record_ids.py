"""owner-scoped record ids; delivery retention index

Synced records (wins, intentions, reminders) are keyed by (id, user_id) instead of id alone,
so an id another account chose first neither blocks nor touches the owner's record. The
delivery ledger follows: its reminder key and its exactly-once key gain user_id. An index on
reminder_deliveries.due_at serves the retention prune.

SQLite runs with foreign_keys=ON, and rebuilding a parent table there deletes the children
through ON DELETE CASCADE, so the deliveries' foreign key to reminders is dropped before the
reminders table is rebuilt and put back after it (PostgreSQL needs the same order anyway: the
foreign key depends on the primary key it refers to).

Downgrade fails if two accounts hold a record under the same id, which only this revision
allows: there is no global key to go back to.

Revision ID: c3a1d9e2f7b4
Revises: 5b1e0c7d2a91
Create Date: 2026-11-27 12:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3a1d9e2f7b4'
down_revision = '5b1e0c7d2a91'
branch_labels = None
depends_on = None

SYNCED = ('wins', 'intentions', 'reminders')
DELIVERY_FK = 'fk_reminder_deliveries_reminder_id_reminders'
DELIVERY_UQ = 'uq_reminder_deliveries_reminder_id'


def _rekey(key):
    for table in SYNCED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f'pk_{table}', type_='primary')
            batch_op.create_primary_key(f'pk_{table}', key)


def upgrade():
    with op.batch_alter_table('reminder_deliveries', schema=None) as batch_op:
        batch_op.drop_constraint(DELIVERY_FK, type_='foreignkey')
        batch_op.drop_constraint(DELIVERY_UQ, type_='unique')
    _rekey(['id', 'user_id'])
    with op.batch_alter_table('reminder_deliveries', schema=None) as batch_op:
        batch_op.create_unique_constraint(DELIVERY_UQ, ['reminder_id', 'user_id', 'local_date'])
        batch_op.create_foreign_key(
            DELIVERY_FK, 'reminders', ['reminder_id', 'user_id'], ['id', 'user_id'],
            ondelete='CASCADE',
        )
        batch_op.create_index('ix_reminder_deliveries_due_at', ['due_at'], unique=False)


def downgrade():
    with op.batch_alter_table('reminder_deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_reminder_deliveries_due_at')
        batch_op.drop_constraint(DELIVERY_FK, type_='foreignkey')
        batch_op.drop_constraint(DELIVERY_UQ, type_='unique')
    _rekey(['id'])
    with op.batch_alter_table('reminder_deliveries', schema=None) as batch_op:
        batch_op.create_unique_constraint(DELIVERY_UQ, ['reminder_id', 'local_date'])
        batch_op.create_foreign_key(
            DELIVERY_FK, 'reminders', ['reminder_id'], ['id'], ondelete='CASCADE'
        )
