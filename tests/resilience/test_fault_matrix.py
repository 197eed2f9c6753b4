"""The fault matrix: every fault x operation x client setting ends typed, and the key stays secret.

Each case runs against one real ``FakePinecone``; its outcome is classified as
a typed result (first try), a result after retries, a typed error (by class
name), or an *untyped* exception (anything that is not a
``PineconeBackupsError``). Every log record of every logger at DEBUG level,
``str``/``repr`` of every exception and of its cause/context chain, and
``repr`` of every client are searched for the API key.

Run ``pytest tests/resilience/test_fault_matrix.py -s`` (or ``-rA``) to see the table.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any

import pytest

from pinecone_backups import AsyncClient, Backup, Client, Page, PineconeBackupsError
from pinecone_backups.testing import OMIT, FakePinecone, Fault
from tests.conftest import FAST_BACKOFF

INDEX = "idx"
BACKUP = "bk-0"
RESULT = "typed result"
RETRIED = "retried to success"
TIMEOUT = 0.5
SLOW = 2.0


@dataclass(frozen=True)
class Case:
    """One row of the matrix."""

    name: str
    operation: str  # list | describe | walk | async-list | async-walk
    expect: str  # RESULT, RETRIED or an error class name
    faults: Callable[[FakePinecone], list[Fault]] = lambda fake: []
    client: dict[str, Any] = field(default_factory=dict)
    target: str = INDEX  # the index name, or the backup id for describe
    token: str | None = None
    repeat_tokens: bool = False


def _echo_key(fake: FakePinecone) -> list[Fault]:
    message = {"status": 401, "error": {"code": "UNAUTHENTICATED", "message": fake.api_key}}
    return [Fault.json(message, status=401)]


def _empty_pages(fake: FakePinecone) -> list[Fault]:
    return [Fault.json({"data": [], "pagination": {"next": f"t{n}"}}) for n in range(20)]


CASES: list[Case] = [
    # healthy
    Case("healthy page", "list", RESULT),
    Case("healthy describe", "describe", RESULT, target=BACKUP),
    Case("healthy walk of 3 pages", "walk", RESULT),
    # retried statuses
    Case("429 Retry-After 0, once", "list", RETRIED, lambda f: [Fault.rate_limited("0")]),
    Case(
        "429 three times",
        "list",
        "RateLimitError",
        lambda f: [Fault.rate_limited("0", times=3)],
        {"max_retries": 2},
    ),
    Case("408 once", "describe", RETRIED, lambda f: [Fault(status=408)], target=BACKUP),
    Case("500 once, mid-walk", "walk", RETRIED, lambda f: [Fault.server_error(500)]),
    Case("502 HTML proxy page once", "list", RETRIED, lambda f: [Fault.html(502)]),
    Case(
        "502 HTML proxy page three times",
        "describe",
        "ServerError",
        lambda f: [Fault.html(502, times=3)],
        target=BACKUP,
    ),
    Case(
        "503 Retry-After past HTTP date",
        "walk",
        RETRIED,
        lambda f: [Fault(status=503, retry_after=formatdate(time.time() - 60, usegmt=True))],
    ),
    Case("504 three times", "list", "ServerError", lambda f: [Fault.server_error(504, times=3)]),
    Case(
        "500 JSON array body, no retries",
        "list",
        "ServerError",
        lambda f: [Fault.json([1, 2], status=500)],
        {"max_retries": 0},
    ),
    Case(
        "503 100 KB HTML, no retries",
        "describe",
        "ServerError",
        lambda f: [Fault(status=503, body=b"<p>" + b"x" * 100_000, content_type="text/html")],
        {"max_retries": 0},
        target=BACKUP,
    ),
    # transport
    Case(
        "dropped connection once", "describe", RETRIED, lambda f: [Fault.dropped()], target=BACKUP
    ),
    Case(
        "dropped connection three times",
        "list",
        "APIConnectionError",
        lambda f: [Fault.dropped(times=3)],
    ),
    Case(
        "slow answer once (timeout)",
        "list",
        RETRIED,
        lambda f: [Fault.slow(SLOW)],
        {"timeout": TIMEOUT},
    ),
    Case(
        "slow answer, no retries",
        "describe",
        "APITimeoutError",
        lambda f: [Fault.slow(SLOW)],
        {"timeout": TIMEOUT, "max_retries": 0},
        target=BACKUP,
    ),
    Case("truncated JSON once", "walk", RETRIED, lambda f: [Fault.truncated_json()]),
    Case(
        "truncated JSON three times",
        "list",
        "APIConnectionError",
        lambda f: [Fault.truncated_json(times=3)],
    ),
    Case(
        "body that cannot be decoded (bad gzip)",
        "list",
        "APIConnectionError",
        lambda f: [Fault(body=b"plain", headers={"Content-Encoding": "gzip"}, times=3)],
    ),
    Case(
        "connection refused",
        "list",
        "APIConnectionError",
        client={"base_url": "closed", "max_retries": 1},
    ),
    # bodies that cannot be typed
    Case("HTML page with 200", "list", "MalformedResponseError", lambda f: [Fault.html(200)]),
    Case(
        "empty 200 body",
        "describe",
        "MalformedResponseError",
        lambda f: [Fault.empty()],
        target=BACKUP,
    ),
    Case(
        "200 whose data is a string",
        "list",
        "MalformedResponseError",
        lambda f: [Fault.json({"data": "nope", "pagination": None})],
    ),
    Case(
        "200 body is a JSON array",
        "describe",
        "MalformedResponseError",
        lambda f: [Fault.json([{"backup_id": "x"}])],
        target=BACKUP,
    ),
    Case(
        "200 nested 100,000 deep",
        "list",
        "MalformedResponseError",
        lambda f: [Fault(body=b"[" * 100_000)],
    ),
    Case(
        "backup missing a required field",
        "list",
        "MalformedResponseError",
        target="missing-field",
    ),
    Case(
        "pagination.next not a string",
        "walk",
        "MalformedResponseError",
        lambda f: [Fault.json({"data": [], "pagination": {"next": 5}})],
    ),
    # one odd backup
    Case("optional field of the wrong type (lenient)", "list", RESULT, target="wrong-type"),
    Case(
        "optional field of the wrong type (strict)",
        "list",
        "MalformedResponseError",
        client={"strict": True},
        target="wrong-type",
    ),
    Case("created_at in an unknown format (lenient)", "walk", RESULT, target="odd-date"),
    Case(
        "unknown status/metric and extra fields (strict)",
        "list",
        RESULT,
        client={"strict": True},
        target="open-sets",
    ),
    # error statuses
    Case("401 JSON (wrong key)", "list", "AuthenticationError", client={"api_key": "wrong-key"}),
    Case(
        "401 text/plain",
        "describe",
        "AuthenticationError",
        lambda f: [Fault.plain_text_401()],
        target=BACKUP,
    ),
    Case("403", "list", "PermissionDeniedError", lambda f: [Fault(status=403)]),
    Case("404 unknown index", "walk", "NotFoundError", target="no-such-index"),
    Case("404 unknown backup", "describe", "NotFoundError", target="no-such-backup"),
    Case("400 invalid token", "list", "BadRequestError", token="garbage"),
    Case("418 undocumented status", "list", "UnexpectedStatusError", lambda f: [Fault(status=418)]),
    Case(
        "302 redirect to another host",
        "describe",
        "UnexpectedStatusError",
        lambda f: [Fault.redirect("http://127.0.0.1:9/backups/bk-0")],
        target=BACKUP,
    ),
    # pagination guard
    Case("server repeats its token", "walk", "PaginationError", repeat_tokens=True),
    Case("endless empty pages, new tokens", "walk", "PaginationError", _empty_pages),
    # the key echoed back by the server
    Case("key echoed in a 401 message", "list", "AuthenticationError", _echo_key),
    Case(
        "key echoed in a 200 HTML body",
        "list",
        "MalformedResponseError",
        lambda f: [Fault(body=f"<html>{f.api_key}</html>".encode())],
    ),
    Case(
        "key echoed in a backup field (strict)",
        "list",
        "MalformedResponseError",
        client={"strict": True},
        target="echo-field",
    ),
    Case("key echoed in a backup field (lenient)", "list", RESULT, target="echo-field"),
    # the async client
    Case("async: 503 once", "async-list", RETRIED, lambda f: [Fault.server_error(503)]),
    Case("async: dropped once, mid-walk", "async-walk", RETRIED, lambda f: [Fault.dropped()]),
    Case(
        "async: 429 three times",
        "async-list",
        "RateLimitError",
        lambda f: [Fault.rate_limited("0", times=3)],
    ),
    Case("async: server repeats its token", "async-walk", "PaginationError", repeat_tokens=True),
]


def _seed(fake: FakePinecone) -> None:
    fake.seed(INDEX, 25)
    fake.add_backup(INDEX, backup_id=BACKUP)
    fake.add_backup("missing-field", status=OMIT)
    fake.add_backup("wrong-type", dimension="1024", tags=["a"])
    fake.add_backup("odd-date", created_at="sometime last week")
    fake.add_backup("open-sets", status="Archiving", metric="hamming", future={"x": 1})
    fake.add_backup("echo-field", description=[fake.api_key], dimension=fake.api_key)


def _touch(backup: Backup) -> str:
    """Read every attribute, as a user printing a backup would; returns its repr.

    The attribute values and ``to_dict()`` are the server's data (an echoed key
    there is the server's doing); what the SDK itself writes is its repr.
    """
    names = [
        "backup_id",
        "source_index_name",
        "source_index_id",
        "status",
        "cloud",
        "region",
        "name",
        "description",
        "dimension",
        "metric",
        "schema",
        "record_count",
        "namespace_count",
        "size_bytes",
        "tags",
        "created_at",
        "created_at_raw",
        "additional_properties",
        "invalid_fields",
    ]
    for name in names:
        getattr(backup, name)
    backup.to_dict()
    return repr(backup)


def _run_sync(client: Client, case: Case) -> list[Backup]:
    if case.operation == "list":
        page: Page = client.list_backups(case.target, limit=10, pagination_token=case.token)
        return list(page.backups)
    if case.operation == "describe":
        return [client.describe_backup(case.target)]
    return list(client.iter_backups(case.target, page_size=10))


async def _run_async(options: dict[str, Any], case: Case) -> tuple[list[Backup], str]:
    async with AsyncClient(**options) as client:
        if case.operation == "async-list":
            page = await client.list_backups(case.target, limit=10)
            return list(page.backups), repr(client)
        backups = [b async for b in client.iter_backups(case.target, page_size=10)]
        return backups, repr(client)


@dataclass
class Row:
    case: Case
    outcome: str
    requests: int
    retries: int


@pytest.fixture
def refused_url() -> str:
    with FakePinecone() as gone:
        url = gone.base_url
    return url


def _classify(result: str | None, error: BaseException | None, retries: int) -> str:
    if error is None:
        return RETRIED if retries else RESULT
    if isinstance(error, PineconeBackupsError):
        return type(error).__name__
    return f"untyped {type(error).__name__}"


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    link: BaseException | None = error
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        yield link
        link = link.__cause__ or link.__context__


def _table(rows: list[Row], leaks: list[str]) -> str:
    width = max(len(row.case.name) for row in rows) + 2
    lines = [
        "",
        "FAULT MATRIX",
        f"{'case':<{width}}{'operation':<12}{'requests':>8}  outcome",
        "-" * (width + 45),
    ]
    for row in rows:
        lines.append(
            f"{row.case.name:<{width}}{row.case.operation:<12}{row.requests:>8}  {row.outcome}"
        )
    counts = Counter(row.outcome for row in rows)
    untyped = sum(n for outcome, n in counts.items() if outcome.startswith("untyped"))
    errors = sorted(
        (outcome, n)
        for outcome, n in counts.items()
        if outcome not in (RESULT, RETRIED) and not outcome.startswith("untyped")
    )
    lines += [
        "",
        "SUMMARY",
        f"  cases run                 {len(rows):>4}",
        f"  typed result, first try   {counts[RESULT]:>4}",
        f"  retried to success        {counts[RETRIED]:>4}",
        "  typed errors:",
        *(f"    {outcome:<24}{n:>4}" for outcome, n in errors),
        f"  untyped exceptions        {untyped:>4}",
        f"  key leaks                 {len(leaks):>4}",
        *(f"    leak: {leak}" for leak in leaks),
        "",
    ]
    return "\n".join(lines)


def test_fault_matrix_ends_typed_and_never_leaks_the_key(
    fake: FakePinecone, refused_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # the root logger: every library, every level
    _seed(fake)
    key = fake.api_key
    rows: list[Row] = []
    mismatches: list[str] = []
    texts: list[tuple[str, str]] = []  # (where, text) to search for the key

    for case in CASES:
        fake.clear_faults()
        fake.repeat_tokens = case.repeat_tokens
        for fault in case.faults(fake):
            fake.inject(fault)
        options: dict[str, Any] = {
            "api_key": key,
            "base_url": fake.base_url,
            "backoff": FAST_BACKOFF,
            "timeout": 5.0,
            **case.client,
        }
        if options["base_url"] == "closed":
            options["base_url"] = refused_url
        sent_before, logged_before = len(fake.requests), len(caplog.records)
        error: BaseException | None = None
        shown: str | None = None
        try:
            if case.operation.startswith("async"):
                backups, client_repr = asyncio.run(_run_async(options, case))
            else:
                with Client(**options) as client:
                    client_repr = repr(client)
                    backups = _run_sync(client, case)
            shown = client_repr + "".join(_touch(b) for b in backups)
        except Exception as exc:
            error = exc
        new_records = caplog.records[logged_before:]
        retries = sum(
            1 for r in new_records if r.name == "pinecone_backups" and "; retry " in r.getMessage()
        )
        outcome = _classify(shown, error, retries)
        rows.append(Row(case, outcome, len(fake.requests) - sent_before, retries))
        if outcome != case.expect:
            mismatches.append(f"{case.name}: expected {case.expect}, got {outcome} ({error!r})")
        if shown is not None:
            texts.append((f"{case.name}: client and backup reprs", shown))
        if error is not None:
            for link in _chain(error):
                texts.append((f"{case.name}: {type(link).__name__}", str(link) + repr(link)))
        texts.extend(
            (f"{case.name}: log {r.name} {r.levelname}", r.getMessage()) for r in new_records
        )

    texts.append(("all logs, formatted", caplog.text))
    leaks = sorted({where for where, text in texts if key in text or "wrong-key" in text})
    table = _table(rows, leaks)
    print(table)

    untyped = [row.case.name for row in rows if row.outcome.startswith("untyped")]
    assert len(rows) >= 25
    # All three at once, so one failure does not hide another.
    assert (untyped, leaks, mismatches) == ([], [], []), table + "\n".join(mismatches)
