"""goals, values, and wins.value_ids

Two synced collections: "goals" (a big goal, its daily small step, weekdays, paused,
archived) and "values" (a name; the table is user_values because VALUES is an SQL keyword),
keyed by (id, user_id) like every synced record, each with its pull index. Wins gain
value_ids, a JSON list of value ids; existing wins get an empty list.

Revision ID: e5c2a7f1b9d3
Revises: 9b2e7c4d1a30
Create Date: 2026-11-27 13:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5c2a7f1b9d3'
down_revision = '9b2e7c4d1a30'
branch_labels = None
depends_on = None


def _synced_columns():
    return [
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('user_id', sa.String(length=36), nullable=False),
        sa.Column('server_seq', sa.BigInteger(), nullable=False),
        sa.Column('field_clock', sa.JSON(), nullable=False),
        sa.Column('deleted', sa.Boolean(), nullable=False),
    ]


def _create(table, *columns):
    op.create_table(
        table,
        *columns,
        *_synced_columns(),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f(f'fk_{table}_user_id_users'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', 'user_id', name=op.f(f'pk_{table}')),
    )
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(
            f'ix_{table}_user_id_server_seq', ['user_id', 'server_seq'], unique=True
        )


def upgrade():
    _create(
        'goals',
        sa.Column('title', sa.String(length=120), nullable=False),
        sa.Column('step', sa.String(length=120), nullable=False),
        sa.Column('weekdays', sa.JSON(), nullable=False),
        sa.Column('paused', sa.Boolean(), nullable=False),
        sa.Column('archived', sa.Boolean(), nullable=False),
    )
    _create('user_values', sa.Column('name', sa.String(length=40), nullable=False))
    # The default fills existing rows, then goes: new rows always carry the list.
    with op.batch_alter_table('wins', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('value_ids', sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
    with op.batch_alter_table('wins', schema=None) as batch_op:
        batch_op.alter_column('value_ids', server_default=None)


def downgrade():
    with op.batch_alter_table('wins', schema=None) as batch_op:
        batch_op.drop_column('value_ids')
    for table in ('user_values', 'goals'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f'ix_{table}_user_id_server_seq')
        op.drop_table(table)
