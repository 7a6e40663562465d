"""Default actors and placement units from the glossary (editable in the app).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTORS = [
    ("Funktionsstödsförvaltningen (daglig verksamhet)", "disability_services"),
    ("Arbetsmarknads- och socialförvaltningen", "labour_market"),
    ("Försäkringskassan", "social_insurance"),
    ("Arbetsförmedlingen", "employment_service"),
    ("Region (vårdcentral, psykiatri, habilitering)", "healthcare"),
    ("Arbetsgivare", "employer"),
    ("Socialt företag", "employer"),
    ("God man / förvaltare", "guardian"),
    ("Anhörig", "relative"),
]
UNITS = ["Biblioteket", "Second hand-butiken", "Logistik, socialt företag", "Daglig verksamhet, gruppverksamhet"]


def upgrade() -> None:
    actor = sa.table("actor", sa.column("name", sa.String), sa.column("kind", sa.String),
                     sa.column("phone", sa.String), sa.column("email", sa.String),
                     sa.column("active", sa.Boolean), sa.column("version", sa.Integer))
    op.bulk_insert(actor, [{"name": n, "kind": k, "phone": "", "email": "", "active": True, "version": 1}
                           for n, k in ACTORS])
    unit = sa.table("placement_unit", sa.column("name", sa.String), sa.column("address", sa.String),
                    sa.column("active", sa.Boolean), sa.column("version", sa.Integer))
    op.bulk_insert(unit, [{"name": n, "address": "", "active": True, "version": 1} for n in UNITS])


def downgrade() -> None:
    actor = sa.table("actor", sa.column("name", sa.String))
    op.execute(actor.delete().where(actor.c.name.in_([n for n, _k in ACTORS])))
    unit = sa.table("placement_unit", sa.column("name", sa.String))
    op.execute(unit.delete().where(unit.c.name.in_(UNITS)))
