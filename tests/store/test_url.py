from __future__ import annotations

import asyncio

import pytest

from salon.errors import ConfigurationError
from salon.store import Store
from salon.store.url import display, normalise_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///.salon/salon.db", "sqlite+aiosqlite:///.salon/salon.db"),
        ("sqlite+aiosqlite:///data/salon.db", "sqlite+aiosqlite:///data/salon.db"),
        ("sqlite:////var/lib/salon.db", "sqlite+aiosqlite:////var/lib/salon.db"),
        ("sqlite://", "sqlite+aiosqlite://"),
        ("postgresql://salon@db:5432/salon", "postgresql+psycopg://salon@db:5432/salon"),
        ("postgres://salon@db/salon", "postgresql+psycopg://salon@db/salon"),
        ("postgresql+psycopg://salon@db/salon", "postgresql+psycopg://salon@db/salon"),
        ("postgresql+psycopg2://salon@db/salon", "postgresql+psycopg://salon@db/salon"),
        (".salon/salon.db", "sqlite+aiosqlite:///.salon/salon.db"),
    ],
)
def test_user_urls_are_normalised_to_the_async_drivers(given: str, expected: str) -> None:
    assert normalise_url(given).render_as_string(hide_password=False) == expected


@pytest.mark.parametrize("given", ["mysql://root@localhost/salon", "", "oracle+cx_oracle://u@h/db"])
def test_databases_other_than_sqlite_and_postgresql_are_refused_with_the_accepted_forms(given: str) -> None:
    with pytest.raises(ConfigurationError, match="postgresql://"):
        normalise_url(given)


def test_the_shown_url_never_carries_the_password() -> None:
    shown = display(normalise_url("postgresql://salon:hunter2@db:5432/salon"))
    assert "hunter2" not in shown
    assert shown == "postgresql+psycopg://salon@db:5432/salon"


async def test_an_in_memory_store_works_and_serialises_concurrent_writes() -> None:
    async with await Store.open("sqlite://") as store:
        conversation = await store.conversations.create()
        await asyncio.gather(*(store.messages.append(conversation.id, "user", str(n)) for n in range(20)))
        seqs = [message.seq for message in await store.messages.list(conversation.id)]
        assert seqs == list(range(1, 21))
        assert store.url == "sqlite+aiosqlite://"
