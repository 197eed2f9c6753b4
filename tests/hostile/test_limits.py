"""Memory stays bounded: compression bombs, endless bodies, huge error bodies, long walks.

The client runs in a child process, which reports its own peak memory
(``resource.getrusage``, ``ru_maxrss`` in KiB on Linux) after a warm-up and at
the end: what the test bounds is the growth, against what the unbounded code
would have needed (the whole inflated body, every token kept).
"""

from __future__ import annotations

import asyncio
import json
import time

from pinecone_backups import AsyncClient, PineconeBackupsError
from tests.hostile._servers import (
    Conn,
    RawServer,
    backup,
    gzip_bomb,
    response,
    target_of,
)
from tests.hostile.conftest import run_child

MiB = 1024 * 1024

CHILD_PRELUDE = """
import json, resource, sys, time
from pinecone_backups import Client, PineconeBackupsError

def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def report(**values):
    print(json.dumps(values))
"""


def describe_in_child(base_url: str, max_response_size: int, warm_url: str) -> dict[str, object]:
    """Describe once against ``warm_url`` (warm-up), then against ``base_url``; report."""
    return run_child(
        CHILD_PRELUDE
        + f"""
with Client(api_key="k" * 20, base_url={warm_url!r}, max_retries=0) as warm:
    warm.describe_backup("bk-1")
before = peak_mib()
client = Client(api_key="k" * 20, base_url={base_url!r}, max_retries=0,
                max_response_size={max_response_size}, timeout=10)
started = time.monotonic()
try:
    client.describe_backup("bk-1")
    error, message, body = None, "", 0
except PineconeBackupsError as exc:
    error, message, body = type(exc).__name__, str(exc), len(getattr(exc, "body", b""))
report(error=error, message=message, body=body, seconds=time.monotonic() - started,
       growth_mib=peak_mib() - before)
"""
    )


def ok(conn: Conn, head: bytes, number: int) -> bool:
    conn.send(response(200, json.dumps(backup("bk-1")).encode()))
    return True


def test_a_compression_bomb_stops_at_the_limit_with_bounded_memory() -> None:
    inflated = 256 * MiB
    bomb = gzip_bomb(inflated)  # about 250 KB on the wire

    def serve_bomb(conn: Conn, head: bytes, number: int) -> bool:
        conn.send(response(200, bomb, headers={"Content-Encoding": "gzip"}))
        return False

    with RawServer(ok) as warm, RawServer(serve_bomb) as server:
        outcome = describe_in_child(server.base_url, 1 * MiB, warm.base_url)
    assert outcome["error"] == "ResponseTooLargeError", outcome
    assert "max_response_size" in str(outcome["message"])
    assert outcome["body"] == 1 * MiB
    # One network read (16 KiB) inflates to ~16 MiB before it is cut; the whole
    # bomb would be 256 MiB (and twice that while joined).
    assert float(outcome["growth_mib"]) < 80, outcome  # type: ignore[arg-type]
    assert float(outcome["seconds"]) < 10, outcome  # type: ignore[arg-type]


def test_an_endless_chunked_body_stops_at_the_limit() -> None:
    chunk = b"%x\r\n%s\r\n" % (64 * 1024, b"x" * 64 * 1024)

    def endless(conn: Conn, head: bytes, number: int) -> bool:
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
        conn.send(b"Transfer-Encoding: chunked\r\n\r\n")
        ends = time.monotonic() + 15
        while time.monotonic() < ends and conn.send(chunk):
            pass
        return False

    with RawServer(ok) as warm, RawServer(endless) as server:
        outcome = describe_in_child(server.base_url, 4 * MiB, warm.base_url)
    assert outcome["error"] == "ResponseTooLargeError", outcome
    assert float(outcome["growth_mib"]) < 40, outcome  # type: ignore[arg-type]
    assert float(outcome["seconds"]) < 10, outcome  # type: ignore[arg-type]


