"""The owned connection pool under load, over real HTTP on loopback (issue 11).

Connections are counted by ``FakePinecone.connections_opened``; nothing here
is timed.
"""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path
from typing import Any

import httpx
import pytest

from pinecone_backups import AsyncClient, Client, IndexBackups, _pool
from pinecone_backups import _config as C
from pinecone_backups.testing import FakePinecone


def test_the_pool_keeps_alive_every_connection_it_may_open() -> None:
    limits = _pool.limits()
    assert limits.max_connections == C.MAX_CONNECTIONS
    assert limits.max_keepalive_connections == limits.max_connections


def test_a_wide_concurrent_walk_opens_no_more_connections_than_the_pool_holds() -> None:
    names = [f"idx-{n:02d}" for n in range(2 * C.MAX_CONNECTIONS)]
    with FakePinecone(latency=0.02) as fake:
        for name in names:
            fake.seed(name, 150)  # two pages each

        async def scenario() -> list[IndexBackups]:
            async with AsyncClient(api_key=fake.api_key, base_url=fake.base_url) as client:
                return [r async for r in client.iter_indexes_backups(names, max_concurrency=64)]

        results = asyncio.run(scenario())
        assert sorted(r.index_name for r in results) == names
        assert all(r.ok and len(r.backups) == 150 for r in results)
        assert len(fake.requests) == 2 * len(names)
        # Every connection is kept alive and reused: none closed and reopened.
        assert fake.connections_opened <= C.MAX_CONNECTIONS


def test_many_concurrent_describes_reuse_the_pool_connections() -> None:
    with FakePinecone(latency=0.01) as fake:
        ids = [b["backup_id"] for b in fake.seed("idx", 3 * C.MAX_CONNECTIONS)]

        async def scenario() -> None:
            async with AsyncClient(api_key=fake.api_key, base_url=fake.base_url) as client:
                for _ in range(2):
                    backups = await asyncio.gather(*(client.describe_backup(i) for i in ids))
                    assert [b.backup_id for b in backups] == ids

        asyncio.run(scenario())
        assert fake.connections_opened <= C.MAX_CONNECTIONS


def test_max_concurrency_is_used_as_given_with_your_own_pool() -> None:
    names = ["a", "b"]
    with FakePinecone() as fake:
        for name in names:
            fake.seed(name, 3)

        async def scenario() -> list[IndexBackups]:
            limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
            async with (
                httpx.AsyncClient(limits=limits) as http,
                AsyncClient(api_key=fake.api_key, base_url=fake.base_url, http_client=http) as c,
            ):
                return [r async for r in c.iter_indexes_backups(names, max_concurrency=2)]

        assert sorted(r.index_name for r in asyncio.run(scenario())) == names
        assert fake.connections_opened == 1


def test_clients_share_one_ssl_context(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[ssl.SSLContext] = []
    real = ssl.create_default_context

    def counting(*args: Any, **kwargs: Any) -> ssl.SSLContext:
        context = real(*args, **kwargs)
        built.append(context)
        return context

    monkeypatch.setattr(ssl, "create_default_context", counting)
    _pool._ssl_context.cache_clear()
    with FakePinecone() as fake:
        fake.seed("idx", 1)
        with Client(api_key=fake.api_key, base_url=fake.base_url) as first:
            first.list_backups("idx")
        with Client(api_key=fake.api_key, base_url=fake.base_url) as second:
            second.list_backups("idx")

        async def scenario() -> None:
            async with AsyncClient(api_key=fake.api_key, base_url=fake.base_url) as client:
                await client.list_backups("idx")

        asyncio.run(scenario())
    assert len(built) == 1
    assert _pool.ssl_context() is built[0]


def test_a_changed_ca_setting_builds_a_new_ssl_context(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    default = _pool.ssl_context()
    assert _pool.ssl_context() is default
    import certifi

    monkeypatch.setenv("SSL_CERT_FILE", certifi.where())
    with_file = _pool.ssl_context()
    assert with_file is not default
    monkeypatch.setenv("SSL_CERT_DIR", str(Path(certifi.where()).parent))
    assert _pool.ssl_context() is not with_file
    assert _pool.ssl_context() is _pool.ssl_context()
