"""Alembic migrations of Salon's store; run by `salon.store.migrate` at `Store.open`."""
