"""A closed client refuses before any request; which hosts count as this machine."""

from __future__ import annotations

import asyncio

import pytest

from pinecone_backups import AsyncClient, Client, ConfigurationError
from pinecone_backups.testing import FakePinecone


def test_a_closed_client_refuses_before_any_request(fake: FakePinecone) -> None:
    client = Client(api_key=fake.api_key, base_url=fake.base_url)
    client.close()
    with pytest.raises(ConfigurationError) as caught:
        client.describe_backup("bk-1")
    assert str(caught.value) == "this Client was closed; create a new one to send requests"
    assert fake.requests == []


def test_a_closed_async_client_refuses_before_any_request(fake: FakePinecone) -> None:
    async def call() -> ConfigurationError:
        client = AsyncClient(api_key=fake.api_key, base_url=fake.base_url)
        await client.close()
        with pytest.raises(ConfigurationError) as caught:
            await client.describe_backup("bk-1")
        return caught.value

    error = asyncio.run(call())
    assert str(error) == "this AsyncClient was closed; create a new one to send requests"
    assert fake.requests == []


@pytest.mark.parametrize(
    "url",
    ["http://localhost:9", "http://api.localhost:9", "http://127.0.0.2:9", "http://[::1]:9"],
)
def test_plain_http_to_this_machine_is_allowed(url: str) -> None:
    with Client(api_key="k", base_url=url) as client:
        assert client.base_url == url


@pytest.mark.parametrize(
    "url", ["http://localhost.example.com", "http://notlocalhost", "http://[::2]:9"]
)
def test_plain_http_to_a_host_that_only_looks_local_is_refused(url: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        Client(api_key="k", base_url=url)
    assert str(caught.value).startswith(
        f"base_url {url!r} is plain http to a host that is not loopback: the API key would "
        "travel unencrypted."
    )