def test_the_async_client_stops_an_endless_body_at_the_limit_too() -> None:
    # In-process (no memory measure): the body arrives at about 3 MiB/s, for
    # longer than the attempt's 5 s. Read as it streams in, it is cut at the
    # limit; buffered whole first, it would run into the deadline instead.
    chunk = b"%x\r\n%s\r\n" % (64 * 1024, b"x" * 64 * 1024)

    def endless(conn: Conn, head: bytes, number: int) -> bool:
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
        conn.send(b"Transfer-Encoding: chunked\r\n\r\n")
        ends = time.monotonic() + 10
        while time.monotonic() < ends and conn.send(chunk):
            time.sleep(0.02)
        return False

    async def describe(base_url: str) -> object:
        async with AsyncClient(
            api_key="k" * 20,
            base_url=base_url,
            max_retries=0,
            timeout=5.0,
            max_response_size=256 * 1024,
        ) as client:
            try:
                return await client.describe_backup("bk-1")
            except PineconeBackupsError as exc:
                return exc

    with RawServer(endless) as server:
        error = asyncio.run(describe(server.base_url))
    assert str(error) == (
        "HTTP 200 describe_backup: the body is larger than max_response_size (262144 bytes, "
        "counted after decompression); reading stopped there"
    )


def test_an_oversize_error_body_is_read_only_as_far_as_the_error_needs() -> None:
    block = b"<html>" + b"oops " * 13106 + b"</html>\n"  # 64 KiB of a proxy's error page

    def huge_error(conn: Conn, head: bytes, number: int) -> bool:
        conn.send(response(500, b"", reason="Internal Server Error", content_length=300 * MiB))
        ends = time.monotonic() + 15
        sent = 0
        while time.monotonic() < ends and sent < 300 * MiB and conn.send(block):
            sent += len(block)
        return False

    with RawServer(ok) as warm, RawServer(huge_error) as server:
        outcome = describe_in_child(server.base_url, 16 * MiB, warm.base_url)
    assert outcome["error"] == "ServerError", outcome
    assert len(str(outcome["message"])) < 300
    assert outcome["body"] == 1 * MiB  # MAX_ERROR_BODY, not 300 MB
    assert float(outcome["growth_mib"]) < 30, outcome  # type: ignore[arg-type]
    assert float(outcome["seconds"]) < 10, outcome  # type: ignore[arg-type]


def test_a_walk_over_many_large_tokens_keeps_its_memory() -> None:
    """600 pages, each with a distinct 60 KiB token: the walk keeps digests, not tokens."""
    pages = 600
    token_size = 60 * 1024

    def token(number: int) -> str:
        return f"{number:06d}" + "t" * (token_size - 6)

    def walk(conn: Conn, head: bytes, number: int) -> bool:
        target = target_of(head)
        page = 0 if "paginationToken=" not in target else int(target.split("=")[-1][:6])
        listing = {
            "data": [backup(f"bk-{page}")],
            "pagination": {"next": token(page + 1)} if page + 1 < pages else None,
        }
        conn.send(response(200, json.dumps(listing).encode()))
        return True

    with RawServer(walk) as server:
        outcome = run_child(
            CHILD_PRELUDE
            + f"""
client = Client(api_key="k" * 20, base_url={server.base_url!r}, max_retries=0)
count = 0
before = None
started = time.monotonic()
for page in client.iter_backup_pages("docs-example"):
    count += 1
    if count == 200:  # past the warm-up: allocator arenas, caches
        before = peak_mib()
report(pages=count, growth_mib=peak_mib() - before, seconds=time.monotonic() - started)
"""
        )
    assert outcome["pages"] == pages
    # Kept whole, the last 400 tokens alone would be 23 MiB, twice that in the
    # set and the URLs; as digests they are 13 KB.
    assert float(outcome["growth_mib"]) < 8, outcome  # type: ignore[arg-type]
    assert len(server.requests) == pages
