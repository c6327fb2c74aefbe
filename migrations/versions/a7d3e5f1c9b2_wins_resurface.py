"""wins: resurface

A synced per-win flag for Looking back: false once the person says "don't show this again".
Existing wins may resurface (server default true), as they could before.

Revision ID: a7d3e5f1c9b2
Revises: e4b8f2a6c1d3
Create Date: 2026-11-27 13:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7d3e5f1c9b2'
# After the account branch's preferences (the head this branch was built on); re-chain at merge.
down_revision = 'e4b8f2a6c1d3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('wins', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resurface', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('wins', schema=None) as batch_op:
        batch_op.drop_column('resurface')
