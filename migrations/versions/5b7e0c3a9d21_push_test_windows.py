"""push test windows

The per-user limit on test notifications (POST /api/v1/push/test): one row per user with the
start of the current window and how many tests it has seen.

Revision ID: 5b7e0c3a9d21
Revises: c3a1d9e2f7b4
Create Date: 2026-11-27 12:25:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b7e0c3a9d21'
down_revision = 'c3a1d9e2f7b4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('push_test_windows',
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_push_test_windows_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_push_test_windows'))
    )


def downgrade():
    op.drop_table('push_test_windows')
