"""synced records and wins

The sync engine's bookkeeping (devices, per-user change counters, rejections a device has not
yet confirmed hearing) and the first synced collection, wins. A synced table's own columns come
first; id, user_id, server_seq, field_clock and deleted come from the SyncedRecord mixin.

Revision ID: 95379b6745d4
Revises: db5dadcdba5a
Create Date: 2026-11-23 20:24:32.797470

"""
from alembic import op
import sqlalchemy as sa


revision = '95379b6745d4'
down_revision = 'db5dadcdba5a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sync_clients',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('last_mutation_id', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sync_clients_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_clients'))
    )
    with op.batch_alter_table('sync_clients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_clients_user_id'), ['user_id'], unique=False)

    op.create_table('sync_counters',
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sync_counters_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_sync_counters'))
    )

    op.create_table('sync_rejections',
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('mutation_id', sa.BigInteger(), nullable=False),
    sa.Column('collection', sa.String(length=64), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('error', sa.String(length=32), nullable=False),
    sa.Column('message', sa.String(length=200), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['sync_clients.id'], name=op.f('fk_sync_rejections_client_id_sync_clients'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('client_id', 'mutation_id', name=op.f('pk_sync_rejections'))
    )

    op.create_table('wins',
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('happened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('local_day', sa.Date(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('energy', sa.SmallInteger(), nullable=True),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.Column('starred', sa.Boolean(), nullable=False),
    sa.Column('goal_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('server_seq', sa.BigInteger(), nullable=False),
    sa.Column('field_clock', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_wins_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wins'))
    )
    with op.batch_alter_table('wins', schema=None) as batch_op:
        batch_op.create_index('ix_wins_user_id_local_day', ['user_id', 'local_day'], unique=False)
        # Unique: each change takes a fresh value of the owner's counter (see models/sync.py).
        batch_op.create_index('ix_wins_user_id_server_seq', ['user_id', 'server_seq'], unique=True)


def downgrade():
    with op.batch_alter_table('wins', schema=None) as batch_op:
        batch_op.drop_index('ix_wins_user_id_server_seq')
        batch_op.drop_index('ix_wins_user_id_local_day')
    op.drop_table('wins')
    op.drop_table('sync_rejections')
    op.drop_table('sync_counters')
    with op.batch_alter_table('sync_clients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_clients_user_id'))
    op.drop_table('sync_clients')
