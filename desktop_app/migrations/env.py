"""Alembic environment: always run from desktop_app.schema with a live connection."""

from __future__ import annotations

from alembic import context

from desktop_app.models import Base
from desktop_app.models.search_index import not_in_models

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - we never run alembic from its own CLI
    raise RuntimeError("Run migrations through `python -m desktop_app migrate`.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_object=not_in_models,
)
with context.begin_transaction():
    context.run_migrations()
