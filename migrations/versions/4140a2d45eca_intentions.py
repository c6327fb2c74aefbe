"""intentions

The synced "intentions" collection: one short line per day ("what's one win you want to look
back on today?"), with the shared sync columns, the pull index and a (user, local day) index
for "today's intention".

Revision ID: 4140a2d45eca
Revises: 07b5f1a705e1
Create Date: 2026-11-23 21:08:22.754982

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4140a2d45eca'
down_revision = '07b5f1a705e1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('intentions',
    sa.Column('text', sa.String(length=280), nullable=False),
    sa.Column('local_day', sa.Date(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('server_seq', sa.BigInteger(), nullable=False),
    sa.Column('field_clock', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_intentions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intentions'))
    )
    with op.batch_alter_table('intentions', schema=None) as batch_op:
        batch_op.create_index('ix_intentions_user_id_local_day', ['user_id', 'local_day'], unique=False)
        batch_op.create_index('ix_intentions_user_id_server_seq', ['user_id', 'server_seq'], unique=True)


def downgrade():
    with op.batch_alter_table('intentions', schema=None) as batch_op:
        batch_op.drop_index('ix_intentions_user_id_server_seq')
        batch_op.drop_index('ix_intentions_user_id_local_day')

    op.drop_table('intentions')
