"""weekly summaries, word counts and reflections

The synced "summaries" (server-written, one per user and ISO week under a unique key), the
server-only per-week term counts the themes are scored against, and the synced "reflections"
(the three questions, one record per week).

Revision ID: 9b2e7c4d1a30
Revises: 5b7e0c3a9d21
Create Date: 2026-11-27 12:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9b2e7c4d1a30'
down_revision = '5b7e0c3a9d21'
branch_labels = None
depends_on = None


def _synced_columns(table):
    return [
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('user_id', sa.String(length=36), nullable=False),
        sa.Column('server_seq', sa.BigInteger(), nullable=False),
        sa.Column('field_clock', sa.JSON(), nullable=False),
        sa.Column('deleted', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f(f'fk_{table}_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', 'user_id', name=op.f(f'pk_{table}')),
    ]


def upgrade():
    op.create_table('weekly_summaries',
    sa.Column('week', sa.String(length=8), nullable=False),
    sa.Column('week_start', sa.Date(), nullable=False),
    sa.Column('week_end', sa.Date(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('dirty', sa.Boolean(), nullable=False),
    *_synced_columns('weekly_summaries'),
    sa.UniqueConstraint('user_id', 'week', name='uq_weekly_summaries_user_id_week')
    )
    with op.batch_alter_table('weekly_summaries', schema=None) as batch_op:
        batch_op.create_index('ix_weekly_summaries_dirty', ['dirty'], unique=False)
        batch_op.create_index('ix_weekly_summaries_user_id_server_seq', ['user_id', 'server_seq'], unique=True)

    op.create_table('week_word_counts',
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('week_start', sa.Date(), nullable=False),
    sa.Column('wins', sa.Integer(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_week_word_counts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'week_start', name=op.f('pk_week_word_counts'))
    )

    op.create_table('reflections',
    sa.Column('week', sa.String(length=8), nullable=False),
    sa.Column('meaningful', sa.String(length=2000), nullable=False),
    sa.Column('patterns', sa.String(length=2000), nullable=False),
    sa.Column('consistency', sa.String(length=2000), nullable=False),
    *_synced_columns('reflections'),
    )
    with op.batch_alter_table('reflections', schema=None) as batch_op:
        batch_op.create_index('ix_reflections_user_id_server_seq', ['user_id', 'server_seq'], unique=True)
        batch_op.create_index('ix_reflections_user_id_week', ['user_id', 'week'], unique=False)


def downgrade():
    with op.batch_alter_table('reflections', schema=None) as batch_op:
        batch_op.drop_index('ix_reflections_user_id_week')
        batch_op.drop_index('ix_reflections_user_id_server_seq')
    op.drop_table('reflections')

    op.drop_table('week_word_counts')

    with op.batch_alter_table('weekly_summaries', schema=None) as batch_op:
        batch_op.drop_index('ix_weekly_summaries_user_id_server_seq')
        batch_op.drop_index('ix_weekly_summaries_dirty')
    op.drop_table('weekly_summaries')
