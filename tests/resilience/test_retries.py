"""Retries, timeouts and Retry-After, observed at a real ``FakePinecone``.

Attempts are counted at the server (``fake.requests``); delays are read from
the retry lines the SDK logs on the ``pinecone_backups`` logger, never timed.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from email.utils import formatdate
from typing import Any

import httpx
import pytest

from pinecone_backups import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncClient,
    AuthenticationError,
    Backoff,
    BadRequestError,
    Client,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from pinecone_backups.testing import FakePinecone, Fault
from tests.conftest import FAST_BACKOFF

MakeClient = Callable[..., Client]
Retries = Callable[[], list[Any]]

INDEX = "prod-index"
SLOW = 2.0  # seconds a "slow" fault waits: far beyond the 0.5 s timeouts used here
SHORT_TIMEOUT = 0.5


@pytest.fixture
def backup_id(fake: FakePinecone) -> str:
    fake.seed(INDEX, 25)
    return str(fake.backups(INDEX)[0]["backup_id"])  # type: ignore[index]


def _call(client: Client, operation: str, backup_id: str, **kwargs: Any) -> Any:
    if operation == "list":
        return client.list_backups(INDEX, limit=10, **kwargs)
    return client.describe_backup(backup_id, **kwargs)


def _ok(result: Any, operation: str, backup_id: str) -> None:
    if operation == "list":
        assert len(result.backups) == 10
        assert result.next_token
    else:
        assert result.backup_id == backup_id


OPERATIONS = ["list", "describe"]


# --- retried statuses and transport failures -----------------------------------------


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_retryable_status_is_retried_until_the_fault_clears(
    fake: FakePinecone,
    make_client: MakeClient,
    backup_id: str,
    retries_logged: Retries,
    status: int,
    operation: str,
) -> None:
    fake.inject(Fault(status=status, times=2))
    client = make_client(max_retries=2)

    result = _call(client, operation, backup_id)

    _ok(result, operation, backup_id)
    assert len(fake.requests) == 3
    logged = retries_logged()
    assert [r.number for r in logged] == [1, 2]
    assert all(f"HTTP {status}" in r.message for r in logged)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_dropped_connection_is_retried_until_the_fault_clears(
    fake: FakePinecone, make_client: MakeClient, backup_id: str, operation: str
) -> None:
    fake.inject(Fault.dropped(times=2))
    client = make_client(max_retries=2)

    _ok(_call(client, operation, backup_id), operation, backup_id)

    assert len(fake.requests) == 3


@pytest.mark.parametrize("operation", OPERATIONS)
def test_timed_out_attempt_is_retried_until_the_server_answers_in_time(
    fake: FakePinecone,
    make_client: MakeClient,
    backup_id: str,
    retries_logged: Retries,
    operation: str,
) -> None:
    fake.inject(Fault.slow(SLOW))
    client = make_client(max_retries=1, timeout=SHORT_TIMEOUT)

    _ok(_call(client, operation, backup_id), operation, backup_id)

    assert len(fake.requests) == 2
    assert "ReadTimeout" in retries_logged()[0].message


def test_truncated_body_is_retried_as_a_cut_connection(
    fake: FakePinecone, make_client: MakeClient, backup_id: str
) -> None:
    fake.inject(Fault.truncated_json())
    client = make_client(max_retries=1)

    _ok(_call(client, "list", backup_id), "list", backup_id)

    assert len(fake.requests) == 2


def test_retried_request_is_resent_identically(
    fake: FakePinecone, make_client: MakeClient, backup_id: str
) -> None:
    fake.inject(Fault.server_error(503, times=2))
    make_client(max_retries=2).list_backups(INDEX, limit=7, pagination_token=None)

    sent = [(r.method, r.path, r.query, r.headers["api-key"]) for r in fake.requests]
    assert len(sent) == 3
    assert sent[0] == sent[1] == sent[2]
    assert sent[0][2] == {"limit": ["7"]}


# --- statuses that are not retried -------------------------------------------------


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
    ],
)
def test_client_error_status_is_not_retried(
    fake: FakePinecone,
    make_client: MakeClient,
    backup_id: str,
    retries_logged: Retries,
    status: int,
    error: type[Exception],
    operation: str,
) -> None:
    fake.inject(Fault(status=status, times=5))
    client = make_client(max_retries=4)

    with pytest.raises(error) as caught:
        _call(client, operation, backup_id)

    assert len(fake.requests) == 1
    assert caught.value.attempts == 1  # type: ignore[attr-defined]
    assert "attempts" not in str(caught.value)
    assert retries_logged() == []


def test_real_not_found_and_wrong_key_are_not_retried(
    fake: FakePinecone, make_client: MakeClient, backup_id: str
) -> None:
    with pytest.raises(NotFoundError):
        make_client(max_retries=3).list_backups("no-such-index")
    with pytest.raises(AuthenticationError):
        make_client(max_retries=3, api_key="not-the-key").describe_backup(backup_id)

    assert len(fake.requests) == 2


# --- max_retries ---------------------------------------------------------------------


def test_max_retries_zero_makes_a_single_attempt(
    fake: FakePinecone, make_client: MakeClient, backup_id: str, retries_logged: Retries
) -> None:
    fake.inject(Fault.server_error(503, times=3))
    client = make_client(max_retries=0)

    with pytest.raises(ServerError) as caught:
        client.describe_backup(backup_id)

    assert len(fake.requests) == 1
    assert caught.value.attempts == 1
    assert "attempts" not in str(caught.value)
    assert retries_logged() == []


def test_max_retries_zero_also_disables_retry_of_a_dropped_connection(
    fake: FakePinecone, make_client: MakeClient, backup_id: str
) -> None:
    fake.inject(Fault.dropped(times=3))

    with pytest.raises(APIConnectionError) as caught:
        make_client(max_retries=0).list_backups(INDEX)

    assert len(fake.requests) == 1
    assert caught.value.attempts == 1


def test_per_call_max_retries_raises_the_client_setting(
    fake: FakePinecone, make_client: MakeClient, backup_id: str
) -> None:
    fake.inject(Fault.server_error(503, times=3))
    client = make_client(max_retries=0)

    page = client.list_backups(INDEX, limit=10, max_retries=3)

    assert len(page.backups) == 10
    assert len(fake.requests) == 4
    assert client.max_retries == 0


def test_per_call_max_retries_lowers_the_client_setting(
    fake: FakePinecone, make_client: MakeClient, backup_id: str
) -> None:
    fake.inject(Fault.server_error(500, times=10))
    client = make_client(max_retries=6)

    with pytest.raises(ServerError) as caught:
        client.describe_backup(backup_id, max_retries=1)

    assert caught.value.attempts == 2
    assert len(fake.requests) == 2


def test_per_call_max_retries_applies_to_every_page_of_a_walk(
    fake: FakePinecone, make_client: MakeClient, backup_id: str
) -> None:
    client = make_client(max_retries=0)
    pages = client.iter_backup_pages(INDEX, page_size=10, max_retries=2)
    first = next(pages)
    fake.inject(Fault.server_error(502, times=2))

    rest = list(pages)

    assert len(first.backups) + sum(len(p.backups) for p in rest) == 25
    assert len(fake.requests) == 5  # page 1, page 2 three times, page 3


def test_per_call_timeout_overrides_the_client_timeout(
    fake: FakePinecone, make_client: MakeClient, backup_id: str
) -> None:
    client = make_client(timeout=30.0, max_retries=0)
    fake.inject(Fault.slow(SLOW))

    with pytest.raises(APITimeoutError):
        client.describe_backup(backup_id, timeout=SHORT_TIMEOUT)

    assert client.describe_backup(backup_id).backup_id == backup_id  # the override did not stick
    assert len(fake.requests) == 2


LISTINGS = ["list_backups", "iter_backup_pages", "iter_backups"]


def _list_all(client: Client, listing: str, **kwargs: Any) -> int:
    """Run one listing method to its end, in pages of 100; the backups received."""
    if listing == "list_backups":
        return len(client.list_backups(INDEX, limit=100, **kwargs).backups)
    if listing == "iter_backup_pages":
        pages = client.iter_backup_pages(INDEX, page_size=100, **kwargs)
        return sum(len(page.backups) for page in pages)
    return len(list(client.iter_backups(INDEX, page_size=100, **kwargs)))


@pytest.mark.parametrize("listing", LISTINGS)
def test_every_listing_call_takes_its_own_timeout(
    fake: FakePinecone, make_client: MakeClient, backup_id: str, listing: str
) -> None:
    client = make_client(timeout=30.0, max_retries=0)
    fake.inject(Fault.slow(SLOW))

    with pytest.raises(APITimeoutError) as caught:
        _list_all(client, listing, timeout=SHORT_TIMEOUT)

    assert str(caught.value) == "GET /indexes/prod-index/backups timed out: timed out"
    assert len(fake.requests) == 1


@pytest.mark.parametrize("listing", LISTINGS)
def test_every_listing_call_takes_its_own_total_timeout(
    fake: FakePinecone, make_client: MakeClient, backup_id: str, listing: str
) -> None:
    # A 30 s Retry-After fits in neither budget: the error names the one that applied.
    client = make_client(total_timeout=25.0, max_retries=1, backoff=Backoff(max_retry_after=60.0))
    fake.inject(Fault.rate_limited(retry_after="30"))

    with pytest.raises(RateLimitError) as caught:
        _list_all(client, listing, total_timeout=2.0)

    assert re.fullmatch(
        r"HTTP 429 RESOURCE_EXHAUSTED: 429 Too Many Requests \(injected fault\) "
        r"\[request id [0-9a-f-]+\]; not retried: the Retry-After wait of 30 s does not fit in "
        r"the [0-9.]+ s left of the call's total_timeout of 2 s",
        str(caught.value),
    ), str(caught.value)
    assert len(fake.requests) == 1


@pytest.mark.parametrize("listing", LISTINGS)
def test_every_listing_call_takes_its_own_max_retries(
    fake: FakePinecone, make_client: MakeClient, backup_id: str, listing: str
) -> None:
    client = make_client(max_retries=0)
    fake.inject(Fault.server_error(503, times=2))

    assert _list_all(client, listing, max_retries=2) == 25

    assert len(fake.requests) == 3  # the one page: twice a 503, then the 25 backups


# --- Retry-After -----------------------------------------------------------------------


def test_retry_after_in_seconds_is_the_logged_delay(
    fake: FakePinecone,
    make_client: MakeClient,
    backup_id: str,
    retries_logged: Retries,
    no_wait_backoff: Backoff,
) -> None:
    # The backoff's own delays are 0 s: a logged 1.00 s can only be the header.
    fake.inject(Fault.rate_limited(retry_after="1"))
    client = make_client(backoff=no_wait_backoff, max_retries=1)

    client.list_backups(INDEX)

    [retry] = retries_logged()
    assert retry.delay == pytest.approx(1.0)
    assert retry.from_retry_after
    assert len(fake.requests) == 2


def test_retry_after_zero_on_503_is_honoured_instead_of_the_backoff(
    fake: FakePinecone, make_client: MakeClient, backup_id: str, retries_logged: Retries
) -> None:
    fake.inject(Fault(status=503, retry_after="0"))
    client = make_client(backoff=Backoff(initial=30.0, maximum=30.0), max_retries=1)

    client.describe_backup(backup_id)  # would wait up to 30 s if the header were ignored

    [retry] = retries_logged()
    assert retry.delay == 0.0
    assert retry.from_retry_after


def test_retry_after_in_seconds_is_capped_by_max_retry_after(
    fake: FakePinecone, make_client: MakeClient, backup_id: str, retries_logged: Retries
) -> None:
    fake.inject(Fault.rate_limited(retry_after="86400"))
    client = make_client(backoff=Backoff(initial=0.0, maximum=0.0, max_retry_after=0.03))

    client.list_backups(INDEX)

    [retry] = retries_logged()
    assert retry.delay == pytest.approx(0.03)
    assert retry.from_retry_after


def test_retry_after_as_http_date_is_read_as_seconds_from_now(
    fake: FakePinecone, make_client: MakeClient, backup_id: str
) -> None:
    fake.inject(Fault.rate_limited(retry_after=formatdate(time.time() + 3600, usegmt=True)))
    client = make_client(max_retries=0)

    with pytest.raises(RateLimitError) as caught:
        client.list_backups(INDEX)

    assert caught.value.retry_after is not None
    assert 3500 < caught.value.retry_after <= 3600


def test_retry_after_as_http_date_is_honoured_and_capped(
    fake: FakePinecone, make_client: MakeClient, backup_id: str, retries_logged: Retries
) -> None:
    fake.inject(Fault.rate_limited(retry_after=formatdate(time.time() + 3600, usegmt=True)))
    client = make_client(backoff=Backoff(initial=0.0, maximum=0.0, max_retry_after=0.02))

    client.describe_backup(backup_id)

    [retry] = retries_logged()
    assert retry.delay == pytest.approx(0.02)
    assert retry.from_retry_after


def test_retry_after_as_past_http_date_means_retry_now(
    fake: FakePinecone, make_client: MakeClient, backup_id: str, retries_logged: Retries
) -> None:
    fake.inject(Fault(status=503, retry_after="Wed, 21 Oct 2015 07:28:00 GMT"))
    client = make_client(backoff=Backoff(initial=30.0, maximum=30.0), max_retries=1)

    client.list_backups(INDEX)

    [retry] = retries_logged()
    assert retry.delay == 0.0
    assert retry.from_retry_after


@pytest.mark.parametrize("header", ["soon", "", "-5", "NaN", "inf", "-inf"])
def test_unreadable_retry_after_falls_back_to_the_backoff(
    fake: FakePinecone,
    make_client: MakeClient,
    backup_id: str,
    retries_logged: Retries,
    header: str,
) -> None:
    fake.inject(Fault.rate_limited(retry_after=header))
    client = make_client(backoff=Backoff(initial=0.004, maximum=0.004, max_retry_after=60.0))

    client.list_backups(INDEX)

    [retry] = retries_logged()
    if header == "-5":  # a negative delta is read as "now"
        assert retry.from_retry_after
        assert retry.delay == 0.0
    else:
        assert not retry.from_retry_after
        assert 0.0 <= retry.delay <= 0.004


def test_backoff_delays_stay_within_the_exponential_bound(
    fake: FakePinecone, make_client: MakeClient, backup_id: str, retries_logged: Retries
) -> None:
    fake.inject(Fault.server_error(500, times=4))
    client = make_client(backoff=Backoff(initial=0.002, maximum=0.005), max_retries=4)

    client.describe_backup(backup_id)

    logged = retries_logged()
    assert [r.number for r in logged] == [1, 2, 3, 4]
    assert all(r.of == 4 for r in logged)
    bounds = [0.002, 0.004, 0.005, 0.005]  # initial * 2**(n-1), capped at maximum
    for retry, bound in zip(logged, bounds, strict=True):
        assert 0.0 <= retry.delay <= bound + 0.005  # the log rounds to 0.01 s
        assert not retry.from_retry_after


# --- exhausted retries -------------------------------------------------------------------


def test_exhausted_rate_limit_raises_rate_limit_error_with_retry_after_and_attempts(
    fake: FakePinecone, make_client: MakeClient, backup_id: str
) -> None:
    fake.inject(Fault.rate_limited(retry_after="0", times=3))

    with pytest.raises(RateLimitError) as caught:
        make_client(max_retries=2).list_backups(INDEX)

    error = caught.value
    assert error.attempts == 3
    assert "after 3 attempts" in str(error)
    assert error.retry_after == 0.0
    assert error.status_code == 429
    assert error.code == "RESOURCE_EXHAUSTED"
    assert len(fake.requests) == 3


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_exhausted_server_errors_raise_server_error_with_attempts(
    fake: FakePinecone, make_client: MakeClient, backup_id: str, status: int
) -> None:
    fake.inject(Fault.server_error(status, times=4))

    with pytest.raises(ServerError) as caught:
        make_client(max_retries=3).describe_backup(backup_id)

    assert caught.value.status_code == status
    assert caught.value.attempts == 4
    assert "after 4 attempts" in str(caught.value)
    assert len(fake.requests) == 4


def test_exhausted_html_proxy_errors_raise_server_error_of_the_last_attempt(
    fake: FakePinecone, make_client: MakeClient, backup_id: str
) -> None:
    fake.inject(Fault.server_error(503))
    fake.inject(Fault.html(502))

    with pytest.raises(ServerError) as caught:
        make_client(max_retries=1).list_backups(INDEX)

    assert caught.value.status_code == 502  # the last attempt's, not the first's
    assert caught.value.code is None
    assert "502 Bad Gateway" in caught.value.message
    assert caught.value.attempts == 2


def test_exhausted_408_raises_a_status_error_with_attempts(
    fake: FakePinecone, make_client: MakeClient, backup_id: str
) -> None:
    fake.inject(Fault(status=408, times=2))

    with pytest.raises(APIStatusError) as caught:
        make_client(max_retries=1).list_backups(INDEX)

    assert caught.value.status_code == 408
    assert caught.value.attempts == 2
    assert "after 2 attempts" in str(caught.value)


def test_exhausted_timeouts_raise_api_timeout_error_with_attempts(
    fake: FakePinecone, make_client: MakeClient, backup_id: str
) -> None:
    fake.inject(Fault.slow(SLOW, times=2))

    with pytest.raises(APITimeoutError) as caught:
        make_client(max_retries=1, timeout=SHORT_TIMEOUT).list_backups(INDEX)

    assert caught.value.attempts == 2
    assert "after 2 attempts" in str(caught.value)
    assert len(fake.requests) == 2


def test_exhausted_dropped_connections_raise_api_connection_error_with_attempts(
    fake: FakePinecone, make_client: MakeClient, backup_id: str
) -> None:
    fake.inject(Fault.dropped(times=3))

    with pytest.raises(APIConnectionError) as caught:
        make_client(max_retries=2).describe_backup(backup_id)

    assert type(caught.value) is APIConnectionError
    assert caught.value.attempts == 3
    assert "after 3 attempts" in str(caught.value)
    assert len(fake.requests) == 3


def test_last_attempt_decides_the_error_type(
    fake: FakePinecone, make_client: MakeClient, backup_id: str
) -> None:
    fake.inject(Fault.server_error(503))
    fake.inject(Fault.dropped())
    fake.inject(Fault.rate_limited(retry_after="0"))

    with pytest.raises(RateLimitError) as caught:
        make_client(max_retries=2).list_backups(INDEX)

    assert caught.value.attempts == 3


def test_refused_connection_raises_api_connection_error_after_retries() -> None:
    with FakePinecone() as gone:
        url, key = gone.base_url, gone.api_key
    client = Client(api_key=key, base_url=url, backoff=FAST_BACKOFF, max_retries=1)
    with client, pytest.raises(APIConnectionError) as caught:
        client.list_backups(INDEX)
    assert caught.value.attempts == 2


# --- walks ------------------------------------------------------------------------------


def test_walk_retries_only_the_failed_page(
    fake: FakePinecone, make_client: MakeClient, backup_id: str
) -> None:
    client = make_client(max_retries=2)
    pages = client.iter_backup_pages(INDEX, page_size=10)
    first = next(pages)
    fake.inject(Fault.server_error(503, times=2))

    rest = list(pages)

    ids = [b.backup_id for p in [first, *rest] for b in p.backups]
    assert ids == [b["backup_id"] for b in fake.backups(INDEX)]  # type: ignore[index]
    requests = fake.requests
    assert len(requests) == 5
    # Page 1 (the only request without a token) was fetched once; page 2 three times.
    assert [r.query for r in requests].count({"limit": ["10"]}) == 1
    assert "paginationToken" not in requests[0].query
    assert requests[1].query == requests[2].query == requests[3].query
    assert requests[4].query["paginationToken"] != requests[1].query["paginationToken"]


def test_walk_that_exhausts_retries_yields_the_pages_before_the_error(
    fake: FakePinecone, make_client: MakeClient, backup_id: str
) -> None:
    client = make_client(max_retries=1)
    received = []

    def consume() -> None:
        for backup in client.iter_backups(INDEX, page_size=10):
            received.append(backup)
            if len(received) == 10:
                fake.inject(Fault.server_error(500, times=2))

    with pytest.raises(ServerError) as caught:
        consume()

    assert len(received) == 10
    assert caught.value.attempts == 2
    assert len(fake.requests) == 3


# --- logging -----------------------------------------------------------------------------


def test_each_retry_is_logged_with_target_reason_count_and_delay(
    fake: FakePinecone, make_client: MakeClient, backup_id: str, retries_logged: Retries
) -> None:
    fake.inject(Fault.server_error(502))
    fake.inject(Fault.dropped())
    fake.inject(Fault.rate_limited(retry_after="0"))

    make_client(max_retries=3).describe_backup(backup_id)

    logged = retries_logged()
    assert [(r.number, r.of) for r in logged] == [(1, 3), (2, 3), (3, 3)]
    assert all(f"GET /backups/{backup_id}" in r.message for r in logged)
    assert "HTTP 502" in logged[0].message
    assert "RemoteProtocolError" in logged[1].message
    assert "HTTP 429" in logged[2].message
    assert [r.from_retry_after for r in logged] == [False, False, True]


def test_a_call_without_retries_logs_no_warning(
    fake: FakePinecone,
    make_client: MakeClient,
    backup_id: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level("DEBUG", logger="pinecone_backups")
    make_client().list_backups(INDEX)
    assert [r for r in caplog.records if r.levelname == "WARNING"] == []


# --- the async client shares the flow -----------------------------------------------------


def test_async_client_retries_and_raises_the_same_typed_errors(
    fake: FakePinecone, backup_id: str, retries_logged: Retries
) -> None:
    async def scenario() -> tuple[Any, BaseException | None]:
        async with AsyncClient(
            api_key=fake.api_key, base_url=fake.base_url, backoff=FAST_BACKOFF, max_retries=2
        ) as client:
            fake.inject(Fault.rate_limited(retry_after="0", times=2))
            page = await client.list_backups(INDEX, limit=10)
            fake.inject(Fault.server_error(503, times=3))
            try:
                await client.describe_backup(backup_id)
            except ServerError as exc:
                return page, exc
            return page, None

    page, error = asyncio.run(scenario())

    assert len(page.backups) == 10
    assert isinstance(error, ServerError)
    assert error.attempts == 3
    assert len(fake.requests) == 6
    assert len(retries_logged()) == 4


def test_async_walk_retries_only_the_failed_page(fake: FakePinecone, backup_id: str) -> None:
    async def scenario() -> list[str]:
        async with AsyncClient(
            api_key=fake.api_key, base_url=fake.base_url, backoff=FAST_BACKOFF
        ) as client:
            ids = []
            async for backup in client.iter_backups(INDEX, page_size=10):
                ids.append(backup.backup_id)
                if len(ids) == 10:
                    fake.inject(Fault.dropped(times=2))
            return ids

    ids = asyncio.run(scenario())

    assert len(ids) == len(set(ids)) == 25
    assert len(fake.requests) == 5


def test_user_http_client_timeout_errors_are_typed(fake: FakePinecone, backup_id: str) -> None:
    fake.inject(Fault.slow(SLOW))
    with httpx.Client(timeout=SHORT_TIMEOUT) as http:
        client = Client(
            api_key=fake.api_key,
            base_url=fake.base_url,
            http_client=http,
            max_retries=0,
            timeout=SHORT_TIMEOUT,
        )
        with pytest.raises(APITimeoutError):
            client.describe_backup(backup_id)
