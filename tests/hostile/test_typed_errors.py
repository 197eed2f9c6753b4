"""Only typed errors escape: inputs that made httpx, the codec or the recursion limit raise."""

from __future__ import annotations

import asyncio
import io
import json

import httpx
import pytest

from pinecone_backups import (
    AsyncClient,
    Client,
    ConfigurationError,
    InvalidArgumentError,
    PaginationError,
)
from pinecone_backups._cli import main
from tests.hostile._servers import Conn, RawServer, backup, json_response

HUGE_TOKEN = "t" * 70_000

WHY_NOT_SENT = {
    HUGE_TOKEN: (
        "it is 70000 characters long once URL-encoded, more than a URL can carry (at most 64512)"
    ),
    "ab\ud800cd": "it holds a lone surrogate character, which cannot be sent as UTF-8",
}


def page_with_next(token: str) -> object:
    def handler(conn: Conn, head: bytes, number: int) -> bool:
        listing = {"data": [backup(f"bk-{number}")], "pagination": {"next": token}}
        conn.send(json_response(listing))
        return True

    return handler


@pytest.mark.parametrize("token", [HUGE_TOKEN, "ab\ud800cd"], ids=["70 KB", "lone surrogate"])
def test_a_token_that_cannot_be_sent_stops_a_walk_before_sending_it(token: str) -> None:
    with (
        RawServer(page_with_next(token)) as server,  # type: ignore[arg-type]
        Client(api_key="k" * 20, base_url=server.base_url) as client,
    ):
        received: list[str] = []
        walk = client.iter_backups("docs-example")
        with pytest.raises(PaginationError) as caught:
            received.extend(b.backup_id for b in walk)
    assert received == ["bk-1"]  # the page was delivered first
    assert len(server.requests) == 1  # the token was never sent
    assert str(caught.value) == (
        "the server returned on page 1 of index 'docs-example' a pagination token that cannot "
        f"be sent: {WHY_NOT_SENT[token]}; stopping the walk (the backups received so far were "
        "delivered)"
    )


@pytest.mark.parametrize("token", [HUGE_TOKEN, "ab\ud800cd"], ids=["70 KB", "lone surrogate"])
def test_a_token_that_cannot_be_sent_is_refused_at_the_call(token: str) -> None:
    with Client(api_key="k" * 20, base_url="http://127.0.0.1:9") as client:
        expected = f"pagination_token cannot be sent: {WHY_NOT_SENT[token]}"
        with pytest.raises(InvalidArgumentError) as listed:
            client.list_backups("docs-example", pagination_token=token)
        assert str(listed.value) == expected
        with pytest.raises(InvalidArgumentError) as walked:
            client.iter_backups("docs-example", pagination_token=token)
        assert str(walked.value) == expected


def test_a_huge_index_name_is_refused_at_the_call() -> None:
    with (
        Client(api_key="k" * 20, base_url="http://127.0.0.1:9") as client,
        pytest.raises(InvalidArgumentError) as caught,
    ):
        client.list_backups("i" * 70_000)
    assert isinstance(caught.value.__cause__, httpx.InvalidURL)


def deep(levels: int) -> object:
    return json.loads("[" * levels + "]" * levels)


def test_deep_nesting_parses_and_prints_without_recursion_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wire = backup("bk-1", unknown=deep(600), tags={"k": deep(600)}, schema={"fields": deep(600)})

    def answer(conn: Conn, head: bytes, number: int) -> bool:
        conn.send(json_response(wire))
        return True

    with RawServer(answer) as server:
        with Client(api_key="k" * 20, base_url=server.base_url) as client:
            found = client.describe_backup("bk-1")
        assert found.to_dict() == wire  # tags and schema did not fit: kept raw
        assert found.additional_properties["unknown"] == wire["unknown"]
        assert found.schema is None
        monkeypatch.setenv("PINECONE_API_KEY", "k" * 20)
        for argv in (["describe", "bk-1", "--json"], ["describe", "bk-1"]):
            out, err = io.StringIO(), io.StringIO()
            status = main(["--base-url", server.base_url, *argv], out=out, err=err)
            assert status == 0, err.getvalue()
        out = io.StringIO()
        assert main(["--base-url", server.base_url, "describe", "bk-1", "--json"], out=out) == 0
        assert json.loads(out.getvalue()) == wire


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_socks_proxy_without_socksio_is_a_configuration_error(
    flavour: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALL_PROXY", "socks5://127.0.0.1:1080")
    if flavour == "sync":
        with Client(api_key="k" * 20) as client, pytest.raises(ConfigurationError) as caught:
            client.describe_backup("bk-1")
    else:

        async def call() -> None:
            async with AsyncClient(api_key="k" * 20) as client:
                await client.describe_backup("bk-1")

        with pytest.raises(ConfigurationError) as caught:
            asyncio.run(call())
    assert str(caught.value).startswith(
        "a proxy named in the environment (ALL_PROXY, HTTPS_PROXY, ...) is a SOCKS proxy, which "
        "needs 'pip install httpx[socks]'; install it, or unset the variable, or pass an "
        "http_client ("
    )
    assert isinstance(caught.value.__cause__, ImportError)


def test_a_proxy_scheme_httpx_cannot_use_is_a_configuration_error_saying_which_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ALL_PROXY", "ftp://127.0.0.1:21")
    with Client(api_key="k" * 20) as client, pytest.raises(ConfigurationError) as caught:
        client.describe_backup("bk-1")
    assert str(caught.value) == (
        "a proxy named in the environment (ALL_PROXY, HTTPS_PROXY, ...) has a scheme httpx "
        "does not support (http, https, socks5 are); fix or unset the variable"
    )
    assert isinstance(caught.value.__cause__, ValueError)


def test_a_closed_http_client_is_a_configuration_error() -> None:
    http = httpx.Client()
    http.close()
    client = Client(api_key="k" * 20, base_url="http://127.0.0.1:9", http_client=http)
    with pytest.raises(ConfigurationError, match="was closed"):
        client.describe_backup("bk-1")


def test_a_closed_async_http_client_is_a_configuration_error() -> None:
    async def call() -> None:
        http = httpx.AsyncClient()
        await http.aclose()
        client = AsyncClient(api_key="k" * 20, base_url="http://127.0.0.1:9", http_client=http)
        await client.describe_backup("bk-1")

    with pytest.raises(ConfigurationError, match="was closed"):
        asyncio.run(call())


def test_one_async_client_in_two_event_loops_is_a_configuration_error() -> None:
    def answer(conn: Conn, head: bytes, number: int) -> bool:
        conn.send(json_response(backup("bk-1")))
        return True

    with RawServer(answer) as server:
        client = AsyncClient(api_key="k" * 20, base_url=server.base_url)
        assert asyncio.run(client.describe_backup("bk-1")).backup_id == "bk-1"
        with pytest.raises(ConfigurationError) as caught:
            asyncio.run(client.describe_backup("bk-1"))
    assert str(caught.value) == (
        "this AsyncClient was first used in another event loop, and its connections belong to "
        "that loop; make one AsyncClient per event loop (per asyncio.run)"
    )
