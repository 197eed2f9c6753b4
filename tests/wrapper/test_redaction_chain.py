"""The key is scrubbed from every exception chained under a connection error, in this process.

An httpx or h11 error may quote what the server sent (a status line, a
reason): the client redacts the messages of the whole chain below the error
it raises, each exception once, a cycle included, up to ``_MAX_CHAIN`` deep.
"""

from __future__ import annotations

import itertools

import httpx
import pytest

from pinecone_backups import APIConnectionError, Client
from pinecone_backups._redact import _MAX_CHAIN, scrub_chain

KEY = "pcsk_" + "7Qx2Lm9Zr4" * 6
"""A key long enough to be redacted wherever it appears."""

MAX_VISITS = 50
"""Reads of one exception's ``args`` after which a test stops a walk that never ends."""


def chain_of(error: BaseException) -> list[BaseException]:
    """``error``'s causes and contexts, in order, each once."""
    found: list[BaseException] = []
    current = error.__cause__ or error.__context__
    while current is not None and all(current is not seen for seen in found):
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def test_a_connection_error_from_a_transport_has_the_key_scrubbed_from_its_whole_chain() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        try:
            try:
                raise OSError(f"socket said {KEY}")
            except OSError as exc:
                raise ValueError(f"proxy said {KEY} twice: {KEY}") from exc
        except ValueError as exc:
            error = httpx.ConnectError(f"refused for {KEY}")
            error.__context__ = exc  # chained as a context, not a cause
            raise error from None

    with (
        httpx.Client(transport=httpx.MockTransport(handler)) as http,
        Client(
            api_key=KEY, base_url="https://api.example.test", http_client=http, max_retries=0
        ) as client,
        pytest.raises(APIConnectionError) as caught,
    ):
        client.describe_backup("bk-1")

    assert (
        str(caught.value) == "GET /backups/bk-1 failed to connect or was cut off: refused for ***"
    )
    assert [(type(e), e.args) for e in chain_of(caught.value)] == [
        (httpx.ConnectError, ("refused for ***",)),
        (ValueError, ("proxy said *** twice: ***",)),
        (OSError, ("socket said ***",)),
    ]


class Counted(Exception):
    """An exception that counts how often its ``args`` are read, and refuses to loop."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.reads = 0

    @property
    def args(self) -> tuple[object, ...]:
        self.reads += 1
        if self.reads > MAX_VISITS:
            raise RuntimeError("walked in circles")
        return BaseException.args.__get__(self)  # type: ignore[attr-defined,no-any-return]

    @args.setter
    def args(self, value: tuple[object, ...]) -> None:
        BaseException.args.__set__(self, value)  # type: ignore[attr-defined]


def test_a_cycle_in_the_chain_is_walked_once_and_every_message_in_it_scrubbed() -> None:
    first, second = Counted(f"first {KEY}"), Counted(f"second {KEY}")
    first.__cause__, second.__cause__ = second, first
    error = APIConnectionError("cut off")
    error.__cause__ = first

    scrub_chain(error, KEY)

    assert BaseException.args.__get__(first) == ("first ***",)  # type: ignore[attr-defined]
    assert BaseException.args.__get__(second) == ("second ***",)  # type: ignore[attr-defined]
    assert (first.reads, second.reads) == (1, 1)


def test_a_cycle_through_contexts_is_walked_once() -> None:
    first, second, third = Counted(f"a {KEY}"), Counted(f"b {KEY}"), Counted("c")
    first.__context__, second.__context__, third.__context__ = second, third, first
    error = APIConnectionError("cut off")
    error.__context__ = first

    scrub_chain(error, KEY)

    assert [e.reads for e in (first, second, third)] == [1, 1, 1]
    assert str(first) == "a ***"
    assert str(second) == "b ***"
    assert str(third) == "c"


def test_a_chain_is_scrubbed_to_its_max_chain_th_exception_and_no_deeper() -> None:
    chain = [ValueError(f"level {level} {KEY}") for level in range(_MAX_CHAIN + 3)]
    for upper, lower in itertools.pairwise(chain):
        upper.__cause__ = lower
    error = APIConnectionError("cut off")
    error.__cause__ = chain[0]

    scrub_chain(error, KEY)

    assert [e.args[0] for e in chain] == [
        f"level {level} ***" if level < _MAX_CHAIN else f"level {level} {KEY}"
        for level in range(_MAX_CHAIN + 3)
    ]
