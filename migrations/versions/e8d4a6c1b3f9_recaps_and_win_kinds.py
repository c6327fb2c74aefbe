"""recaps; a win's kind and intention

The synced "recaps" collection: one record per person and local day saying the evening recap
was done (with what helped and whether the morning's intention happened), with the shared sync
columns, the pull index and a (user, local day) index the reminder tick asks. Wins gain `kind`
("win", or "pause" for the mindful pause; existing rows become "win") and `intention_id` (the
intention a win fulfils).

Revision ID: e8d4a6c1b3f9
Revises: e4d2b7a1c9f3
Create Date: 2026-11-27 13:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e8d4a6c1b3f9'
down_revision = 'e4d2b7a1c9f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('recaps',
    sa.Column('local_day', sa.Date(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('helped', sa.String(length=500), nullable=True),
    sa.Column('intention', sa.String(length=16), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('server_seq', sa.BigInteger(), nullable=False),
    sa.Column('field_clock', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_recaps_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', 'user_id', name=op.f('pk_recaps'))
    )
    with op.batch_alter_table('recaps', schema=None) as batch_op:
        batch_op.create_index('ix_recaps_user_id_local_day', ['user_id', 'local_day'], unique=False)
        batch_op.create_index('ix_recaps_user_id_server_seq', ['user_id', 'server_seq'], unique=True)

    with op.batch_alter_table('wins', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=16), server_default='win', nullable=False))
        batch_op.add_column(sa.Column('intention_id', sa.String(length=36), nullable=True))


def downgrade():
    with op.batch_alter_table('wins', schema=None) as batch_op:
        batch_op.drop_column('intention_id')
        batch_op.drop_column('kind')

    with op.batch_alter_table('recaps', schema=None) as batch_op:
        batch_op.drop_index('ix_recaps_user_id_server_seq')
        batch_op.drop_index('ix_recaps_user_id_local_day')

    op.drop_table('recaps')
