"""shares: one win, day or weekly review shown to one named person

Revision ID: e4b8f2a6c1d3
Revises: e8d4a6c1b3f9
Create Date: 2026-11-27 13:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4b8f2a6c1d3'
down_revision = 'e8d4a6c1b3f9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'shares',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('user_id', sa.String(length=36), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('recipient', sa.String(length=80), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('target', sa.String(length=36), nullable=False),
        sa.Column('record_ids', sa.JSON(), nullable=False),
        sa.Column('with_reflection', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shares_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shares_user_id'))
    op.drop_table('shares')
