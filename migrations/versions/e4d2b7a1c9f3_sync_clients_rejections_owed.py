"""sync clients count the rejections they are owed

A sync skips the sync_rejections table when its device is owed none (issue 12). Existing
devices start from the rows they already have, so no owed rejection is skipped.

Revision ID: e4d2b7a1c9f3
Revises: e4b7c2a9d1f3
Create Date: 2026-11-27 13:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4d2b7a1c9f3'
down_revision = 'e4b7c2a9d1f3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sync_clients', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('rejections_owed', sa.Integer(), server_default='0', nullable=False)
        )
    op.execute(
        'UPDATE sync_clients SET rejections_owed = (SELECT count(*) FROM sync_rejections'
        ' WHERE sync_rejections.client_id = sync_clients.id)'
    )


def downgrade():
    with op.batch_alter_table('sync_clients', schema=None) as batch_op:
        batch_op.drop_column('rejections_owed')
