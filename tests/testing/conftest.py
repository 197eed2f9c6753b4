"""Fixtures for the tests of pinecone_backups.testing: a running fake and httpx clients."""

from __future__ import annotations

import ssl
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from pinecone_backups._config import API_KEY_HEADER, API_VERSION, API_VERSION_HEADER
from pinecone_backups.testing import FakePinecone

API_KEY = "test-key"

# httpx builds a TLS context for every new client, which costs tens of
# milliseconds; these tests speak plain HTTP, so one shared context will do.
_TLS = ssl.create_default_context()


@pytest.fixture
def fake() -> Iterator[FakePinecone]:
    with FakePinecone(api_key=API_KEY) as server:
        yield server


@pytest.fixture
def good_headers() -> dict[str, str]:
    return {API_KEY_HEADER: API_KEY, API_VERSION_HEADER: API_VERSION}


@pytest.fixture
def make_client() -> Iterator[Callable[..., httpx.Client]]:
    """A factory of httpx clients (default timeout 5 s), all closed after the test."""
    made: list[httpx.Client] = []

    def make(**kwargs: Any) -> httpx.Client:
        kwargs.setdefault("timeout", 5.0)
        http = httpx.Client(verify=_TLS, **kwargs)
        made.append(http)
        return http

    yield make
    for http in made:
        http.close()


@pytest.fixture
def client(
    fake: FakePinecone,
    good_headers: dict[str, str],
    make_client: Callable[..., httpx.Client],
) -> httpx.Client:
    return make_client(base_url=fake.base_url, headers=good_headers)
