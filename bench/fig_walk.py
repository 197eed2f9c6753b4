"""Figures 1 and 6: requests and wall time of a walk; connections opened by a walk.

Both run against an in-process ``FakePinecone`` (its request log and
connection count are what is measured; the latency is slept in the server's
thread, not spent as CPU).
"""

from __future__ import annotations

import time

import httpx
from _common import Result, check, ratio

WALK_BACKUPS = 2_000
WALK_LATENCY = 0.05
OFFICIAL_DEFAULT_PAGE_SIZE = 10
"""The official SDK's default page size for list_backups (and the API's own default)."""

CONNECTION_PAGES = 10


def _walk(client: object, index: str, **kwargs: int) -> tuple[int, set[str]]:
    count, ids = 0, set()
    for backup in client.iter_backups(index, **kwargs):  # type: ignore[attr-defined]
        ids.add(backup.backup_id)
        backup.created_at  # noqa: B018 - the consumer reads it
        count += 1
    return count, ids


def bench_walk() -> Result:
    """1. A default ``iter_backups`` walk of 2,000 backups at 50 ms per request."""
    from pinecone_backups import Client
    from pinecone_backups.testing import FakePinecone

    index = "bench-walk"
    runs: dict[str, tuple[int, float]] = {}
    with FakePinecone(latency=WALK_LATENCY) as fake:
        expected = {b["backup_id"] for b in fake.seed(index, WALK_BACKUPS)}  # type: ignore[misc]
        for label, kwargs in (
            ("ours", {}),
            ("baseline", {"page_size": OFFICIAL_DEFAULT_PAGE_SIZE}),
        ):
            with Client(api_key=fake.api_key, base_url=fake.base_url) as client:
                before = len(fake.requests)
                started = time.perf_counter()
                count, ids = _walk(client, index, **kwargs)
                wall = time.perf_counter() - started
                requests = len(fake.requests) - before
            check(
                count == WALK_BACKUPS and ids == expected,
                f"walk ({label}) gave {count} backups, {len(ids & expected)} of the expected ids",
            )
            runs[label] = (requests, wall)
    (req, wall), (base_req, base_wall) = runs["ours"], runs["baseline"]
    return Result(
        number="1",
        name="walk",
        title=(
            f"Default client.iter_backups walk of {WALK_BACKUPS:,} backups, "
            f"FakePinecone(latency={WALK_LATENCY})"
        ),
        value=f"{req} requests, {wall:.2f} s",
        baseline=f"{base_req} requests, {base_wall:.2f} s",
        ratio=f"requests {ratio(req, base_req):.2f}x, wall {ratio(wall, base_wall):.2f}x",
        target="20 requests",
        met=req <= 20,
        details=[
            "figure: Client().iter_backups(index) with its default page size",
            f"baseline: the official SDK's default page size ({OFFICIAL_DEFAULT_PAGE_SIZE}), "
            f"walked through the same Client with page_size={OFFICIAL_DEFAULT_PAGE_SIZE}",
            "each walk reads backup_id and created_at of every backup; one run each "
            "(the 50 ms per request dominates)",
        ],
    )


def bench_connections() -> Result:
    """6. TCP connections a 10-page walk opens, counted by the fake server."""
    from pinecone_backups import API_VERSION, Client
    from pinecone_backups.testing import FakePinecone

    index = "bench-connections"
    total = CONNECTION_PAGES * 100
    with FakePinecone() as fake:
        fake.seed(index, total)
        before_conn, before_req = fake.connections_opened, len(fake.requests)
        with Client(api_key=fake.api_key, base_url=fake.base_url) as client:
            count, _ = _walk(client, index)
        conns = fake.connections_opened - before_conn
        pages = len(fake.requests) - before_req
        check(count == total, f"the walk gave {count} backups, not {total}")

        # Baseline: the same pages fetched without a connection pool (httpx.get per page).
        headers = {"Api-Key": fake.api_key, "X-Pinecone-Api-Version": API_VERSION}
        url = f"{fake.base_url}/indexes/{index}/backups"
        before_conn = fake.connections_opened
        params: dict[str, str | int] = {"limit": 100}
        raw_pages = raw_count = 0
        while True:
            response = httpx.get(url, params=params, headers=headers)
            response.raise_for_status()
            body = response.json()
            raw_pages += 1
            raw_count += len(body["data"])
            token = (body.get("pagination") or {}).get("next")
            if not token:
                break
            params = {"paginationToken": token}
        base_conns = fake.connections_opened - before_conn
        check(raw_count == total, f"the raw walk gave {raw_count} backups, not {total}")
    return Result(
        number="6",
        name="connections",
        title=f"Connections opened by a {CONNECTION_PAGES}-page walk (fake.connections_opened)",
        value=f"{conns} connection(s) for {pages} requests",
        baseline=f"{base_conns} connections for {raw_pages} requests",
        ratio=f"{ratio(conns, base_conns):.2f}x",
        target="1 connection",
        met=conns == 1,
        details=[
            f"figure: Client().iter_backups over {total:,} backups (default page size)",
            "baseline: the same pages with no connection reuse (httpx.get per page)",
        ],
    )
